//! Manifests get a strong `ETag` (a hash of their bytes) and answer `If-None-Match` with 304,
//! so a watching host pays a few bytes per check. `If-Modified-Since` is not used for them: a
//! deploy within the same second as the last one would look unchanged.

use axum::body::Body;
use axum::extract::Request;
use axum::http::{header, HeaderValue, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use flotilla_contract::abi::MANIFEST_FILE;
use sha2::{Digest, Sha256};

/// Largest manifest body this middleware hashes (the host reads at most 64 KiB).
const MAX_BODY: usize = 1 << 20;

/// Adds the `ETag` to manifest responses (GET and HEAD alike) and answers matching
/// `If-None-Match` (a tag, a list, or `*`) with 304.
pub async fn manifest_etag(mut request: Request, next: Next) -> Response {
    if !super::headers::decoded_path(request.uri()).ends_with(MANIFEST_FILE) {
        return next.run(request).await;
    }
    // HEAD is answered from the GET's headers, so its ETag is the body's, not an empty one's.
    let head = request.method() == Method::HEAD;
    if head {
        *request.method_mut() = Method::GET;
    }
    let if_none_match = request.headers_mut().remove(header::IF_NONE_MATCH);
    request.headers_mut().remove(header::IF_MODIFIED_SINCE);
    let response = next.run(request).await;
    if !response.status().is_success() {
        return without_body_if(head, response);
    }
    let (mut parts, body) = response.into_parts();
    let Ok(bytes) = axum::body::to_bytes(body, MAX_BODY).await else {
        return StatusCode::INTERNAL_SERVER_ERROR.into_response();
    };
    let etag = tag(&bytes);
    parts.headers.insert(
        header::ETAG,
        HeaderValue::from_str(&etag).expect("hex is ASCII"),
    );
    parts.headers.remove(header::LAST_MODIFIED);
    if if_none_match.is_some_and(|v| matches(v.to_str().unwrap_or_default(), &etag)) {
        parts.status = StatusCode::NOT_MODIFIED;
        parts.headers.remove(header::CONTENT_LENGTH);
        return Response::from_parts(parts, Body::empty());
    }
    parts
        .headers
        .insert(header::CONTENT_LENGTH, HeaderValue::from(bytes.len()));
    let body = if head {
        Body::empty()
    } else {
        Body::from(bytes)
    };
    Response::from_parts(parts, body)
}

/// `"<24 hex digits of SHA-256>"`.
pub fn tag(bytes: &[u8]) -> String {
    let digest = Sha256::digest(bytes);
    let hex: String = digest[..12].iter().map(|b| format!("{b:02x}")).collect();
    format!("\"{hex}\"")
}

/// Whether an `If-None-Match` value matches `etag` (weak comparison, as RFC 9110 asks).
pub fn matches(if_none_match: &str, etag: &str) -> bool {
    if_none_match.trim() == "*"
        || if_none_match
            .split(',')
            .any(|t| t.trim().trim_start_matches("W/") == etag)
}

fn without_body_if(head: bool, response: Response) -> Response {
    if !head {
        return response;
    }
    let (parts, _) = response.into_parts();
    Response::from_parts(parts, Body::empty())
}
