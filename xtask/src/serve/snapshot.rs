//! The composition snapshot: the page the shell's origin serves carries the registry and each
//! remote's current manifest (a JSON data block, never executed, so the strict CSP stays) and
//! preload hints for every module's glue, wasm and CSS, so the browser fetches all module code
//! while it parses the HTML instead of after four dependent requests.
//!
//! The server keeps the manifests fresh by revalidating them (`If-None-Match`) every
//! [`REFRESH`] by default; a manifest it cannot get is left out, and the page fetches that one
//! itself. A snapshot older than a deploy is harmless: versions are immutable, so the page
//! composes the version it names and the update watcher brings the new one.

use std::collections::BTreeMap;
use std::sync::{Arc, RwLock};
use std::time::Duration;

use anyhow::{bail, Context, Result};
use axum::body::Bytes;
use axum::http::{header, HeaderValue, Request, StatusCode};
use flotilla_contract::abi::SNAPSHOT_ID;
use flotilla_contract::manifest::MAX_MANIFEST_BYTES;
use flotilla_contract::registry::Remote;
use flotilla_contract::{Manifest, Registry};
use http_body_util::{BodyExt, Empty, Limited};
use hyper_util::client::legacy::connect::HttpConnector;
use hyper_util::client::legacy::Client;
use hyper_util::rt::TokioExecutor;
use serde::Serialize;
use tokio::task::JoinHandle;

/// How often the server revalidates each manifest by default.
pub const REFRESH: Duration = Duration::from_millis(500);
/// Longest wait between two revalidations of a manifest that keeps failing.
const MAX_BACKOFF: Duration = Duration::from_secs(30);
/// How long one revalidation may take.
const DEADLINE: Duration = Duration::from_secs(2);

/// Current manifests by URL, shared by the refreshers and the page handler.
#[derive(Clone, Default)]
pub struct Snapshot {
    manifests: Arc<RwLock<BTreeMap<String, Manifest>>>,
}

impl Snapshot {
    /// A copy of the manifests known now.
    pub fn manifests(&self) -> BTreeMap<String, Manifest> {
        self.manifests.read().expect("snapshot lock").clone()
    }

    fn set(&self, url: &str, manifest: Option<Manifest>) {
        let mut all = self.manifests.write().expect("snapshot lock");
        match manifest {
            Some(m) => all.insert(url.to_owned(), m),
            None => all.remove(url),
        };
    }
}

/// Starts one refresher per remote on an allowed origin, revalidating `every` so often; returns
/// the snapshot they keep fresh.
pub fn keep_fresh(registry: &Registry, every: Duration) -> (Snapshot, Vec<JoinHandle<()>>) {
    let snapshot = Snapshot::default();
    let client = client();
    let tasks = allowed_remotes(registry)
        .map(|remote| {
            let (snapshot, client, url) =
                (snapshot.clone(), client.clone(), remote.manifest.clone());
            tokio::spawn(async move {
                let (mut etag, mut failures) = (None, 0u32);
                loop {
                    match fetch(&client, &url, etag.as_ref()).await {
                        Ok(Fetched::Unchanged) => failures = 0,
                        Ok(Fetched::New(manifest, tag)) => {
                            snapshot.set(&url, Some(*manifest));
                            (etag, failures) = (tag, 0);
                        }
                        Err(_) => {
                            snapshot.set(&url, None);
                            etag = None;
                            failures = failures.saturating_add(1);
                        }
                    }
                    // A failing origin is asked less and less often (up to every 30 s).
                    let backoff = every.saturating_mul(1 << failures.min(6));
                    tokio::time::sleep(backoff.min(MAX_BACKOFF.max(every))).await;
                }
            })
        })
        .collect();
    (snapshot, tasks)
}

/// Fetches every remote's manifest once (for a page written to a file). Returns the manifests
/// and, for each one left out, why.
pub async fn take(registry: &Registry) -> (BTreeMap<String, Manifest>, Vec<String>) {
    let client = client();
    let (mut manifests, mut left_out) = (BTreeMap::new(), Vec::new());
    for remote in &registry.remotes {
        if !allowed(registry, remote) {
            left_out.push(format!(
                "{}: its origin is not on the allow-list",
                remote.name
            ));
            continue;
        }
        match fetch(&client, &remote.manifest, None).await {
            Ok(Fetched::New(manifest, _)) => {
                manifests.insert(remote.manifest.clone(), *manifest);
            }
            Ok(Fetched::Unchanged) => {}
            Err(e) => left_out.push(format!("{}: {e:#}", remote.name)),
        }
    }
    (manifests, left_out)
}

