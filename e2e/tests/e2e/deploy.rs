//! Deploying a module on its own while the page is open: hot update (auto and prompt),
//! rollback, a broken deploy that is not applied, and the pause while the tab is hidden.

use crate::support;

use std::time::Duration;

use flotilla_contract::policy::UpdateMode;
use flotilla_contract::Registry;
use flotilla_e2e::{point, stack_with, Browser, DeployedOrigin, ModuleCopy};
use serde_json::json;
use support::{header_v2_dist, ImagePage};
use xtask::serve::Stack;

/// A page whose header comes from a deploy folder, checked for updates every 300 ms.
async fn page(mode: UpdateMode) -> (DeployedOrigin, Stack, Browser) {
    let origin = DeployedOrigin::of("header-app").await;
    let url = origin.manifest_url();
    let stack = stack_with(|r: &mut Registry| {
        point(r, "header-app", &url);
        r.remotes[0].update = mode;
        r.updates.interval_ms = 300;
        r.updates.max_interval_ms = 2_000;
    })
    .await;
    let browser = Browser::open_at(&stack.shell_url()).await.unwrap();
    browser.wait_slot("header", "mounted").await.unwrap();
    // A navigation would lose this.
    browser
        .eval("window.__stillTheSamePage = true;", vec![])
        .await
        .unwrap();
    (origin, stack, browser)
}

async fn header_build_text(browser: &Browser) -> String {
    browser
        .slot_text("header", ".fl-header__build")
        .await
        .unwrap()
}

async fn same_page(browser: &Browser) -> bool {
    browser
        .eval("return window.__stillTheSamePage === true;", vec![])
        .await
        .unwrap()
        == json!(true)
}

#[tokio::test]
async fn a_deploy_reaches_the_open_page_and_a_rollback_takes_it_back() {
    let (origin, _stack, browser) = page(UpdateMode::Auto).await;
    let image = browser.shown_image().await.unwrap();
    assert_eq!(header_build_text(&browser).await, "header-app v1.0.0");

    let id = origin.deploy(&header_v2_dist());
    assert!(id.starts_with("2.0.0-"), "{id}");
    browser.wait_slot_version("header", "2.0.0").await.unwrap();
    assert_eq!(header_build_text(&browser).await, "header-app v2.0.0");
    let v2_look = browser
        .in_slot_js(
            "header",
            "return !!root.querySelector('.fl-header[data-look=\"v2\"]');",
        )
        .await
        .unwrap();
    assert_eq!(v2_look, json!(true));
    assert!(same_page(&browser).await, "the page navigated");
    assert_eq!(
        browser.shown_image().await.unwrap(),
        image,
        "home-app's image changed"
    );

    origin.rollback();
    browser.wait_slot_version("header", "1.0.0").await.unwrap();
    assert_eq!(header_build_text(&browser).await, "header-app v1.0.0");
    assert!(same_page(&browser).await, "the page navigated");
    assert_eq!(browser.shown_image().await.unwrap(), image);
    browser.close().await;
}

#[tokio::test]
async fn prompt_policy_offers_the_new_version_and_applies_it_on_click() {
    let (origin, _stack, browser) = page(UpdateMode::Prompt).await;
    origin.deploy(&header_v2_dist());
    let offer = browser
        .wait_for(
            "the update offer",
            "return document.querySelector('[data-flotilla-slot=\"header\"] .flotilla-update')?.innerText;",
            vec![],
        )
        .await
        .unwrap();
    assert!(
        offer
            .as_str()
            .unwrap()
            .contains("header-app 2.0.0 is available"),
        "{offer}"
    );
    assert_eq!(
        browser.slot_data("header", "version").await.unwrap(),
        "1.0.0",
        "prompt must not swap by itself"
    );
    browser
        .client
        .find(fantoccini::Locator::Css(
            "[data-flotilla-slot=\"header\"] .flotilla-update__apply",
        ))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    browser.wait_slot_version("header", "2.0.0").await.unwrap();
    browser
        .wait_for(
            "the offer to go",
            "return !document.querySelector('[data-flotilla-slot=\"header\"] .flotilla-update');",
            vec![],
        )
        .await
        .unwrap();
    // And it does not come back: v2 is what runs now.
    tokio::time::sleep(Duration::from_millis(1_000)).await;
    let offer = browser
        .eval(
            "return document.querySelector('[data-flotilla-slot=\"header\"] .flotilla-update')?.innerText ?? null;",
            vec![],
        )
        .await
        .unwrap();
    assert_eq!(offer, json!(null));
    assert!(same_page(&browser).await);
    browser.close().await;
}

