//! The composed page, as a person sees it: header and image from two other origins.

use crate::support;

use flotilla_e2e::{stack, Browser};
use serde_json::json;
use support::ImagePage;

#[tokio::test]
async fn shell_shows_header_and_image_from_two_other_origins() {
    let stack = stack().await;
    let browser = Browser::open_at(&stack.shell_url()).await.unwrap();
    browser.wait_slot("header", "mounted").await.unwrap();
    browser.wait_slot("content", "mounted").await.unwrap();

    let title = browser.slot_text("header", "h1").await.unwrap();
    assert_eq!(title, "Flotilla");
    let build = browser
        .slot_text("header", ".fl-header__build")
        .await
        .unwrap();
    assert_eq!(build, "header-app v1.0.0");

    let header_origin = stack.module_origin("header-app");
    let home_origin = stack.module_origin("home-app");
    assert_eq!(
        browser.slot_data("header", "origin").await.unwrap(),
        header_origin
    );
    assert_eq!(
        browser.slot_data("content", "origin").await.unwrap(),
        home_origin
    );
    assert_ne!(header_origin, home_origin);
    assert!(!stack.shell_url().starts_with(&header_origin));

    let src = browser.shown_image().await.unwrap();
    assert!(src.starts_with(&format!("{home_origin}/images/")), "{src}");
    let heading = browser.slot_text("content", "h2").await.unwrap();
    assert_eq!(heading, "Random Image");
    let credit = browser
        .slot_text("content", ".fl-image__credit")
        .await
        .unwrap();
    assert!(
        credit.contains(" by ") && credit.contains('·'),
        "credit: {credit}"
    );
    browser.close().await;
}

#[tokio::test]
async fn get_another_image_changes_the_image() {
    let stack = stack().await;
    let browser = Browser::open_at(&stack.shell_url()).await.unwrap();
    browser.wait_slot("content", "mounted").await.unwrap();
    let mut seen = vec![browser.shown_image().await.unwrap()];
    for _ in 0..3 {
        let next = browser.next_image().await.unwrap();
        assert_ne!(&next, seen.last().unwrap());
        seen.push(next);
    }
    // The header is untouched by the clicks in the other module.
    assert_eq!(
        browser.slot_data("header", "state").await.unwrap(),
        "mounted"
    );
    browser.close().await;
}

#[tokio::test]
async fn module_code_is_fetched_once_thanks_to_boot_preloads() {
    let stack = stack().await;
    let browser = Browser::open_at(&stack.shell_url()).await.unwrap();
    browser.wait_slot("header", "mounted").await.unwrap();
    browser.wait_slot("content", "mounted").await.unwrap();
    for slot in ["header", "content"] {
        let load = browser.slot_data(slot, "load-ms").await.unwrap();
        assert!(load.contains("preloaded=3"), "{slot}: {load}");
        // Its glue was parsed while the shell started, and that is what ran.
        assert!(load.contains("preparsed=1"), "{slot}: {load}");
    }
    // Every wasm file was downloaded exactly once (the shell's chunks, fetched on first use,
    // are counted in lazy.rs).
    let counts = browser
        .eval(
            "const n = {}; for (const e of performance.getEntriesByType('resource')) \
             if (e.name.endsWith('.wasm') && !e.name.includes(arguments[0])) \
               n[e.name] = (n[e.name] || 0) + 1; return n;",
            vec![json!(xtask::split::CHUNK_MARK)],
        )
        .await
        .unwrap();
    let counts = counts.as_object().unwrap();
    // The shell and the two modules of `/`; favorites-app's may be there too, prefetched.
    assert!((3..=4).contains(&counts.len()), "{counts:?}");
    assert!(counts.values().all(|n| n == &json!(1)), "{counts:?}");
    browser.close().await;
}

#[tokio::test]
async fn each_module_runs_standalone_on_its_own_origin() {
    let stack = stack().await;
    let browser = Browser::open().await.unwrap();

    browser
        .goto(&format!("{}/", stack.module_origin("header-app")))
        .await
        .unwrap();
    let title = browser
        .wait_for(
            "standalone header",
            "return document.querySelector('h1')?.innerText;",
            vec![],
        )
        .await
        .unwrap();
    assert_eq!(title, json!("Flotilla"));

    browser
        .goto(&format!("{}/", stack.module_origin("home-app")))
        .await
        .unwrap();
    let first = browser
        .wait_for(
            "standalone image",
            "const i = document.querySelector('.fl-image__frame img'); return i && i.complete && i.naturalWidth > 0 ? i.src : null;",
            vec![],
        )
        .await
        .unwrap();
    browser
        .eval("document.querySelector('button').click();", vec![])
        .await
        .unwrap();
    let script = "const i = document.querySelector('.fl-image__frame img'); \
        return i && i.complete && i.naturalWidth > 0 && i.src !== arguments[0] ? i.src : null;";
    browser
        .wait_for("another standalone image", script, vec![first])
        .await
        .unwrap();
    browser.close().await;
}