/// Remotes whose manifest origin the registry allows: the server contacts no other (the host
/// would refuse them anyway).
fn allowed_remotes(registry: &Registry) -> impl Iterator<Item = &Remote> {
    registry.remotes.iter().filter(|r| allowed(registry, r))
}

fn allowed(registry: &Registry, remote: &Remote) -> bool {
    url::Url::parse(&remote.manifest).is_ok_and(|u| {
        matches!(u.scheme(), "http" | "https") && registry.allows(&u.origin().ascii_serialization())
    })
}

type HttpClient = Client<HttpConnector, Empty<Bytes>>;

fn client() -> HttpClient {
    Client::builder(TokioExecutor::new()).build_http()
}

enum Fetched {
    Unchanged,
    New(Box<Manifest>, Option<HeaderValue>),
}

/// One conditional GET of a manifest, validated as the host validates it.
async fn fetch(client: &HttpClient, url: &str, etag: Option<&HeaderValue>) -> Result<Fetched> {
    let mut request = Request::get(url);
    if let Some(etag) = etag {
        request = request.header(header::IF_NONE_MATCH, etag);
    }
    let request = request
        .body(Empty::new())
        .with_context(|| format!("{url} is not a URL the server can fetch"))?;
    let response = tokio::time::timeout(DEADLINE, client.request(request))
        .await
        .with_context(|| format!("{url}: no answer within {DEADLINE:?}"))?
        .with_context(|| format!("{url}: unreachable"))?;
    match response.status() {
        StatusCode::NOT_MODIFIED => return Ok(Fetched::Unchanged),
        StatusCode::OK => {}
        status => bail!("{url}: HTTP {status}"),
    }
    let tag = response.headers().get(header::ETAG).cloned();
    let body = Limited::new(response.into_body(), MAX_MANIFEST_BYTES)
        .collect()
        .await
        .map_err(|e| anyhow::anyhow!("{url}: {e}"))?
        .to_bytes();
    let text = std::str::from_utf8(&body).with_context(|| format!("{url}: not UTF-8"))?;
    let manifest = Manifest::from_json(text).with_context(|| format!("{url} is invalid"))?;
    Ok(Fetched::New(Box::new(manifest), tag))
}

#[derive(Serialize)]
struct Block<'a> {
    registry: &'a Registry,
    manifests: &'a BTreeMap<String, Manifest>,
}

