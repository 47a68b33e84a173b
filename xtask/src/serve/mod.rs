//! Serves the shell and each module on its own origin, as a deployment would.
//!
//! Module origins send CORS headers and `application/wasm`; hashed files are cached for a year,
//! manifests and pages are revalidated every time. The shell's origin also serves the registry
//! (`remotes.json`) and a strict Content-Security-Policy.

use std::collections::{BTreeMap, BTreeSet};
use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use axum::http::{header, HeaderValue, Method};
use axum::middleware;
use axum::response::IntoResponse;
use axum::routing::get;
use axum::Router;
use flotilla_contract::abi::MANIFEST_FILE;
use flotilla_contract::policy::WatchPolicy;
use flotilla_contract::registry::{Remote, REGISTRY_FILE};
use flotilla_contract::Registry;
use tokio::net::TcpListener;
use tokio::task::JoinHandle;
use tower_http::cors::{Any, CorsLayer};
use tower_http::services::ServeDir;
use tower_http::set_header::SetResponseHeaderLayer;

use crate::workspace::{App, Workspace};

/// Where to serve what.
#[derive(Debug, Clone)]
pub struct StackConfig {
    /// Loopback address to bind.
    pub host: IpAddr,
    /// Port of the shell (0: any free port).
    pub shell_port: u16,
    /// Port of each module, by name (0 or absent: any free port).
    pub module_ports: BTreeMap<String, u16>,
    /// Folder served as a module's origin, by name; its build folder (`target/dist/<module>`)
    /// when absent.
    pub module_dirs: BTreeMap<String, PathBuf>,
    /// How often the composition snapshot in the page is revalidated (see [`snapshot`]);
    /// `None`: no snapshot, the page fetches the registry and manifests itself, as on a static
    /// host.
    pub snapshot: Option<std::time::Duration>,
    /// Folder served as the shell's origin; its build folder (`target/dist/shell`) when absent.
    pub shell_dir: Option<PathBuf>,
}

impl StackConfig {
    /// The ports each app declares (`[package.metadata.flotilla] port`).
    pub fn standard(ws: &Workspace) -> Result<Self> {
        Ok(StackConfig {
            host: IpAddr::V4(Ipv4Addr::LOCALHOST),
            shell_port: ws.shell()?.port.unwrap_or_default(),
            module_ports: ws
                .modules()
                .map(|m| (m.name.clone(), m.port.unwrap_or_default()))
                .collect(),
            module_dirs: BTreeMap::new(),
            snapshot: Some(snapshot::REFRESH),
            shell_dir: None,
        })
    }

    /// Any free ports on 127.0.0.1 (tests).
    pub fn ephemeral() -> Self {
        StackConfig {
            host: IpAddr::V4(Ipv4Addr::LOCALHOST),
            shell_port: 0,
            module_ports: BTreeMap::new(),
            module_dirs: BTreeMap::new(),
            snapshot: Some(snapshot::REFRESH),
            shell_dir: None,
        }
    }
}

/// The running servers; dropping it stops them.
pub struct Stack {
    /// Address of the shell's origin.
    pub shell: SocketAddr,
    /// Module name and address of its origin, in page order.
    pub modules: Vec<(String, SocketAddr)>,
    /// The registry the shell serves.
    pub registry: Registry,
    tasks: Vec<JoinHandle<()>>,
}

impl Stack {
    /// URL of the page.
    pub fn shell_url(&self) -> String {
        format!("http://{}/", self.shell)
    }

    /// Origin of a module (`http://127.0.0.1:3000`).
    pub fn module_origin(&self, name: &str) -> String {
        let addr = self
            .modules
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, a)| *a)
            .unwrap_or_else(|| panic!("no module {name}"));
        format!("http://{addr}")
    }
}

impl Drop for Stack {
    fn drop(&mut self) {
        for task in &self.tasks {
            task.abort();
        }
    }
}