#[tokio::test]
async fn a_broken_deploy_is_not_applied_and_v1_keeps_working() {
    let (origin, _stack, browser) = page(UpdateMode::Auto).await;
    let broken = ModuleCopy::from_dir(&header_v2_dist());
    let wasm = broken.manifest().assets.wasm.file;
    let bytes = std::fs::read(broken.path(&wasm)).unwrap();
    std::fs::write(broken.path(&wasm), &bytes[..bytes.len() / 2]).unwrap();
    for ext in ["br", "gz"] {
        let _ = std::fs::remove_file(broken.path(&format!("{wasm}.{ext}")));
    }
    origin.deploy(broken.dir.path());

    let notice = browser
        .wait_for(
            "the failed-update notice",
            "return document.querySelector('[data-flotilla-slot=\"header\"] .flotilla-notice')?.innerText;",
            vec![],
        )
        .await
        .unwrap();
    let notice = notice.as_str().unwrap();
    assert!(
        notice.contains("FLO-203") && notice.contains(&wasm),
        "{notice}"
    );
    assert_eq!(
        browser.slot_data("header", "version").await.unwrap(),
        "1.0.0"
    );
    assert_eq!(
        browser.slot_data("header", "state").await.unwrap(),
        "mounted"
    );
    assert_eq!(header_build_text(&browser).await, "header-app v1.0.0");
    browser.next_image().await.unwrap();

    // The watcher does not try the same broken build again and again.
    tokio::time::sleep(Duration::from_millis(1_500)).await;
    let fetched = browser
        .eval(
            "return performance.getEntriesByType('resource').filter(e => e.name.endsWith(arguments[0])).length;",
            vec![json!(wasm)],
        )
        .await
        .unwrap();
    assert!(
        fetched.as_u64().unwrap() <= 2,
        "broken wasm fetched {fetched} times"
    );
    browser.close().await;
}

#[tokio::test]
async fn no_checks_while_the_tab_is_hidden() {
    let (origin, _stack, browser) = page(UpdateMode::Auto).await;
    browser
        .eval(
            "Object.defineProperty(document, 'hidden', { configurable: true, get: () => true }); \
             document.dispatchEvent(new Event('visibilitychange'));",
            vec![],
        )
        .await
        .unwrap();
    // Let a check that was already under way finish before deploying.
    tokio::time::sleep(Duration::from_millis(800)).await;
    origin.deploy(&header_v2_dist());
    tokio::time::sleep(Duration::from_millis(2_000)).await;
    assert_eq!(
        browser.slot_data("header", "version").await.unwrap(),
        "1.0.0",
        "updated while hidden"
    );
    browser
        .eval(
            "Object.defineProperty(document, 'hidden', { configurable: true, get: () => false }); \
             document.dispatchEvent(new Event('visibilitychange'));",
            vec![],
        )
        .await
        .unwrap();
    browser.wait_slot_version("header", "2.0.0").await.unwrap();
    browser.close().await;
}

#[tokio::test]
async fn a_deployed_module_finds_its_own_files_on_the_page_and_standalone() {
    let origin = DeployedOrigin::of("home-app").await;
    let url = origin.manifest_url();
    let stack = stack_with(|r: &mut Registry| point(r, "home-app", &url)).await;
    let browser = Browser::open_at(&stack.shell_url()).await.unwrap();
    let image = browser.shown_image().await.unwrap();
    assert!(
        image.starts_with(&format!("{}/versions/1.0.0-", origin.origin)),
        "{image}"
    );
    browser.next_image().await.unwrap();

    browser.goto(&format!("{}/", origin.origin)).await.unwrap();
    let standalone = browser
        .wait_for(
            "the standalone image",
            "const img = document.querySelector('.fl-image__frame img'); \
             return img && img.complete && img.naturalWidth > 0 ? img.src : null;",
            vec![],
        )
        .await
        .unwrap();
    assert!(
        standalone.as_str().unwrap().contains("/versions/1.0.0-"),
        "{standalone}"
    );
    browser.close().await;
}
