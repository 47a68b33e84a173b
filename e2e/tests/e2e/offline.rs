//! The offline tier: the shell's service worker keeps verified code, so a repeat visit composes
//! with the module origins down (and says so), picks up deploys once they are back, evicts code
//! no manifest uses any more, is replaced by a new shell build without breaking open pages,
//! keeps another origin's code only with the integrity its manifest pins, and costs no second
//! download of any code file.

use crate::support;

use std::time::Duration;

use flotilla_contract::policy::UpdateMode;
use flotilla_contract::Registry;
use flotilla_e2e::chaos::ChaosOrigin;
use flotilla_e2e::worker::OFFLINE_NOTE;
use flotilla_e2e::{point, serve_folder, stack_configured, Browser, DeployedOrigin};
use support::{header_v2_dist, ImagePage};
use xtask::serve::Stack;

/// Header and content from deploy folders (which can be stopped), the header updated at once,
/// manifests checked every 300 ms.
struct Page {
    header: DeployedOrigin,
    content: DeployedOrigin,
    stack: Stack,
    browser: Browser,
}

impl Page {
    async fn open(
        shell_dir: Option<std::path::PathBuf>,
        customize: impl FnOnce(&mut Registry),
    ) -> Page {
        let header = DeployedOrigin::of("header-app").await;
        let content = DeployedOrigin::of("home-app").await;
        let (h, c) = (header.manifest_url(), content.manifest_url());
        let stack = stack_configured(
            |config| config.shell_dir = shell_dir,
            |r: &mut Registry| {
                point(r, "header-app", &h);
                point(r, "home-app", &c);
                r.remotes[0].update = UpdateMode::Auto;
                r.updates.interval_ms = 300;
                r.updates.max_interval_ms = 1_000;
                r.offline.deadline_ms = 1_000;
                customize(r);
            },
        )
        .await;
        let browser = Browser::open_at(&stack.shell_url()).await.unwrap();
        for slot in ["header", "content"] {
            browser.wait_slot(slot, "mounted").await.unwrap();
        }
        Page {
            header,
            content,
            stack,
            browser,
        }
    }