/// Starts every module's origin, then the shell's, whose registry `customize` may change.
pub async fn start(
    ws: &Workspace,
    config: &StackConfig,
    customize: impl FnOnce(&mut Registry),
) -> Result<Stack> {
    let apps: Vec<&App> = ws.modules().collect();
    let origins: Vec<Origin> = apps
        .iter()
        .map(|app| Origin {
            name: app.name.clone(),
            dir: config
                .module_dirs
                .get(&app.name)
                .cloned()
                .unwrap_or_else(|| app.dist_dir()),
            port: config.module_ports.get(&app.name).copied().unwrap_or(0),
        })
        .collect();
    let shell_dir = match &config.shell_dir {
        Some(dir) => dir.clone(),
        None => ws.shell()?.dist_dir(),
    };
    start_origins(config, &shell_dir, &origins, |served| {
        let placed: Vec<(&App, SocketAddr)> = apps
            .iter()
            .zip(served)
            .map(|(app, (_, a))| (*app, *a))
            .collect();
        let mut registry = default_registry(&placed);
        customize(&mut registry);
        registry
    })
    .await
}

/// A folder served as a module's origin.
#[derive(Debug, Clone)]
pub struct Origin {
    /// The module's name.
    pub name: String,
    /// The folder.
    pub dir: PathBuf,
    /// Port to bind (0: any free port).
    pub port: u16,
}

/// Starts a module origin for each of `origins`, then the shell's origin serving the build in
/// `shell_dir` with the registry `registry_for` makes of the origins' addresses.
pub async fn start_origins(
    config: &StackConfig,
    shell_dir: &Path,
    origins: &[Origin],
    registry_for: impl FnOnce(&[(String, SocketAddr)]) -> Registry,
) -> Result<Stack> {
    let mut tasks = Vec::new();
    let mut served = Vec::new();
    for origin in origins {
        let (addr, task) =
            serve_dir(SocketAddr::new(config.host, origin.port), &origin.dir).await?;
        served.push((origin.name.clone(), addr));
        tasks.push(task);
    }
    let registry = registry_for(&served);
    let listener = bind(SocketAddr::new(config.host, config.shell_port)).await?;
    let shell = listener.local_addr()?;
    let snapshot = config.snapshot.map(|every| {
        let (snapshot, refreshers) = snapshot::keep_fresh(&registry, every);
        tasks.extend(refreshers);
        snapshot
    });
    let router = shell_router(shell_dir, &registry, snapshot);
    tasks.push(spawn(listener, router));
    Ok(Stack {
        shell,
        modules: served,
        registry,
        tasks,
    })
}

/// Serves `root` as a module origin at `addr`; returns the bound address.
pub async fn serve_dir(addr: SocketAddr, root: &Path) -> Result<(SocketAddr, JoinHandle<()>)> {
    anyhow::ensure!(
        root.join(MANIFEST_FILE).exists() || !is_build_folder(root),
        "{} has no {MANIFEST_FILE}: run `cargo xtask build` first",
        root.display()
    );
    let listener = bind(addr).await?;
    let addr = listener.local_addr()?;
    Ok((addr, spawn(listener, module_router(root))))
}

/// Whether `dir` is a build or deploy folder below a target folder (`target/dist/…`).
fn is_build_folder(dir: &Path) -> bool {
    let parts: Vec<_> = dir.components().map(|c| c.as_os_str()).collect();
    parts
        .windows(2)
        .any(|w| w[0] == "target" && (w[1] == "dist" || w[1] == "deploy"))
}

async fn bind(addr: SocketAddr) -> Result<TcpListener> {
    TcpListener::bind(addr)
        .await
        .with_context(|| format!("cannot listen on {addr} (is it in use? pick another port)"))
}

/// The registry for modules served at these addresses: every module with a slot is placed,
/// in the order given; every module's origin is allowed (so one without a slot can be swapped in).
pub fn default_registry(modules: &[(&App, SocketAddr)]) -> Registry {
    let remote = |app: &App, addr: &SocketAddr| {
        app.slot.as_ref().map(|slot| Remote {
            name: app.name.clone(),
            manifest: format!("http://{addr}/{MANIFEST_FILE}"),
            slot: slot.clone(),
            expose: app.expose().map(str::to_owned),
            props: Default::default(),
            update: app.update,
            routes: app.routes.clone(),
            prefetch: app.prefetch,
            keep_alive: app.keep_alive,
        })
    };
    Registry {
        remotes: modules
            .iter()
            .filter_map(|(app, addr)| remote(app, addr))
            .collect(),
        allowed_origins: modules.iter().map(|(_, a)| format!("http://{a}")).collect(),
        loading: Default::default(),
        updates: WatchPolicy {
            interval_ms: 5_000,
            max_interval_ms: 60_000,
            ..WatchPolicy::default()
        },
        offline: Default::default(),
    }
}

