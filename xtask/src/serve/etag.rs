//! Manifests get a strong `ETag` (a hash of their bytes) and answer `If-None-Match` with 304,
//! so a watching host pays a few bytes per check. `If-Modified-Since` is not used for them: a
//! deploy within the same second as the last one would look unchanged.

use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{header, HeaderValue, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use flotilla_contract::abi::MANIFEST_FILE;
use sha2::{Digest, Sha256};

use super::tag_cache::{Stamp, TagCache};

/// Largest manifest body this middleware hashes (the host reads at most 64 KiB).
const MAX_BODY: usize = 1 << 20;

/// Adds the `ETag` to manifest responses (GET and HEAD alike) and answers matching
/// `If-None-Match` (a tag, a list, or `*`) with 304. An unchanged manifest's tag comes from
/// `cache` (one `stat`, no read), so a 304 costs no file read and no hash.
pub async fn manifest_etag(
    State(cache): State<TagCache>,
    mut request: Request,
    next: Next,
) -> Response {
    let path = super::headers::decoded_path(request.uri()).into_owned();
    if !path.ends_with(MANIFEST_FILE) {
        return next.run(request).await;
    }
    // HEAD is answered from the GET's headers, so its ETag is the body's, not an empty one's.
    let head = request.method() == Method::HEAD;
    if head {
        *request.method_mut() = Method::GET;
    }
    let if_none_match = request.headers_mut().remove(header::IF_NONE_MATCH);
    request.headers_mut().remove(header::IF_MODIFIED_SINCE);
    let file = cache.file(&path);
    let stamp = Stamp::of(&file);
    let known = stamp.and_then(|s| cache.get(&path, s));
    if let (Some(etag), Some(inm)) = (&known, &if_none_match) {
        if matches(inm.to_str().unwrap_or_default(), etag) {
            return not_modified(&path, etag);
        }
    }
    let response = next.run(request).await;
    if !response.status().is_success() {
        return without_body_if(head, response);
    }
    let (mut parts, body) = response.into_parts();
    let Ok(bytes) = axum::body::to_bytes(body, MAX_BODY).await else {
        return StatusCode::INTERNAL_SERVER_ERROR.into_response();
    };
    let etag = match (known, stamp) {
        (Some(etag), _) => etag,
        (None, Some(before)) => {
            let etag = tag(&bytes);
            cache.put(&path, before, Stamp::of(&file), &etag);
            etag
        }
        (None, None) => tag(&bytes),
    };
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

/// A 304 with the headers the full answer would have carried for revalidation.
fn not_modified(path: &str, etag: &str) -> Response {
    let mut response = StatusCode::NOT_MODIFIED.into_response();
    let headers = response.headers_mut();
    headers.insert(
        header::ETAG,
        HeaderValue::from_str(etag).expect("hex is ASCII"),
    );
    headers.insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static(super::cache_control_for(path)),
    );
    response
}

/// `"<24 hex digits of SHA-256>"`.
pub fn tag(bytes: &[u8]) -> String {
    let digest = Sha256::digest(bytes);
    format!("\"{}\"", crate::files::hex(&digest[..12]))
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

#[cfg(test)]
mod tests {
    use std::path::Path;
    use std::time::{Duration, SystemTime};

    use axum::http::{header, Request, StatusCode};
    use axum::Router;
    use tower::ServiceExt;

    use crate::deploy;

    /// The status and ETag of a GET of the manifest with `If-None-Match: inm`.
    async fn get(router: &Router, inm: &str) -> (StatusCode, String) {
        let request = Request::get("/mf-manifest.json")
            .header(header::IF_NONE_MATCH, inm)
            .body(axum::body::Body::empty())
            .unwrap();
        let response = router.clone().oneshot(request).await.unwrap();
        let etag = response.headers()[header::ETAG].to_str().unwrap();
        (response.status(), etag.to_owned())
    }

    /// Gives the current manifest the modification time `at`, long enough ago to be cached.
    fn stamp_current(origin: &Path, at: SystemTime) {
        let file = std::fs::File::options()
            .write(true)
            .open(origin.join("mf-manifest.json"))
            .unwrap();
        file.set_modified(at).unwrap();
    }

    #[tokio::test]
    async fn ok_a_deploy_or_rollback_changes_the_cached_etag() {
        let tmp = tempfile::tempdir().unwrap();
        let (b1, b2, origin) = (
            tmp.path().join("b1"),
            tmp.path().join("b2"),
            tmp.path().join("origin"),
        );
        // Same length and mtime: only the file the `current` link resolves to differs.
        deploy::tests::build(&b1, "1.0.0", "one");
        deploy::tests::build(&b2, "2.0.0", "two");
        let long_ago = SystemTime::now() - Duration::from_secs(60);
        deploy::publish(&origin, &b1).unwrap();
        stamp_current(&origin, long_ago);
        // One router, so one cache, across the deploy and the rollback.
        let router = super::super::module_router(&origin);
        let (status, v1) = get(&router, "\"none\"").await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(
            get(&router, &v1).await,
            (StatusCode::NOT_MODIFIED, v1.clone())
        );

        deploy::publish(&origin, &b2).unwrap();
        stamp_current(&origin, long_ago);
        let (status, v2) = get(&router, &v1).await;
        assert_eq!(status, StatusCode::OK, "the deploy went unseen");
        assert_ne!(v2, v1);
        assert_eq!(get(&router, &v2).await.0, StatusCode::NOT_MODIFIED);

        deploy::rollback(&origin, None).unwrap();
        assert_eq!(get(&router, &v2).await, (StatusCode::OK, v1.clone()));
        assert_eq!(get(&router, &v1).await.0, StatusCode::NOT_MODIFIED);
    }
}
