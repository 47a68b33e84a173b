//! The composition snapshot: the page carries the registry and manifests and preload hints, so
//! every module's code is fetched while the HTML is parsed, once; the page also composes with
//! no snapshot (a static host), from a static page written by `cargo xtask page`, and from a
//! snapshot older than a deploy.

use crate::support;

use std::time::Duration;

use flotilla_contract::policy::UpdateMode;
use flotilla_contract::Registry;
use flotilla_e2e::{point, serve_folder, stack_configured, stack_with, Browser, DeployedOrigin};
use serde_json::{json, Value};
use support::{header_v2_dist, ImagePage};

/// No update check during a test: every manifest request counted is the load's own.
fn quiet(r: &mut Registry) {
    r.updates.interval_ms = 600_000;
    r.updates.max_interval_ms = 600_000;
}

/// Downloads by URL, counted from the resource timings: `{ url: n }`. An entry served from
/// the HTTP cache (transfer size 0; module origins send `Timing-Allow-Origin`) is no download.
async fn downloads(browser: &Browser) -> serde_json::Map<String, Value> {
    let counts = browser
        .eval(
            "const n = {}; for (const e of performance.getEntriesByType('resource')) \
             if (e.transferSize > 0) n[e.name] = (n[e.name] || 0) + 1; return n;",
            vec![],
        )
        .await
        .unwrap();
    counts.as_object().unwrap().clone()
}

/// Both modules mounted and the image shown; returns what was downloaded.
async fn composed(browser: &Browser) -> serde_json::Map<String, Value> {
    browser.wait_slot("header", "mounted").await.unwrap();
    browser.wait_slot("content", "mounted").await.unwrap();
    browser.shown_image().await.unwrap();
    downloads(browser).await
}

/// Every module code file (glue, wasm, CSS) was downloaded exactly once; returns how many.
fn each_code_file_once(downloads: &serde_json::Map<String, Value>, origins: &[String]) -> usize {
    let code: Vec<_> = downloads
        .iter()
        .filter(|(url, _)| origins.iter().any(|o| url.starts_with(o.as_str())))
        .filter(|(url, _)| [".js", ".wasm", ".css"].iter().any(|x| url.ends_with(x)))
        .collect();
    for (url, n) in &code {
        assert_eq!(
            **n,
            json!(1),
            "{url} was downloaded {n} times: {downloads:?}"
        );
    }
    code.len()
}

fn fetched(downloads: &serde_json::Map<String, Value>, suffix: &str) -> u64 {
    downloads
        .iter()
        .filter(|(url, _)| url.ends_with(suffix))
        .map(|(_, n)| n.as_u64().unwrap())
        .sum()
}

/// Every module origin of the stack.
fn module_origins(stack: &xtask::serve::Stack) -> Vec<String> {
    stack
        .modules
        .iter()
        .map(|(m, _)| stack.module_origin(m))
        .collect()
}

/// The glue, wasm and CSS of header-app and home-app (the modules `/` mounts) were each
/// downloaded once; a module of another route may have been prefetched, also once.
fn page_code_once(got: &serde_json::Map<String, Value>, stack: &xtask::serve::Stack) {
    let on_page: Vec<String> = ["header-app", "home-app"]
        .iter()
        .map(|m| stack.module_origin(m))
        .collect();
    let all = each_code_file_once(got, &module_origins(stack));
    let page = each_code_file_once(got, &on_page);
    assert_eq!(page, 6, "{got:?}");
    assert!(all >= page);
}

/// The snapshot block's content, or null.
async fn snapshot_block(browser: &Browser) -> Value {
    browser
        .eval(
            "const b = document.getElementById('flotilla-snapshot'); \
             return b ? JSON.parse(b.textContent) : null;",
            vec![],
        )
        .await
        .unwrap()
}

#[tokio::test]
async fn the_page_carries_the_composition_and_each_code_file_is_downloaded_once() {
    let stack = stack_with(quiet).await;
    let browser = Browser::open_at(&stack.shell_url()).await.unwrap();
    let got = composed(&browser).await;
    let block = snapshot_block(&browser).await;
    assert_eq!(
        block["manifests"].as_object().map(|m| m.len()),
        Some(stack.registry.remotes.len()),
        "{block}"
    );
    let hints = browser
        .eval(
            "return [...document.querySelectorAll('link[rel=preload]:is([as=fetch],[as=style])[crossorigin][integrity]')] \
               .filter(l => !l.href.startsWith(location.origin)).length;",
            vec![],
        )
        .await
        .unwrap();
    page_code_once(&got, &stack);
    // Glue, wasm and CSS of each module of the route: hinted; no other module's.
    assert_eq!(hints, json!(6), "{hints} hints");
    // The slots' stylesheets took the preloads: no second request, not even a cache read.
    let css = browser
        .eval(
            "return performance.getEntriesByType('resource').map(e => e.name) \
               .filter(u => u.endsWith('.css') && !u.startsWith(location.origin));",
            vec![],
        )
        .await
        .unwrap();
    let css: Vec<String> = serde_json::from_value(css).unwrap();
    for module in ["header-app", "home-app"] {
        let origin = stack.module_origin(module);
        let reads = css.iter().filter(|u| u.starts_with(&origin)).count();
        assert_eq!(reads, 1, "{module}'s stylesheet: {css:?}");
    }
    assert_eq!(fetched(&got, "/mf-manifest.json"), 0, "{got:?}");
    assert_eq!(fetched(&got, "/remotes.json"), 0, "{got:?}");
    for slot in ["header", "content"] {
        let load = browser.slot_data(slot, "load-ms").await.unwrap();
        assert!(load.contains("preloaded=3"), "{slot}: {load}");
        // Its glue was parsed while the shell started, and that is what ran.
        assert!(load.contains("preparsed=1"), "{slot}: {load}");
    }
    browser.close().await;
}