/// A module origin: static files with CORS, precompressed variants, deltas and cache policy.
pub fn module_router(root: &Path) -> Router {
    let cors = CorsLayer::new()
        .allow_origin(Any)
        .allow_methods([Method::GET, Method::HEAD])
        .expose_headers([header::ETAG, header::LAST_MODIFIED]);
    // Code files are dictionaries for their later versions, whose deltas `deploy` stored.
    Router::new()
        .fallback_service(files(root))
        .layer(middleware::from_fn_with_state(
            delta::Root::new(root),
            delta::negotiate,
        ))
        .layer(middleware::from_fn(headers::cache_policy))
        .layer(middleware::from_fn_with_state(
            tag_cache::TagCache::new(root),
            etag::manifest_etag,
        ))
        .layer(cors)
        // The page may read real transfer sizes and timings of module files (resource timing).
        .layer(SetResponseHeaderLayer::overriding(
            header::HeaderName::from_static("timing-allow-origin"),
            HeaderValue::from_static("*"),
        ))
        .layer(middleware::from_fn(guard::request_target))
}

/// The shell's origin: the page at `/` and at every path a route covers (with the
/// composition snapshot, when given), a 404 page elsewhere, the registry and the
/// Content-Security-Policy.
pub fn shell_router(root: &Path, registry: &Registry, snapshot: Option<Snapshot>) -> Router {
    let body = serde_json::to_string_pretty(registry).expect("registry serialises");
    let csp = HeaderValue::from_str(&content_security_policy(registry)).expect("CSP is ASCII");
    Router::new()
        .route(
            &format!("/{REGISTRY_FILE}"),
            get(move || async move {
                ([(header::CONTENT_TYPE, "application/json")], body).into_response()
            }),
        )
        .fallback_service(page::Pages::new(root, registry, snapshot).service())
        .layer(middleware::from_fn(headers::cache_policy))
        .layer(SetResponseHeaderLayer::overriding(
            header::CONTENT_SECURITY_POLICY,
            csp,
        ))
        .layer(middleware::from_fn(guard::request_target))
}

fn files(root: &Path) -> ServeDir {
    ServeDir::new(PathBuf::from(root))
        .precompressed_br()
        .precompressed_gzip()
}

/// No inline script, no eval: scripts from the shell's origin and verified blobs only.
pub fn content_security_policy(registry: &Registry) -> String {
    let mut origins: BTreeSet<String> = registry.allowed_origins.iter().cloned().collect();
    for remote in &registry.remotes {
        for value in remote.props.values() {
            if let Some(origin) = value.as_str().and_then(origin_of) {
                origins.insert(origin);
            }
        }
    }
    let origins = origins.into_iter().collect::<Vec<_>>().join(" ");
    format!(
        "default-src 'self'; script-src 'self' blob: 'wasm-unsafe-eval'; \
         connect-src 'self' {origins}; img-src 'self' data: {origins}; \
         style-src 'self' {origins}; object-src 'none'; base-uri 'self'; frame-ancestors 'none'"
    )
}

/// The origin of a prop that is an absolute http(s) URL, as a URL parser serialises it (ASCII,
/// punycode): anything else, such as `http://x; object-src *`, is not an origin and widens nothing.
fn origin_of(value: &str) -> Option<String> {
    let url = url::Url::parse(value).ok()?;
    if !matches!(url.scheme(), "http" | "https") || url.host().is_none() {
        return None;
    }
    let origin = url.origin().ascii_serialization();
    let clean = origin
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || ":/.-[]".contains(c));
    clean.then_some(origin)
}

pub mod delta;
mod etag;
mod guard;
mod headers;
mod listen;
pub mod page;
pub mod snapshot;
mod tag_cache;