/// `page`, as served at `path`, with the snapshot block and a preload hint per code file of the
/// modules `path` mounts (by their routes) inserted before `</head>`. The hints match the
/// host's own requests (CORS, same-origin credentials and the file's integrity; `fetch` for
/// glue and wasm, `style` for the stylesheets the slot links), so each file is downloaded
/// once.
pub fn render(
    page: &str,
    path: &str,
    registry: &Registry,
    manifests: &BTreeMap<String, Manifest>,
) -> String {
    let json = serde_json::to_string(&Block {
        registry,
        manifests,
    })
    .expect("the snapshot serialises")
    // Inside <script>, `</script>` or `<!--` would end or change the block.
    .replace('<', "\\u003c");
    let mut head = format!(r#"<script type="application/json" id="{SNAPSHOT_ID}">{json}</script>"#);
    for remote in allowed_remotes(registry).filter(|r| r.active_on(path)) {
        let Some(manifest) = manifests.get(&remote.manifest) else {
            continue;
        };
        let Ok(base) = url::Url::parse(&remote.manifest) else {
            continue;
        };
        let a = &manifest.assets;
        let code = [&a.js, &a.wasm].into_iter().map(|asset| ("fetch", asset));
        for (kind, asset) in code.chain(a.css.iter().map(|asset| ("style", asset))) {
            let Ok(href) = base.join(&asset.file) else {
                continue;
            };
            head.push_str(&format!(
                r#"<link rel="preload" as="{kind}" crossorigin="anonymous" href="{}" integrity="{}">"#,
                attribute(href.as_str()),
                attribute(&asset.integrity)
            ));
        }
    }
    match page.find("</head>").or_else(|| page.find("<body")) {
        Some(at) => format!("{}{head}{}", &page[..at], &page[at..]),
        None => format!("{head}{page}"),
    }
}

fn attribute(value: &str) -> String {
    value
        .replace('&', "&amp;")
        .replace('"', "&quot;")
        .replace('<', "&lt;")
}

#[cfg(test)]
mod tests {
    use super::*;
    use flotilla_contract::manifest::{Asset, Assets, Exposed};

    fn manifest(name: &str) -> Manifest {
        let asset = |file: &str| Asset {
            file: file.into(),
            integrity: "sha384-AAAA".into(),
            size: 1,
        };
        Manifest {
            schema_version: 1,
            name: name.into(),
            version: "1.0.0".into(),
            abi_version: 1,
            build_time: "2026-11-23T10:00:00Z".into(),
            exposes: vec![Exposed {
                name: "Header".into(),
                export: "mount".into(),
            }],
            assets: Assets {
                js: asset("versions/1/h.js"),
                wasm: asset("versions/1/h_bg.wasm"),
                css: vec![asset("versions/1/s.css")],
            },
        }
    }

    fn registry() -> Registry {
        Registry {
            remotes: vec![Remote {
                name: "alpha-app".into(),
                manifest: "http://127.0.0.1:4000/mf-manifest.json".into(),
                slot: "header".into(),
                expose: None,
                props: Default::default(),
                update: Default::default(),
                routes: Vec::new(),
                prefetch: Default::default(),
                keep_alive: false,
            }],
            allowed_origins: vec!["http://127.0.0.1:4000".into()],
            loading: Default::default(),
            updates: Default::default(),
            offline: Default::default(),
        }
    }

    #[test]
    fn ok_the_page_carries_the_snapshot_and_one_preload_per_code_file() {
        let page = "<html><head><title>t</title></head><body></body></html>";
        let mut manifests = BTreeMap::new();
        let mut m = manifest("alpha-app");
        m.version = "1.0.0</script><script>alert(1)".into();
        manifests.insert(registry().remotes[0].manifest.clone(), m.clone());
        let out = render(page, "/", &registry(), &manifests);
        let start = out.find(&format!("id=\"{SNAPSHOT_ID}\">")).unwrap() + SNAPSHOT_ID.len() + 6;
        let end = out[start..].find("</script>").unwrap() + start;
        let block: serde_json::Value = serde_json::from_str(&out[start..end]).unwrap();
        assert_eq!(
            block["manifests"]["http://127.0.0.1:4000/mf-manifest.json"]["version"],
            serde_json::json!(m.version),
            "the block holds the manifest and the text cannot end the script early"
        );
        assert_eq!(block["registry"]["remotes"][0]["name"], "alpha-app");
        for (file, kind) in [
            ("h.js", "fetch"),
            ("h_bg.wasm", "fetch"),
            ("s.css", "style"),
        ] {
            let link = format!(
                r#"<link rel="preload" as="{kind}" crossorigin="anonymous" href="http://127.0.0.1:4000/versions/1/{file}" integrity="sha384-AAAA">"#
            );
            assert_eq!(out.matches(&link).count(), 1, "{file}: {out}");
        }
        assert!(out.ends_with("</head><body></body></html>"), "{out}");
    }

    #[test]
    fn ok_a_remote_off_the_allow_list_is_neither_fetched_nor_hinted() {
        let mut r = registry();
        r.allowed_origins = vec!["http://127.0.0.1:4001".into()];
        let mut manifests = BTreeMap::new();
        manifests.insert(r.remotes[0].manifest.clone(), manifest("alpha-app"));
        let out = render("<head></head>", "/", &r, &manifests);
        assert!(!out.contains("rel=\"preload\""), "{out}");
        let (taken, left_out) = tokio::runtime::Runtime::new().unwrap().block_on(take(&r));
        assert!(taken.is_empty());
        assert!(
            left_out[0].contains("not on the allow-list"),
            "{left_out:?}"
        );
    }

    #[test]
    fn ok_only_the_modules_of_the_path_are_hinted() {
        let mut r = registry();
        r.remotes[0].routes = vec!["/favorites".into()];
        let mut manifests = BTreeMap::new();
        manifests.insert(r.remotes[0].manifest.clone(), manifest("alpha-app"));
        let home = render("<head></head>", "/", &r, &manifests);
        assert!(!home.contains("rel=\"preload\""), "{home}");
        assert!(
            home.contains("alpha-app"),
            "the snapshot still lists it: {home}"
        );
        let favorites = render("<head></head>", "/favorites", &r, &manifests);
        assert_eq!(
            favorites.matches("rel=\"preload\"").count(),
            3,
            "{favorites}"
        );
    }

    #[test]
    fn ok_a_remote_without_a_manifest_gets_no_hints() {
        let out = render("<head></head>", "/", &registry(), &BTreeMap::new());
        assert!(
            out.contains(SNAPSHOT_ID) && !out.contains("rel=\"preload\""),
            "{out}"
        );
    }
}
