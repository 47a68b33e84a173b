//! The page served by Debian's nginx with the configuration `cargo xtask nginx` writes: the
//! composed page in Chromium, a deploy into the folder nginx serves picked up live (as deltas),
//! and the headers the development server sends.

use crate::support;

use flotilla_contract::policy::UpdateMode;
use flotilla_contract::{Manifest, Registry};
use flotilla_e2e::hosting::NginxHosting;
use flotilla_e2e::{http, Browser};
use support::{header_v2_dist, ImagePage, HEADER_V2};

/// The header updates itself (checked every 300 ms).
fn watched(registry: &mut Registry) {
    registry.updates.interval_ms = 300;
    registry.updates.max_interval_ms = 2_000;
    for remote in &mut registry.remotes {
        if remote.name == "header-app" {
            remote.update = UpdateMode::Auto;
        }
    }
}

/// [`watched`], without the offline tier's worker: the page's resource timings show no
/// encoding for a download the worker made (README, Known gaps).
fn watched_without_worker(registry: &mut Registry) {
    watched(registry);
    registry.offline.enabled = false;
}

#[tokio::test]
async fn nginx_serves_the_composed_page_and_a_deploy_reaches_it_live() {
    let hosting = NginxHosting::start(watched, false).await;
    let browser = Browser::open_at(&hosting.shell_url()).await.unwrap();
    browser.wait_slot("header", "mounted").await.unwrap();
    browser.shown_image().await.unwrap();
    browser
        .eval("window.__stillTheSamePage = true;", vec![])
        .await
        .unwrap();

    let id = xtask::deploy::publish(&hosting.module_dir("header-app"), &header_v2_dist()).unwrap();
    assert!(id.starts_with(HEADER_V2), "{id}");
    browser
        .wait_slot_version("header", HEADER_V2)
        .await
        .unwrap();
    let same = browser
        .eval("return window.__stillTheSamePage === true;", vec![])
        .await
        .unwrap();
    assert_eq!(same, serde_json::json!(true), "the page reloaded");

    // A deep link is the page too (nginx answers routed paths with index.html).
    browser
        .goto(&format!("{}favorites", hosting.shell_url()))
        .await
        .unwrap();
    browser.wait_slot("favorites", "mounted").await.unwrap();
    browser.close().await;
}

#[tokio::test]
async fn nginx_sends_the_development_servers_headers() {
    let hosting = NginxHosting::start(|_| {}, false).await;
    let shell = hosting.shell_url();
    let csp = xtask::serve::content_security_policy(&hosting.registry);

    let page = http::get(&shell, &[]).await.unwrap();
    assert_eq!(page.status, 200);
    assert_eq!(page.header("content-security-policy"), csp);
    assert_eq!(page.header("cache-control"), "no-cache");
    assert!(page.header("content-type").starts_with("text/html"));
    assert!(!page.header("etag").is_empty() && page.header("last-modified").is_empty());
    let text = String::from_utf8_lossy(&page.body);
    assert!(
        text.contains("flotilla-snapshot"),
        "no snapshot in the page"
    );
    // A route's own page (written by `cargo xtask page`), with that route's hints only.
    let routed = http::get(&format!("{shell}favorites"), &[]).await.unwrap();
    assert_eq!(routed.status, 200);
    let routed = String::from_utf8_lossy(&routed.body);
    assert!(
        routed.contains("flotilla-snapshot"),
        "no snapshot: {routed}"
    );
    let hint = |module: &str| format!("href=\"{}", hosting.module_origin(module));
    assert!(routed.contains(&hint("favorites-app")), "{routed}");
    assert!(text.contains(&hint("home-app")), "{text}");
    assert!(
        !routed.contains(&hint("home-app")),
        "home-app's code is hinted: {routed}"
    );
    let missing = http::get(&format!("{shell}no/such/page"), &[])
        .await
        .unwrap();
    assert_eq!(missing.status, 404);
    assert_eq!(missing.header("content-security-policy"), csp);
    let not_found = xtask::workspace::current()
        .unwrap()
        .shell()
        .unwrap()
        .dist_dir();
    assert_eq!(
        missing.body,
        std::fs::read(not_found.join("404.html")).unwrap()
    );
    let registry = http::get(&format!("{shell}remotes.json"), &[])
        .await
        .unwrap();
    assert_eq!(registry.header("content-type"), "application/json");
    assert_eq!(registry.header("cache-control"), "no-cache");

    let origin = hosting.module_origin("header-app");
    let url = format!("{origin}/mf-manifest.json");
    let manifest = http::get(&url, &[]).await.unwrap();
    assert_eq!(manifest.status, 200);
    for (name, value) in [
        ("access-control-allow-origin", "*"),
        ("timing-allow-origin", "*"),
        ("cache-control", "no-cache"),
        ("content-type", "application/json"),
        ("last-modified", ""),
    ] {
        assert_eq!(manifest.header(name), value, "{name} of {url}");
    }
    let etag = manifest.header("etag").to_owned();
    let again = http::get(&url, &[("If-None-Match", &etag)]).await.unwrap();
    assert_eq!(again.status, 304);
    assert_eq!(again.header("access-control-allow-origin"), "*");
    let since = [("If-Modified-Since", "Sat, 01 Jan 2100 00:00:00 GMT")];
    assert_eq!(
        http::get(&url, &since).await.unwrap().status,
        200,
        "If-Modified-Since is ignored"
    );

    let parsed = Manifest::from_json(&String::from_utf8_lossy(&manifest.body)).unwrap();
    let wasm = format!("{origin}/{}", parsed.assets.wasm.file);
    let brotli = xtask::nginx::Config::brotli_if_installed().is_some();
    let encoding = if brotli { "br" } else { "gzip" };
    let code = http::get(&wasm, &[("Accept-Encoding", "gzip, deflate, br")])
        .await
        .unwrap();
    assert_eq!(code.status, 200);
    assert_eq!(code.header("content-type"), "application/wasm");
    assert_eq!(code.header("content-encoding"), encoding, "{wasm}");
    assert_eq!(code.header("vary"), "accept-encoding, available-dictionary");
    assert_eq!(
        code.header("cache-control"),
        "public, max-age=31536000, immutable"
    );
    let glue = format!("{origin}/{}", parsed.assets.js.file);
    let glue = http::get(&glue, &[]).await.unwrap();
    assert_eq!(glue.header("content-type"), "text/javascript");
    assert!(glue.header("content-encoding").is_empty());

    let live = http::get(&format!("{origin}/versions/.x/mf-manifest.json"), &[])
        .await
        .unwrap();
    assert_eq!(live.status, 400, "dot paths are refused");

    // A deploy changes the manifest's ETag (within the same second too).
    xtask::deploy::publish(&hosting.module_dir("header-app"), &header_v2_dist()).unwrap();
    let changed = http::get(&url, &[("If-None-Match", &etag)]).await.unwrap();
    assert_eq!(changed.status, 200);
    assert_ne!(changed.header("etag"), etag);
}

