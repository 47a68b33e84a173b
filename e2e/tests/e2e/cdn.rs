//! The stack behind a CDN tier (Varnish standing in for an edge, in front of the nginx module
//! origins): a deploy reaches an open page through the cache within the watch interval, and
//! each code file costs its origin one request however many clients load it.

use crate::support;

use std::time::{Duration, Instant};

use flotilla_contract::policy::UpdateMode;
use flotilla_contract::{Manifest, Registry};
use flotilla_e2e::hosting::NginxHosting;
use flotilla_e2e::{http, ws, Browser};
use support::{header_v2_dist, HEADER_V2};

/// How often the page checks for updates in these tests.
const INTERVAL_MS: u32 = 1_000;

fn watched(registry: &mut Registry) {
    registry.updates.interval_ms = INTERVAL_MS;
    registry.updates.max_interval_ms = 4_000;
    for remote in &mut registry.remotes {
        if remote.name == "header-app" {
            remote.update = UpdateMode::Auto;
        }
    }
}

#[tokio::test]
async fn a_deploy_reaches_the_open_page_through_the_cache_within_the_watch_interval() {
    let hosting = NginxHosting::start(watched, true).await;
    let browser = Browser::open_at(&hosting.shell_url()).await.unwrap();
    browser.wait_slot("header", "mounted").await.unwrap();
    let manifest = format!("{}/mf-manifest.json", hosting.page_origin("header-app"));
    let before = http::get(&manifest, &[]).await.unwrap();
    assert_eq!(
        before.header("cache-control"),
        "no-cache",
        "browsers revalidate"
    );
    assert!(
        before.header("cdn-cache-control").is_empty(),
        "the edge keeps its own header"
    );

    // Timed from the switch, which ends the publish (copying and computing deltas come first).
    xtask::deploy::publish(&hosting.module_dir("header-app"), &header_v2_dist()).unwrap();
    let deployed = Instant::now();
    browser
        .wait_slot_version("header", HEADER_V2)
        .await
        .unwrap();
    let took = deployed.elapsed();
    // The edge keeps a manifest max-age (1 s) and answers one poll from its stale copy while
    // it revalidates: at most about two intervals and the max-age.
    let bound = Duration::from_millis(u64::from(2 * INTERVAL_MS) + 1_000 + 1_500);
    assert!(
        took < bound,
        "the deploy took {took:?} to reach the page (bound {bound:?})"
    );
    let after = http::get(&manifest, &[]).await.unwrap();
    assert_ne!(after.header("etag"), before.header("etag"));
    browser.close().await;
}

#[tokio::test]
async fn each_code_file_costs_the_origin_one_request_however_many_clients_load_it() {
    let hosting = NginxHosting::start(|_| {}, true).await;
    let url = hosting.shell_url();
    let (a, b) = tokio::join!(Browser::open_at(&url), Browser::open_at(&url));
    let browsers = [a.unwrap(), b.unwrap()];
    for browser in &browsers {
        browser.wait_slot("header", "mounted").await.unwrap();
        browser.wait_slot("content", "mounted").await.unwrap();
    }
    let mut code = Vec::new();
    for app in ws().modules() {
        let origin = hosting.page_origin(&app.name);
        let text = http::get(&format!("{origin}/mf-manifest.json"), &[])
            .await
            .unwrap();
        let manifest = Manifest::from_json(&String::from_utf8_lossy(&text.body)).unwrap();
        let assets = &manifest.assets;
        for asset in [&assets.js, &assets.wasm].into_iter().chain(&assets.css) {
            code.push(format!("{origin}/{}", asset.file));
        }
    }
    // Twenty more clients at once, for every file.
    let mut clients = Vec::new();
    for _ in 0..20 {
        for url in &code {
            let url = url.clone();
            clients.push(tokio::spawn(async move {
                http::get(&url, &[("Accept-Encoding", "gzip, deflate, br, zstd")])
                    .await
                    .unwrap()
            }));
        }
    }
    for client in clients {
        let response = client.await.unwrap();
        assert_eq!(response.status, 200);
    }
    for url in &code {
        let path = url.splitn(4, '/').nth(3).unwrap();
        assert_eq!(
            hosting.origin_requests(&format!("/{path}")),
            1,
            "{url}: the origin was asked more than once (nginx log:\n{})",
            hosting.nginx.access_log()
        );
    }
    let hit = http::get(&code[0], &[("Accept-Encoding", "br")])
        .await
        .unwrap();
    assert_eq!(hit.header("x-cache"), "HIT");
    for browser in browsers {
        browser.close().await;
    }
}