    async fn wait_note(&self, shown: bool) {
        let started = std::time::Instant::now();
        while self.browser.offline_note().await.unwrap() != shown {
            assert!(
                started.elapsed() < Duration::from_secs(20),
                "the page still {} \"{OFFLINE_NOTE}\"",
                if shown { "does not say" } else { "says" }
            );
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }
}

#[tokio::test]
async fn a_repeat_visit_composes_from_the_worker_with_the_module_origins_down() {
    let mut page = Page::open(None, |_| {}).await;
    let mut code = page.header.code_urls();
    code.extend(page.content.code_urls());
    // A first visit: the worker took over after the page loaded, and keeps what it loaded.
    page.browser.wait_cached(&code).await.unwrap();
    // The manifests are kept after the code they name: stopping the origins before that would
    // leave the page nothing to compose from.
    let manifests = [page.header.manifest_url(), page.content.manifest_url()];
    page.browser.wait_last_copies(&manifests).await.unwrap();
    assert!(!page.browser.offline_note().await.unwrap());

    // Nothing left but the worker's copies: the origins are down and the HTTP cache is empty.
    page.header.stop();
    page.content.stop();
    page.browser.clear_http_cache().await.unwrap();
    page.browser.goto(&page.stack.shell_url()).await.unwrap();
    for slot in ["header", "content"] {
        page.browser.wait_slot(slot, "mounted").await.unwrap();
    }
    assert_eq!(
        page.browser
            .slot_text("header", ".fl-header__build")
            .await
            .unwrap(),
        "header-app v1.0.0"
    );
    page.wait_note(true).await;
    let delivered = page.browser.delivered_from(&code).await.unwrap();
    assert!(
        delivered.iter().all(|(_, from)| from == "cache-storage"),
        "every code file from the worker's Cache Storage: {delivered:?}"
    );
    let state = page.browser.worker_state().await.unwrap();
    assert!(
        state
            .failing
            .iter()
            .any(|u| u == &page.header.manifest_url()),
        "{state:?}"
    );

    // The origins are back and the header has a new version: the open page takes it and no
    // longer says it is offline.
    page.header.restart().await;
    page.content.restart().await;
    page.header.deploy(&header_v2_dist());
    page.browser
        .wait_slot_version("header", "2.0.0")
        .await
        .unwrap();
    page.wait_note(false).await;
    // Images come from the content's origin: none while it was down, one again now.
    let button = page.browser.in_slot("content", "button").await.unwrap();
    button.click().await.unwrap();
    page.browser.shown_image().await.unwrap();
}

#[tokio::test]
async fn each_code_file_reaches_its_origin_once_the_worker_and_a_reload_included() {
    // Origins that count the requests they receive; the offline tier as configured by default.
    let header = ChaosOrigin::up("header-app").await;
    let content = ChaosOrigin::up("home-app").await;
    let (h, c) = (header.manifest_url(), content.manifest_url());
    let stack = stack_configured(
        |_| {},
        |r: &mut Registry| {
            point(r, "header-app", &h);
            point(r, "home-app", &c);
        },
    )
    .await;
    let browser = Browser::open_at(&stack.shell_url()).await.unwrap();
    let mut files = Vec::new();
    for origin in [&header, &content] {
        let assets = origin.copy.manifest().assets;
        for asset in [assets.js, assets.wasm].into_iter().chain(assets.css) {
            files.push((origin, asset.file));
        }
    }
    let urls: Vec<String> = files
        .iter()
        .map(|(origin, file)| format!("{}/{file}", origin.origin()))
        .collect();
    // The worker took over after the page loaded and kept what it loaded, from the HTTP cache.
    browser.wait_cached(&urls).await.unwrap();
    let served = |when: &str| {
        for (origin, file) in &files {
            assert_eq!(
                origin.hits(&format!("/{file}")),
                1,
                "{} served {file} other than once {when}",
                origin.origin()
            );
        }
    };
    served("on a first visit");
    browser.goto(&stack.shell_url()).await.unwrap();
    for slot in ["header", "content"] {
        browser.wait_slot(slot, "mounted").await.unwrap();
    }
    served("after a reload");
    browser.close().await;
}

#[tokio::test]
async fn code_of_another_origin_is_kept_only_with_the_integrity_pinned_for_it() {
    // Another origin's files (allowed, so the page's policy lets the worker fetch them).
    let dir = tempfile::tempdir().unwrap();
    let bytes = b"export const answer = 42;\n";
    let names = ["none", "wrong", "right"].map(|n| format!("{n}-0123456789abcdef.js"));
    for name in &names {
        std::fs::write(dir.path().join(name), bytes).unwrap();
    }
    let (origin, server) = serve_folder(dir.path()).await;
    let allowed = origin.clone();
    let page = Page::open(None, |r| r.allowed_origins.push(allowed)).await;
    let mut code = page.header.code_urls();
    code.extend(page.content.code_urls());
    // The page's first load, handed over with each module file's integrity from its manifest.
    page.browser.wait_cached(&code).await.unwrap();

    // The other origin's files, handed over as a page would after its first load.
    let url = |name: &String| format!("{origin}/{name}");
    let pinned = xtask::manifest::integrity(bytes);
    let other = xtask::manifest::integrity(b"export const answer = 41;\n");
    let files = [
        (url(&names[0]), String::new()),
        (url(&names[1]), other),
        (url(&names[2]), pinned),
    ];
    page.browser.hand_to_worker(&files).await.unwrap();
    let cached = page.browser.cached_code().await.unwrap();
    assert!(
        cached.contains(&url(&names[2])),
        "the file with its integrity was not kept: {cached:?}"
    );
    for name in &names[..2] {
        assert!(
            !cached.contains(&url(name)),
            "kept {name} without the integrity pinned for it: {cached:?}"
        );
    }
    server.abort();
}

#[tokio::test]
async fn code_no_manifest_names_any_more_is_evicted() {
    let page = Page::open(None, |r| r.offline.evict_after_s = 1).await;
    let v1 = page.header.code_urls();
    page.browser.wait_cached(&v1).await.unwrap();

    page.header.deploy(&header_v2_dist());
    page.browser
        .wait_slot_version("header", "2.0.0")
        .await
        .unwrap();
    let v2 = page.header.code_urls();
    page.browser.wait_cached(&v2).await.unwrap();
    // The manifest checks every 300 ms keep naming v2; v1 goes unused for over a second.
    let started = std::time::Instant::now();
    loop {
        let cached = page.browser.cached_code().await.unwrap();
        let v1_gone = v1.iter().all(|u| !cached.contains(u));
        if v1_gone {
            assert!(v2.iter().all(|u| cached.contains(u)), "{cached:?}");
            break;
        }
        assert!(
            started.elapsed() < Duration::from_secs(20),
            "v1's code is still cached: {cached:?}"
        );
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
}

#[tokio::test]
async fn a_new_shell_build_replaces_the_worker_and_open_pages_keep_working() {
    let shell = tempfile::tempdir().unwrap();
    flotilla_e2e::copy_dir(
        &flotilla_e2e::ws().shell().unwrap().dist_dir(),
        shell.path(),
    )
    .unwrap();
    // Checks once a second: Chromium activates the new worker when the old one is idle, which
    // checks every 300 ms from two modules can postpone for a long time on a busy machine.
    let page = Page::open(Some(shell.path().to_path_buf()), |r| {
        r.updates.interval_ms = 1_000;
        r.updates.max_interval_ms = 2_000;
    })
    .await;
    page.browser
        .wait_cached(&page.header.code_urls())
        .await
        .unwrap();
    let old = page.browser.worker_state().await.unwrap().build;
    assert_eq!(old.len(), 16, "the worker is stamped with its build: {old}");

    // A new shell build: its worker carries another stamp, its page another line.
    for compressed in ["sw.js.br", "sw.js.gz"] {
        let _ = std::fs::remove_file(shell.path().join(compressed));
    }
    let script = shell.path().join("sw.js");
    let text = std::fs::read_to_string(&script).unwrap();
    std::fs::write(&script, text.replace(&old, "0123456789abcdef")).unwrap();
    let index = shell.path().join("index.html");
    let html = std::fs::read_to_string(&index).unwrap();
    std::fs::write(
        &index,
        html.replacen("<title>", "<meta name=test-build content=2><title>", 1),
    )
    .unwrap();

    // The browser checks the worker script at each navigation; the open page asks now.
    page.browser.wait_worker_takeover().await.unwrap();
    assert_eq!(
        page.browser.worker_state().await.unwrap().build,
        "0123456789abcdef"
    );

    // The old page under the new worker: its modules work, and a new module version loads.
    page.browser.next_image().await.unwrap();
    page.header.deploy(&header_v2_dist());
    page.browser
        .wait_slot_version("header", "2.0.0")
        .await
        .unwrap();

    // A reload gets the new page, composed.
    page.browser.goto(&page.stack.shell_url()).await.unwrap();
    page.browser
        .wait_for(
            "the new shell's page",
            "return document.querySelector('meta[name=test-build]') !== null;",
            vec![],
        )
        .await
        .unwrap();
    for slot in ["header", "content"] {
        page.browser.wait_slot(slot, "mounted").await.unwrap();
    }
    assert_eq!(
        page.browser.worker_state().await.unwrap().build,
        "0123456789abcdef"
    );
}
