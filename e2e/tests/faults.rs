//! One module broken, the rest of the page working: each fault shows its code in its slot.

use flotilla_e2e::{point, stack_with, BrokenPage, Browser, ModuleCopy};
use serde_json::json;

/// Asserts the header still renders and the image module still answers a click.
async fn other_module_works(browser: &Browser, slot: &str) {
    browser.wait_slot(slot, "mounted").await.unwrap();
    if slot == "header" {
        let title = browser.slot_text("header", "h1").await.unwrap();
        assert_eq!(title, "Flotilla");
    } else {
        browser.next_image().await.unwrap();
    }
}

async fn failed_with(browser: &Browser, slot: &str, code: &str) -> String {
    browser.wait_slot(slot, "failed").await.unwrap();
    assert_eq!(browser.slot_data(slot, "error-code").await.unwrap(), code);
    let text = browser.error_text(slot).await.unwrap();
    assert!(text.contains(code), "{text}");
    assert!(text.contains("Retry"), "no Retry in {text}");
    text
}

/// Rewrites the copy's manifest text.
fn edit_manifest(copy: &ModuleCopy, edit: impl FnOnce(String) -> String) {
    let path = copy.path("mf-manifest.json");
    let text = std::fs::read_to_string(&path).unwrap();
    std::fs::write(path, edit(text)).unwrap();
}

#[tokio::test]
async fn missing_manifest_shows_http_error_and_the_header_still_works() {
    let stack = stack_with(|r| {
        let home = r.remotes[1]
            .manifest
            .replace("mf-manifest.json", "gone/mf-manifest.json");
        point(r, "home-app", &home);
    })
    .await;
    let browser = Browser::open_at(&stack.shell_url()).await.unwrap();
    let text = failed_with(&browser, "content", "FLO-102").await;
    assert!(
        text.contains("gone/mf-manifest.json") && text.contains("HTTP 404"),
        "{text}"
    );
    assert!(text.contains("home-app could not be loaded"), "{text}");
    other_module_works(&browser, "header").await;
    browser.close().await;
}

#[tokio::test]
async fn malformed_manifest_is_named_and_the_image_module_still_works() {
    let page = BrokenPage::open("header-app", |copy| {
        edit_manifest(copy, |text| text[..text.len() / 2].to_owned())
    })
    .await;
    let text = failed_with(&page.browser, "header", "FLO-103").await;
    assert!(
        text.contains(&page.manifest_url) && text.contains("not valid JSON"),
        "{text}"
    );
    other_module_works(&page.browser, "content").await;
    page.browser.close().await;
}

#[tokio::test]
async fn invalid_manifest_field_is_named() {
    let page = BrokenPage::open("header-app", |copy| {
        edit_manifest(copy, |text| {
            let mut m: serde_json::Value = serde_json::from_str(&text).unwrap();
            m["assets"]["wasm"]["file"] = json!("../../etc/passwd.wasm");
            m.to_string()
        })
    })
    .await;
    let text = failed_with(&page.browser, "header", "FLO-103").await;
    assert!(text.contains("assets.wasm.file"), "{text}");
    other_module_works(&page.browser, "content").await;
    page.browser.close().await;
}

#[tokio::test]
async fn unsupported_abi_names_the_versions() {
    let page = BrokenPage::open("home-app", |copy| {
        edit_manifest(copy, |text| {
            text.replace("\"abi_version\": 1", "\"abi_version\": 9")
        })
    })
    .await;
    let text = failed_with(&page.browser, "content", "FLO-104").await;
    assert!(
        text.contains("`abi_version` is 9; this host mounts [1]"),
        "{text}"
    );
    other_module_works(&page.browser, "header").await;
    page.browser.close().await;
}

#[tokio::test]
async fn tampered_wasm_fails_integrity_and_never_runs() {
    let page = BrokenPage::open("home-app", |copy| {
        let wasm = copy.manifest().assets.wasm.file;
        let mut bytes = std::fs::read(copy.path(&wasm)).unwrap();
        bytes.truncate(bytes.len() - 100);
        std::fs::write(copy.path(&wasm), bytes).unwrap();
        for ext in ["br", "gz"] {
            let _ = std::fs::remove_file(copy.path(&format!("{wasm}.{ext}")));
        }
    })
    .await;
    let wasm = page.copy.manifest().assets.wasm.file;
    let text = failed_with(&page.browser, "content", "FLO-203").await;
    assert!(
        text.contains(&wasm) && text.contains("expected sha384-"),
        "{text}"
    );
    other_module_works(&page.browser, "header").await;
    page.browser.close().await;
}

#[tokio::test]
async fn origin_not_on_the_allow_list_is_never_contacted() {
    let copy = ModuleCopy::of("header-app");
    let (origin, _server) = copy.serve().await;
    let url = format!("{origin}/mf-manifest.json");
    let stack = stack_with(|r| {
        r.remotes[0].manifest = url.clone();
    })
    .await;
    let browser = Browser::open_at(&stack.shell_url()).await.unwrap();
    let text = failed_with(&browser, "header", "FLO-105").await;
    assert!(
        text.contains(&origin) && text.contains("not allowed"),
        "{text}"
    );
    let contacted = browser
        .eval(
            "return performance.getEntriesByType('resource').some(e => e.name.startsWith(arguments[0]));",
            vec![json!(origin)],
        )
        .await
        .unwrap();
    assert_eq!(
        contacted,
        json!(false),
        "the page fetched from a refused origin"
    );
    other_module_works(&browser, "content").await;
    browser.close().await;
}

#[tokio::test]
async fn retry_recovers_once_the_module_is_deployed() {
    let held_back = std::cell::RefCell::new(Vec::new());
    let page = BrokenPage::open("header-app", |copy| {
        *held_back.borrow_mut() = std::fs::read(copy.path("mf-manifest.json")).unwrap();
        std::fs::remove_file(copy.path("mf-manifest.json")).unwrap();
    })
    .await;
    let browser = &page.browser;
    failed_with(browser, "header", "FLO-102").await;

    std::fs::write(page.copy.path("mf-manifest.json"), held_back.take()).unwrap();
    browser
        .client
        .find(fantoccini::Locator::Css(
            "[data-flotilla-slot=\"header\"] .flotilla-error__retry",
        ))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    browser.wait_slot("header", "mounted").await.unwrap();
    let title = browser.slot_text("header", "h1").await.unwrap();
    assert_eq!(title, "Flotilla");
    assert_eq!(browser.error_text("header").await.unwrap(), "");
    page.browser.close().await;
}
