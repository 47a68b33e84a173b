//! Response headers every origin sends: cache policy by kind of file, and `Vary` where the
//! body depends on `Accept-Encoding` and `Available-Dictionary` (precompressed code, deltas).

use std::borrow::Cow;

use axum::extract::Request;
use axum::http::{header, HeaderValue};
use axum::middleware::Next;
use axum::response::Response;

/// File kinds served precompressed (`.br`, `.gz` siblings), whose body depends on the
/// request's `Accept-Encoding`.
const PRECOMPRESSED: &[&str] = &[".js", ".wasm", ".css"];

/// The request's path, percent-decoded (the name `ServeDir` looks up).
pub fn decoded_path(uri: &axum::http::Uri) -> Cow<'_, str> {
    percent_encoding::percent_decode_str(uri.path()).decode_utf8_lossy()
}

/// `Vary` of code responses: precompressed variants, and deltas by the client's dictionary.
pub const CODE_VARY: &str = "accept-encoding, available-dictionary";

/// Sets `Cache-Control` (see [`super::cache_control_for`]) and `Vary` ([`CODE_VARY`]).
pub async fn cache_policy(request: Request, next: Next) -> Response {
    let path = decoded_path(request.uri()).into_owned();
    let mut response = next.run(request).await;
    let headers = response.headers_mut();
    if PRECOMPRESSED.iter().any(|ext| path.ends_with(ext)) {
        headers.insert(header::VARY, HeaderValue::from_static(CODE_VARY));
    }
    if response.status().is_success() {
        let value = HeaderValue::from_static(super::cache_control_for(&path));
        response.headers_mut().insert(header::CACHE_CONTROL, value);
    }
    response
}
