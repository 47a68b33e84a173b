//! Delta updates on a module origin (RFC 9842): code files are sent with `Use-As-Dictionary`
//! (a pattern covering the same file of later versions), and a request naming one of them in
//! `Available-Dictionary`, with `dcb` in `Accept-Encoding`, gets the delta `deploy` stored for
//! it (`crate::delta`) as `Content-Encoding: dcb`. Anything else gets the file as before.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{header, HeaderMap, HeaderValue, Method, StatusCode};
use axum::middleware::Next;
use axum::response::Response;

use crate::delta;

/// `Use-As-Dictionary`.
pub const USE_AS_DICTIONARY: &str = "use-as-dictionary";
/// `Available-Dictionary`.
pub const AVAILABLE_DICTIONARY: &str = "available-dictionary";

/// Code files, by extension, and their `Content-Type` (as `ServeDir` sends them).
const CODE: &[(&str, &str)] = &[
    (".wasm", "application/wasm"),
    (".js", "text/javascript"),
    (".css", "text/css"),
];

/// The folder a module origin serves.
#[derive(Debug, Clone)]
pub struct Root(Arc<PathBuf>);

impl Root {
    /// The origin's folder.
    pub fn new(root: &Path) -> Self {
        Root(Arc::new(root.to_path_buf()))
    }
}

/// Answers with a stored delta when the request asks for one that exists; otherwise passes the
/// request on and marks a code file as a dictionary for its later versions.
pub async fn negotiate(State(root): State<Root>, request: Request, next: Next) -> Response {
    let path = super::headers::decoded_path(request.uri()).into_owned();
    let Some(content_type) = code_type(&path) else {
        return next.run(request).await;
    };
    let method = request.method().clone();
    if method == Method::GET || method == Method::HEAD {
        if let Some(file) = stored_delta(&root.0, &path, request.headers()) {
            if let Ok(bytes) = tokio::fs::read(&file).await {
                return delta_response(&path, content_type, bytes, method == Method::HEAD);
            }
        }
    }
    let mut response = next.run(request).await;
    if response.status().is_success() {
        if let Some(value) = dictionary_header(&path) {
            response.headers_mut().insert(USE_AS_DICTIONARY, value);
        }
    }
    response
}

fn code_type(path: &str) -> Option<&'static str> {
    CODE.iter()
        .find(|(ext, _)| path.ends_with(ext))
        .map(|(_, t)| *t)
}

/// The stored delta of the file at `path` for the dictionary the request names, if the request
/// accepts `dcb` and there is one.
pub fn stored_delta(root: &Path, path: &str, headers: &HeaderMap) -> Option<PathBuf> {
    let accepts = headers
        .get_all(header::ACCEPT_ENCODING)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .any(|coding| {
            let mut parts = coding.split(';').map(str::trim);
            parts.next() == Some("dcb") && !parts.any(|p| p.replace(' ', "") == "q=0")
        });
    if !accepts {
        return None;
    }
    let id = headers
        .get(AVAILABLE_DICTIONARY)
        .and_then(|v| v.to_str().ok())
        .and_then(delta::parse_available_dictionary)?;
    let (dir, name) = path.trim_start_matches('/').rsplit_once('/')?;
    let file = root.join(dir).join(delta::path_in_version(id, name));
    file.is_file().then_some(file)
}

fn delta_response(path: &str, content_type: &'static str, bytes: Vec<u8>, head: bool) -> Response {
    let length = bytes.len();
    let mut response = Response::new(if head {
        Body::empty()
    } else {
        Body::from(bytes)
    });
    *response.status_mut() = StatusCode::OK;
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    headers.insert(header::CONTENT_ENCODING, HeaderValue::from_static("dcb"));
    headers.insert(header::CONTENT_LENGTH, HeaderValue::from(length));
    if let Some(value) = dictionary_header(path) {
        headers.insert(USE_AS_DICTIONARY, value);
    }
    response
}

/// `Use-As-Dictionary: match="…"` for a hashed code file: the same file name with any hash, in
/// any version folder (`/versions/*/alpha-app-*_bg.wasm`). None for other paths, or names with
/// characters a URL pattern would read as syntax.
pub fn dictionary_header(path: &str) -> Option<HeaderValue> {
    HeaderValue::from_str(&format!("match=\"{}\"", match_pattern(path)?)).ok()
}