#[tokio::test]
async fn shell_page_is_served_with_a_strict_content_security_policy() {
    let stack = stack().await;
    let browser = Browser::open_at(&stack.shell_url()).await.unwrap();
    browser.wait_slot("header", "mounted").await.unwrap();
    // An inline script is refused by the page's policy: it never runs.
    let ran = browser
        .eval(
            "const s = document.createElement('script'); s.textContent = 'window.__inlineRan = true'; \
             document.body.append(s); return window.__inlineRan === true;",
            vec![],
        )
        .await
        .unwrap();
    assert_eq!(ran, json!(false));
    browser.close().await;
}

#[tokio::test]
async fn shell_policy_blocks_scripts_from_origins_it_does_not_allow() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("evil.js"), "window.__evil = true;").unwrap();
    let (evil_origin, _server) = flotilla_e2e::serve_folder(dir.path()).await;
    let evil = format!("{evil_origin}/evil.js");
    let stack = stack().await;
    let browser = Browser::open().await.unwrap();
    let inject = "return new Promise((done) => { const s = document.createElement('script'); \
        s.src = arguments[0]; s.onload = () => done('ran: ' + (window.__evil === true)); \
        s.onerror = () => done('blocked'); document.head.append(s); });";

    // Control: on a page without the policy (a module's standalone page) the script runs.
    browser
        .goto(&format!("{}/", stack.module_origin("header-app")))
        .await
        .unwrap();
    assert_eq!(
        browser.eval(inject, vec![json!(evil)]).await.unwrap(),
        json!("ran: true")
    );

    browser.goto(&stack.shell_url()).await.unwrap();
    browser.wait_slot("header", "mounted").await.unwrap();
    assert_eq!(
        browser.eval(inject, vec![json!(evil)]).await.unwrap(),
        json!("blocked")
    );
    assert_eq!(
        browser
            .eval("return window.__evil === true;", vec![])
            .await
            .unwrap(),
        json!(false)
    );
    browser.close().await;
}

#[tokio::test]
async fn a_missing_registry_shows_the_page_error_and_retry_recovers() {
    // The shell on a plain file server with no remotes.json yet (and no snapshot).
    let stack = stack().await;
    let site = PlainSite::open(None).await;
    let browser = &site.browser;
    let text = site.page_error().await;
    assert!(
        text.contains("module list could not be loaded") && text.contains("remotes.json"),
        "{text}"
    );
    // Deployed meanwhile: Retry composes the page without a reload.
    std::fs::write(
        site.dir.path().join("remotes.json"),
        serde_json::to_string(&stack.registry).unwrap(),
    )
    .unwrap();
    browser
        .client
        .find(fantoccini::Locator::Css(
            ".flotilla-error--page .flotilla-error__retry",
        ))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    browser.wait_slot("header", "mounted").await.unwrap();
    browser.wait_slot("content", "mounted").await.unwrap();
    let gone = browser
        .eval(
            "return document.querySelector('.flotilla-error--page') === null;",
            vec![],
        )
        .await
        .unwrap();
    assert_eq!(gone, json!(true));
    site.browser.close().await;
}

#[tokio::test]
async fn a_registry_whose_props_are_not_an_object_is_refused_by_name() {
    let stack = stack().await;
    let mut registry = serde_json::to_value(&stack.registry).unwrap();
    registry["remotes"][0]["props"] = json!(["not", "an", "object"]);
    let site = PlainSite::open(Some(&registry.to_string())).await;
    let browser = &site.browser;
    let text = site.page_error().await;
    assert!(
        text.contains("field `remotes[0].props`: expected a JSON object, found a list")
            && text.contains("remotes.json"),
        "{text}"
    );
    // No slot was started: the host has none to report, and no slot holds a module's element.
    let started = browser
        .eval(
            "return [window.flotilla.slots().length, \
             document.querySelectorAll('.flotilla-slot__module').length];",
            vec![],
        )
        .await
        .unwrap();
    assert_eq!(started, json!([0, 0]));
    site.browser.close().await;
}

/// The shell's build on a plain file server (no snapshot, no server logic), open in a browser.
struct PlainSite {
    dir: tempfile::TempDir,
    _server: tokio::task::JoinHandle<()>,
    browser: Browser,
}

impl PlainSite {
    /// Serves the shell with `registry` as its `remotes.json` (none yet when `None`).
    async fn open(registry: Option<&str>) -> Self {
        let dir = tempfile::tempdir().unwrap();
        let shell = flotilla_e2e::ws().shell().unwrap().dist_dir();
        flotilla_e2e::copy_dir(&shell, dir.path()).unwrap();
        if let Some(registry) = registry {
            std::fs::write(dir.path().join("remotes.json"), registry).unwrap();
        }
        let (origin, _server) = flotilla_e2e::serve_folder(dir.path()).await;
        let browser = Browser::open_at(&format!("{origin}/")).await.unwrap();
        PlainSite {
            dir,
            _server,
            browser,
        }
    }

    /// The text of the page's error, once it shows.
    async fn page_error(&self) -> String {
        let text = self
            .browser
            .wait_for(
                "the page's error",
                "return document.querySelector('.flotilla-error--page')?.innerText ?? null;",
                vec![],
            )
            .await
            .unwrap();
        text.as_str().unwrap().to_owned()
    }
}