#[tokio::test]
async fn without_a_snapshot_the_page_fetches_registry_and_manifests_itself() {
    let stack = stack_configured(|c| c.snapshot = None, quiet).await;
    let browser = Browser::open_at(&stack.shell_url()).await.unwrap();
    let got = composed(&browser).await;
    assert_eq!(snapshot_block(&browser).await, Value::Null);
    page_code_once(&got, &stack);
    assert_eq!(fetched(&got, "/remotes.json"), 1, "{got:?}");
    // Those of the route's modules, and at most once more for a prefetch.
    let manifests = fetched(&got, "/mf-manifest.json");
    assert!((2..=3).contains(&manifests), "{got:?}");
    browser.close().await;
}

#[tokio::test]
async fn a_static_page_written_by_the_page_command_composes() {
    let stack = stack_configured(|c| c.snapshot = None, quiet).await;
    let site = tempfile::tempdir().unwrap();
    let shell = flotilla_e2e::ws().shell().unwrap().dist_dir();
    let left_out = xtask::cmd::page::write_site(&shell, &stack.registry, site.path())
        .await
        .unwrap();
    assert!(left_out.is_empty(), "{left_out:?}");
    // A plain file server: no server logic, no snapshot refresh.
    let (origin, _server) = serve_folder(site.path()).await;
    let browser = Browser::open_at(&format!("{origin}/")).await.unwrap();
    let got = composed(&browser).await;
    assert_eq!(
        snapshot_block(&browser).await["manifests"]
            .as_object()
            .map(|m| m.len()),
        Some(stack.registry.remotes.len())
    );
    page_code_once(&got, &stack);
    assert_eq!(fetched(&got, "/mf-manifest.json"), 0, "{got:?}");

    // `/favorites/` has a page of its own, preloading its modules' code and no other.
    browser.goto(&format!("{origin}/favorites/")).await.unwrap();
    browser.wait_slot("favorites", "mounted").await.unwrap();
    let hinted = browser
        .eval(
            "return [...document.querySelectorAll('link[rel=preload]')].map(l => l.href);",
            vec![],
        )
        .await
        .unwrap();
    let hinted: Vec<String> = serde_json::from_value(hinted).unwrap();
    let from = |module: &str| {
        let origin = stack.module_origin(module);
        hinted.iter().filter(|h| h.starts_with(&origin)).count()
    };
    assert!(from("favorites-app") >= 2, "{hinted:?}");
    assert!(from("header-app") >= 2, "{hinted:?}");
    assert_eq!(from("home-app"), 0, "{hinted:?}");
    browser.close().await;
}

#[tokio::test]
async fn a_deploy_shows_in_new_page_loads_within_two_seconds() {
    let origin = DeployedOrigin::of("header-app").await;
    let url = origin.manifest_url();
    let stack = stack_with(|r| {
        point(r, "header-app", &url);
        quiet(r);
    })
    .await;
    tokio::time::sleep(Duration::from_millis(500)).await;
    origin.deploy(&header_v2_dist());
    tokio::time::sleep(Duration::from_secs(2)).await;
    let browser = Browser::open_at(&stack.shell_url()).await.unwrap();
    let got = composed(&browser).await;
    assert_eq!(
        browser.slot_data("header", "version").await.unwrap(),
        "2.0.0"
    );
    assert_eq!(
        fetched(&got, "/mf-manifest.json"),
        0,
        "v2 came from the snapshot: {got:?}"
    );
    browser.close().await;
}

#[tokio::test]
async fn a_snapshot_older_than_a_deploy_composes_and_the_page_then_updates() {
    let origin = DeployedOrigin::of("header-app").await;
    let url = origin.manifest_url();
    // Taken once when the server starts, never refreshed.
    let stack = stack_configured(
        |c| c.snapshot = Some(Duration::from_secs(3_600)),
        |r| {
            point(r, "header-app", &url);
            r.remotes[0].update = UpdateMode::Auto;
            r.updates.interval_ms = 300;
        },
    )
    .await;
    tokio::time::sleep(Duration::from_millis(500)).await;
    origin.deploy(&header_v2_dist());
    let browser = Browser::open_at(&stack.shell_url()).await.unwrap();
    let block = snapshot_block(&browser).await;
    assert_eq!(
        block["manifests"][&url]["version"],
        json!("1.0.0"),
        "{block}"
    );
    browser.wait_slot("content", "mounted").await.unwrap();
    browser.wait_slot_version("header", "2.0.0").await.unwrap();
    browser.next_image().await.unwrap();
    browser.close().await;
}
