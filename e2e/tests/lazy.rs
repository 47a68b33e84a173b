//! Code the page runs only on demand (swaps and overrides asked through `window.flotilla`, the
//! update watch, opening the override panel, prefetching) is not part of startup: the shell's
//! build carries it as wasm chunks, fetched on first use, once each, verified; a chunk that
//! cannot be loaded is FLO-208 where it was needed, and the page goes on.

mod support;

use fantoccini::Locator;
use flotilla_e2e::{copy_dir, stack_configured, stack_with, ws, Browser};
use serde_json::{json, Value};
use support::page_works;
use xtask::split::CHUNK_MARK;

/// The on-demand parts the shell's build must carry as chunks.
const PARTS: [&str; 5] = ["api", "swap", "watch", "tool", "prefetch"];

/// The page's requests of chunks, with how many times each was made.
const CHUNK_REQUESTS: &str = "const n = {}; \
    for (const e of performance.getEntriesByType('resource')) \
      if (e.name.includes(arguments[0])) n[e.name] = (n[e.name] || 0) + 1; \
    return n;";

/// Swaps the header to the manifest it runs (nothing changes, but the swap's code runs); the
/// answer, or the rejection's `code` and message.
const SWAP_HEADER: &str = "const done = arguments[arguments.length - 1]; \
    const url = flotilla.slots().find(s => s.slot === 'header').registryManifest; \
    flotilla.swap('header', url).then( \
      a => done({ ok: a }), \
      e => done({ code: e.code ?? null, message: String(e.message) }));";

/// The panel's error: its code and text, once shown.
const PANEL_ERROR: &str =
    "const e = document.querySelector('.flotilla-shell__panel [role=alert]'); \
     return e ? [e.dataset.code, e.innerText] : null;";

/// The chunk files of the shell's build.
fn chunk_files(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| {
            let name = p.file_name().unwrap().to_string_lossy();
            name.contains(CHUNK_MARK) && name.ends_with(".wasm")
        })
        .collect()
}

/// The chunk of `part` in `dir`.
fn chunk_of(dir: &std::path::Path, part: &str) -> std::path::PathBuf {
    let mark = format!("{CHUNK_MARK}{part}-");
    chunk_files(dir)
        .into_iter()
        .find(|p| p.to_string_lossy().contains(&mark))
        .unwrap_or_else(|| panic!("no {part} chunk in {}", dir.display()))
}

async fn chunk_requests(browser: &Browser) -> serde_json::Map<String, Value> {
    let v = browser
        .eval(CHUNK_REQUESTS, vec![json!(CHUNK_MARK)])
        .await
        .unwrap();
    v.as_object().unwrap().clone()
}

async fn swap_header(browser: &Browser) -> Value {
    browser
        .client
        .execute_async(SWAP_HEADER, vec![])
        .await
        .unwrap()
}

/// Whether one of `requests` is the chunk of `part`, and it was made once.
fn fetched_once(requests: &serde_json::Map<String, Value>, part: &str) -> bool {
    let mark = format!("{CHUNK_MARK}{part}-");
    let matching: Vec<_> = requests.iter().filter(|(u, _)| u.contains(&mark)).collect();
    matching.len() == 1 && matching[0].1 == &json!(1)
}

#[tokio::test]
async fn on_demand_code_is_fetched_on_first_use_once() {
    let dist = ws().shell().unwrap().dist_dir();
    for part in PARTS {
        chunk_of(&dist, part);
    }
    let stack = stack_with(|_| {}).await;
    let browser = Browser::open_at(&stack.shell_url()).await.unwrap();
    page_works(&browser, None).await.unwrap();
    let startup = chunk_requests(&browser).await;
    assert!(startup.is_empty(), "chunks fetched at startup: {startup:?}");

    for _ in 0..2 {
        let answer = swap_header(&browser).await;
        assert_eq!(answer["ok"]["changed"], json!(false), "{answer}");
    }
    let swapped = chunk_requests(&browser).await;
    for part in ["api", "swap"] {
        assert!(fetched_once(&swapped, part), "{part}: {swapped:?}");
    }
    assert!(
        !swapped.keys().any(|u| u.contains("-tool-")),
        "the panel's code came with a swap: {swapped:?}"
    );

    let body = browser.client.find(Locator::Css("body")).await.unwrap();
    body.send_keys("\u{E009}\u{E008}f\u{E000}").await.unwrap(); // Ctrl+Shift+F
    browser
        .wait_for(
            "the panel",
            "return !!document.querySelector('.flotilla-devtools__row');",
            vec![],
        )
        .await
        .unwrap();
    let opened = chunk_requests(&browser).await;
    assert!(fetched_once(&opened, "tool"), "{opened:?}");
    page_works(&browser, None).await.unwrap();
    browser.close().await;
}

#[tokio::test]
async fn a_chunk_that_cannot_be_loaded_is_flo_208_and_the_page_goes_on() {
    // The shell's build without its tool chunk, and with its api chunk's bytes changed after
    // the build (its integrity no longer matches).
    let shell = tempfile::tempdir().unwrap();
    copy_dir(&ws().shell().unwrap().dist_dir(), shell.path()).unwrap();
    let tool = chunk_of(shell.path(), "tool");
    let api = chunk_of(shell.path(), "api");
    let mut bytes = std::fs::read(&api).unwrap();
    bytes.push(0);
    std::fs::write(&api, bytes).unwrap();
    std::fs::remove_file(&tool).unwrap();
    for chunk in [&tool, &api] {
        for compressed in ["br", "gz"] {
            let _ = std::fs::remove_file(chunk.with_extension(format!("wasm.{compressed}")));
        }
    }
    let shell_dir = shell.path().to_path_buf();
    let stack = stack_configured(|c| c.shell_dir = Some(shell_dir), |_| {}).await;
    let browser = Browser::open_at(&format!("{}?devtools", stack.shell_url()))
        .await
        .unwrap();
    let shown = browser
        .wait_for("the panel's error", PANEL_ERROR, vec![])
        .await
        .unwrap();
    let text = shown[1].as_str().unwrap();
    assert_eq!(shown[0], json!("FLO-208"), "{text}");
    assert!(
        text.contains("override panel could not be loaded"),
        "{text}"
    );
    browser.wait_slot("header", "mounted").await.unwrap();
    let version = browser.slot_data("header", "version").await.unwrap();
    let answer = swap_header(&browser).await;
    assert_eq!(answer["code"], json!("FLO-208"), "{answer}");
    assert!(
        answer["message"]
            .as_str()
            .is_some_and(|m| m.contains("could not be loaded")),
        "{answer}"
    );
    assert_eq!(
        browser.slot_data("header", "version").await.unwrap(),
        version,
        "the header changed"
    );
    page_works(&browser, None).await.unwrap();
    browser.close().await;
}