/// The URL pattern of [`dictionary_header`].
pub fn match_pattern(path: &str) -> Option<String> {
    let (dir, name) = path.rsplit_once('/')?;
    let (base, ext) = name.split_once('.')?;
    let (stem, hash) = base.rsplit_once('-')?;
    let bg = if hash.ends_with("_bg") { "_bg" } else { "" };
    if !delta::is_hash(hash.trim_end_matches("_bg")) {
        return None;
    }
    let mut segments: Vec<&str> = dir.split('/').collect();
    if let [.., versions, id] = segments.as_mut_slice() {
        if *versions == crate::deploy::VERSIONS && !id.is_empty() {
            *id = "*";
        }
    }
    let pattern = format!("{}/{stem}-*{bg}.{ext}", segments.join("/"));
    let plain = |s: &str| {
        s.bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"-_./".contains(&b))
    };
    plain(&pattern.replace('*', "")).then_some(pattern)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::deploy::{self, tests::build};
    use tower::ServiceExt;

    async fn get(router: &axum::Router, path: &str, headers: &[(&str, &str)]) -> Response {
        let mut request = axum::http::Request::get(path);
        for (name, value) in headers {
            request = request.header(*name, *value);
        }
        let request = request.body(Body::empty()).unwrap();
        router.clone().oneshot(request).await.unwrap()
    }

    async fn bytes(response: Response) -> Vec<u8> {
        axum::body::to_bytes(response.into_body(), 1 << 22)
            .await
            .unwrap()
            .to_vec()
    }

    #[tokio::test]
    async fn ok_a_named_dictionary_gets_the_delta_and_anything_else_the_file() {
        let tmp = tempfile::tempdir().unwrap();
        let origin = tmp.path().join("origin");
        let long = "a module's code, long enough to compress. ".repeat(300);
        for (i, v) in ["1.0.0", "2.0.0"].iter().enumerate() {
            let dist = tmp.path().join(format!("b{i}"));
            build(&dist, v, &format!("{long} {v}"));
            crate::precompress::dir(&dist).unwrap();
            deploy::publish(&origin, &dist).unwrap();
        }
        let log = deploy::read_log(&origin).unwrap();
        let (id1, id2) = (&log.history[0].id, &log.history[1].id);
        let old = std::fs::read(origin.join(format!("versions/{id1}/h_bg.wasm"))).unwrap();
        let new = std::fs::read(origin.join(format!("versions/{id2}/h_bg.wasm"))).unwrap();
        let have = format!(":{}:", delta::dictionary_id(&old));
        let router = super::super::module_router(&origin);
        let path = format!("/versions/{id2}/h_bg.wasm");
        let ae = ("accept-encoding", "gzip, br, zstd, dcb, dcz");

        let dcb = get(
            &router,
            &path,
            &[ae, ("available-dictionary", have.as_str())],
        )
        .await;
        assert_eq!(dcb.status(), StatusCode::OK);
        let plain = get(&router, &path, &[ae]).await;
        assert_eq!(plain.headers()[header::CONTENT_ENCODING], "br");
        assert_eq!(dcb.headers()[header::CONTENT_ENCODING], "dcb");
        for name in [
            header::CONTENT_TYPE,
            header::CACHE_CONTROL,
            header::VARY,
            header::ACCESS_CONTROL_ALLOW_ORIGIN,
            header::HeaderName::from_static("timing-allow-origin"),
        ] {
            assert_eq!(
                dcb.headers().get(&name),
                plain.headers().get(&name),
                "{name}"
            );
        }
        assert_eq!(
            dcb.headers()[header::VARY],
            "accept-encoding, available-dictionary"
        );
        assert_eq!(delta::decode(&bytes(dcb).await, &old).unwrap(), new);

        // Another dictionary, none, or no dcb in Accept-Encoding: the normal file.
        let other = format!(":{}:", delta::dictionary_id(b"no delta for this"));
        for headers in [
            vec![ae, ("available-dictionary", other.as_str())],
            vec![ae],
            vec![
                ("accept-encoding", "br"),
                ("available-dictionary", have.as_str()),
            ],
            vec![("available-dictionary", have.as_str())],
        ] {
            let response = get(&router, &path, &headers).await;
            assert_ne!(
                response
                    .headers()
                    .get(header::CONTENT_ENCODING)
                    .map(|v| v.as_bytes()),
                Some(&b"dcb"[..]),
                "{headers:?}"
            );
        }
        let identity = get(&router, &path, &[("available-dictionary", have.as_str())]).await;
        assert_eq!(bytes(identity).await, new);
    }

    #[test]
    fn ok_patterns_cover_later_versions_of_the_same_file() {
        assert_eq!(
            match_pattern("/versions/2.0.0-1a2b3c4d/alpha-app-0123456789abcdef_bg.wasm").unwrap(),
            "/versions/*/alpha-app-*_bg.wasm"
        );
        assert_eq!(
            match_pattern("/versions/1.0.0-1a2b3c4d/alpha-app-0123456789abcdef.js").unwrap(),
            "/versions/*/alpha-app-*.js"
        );
        assert_eq!(
            match_pattern("/style-0123456789abcdef.css").unwrap(),
            "/style-*.css"
        );
        for none in [
            "/versions/1/alpha.js",
            "/mf-manifest.json",
            "/a+b-0123456789abcdef.js",
            "/x:y/a-0123456789abcdef.js",
        ] {
            assert_eq!(match_pattern(none), None, "{none}");
        }
    }
}