#[tokio::test]
async fn nginx_answers_an_open_page_with_deltas_and_other_clients_with_the_files() {
    let hosting = NginxHosting::start(watched_without_worker, false).await;
    let browser = Browser::open_at(&hosting.shell_url()).await.unwrap();
    browser.wait_slot("header", "mounted").await.unwrap();
    let folder = hosting.module_dir("header-app");
    let v1 = xtask::deploy::read_manifest(&folder.join("mf-manifest.json")).unwrap();

    xtask::deploy::publish(&folder, &header_v2_dist()).unwrap();
    browser
        .wait_slot_version("header", HEADER_V2)
        .await
        .unwrap();
    let v2 = xtask::deploy::read_manifest(&folder.join("mf-manifest.json")).unwrap();
    let origin = hosting.module_origin("header-app");
    let wasm = format!("{origin}/{}", v2.assets.wasm.file);
    let seen = browser
        .wait_for(
            "the wasm's resource timing",
            "const e = performance.getEntriesByName(arguments[0]).pop(); \
             return e ? { encoding: e.contentEncoding, transfer: e.transferSize } : null;",
            vec![serde_json::json!(wasm)],
        )
        .await
        .unwrap();
    assert_eq!(seen["encoding"], "dcb", "{seen}");
    assert!(seen["transfer"].as_u64().unwrap() < 10_000, "{seen}");
    browser.close().await;

    // On the wire: the delta for v1's dictionary; the file for anything else.
    let old = std::fs::read(folder.join(&v1.assets.wasm.file)).unwrap();
    let new = std::fs::read(folder.join(&v2.assets.wasm.file)).unwrap();
    let have = format!(":{}:", xtask::delta::dictionary_id(&old));
    let unknown = format!(":{}:", xtask::delta::dictionary_id(b"never served"));
    let accept = ("Accept-Encoding", "gzip, deflate, br, zstd, dcb, dcz");
    let delta = http::get(&wasm, &[accept, ("Available-Dictionary", have.as_str())])
        .await
        .unwrap();
    assert_eq!(delta.status, 200);
    assert_eq!(delta.header("content-encoding"), "dcb");
    assert_eq!(xtask::delta::decode(&delta.body, &old).unwrap(), new);
    let normal = if xtask::nginx::Config::brotli_if_installed().is_some() {
        "br"
    } else {
        "gzip"
    };
    for headers in [
        vec![accept],
        vec![accept, ("Available-Dictionary", unknown.as_str())],
        vec![
            ("Accept-Encoding", "gzip, br"),
            ("Available-Dictionary", have.as_str()),
        ],
    ] {
        let plain = http::get(&wasm, &headers).await.unwrap();
        assert_eq!(plain.status, 200, "{headers:?}");
        assert_eq!(plain.header("content-encoding"), normal, "{headers:?}");
        for name in http::SAME_FOR_DELTA_AND_FILE {
            assert_eq!(
                plain.header(name),
                delta.header(name),
                "{name}, {headers:?}"
            );
        }
    }
    assert_eq!(delta.header("content-type"), "application/wasm");
    assert_eq!(
        delta.header("vary"),
        "accept-encoding, available-dictionary"
    );
    assert_eq!(
        delta.header("use-as-dictionary"),
        "match=\"/versions/*/header-app-*_bg.wasm\""
    );
    let dot = http::get(
        &format!(
            "{origin}/{}",
            v2.assets
                .wasm
                .file
                .replace("versions/", "versions/.deltas/")
        ),
        &[],
    )
    .await
    .unwrap();
    assert_eq!(dot.status, 400, "the deltas have no URL of their own");
}
