//! home-app's remote image source: a picsum-style list API served on loopback.

use crate::support;

use flotilla_e2e::{serve_folder, stack_with, Browser};
use serde_json::json;
use support::ImagePage;

fn list_folder() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let images = xtask::workspace::root().join("home-app/images");
    std::fs::create_dir(dir.path().join("photos")).unwrap();
    for name in ["coffee.jpg", "rocket.jpg"] {
        std::fs::copy(images.join(name), dir.path().join("photos").join(name)).unwrap();
    }
    let list = json!([
        { "id": "7", "author": "Ada Example", "url": "https://example.org/7", "download_url": "photos/coffee.jpg" },
        { "id": "8", "author": "Bo Example", "url": "https://example.org/8", "download_url": "photos/rocket.jpg" }
    ]);
    std::fs::write(dir.path().join("list.json"), list.to_string()).unwrap();
    dir
}

/// The page with home-app's `source` prop set to `path` on a loopback list server.
struct SourcePage {
    origin: String,
    browser: Browser,
    _stack: xtask::serve::Stack,
    _server: tokio::task::JoinHandle<()>,
    _dir: tempfile::TempDir,
}

impl SourcePage {
    async fn open(path: &str) -> Self {
        let dir = list_folder();
        let (origin, server) = serve_folder(dir.path()).await;
        let list = format!("{origin}/{path}");
        let stack = stack_with(|r| {
            r.remotes[1].props.insert("source".into(), json!(list));
        })
        .await;
        let browser = Browser::open_at(&stack.shell_url()).await.unwrap();
        SourcePage {
            origin,
            browser,
            _stack: stack,
            _server: server,
            _dir: dir,
        }
    }
}

#[tokio::test]
async fn remote_list_source_supplies_images_and_credits() {
    let page = SourcePage::open("list.json").await;
    let (origin, browser) = (&page.origin, &page.browser);
    browser.wait_slot("content", "mounted").await.unwrap();
    let first = browser.shown_image().await.unwrap();
    assert!(first.starts_with(&format!("{origin}/photos/")), "{first}");
    let credit = browser
        .slot_text("content", ".fl-image__credit")
        .await
        .unwrap();
    assert!(
        credit.contains("Example") && credit.contains("Unsplash License"),
        "{credit}"
    );
    let second = browser.next_image().await.unwrap();
    assert!(
        second.starts_with(&format!("{origin}/photos/")) && second != first,
        "{second}"
    );
    page.browser.close().await;
}

#[tokio::test]
async fn failing_source_shows_the_module_error_state() {
    let page = SourcePage::open("no-such-list.json").await;
    let browser = &page.browser;
    browser.wait_slot("content", "mounted").await.unwrap();
    let alert = browser
        .wait_for(
            "the module's error state",
            "const root = document.querySelector('[data-flotilla-slot=\"content\"] .flotilla-slot__module').shadowRoot; \
             return root.querySelector('[role=alert]')?.textContent;",
            vec![],
        )
        .await
        .unwrap();
    let alert = alert.as_str().unwrap();
    assert!(
        alert.contains("no-such-list.json") && alert.contains("HTTP 404"),
        "{alert}"
    );
    // The module failed inside itself, so the slot stays mounted and the button stays usable.
    let disabled = browser
        .in_slot("content", "button")
        .await
        .unwrap()
        .attr("disabled")
        .await
        .unwrap();
    assert_eq!(disabled, None);
    page.browser.close().await;
}