pub use snapshot::Snapshot;

pub use listen::{spawn, HEADER_TIMEOUT};

/// Hashed files never change; manifests, registries and pages are revalidated every time.
pub fn cache_control_for(path: &str) -> &'static str {
    let name = path.rsplit('/').next().unwrap_or_default();
    let stem = name.split('.').next().unwrap_or_default();
    let hashed = stem
        .rsplit_once('-')
        .map(|(_, h)| h.trim_end_matches("_bg"))
        .is_some_and(|h| h.len() == 16 && h.chars().all(|c| c.is_ascii_hexdigit()));
    if hashed {
        "public, max-age=31536000, immutable"
    } else if name.is_empty()
        || name == crate::worker::SCRIPT
        || !name.contains('.')
        || name.ends_with(".json")
        || name.ends_with(".html")
    {
        // Manifests, registry, pages (a route path such as `/favorites` is the page).
        "no-cache"
    } else {
        "public, max-age=300"
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::StatusCode;
    use axum::response::Response;
    use tower::ServiceExt;

    async fn send(router: &Router, request: axum::http::request::Builder) -> Response {
        let request = request.body(axum::body::Body::empty()).unwrap();
        router.clone().oneshot(request).await.unwrap()
    }

    async fn body(response: Response) -> Vec<u8> {
        axum::body::to_bytes(response.into_body(), 1 << 20)
            .await
            .unwrap()
            .to_vec()
    }

    fn origin_with_manifest() -> (tempfile::TempDir, Router) {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join(MANIFEST_FILE), "{\"v\": 1}").unwrap();
        std::fs::create_dir_all(dir.path().join("versions")).unwrap();
        std::fs::write(dir.path().join("app-0123456789abcdef.js"), "export {};").unwrap();
        let router = module_router(dir.path());
        (dir, router)
    }

    #[tokio::test]
    async fn err_absolute_form_and_empty_segment_targets_are_refused_not_redirected() {
        let (_dir, router) = origin_with_manifest();
        std::fs::create_dir_all(_dir.path().join("versions/.1.0.0-ab.partial")).unwrap();
        std::fs::write(_dir.path().join("versions/.1.0.0-ab.partial/x.js"), "1").unwrap();
        for target in [
            "http://evil.example/versions",
            "//versions",
            "/versions//x",
            "/versions/.1.0.0-ab.partial/x.js",
            "/versions/%2E1.0.0-ab.partial/x.js",
            "/.env",
        ] {
            let response = send(&router, axum::http::Request::get(target)).await;
            assert_eq!(response.status(), StatusCode::BAD_REQUEST, "{target}");
            assert!(
                response.headers().get(header::LOCATION).is_none(),
                "{target}"
            );
        }
        let shell = shell_router(_dir.path(), &default_registry(&[]), None);
        let response = send(&shell, axum::http::Request::get("http://evil.example/")).await;
        assert_eq!(response.status(), StatusCode::BAD_REQUEST);
    }

    #[tokio::test]
    async fn ok_if_none_match_star_head_and_encoded_names_get_the_manifest_etag() {
        let (_dir, router) = origin_with_manifest();
        let first = send(&router, axum::http::Request::get("/mf-manifest.json")).await;
        let etag = first.headers()[header::ETAG].to_str().unwrap().to_owned();

        let star = axum::http::Request::get("/mf-manifest.json").header(header::IF_NONE_MATCH, "*");
        assert_eq!(send(&router, star).await.status(), StatusCode::NOT_MODIFIED);

        let head = send(&router, axum::http::Request::head("/mf-manifest.json")).await;
        assert_eq!(head.status(), StatusCode::OK);
        assert_eq!(head.headers()[header::ETAG].to_str().unwrap(), etag);
        assert_eq!(head.headers()[header::CONTENT_LENGTH], "8");
        assert!(body(head).await.is_empty());
        let head =
            axum::http::Request::head("/mf-manifest.json").header(header::IF_NONE_MATCH, &etag);
        assert_eq!(send(&router, head).await.status(), StatusCode::NOT_MODIFIED);

        // An encoded name is the same file: same ETag, and If-Modified-Since is not used.
        let encoded = axum::http::Request::get("/mf%2Dmanifest.json")
            .header(header::IF_MODIFIED_SINCE, "Sat, 01 Jan 2100 00:00:00 GMT");
        let response = send(&router, encoded).await;
        assert_eq!(response.status(), StatusCode::OK);
        assert_eq!(response.headers()[header::ETAG].to_str().unwrap(), etag);
    }

    #[tokio::test]
    async fn ok_precompressed_code_varies_on_accept_encoding() {
        let (_dir, router) = origin_with_manifest();
        let response = send(
            &router,
            axum::http::Request::get("/app-0123456789abcdef.js"),
        )
        .await;
        assert_eq!(response.status(), StatusCode::OK);
        assert_eq!(
            response.headers()[header::VARY],
            "accept-encoding, available-dictionary"
        );
        assert_eq!(response.headers()["timing-allow-origin"], "*");
    }

    #[tokio::test]
    async fn err_a_request_head_never_finished_is_cut_off() {
        use tokio::io::{AsyncReadExt, AsyncWriteExt};
        let (_dir, router) = origin_with_manifest();
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let server = listen::spawn_with(listener, router, std::time::Duration::from_millis(500));
        let mut client = tokio::net::TcpStream::connect(addr).await.unwrap();
        client
            .write_all(b"GET /mf-manifest.json HTTP/1.1\r\nHost: x\r\nX-Slow: aaaa")
            .await
            .unwrap();
        let mut buf = Vec::new();
        let read = tokio::time::timeout(
            std::time::Duration::from_secs(5),
            client.read_to_end(&mut buf),
        )
        .await;
        assert!(read.is_ok(), "the connection was still open after 5 s");
        server.abort();
    }

    async fn get(router: &Router, path: &str, etag: Option<&str>) -> Response {
        let mut request = axum::http::Request::get(path);
        if let Some(etag) = etag {
            request = request
                .header(header::IF_NONE_MATCH, etag)
                .header(header::IF_MODIFIED_SINCE, "Sat, 01 Jan 2100 00:00:00 GMT");
        }
        let request = request.body(axum::body::Body::empty()).unwrap();
        router.clone().oneshot(request).await.unwrap()
    }

    #[tokio::test]
    async fn ok_manifests_answer_if_none_match_with_304_until_they_change() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join(MANIFEST_FILE), "{\"v\": 1}").unwrap();
        let router = module_router(dir.path());
        let first = get(&router, "/mf-manifest.json", None).await;
        assert_eq!(first.status(), StatusCode::OK);
        let etag = first.headers()[header::ETAG].to_str().unwrap().to_owned();
        assert!(etag.starts_with('"') && etag.len() > 10, "{etag}");

        let again = get(&router, "/mf-manifest.json", Some(&etag)).await;
        assert_eq!(again.status(), StatusCode::NOT_MODIFIED);

        // Changed within the same second: If-Modified-Since would say 304; the ETag does not.
        std::fs::write(dir.path().join(MANIFEST_FILE), "{\"v\": 2}").unwrap();
        let changed = get(&router, "/mf-manifest.json", Some(&etag)).await;
        assert_eq!(changed.status(), StatusCode::OK);
        assert_ne!(changed.headers()[header::ETAG].to_str().unwrap(), etag);
        let body = axum::body::to_bytes(changed.into_body(), 1024)
            .await
            .unwrap();
        assert_eq!(&body[..], b"{\"v\": 2}");
    }

    #[test]
    fn ok_hashed_files_are_immutable() {
        let immutable = "public, max-age=31536000, immutable";
        assert_eq!(
            cache_control_for("/alpha-app-2b09a39cbf9501c9.js"),
            immutable
        );
        assert_eq!(
            cache_control_for("/alpha-app-2b09a39cbf9501c9_bg.wasm"),
            immutable
        );
        assert_eq!(cache_control_for("/style-2f9facab158a39fd.css"), immutable);
        assert_eq!(
            cache_control_for("/sw.js"),
            "no-cache",
            "the worker script is checked at each navigation"
        );
    }

    #[tokio::test]
    async fn ok_route_paths_get_the_page_and_unknown_paths_the_404_page() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(
            dir.path().join("index.html"),
            "<html><head></head>page</html>",
        )
        .unwrap();
        std::fs::write(dir.path().join(page::NOT_FOUND_PAGE), "not here").unwrap();
        std::fs::write(dir.path().join("shell-0123456789abcdef.js"), "export {};").unwrap();
        let mut registry = default_registry(&[]);
        registry.remotes.push(flotilla_contract::registry::Remote {
            name: "alpha-app".into(),
            manifest: "http://127.0.0.1:9/mf-manifest.json".into(),
            slot: "alpha".into(),
            expose: None,
            props: Default::default(),
            update: Default::default(),
            routes: vec!["/favorites".into(), "/photos/:id".into()],
            prefetch: Default::default(),
            keep_alive: false,
        });
        let shell = shell_router(dir.path(), &registry, None);
        for path in ["/", "/index.html", "/favorites", "/favorites/", "/photos/7"] {
            let response = send(&shell, axum::http::Request::get(path)).await;
            assert_eq!(response.status(), StatusCode::OK, "{path}");
            assert_eq!(
                response.headers()[header::CACHE_CONTROL],
                "no-cache",
                "{path}"
            );
            assert!(String::from_utf8(body(response).await)
                .unwrap()
                .contains("page"));
        }
        let code = send(
            &shell,
            axum::http::Request::get("/shell-0123456789abcdef.js"),
        )
        .await;
        assert_eq!(code.status(), StatusCode::OK);
        for path in ["/nope", "/favorites/1", "/photos"] {
            let response = send(&shell, axum::http::Request::get(path)).await;
            assert_eq!(response.status(), StatusCode::NOT_FOUND, "{path}");
            assert_eq!(body(response).await, b"not here", "{path}");
        }
    }

    #[test]
    fn ok_manifests_and_pages_are_revalidated() {
        assert_eq!(cache_control_for("/mf-manifest.json"), "no-cache");
        assert_eq!(cache_control_for("/remotes.json"), "no-cache");
        assert_eq!(cache_control_for("/"), "no-cache");
        assert_eq!(cache_control_for("/index.html"), "no-cache");
        assert_eq!(
            cache_control_for("/favorites"),
            "no-cache",
            "a route is the page"
        );
        assert_eq!(
            cache_control_for("/images/coffee.jpg"),
            "public, max-age=300"
        );
    }

    #[test]
    fn ok_csp_lists_module_and_prop_origins_and_no_unsafe() {
        let meta = serde_json::json!({ "slot": "main", "port": 3001, "exposes": [{ "name": "B", "export": "mount" }] });
        let app = App::new(
            "beta-app",
            "1.0.0",
            Path::new("/w/beta-app/Cargo.toml"),
            serde_json::from_value(meta).unwrap(),
            Path::new("/w/target"),
            "beta-app/Cargo.toml",
        )
        .unwrap();
        let mut registry = default_registry(&[(&app, "127.0.0.1:3001".parse().unwrap())]);
        registry.remotes[0]
            .props
            .insert("source".into(), "http://127.0.0.1:9999/v2/list".into());
        let csp = content_security_policy(&registry);
        assert!(
            csp.contains("script-src 'self' blob: 'wasm-unsafe-eval';"),
            "{csp}"
        );
        assert!(
            csp.contains("connect-src 'self' http://127.0.0.1:3001 http://127.0.0.1:9999;"),
            "{csp}"
        );
        assert!(
            !csp.contains("unsafe-inline") && !csp.contains("'unsafe-eval'"),
            "{csp}"
        );

        // Props that are not plain http(s) URLs widen nothing, and nothing panics.
        for (key, value) in [
            ("a", "http://x; object-src *"),
            ("b", "javascript:alert(1)"),
            ("c", "http://bücher.example/list"),
        ] {
            registry.remotes[0].props.insert(key.into(), value.into());
        }
        let csp = content_security_policy(&registry);
        assert!(
            !csp.contains("object-src *") && !csp.contains("javascript"),
            "{csp}"
        );
        assert!(csp.contains("http://xn--bcher-kva.example"), "{csp}");
        assert!(csp.contains("object-src 'none'"), "{csp}");
    }
}
