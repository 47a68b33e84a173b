//! Refuses request targets a static origin has no business answering, before any file lookup:
//! absolute-form targets (`GET http://evil.example/versions`) and paths with empty segments
//! (`GET //versions`), whose directory redirects would otherwise point at another host, and
//! dot-files or dot-folders (`versions/.<id>.partial/`, a publish still being copied).

use axum::extract::Request;
use axum::http::StatusCode;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

/// Answers 400 to a target that is not a plain origin-form path.
pub async fn request_target(request: Request, next: Next) -> Response {
    if let Some(why) = refusal(request.uri()) {
        return (StatusCode::BAD_REQUEST, why).into_response();
    }
    next.run(request).await
}

/// Why `uri` is refused, if it is.
pub fn refusal(uri: &axum::http::Uri) -> Option<&'static str> {
    if uri.scheme().is_some() || uri.authority().is_some() {
        return Some("absolute-form request targets are not served here\n");
    }
    let path = super::headers::decoded_path(uri);
    if !path.starts_with('/') || path.contains("//") || path.contains('\\') || path.contains('\0') {
        return Some("malformed path\n");
    }
    // Dot-files and dot-folders (a publish in progress: `versions/.<id>.partial/`) are never
    // served.
    if path.split('/').any(|segment| segment.starts_with('.')) {
        return Some("not served\n");
    }
    None
}
