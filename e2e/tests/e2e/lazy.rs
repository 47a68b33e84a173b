//! Code the page runs only on demand (swaps and overrides asked through `window.flotilla`, the
//! update watch, opening the override panel, prefetching) and the shell's UI are not part of
//! startup: the shell's build carries them as wasm chunks, fetched after the page is composed,
//! on first use, once each, verified; a chunk that cannot be loaded is FLO-208 where it was
//! needed, the page goes on, and the next use tries again.

use crate::support;

use fantoccini::Locator;
use flotilla_contract::policy::{Prefetch, UpdateMode};
use flotilla_contract::Registry;
use flotilla_e2e::chaos::ChaosOrigin;
use flotilla_e2e::{copy_dir, point, stack_configured, stack_with, ws, Browser};
use serde_json::{json, Value};
use support::{page_works, ImagePage};
use xtask::split::CHUNK_MARK;

/// The on-demand parts the shell's build must carry as chunks.
const PARTS: [&str; 7] = ["ui", "api", "swap", "watch", "tool", "prefetch", "report"];

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

/// The parts whose chunks `requests` holds, by name: split points, not the chunks of code
/// they share (`chunk-<n>`, fetched with the first part that needs them). Each request was
/// made once.
fn parts(requests: &serde_json::Map<String, Value>) -> Vec<String> {
    assert!(requests.values().all(|n| n == &json!(1)), "{requests:?}");
    let mut parts: Vec<String> = requests
        .keys()
        .filter_map(|url| xtask::split::chunk_part(url.rsplit('/').next()?))
        .filter(|part| !part.starts_with("chunk-"))
        .map(str::to_owned)
        .collect();
    parts.sort();
    parts
}

/// Waits until the chunk of `part` has been requested.
async fn wait_for_chunk(browser: &Browser, part: &str) {
    browser
        .wait_for(
            &format!("the {part} chunk to be fetched"),
            "return performance.getEntriesByType('resource').some(e => e.name.includes(arguments[0]));",
            vec![json!(format!("{CHUNK_MARK}{part}-"))],
        )
        .await
        .unwrap();
}

/// A copy of the shell's build without the chunk of `part` (nor its precompressed copies);
/// returns the copy, where the chunk was, and its bytes.
fn shell_without_chunk(part: &str) -> (tempfile::TempDir, std::path::PathBuf, Vec<u8>) {
    let shell = tempfile::tempdir().unwrap();
    copy_dir(&ws().shell().unwrap().dist_dir(), shell.path()).unwrap();
    let chunk = chunk_of(shell.path(), part);
    let bytes = std::fs::read(&chunk).unwrap();
    for file in [
        chunk.clone(),
        chunk.with_extension("wasm.br"),
        chunk.with_extension("wasm.gz"),
    ] {
        let _ = std::fs::remove_file(file);
    }
    (shell, chunk, bytes)
}

/// A registry whose modules are not watched for updates.
fn no_update_checks(registry: &mut Registry) {
    for remote in &mut registry.remotes {
        remote.update = UpdateMode::Off;
    }
}

#[tokio::test]
async fn on_demand_code_is_fetched_after_the_page_is_composed_once_each() {
    let dist = ws().shell().unwrap().dist_dir();
    for part in PARTS {
        chunk_of(&dist, part);
    }
    let stack = stack_with(no_update_checks).await;
    let browser = Browser::open_at(&stack.shell_url()).await.unwrap();
    page_works(&browser, None).await.unwrap();
    // favorites-app, off this route, is prefetched once the route's slots have loaded.
    wait_for_chunk(&browser, "prefetch").await;
    let early = browser
        .eval(
            "const composed = Math.max(...flotilla.stats().slots.map(s => s.mount.end));              return performance.getEntriesByType('resource')                .filter(e => e.name.includes(arguments[0]) && e.startTime < composed)                .map(e => e.name);",
            vec![json!(CHUNK_MARK)],
        )
        .await
        .unwrap();
    assert_eq!(
        early,
        json!([]),
        "chunks fetched before the page was composed"
    );
    let idle = chunk_requests(&browser).await;
    for part in ["ui", "prefetch"] {
        assert!(fetched_once(&idle, part), "{part}: {idle:?}");
    }
    assert_eq!(
        parts(&idle),
        ["prefetch", "ui"],
        "more than the UI's and the prefetch's code at idle: {idle:?}"
    );

    for _ in 0..2 {
        let answer = swap_header(&browser).await;
        assert_eq!(answer["ok"]["changed"], json!(false), "{answer}");
    }
    let swapped = chunk_requests(&browser).await;
    for part in ["api", "swap"] {
        assert!(fetched_once(&swapped, part), "{part}: {swapped:?}");
    }
    assert_eq!(parts(&swapped), ["api", "prefetch", "swap", "ui"]);

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
async fn the_update_watch_fetches_its_code_once_when_a_check_is_due() {
    let stack = stack_with(|r| {
        r.updates.interval_ms = 300;
        for remote in &mut r.remotes {
            remote.prefetch = Prefetch::None;
        }
    })
    .await;
    let browser = Browser::open_at(&stack.shell_url()).await.unwrap();
    browser.wait_slot("header", "mounted").await.unwrap();
    // Three checks of the header's manifest after its load: the watch ran that often.
    browser
        .wait_for(
            "three update checks of the header",
            "const n = performance.getEntriesByType('resource')                .filter(e => e.name.endsWith('/mf-manifest.json') && e.name.includes(arguments[0])).length;              return n >= 3 || null;",
            vec![json!(stack.module_origin("header-app"))],
        )
        .await
        .unwrap();
    let requests = chunk_requests(&browser).await;
    for part in ["watch", "swap"] {
        assert!(fetched_once(&requests, part), "{part}: {requests:?}");
    }
    page_works(&browser, None).await.unwrap();
    browser.close().await;
}

#[tokio::test]
async fn a_chunk_that_cannot_be_loaded_is_flo_208_and_the_next_use_tries_again() {
    // The shell's build with its tool chunk's bytes changed after the build (a valid wasm
    // still: only its integrity is wrong), and without its api chunk.
    let shell = tempfile::tempdir().unwrap();
    copy_dir(&ws().shell().unwrap().dist_dir(), shell.path()).unwrap();
    let tool = chunk_of(shell.path(), "tool");
    let api = chunk_of(shell.path(), "api");
    let api_bytes = std::fs::read(&api).unwrap();
    let mut bytes = std::fs::read(&tool).unwrap();
    bytes.extend([0, 1, 0]); // an empty custom section
    std::fs::write(&tool, bytes).unwrap();
    std::fs::remove_file(&api).unwrap();
    for chunk in [&tool, &api] {
        for compressed in ["br", "gz"] {
            let _ = std::fs::remove_file(chunk.with_extension(format!("wasm.{compressed}")));
        }
    }
    let shell_dir = shell.path().to_path_buf();
    let stack = stack_configured(|c| c.shell_dir = Some(shell_dir), no_update_checks).await;
    let browser = Browser::open_at(&format!("{}?devtools", stack.shell_url()))
        .await
        .unwrap();
    let shown = browser
        .wait_for("the panel's error", PANEL_ERROR, vec![])
        .await
        .unwrap();
    let text = shown[1].as_str().unwrap();
    assert_eq!(shown[0], json!("FLO-208"), "{text}");
    assert!(text.contains("fetched on first use"), "{text}");

    browser.wait_slot("header", "mounted").await.unwrap();
    let version = browser.slot_data("header", "version").await.unwrap();
    let answer = swap_header(&browser).await;
    assert_eq!(answer["code"], json!("FLO-208"), "{answer}");
    assert!(
        answer["message"]
            .as_str()
            .is_some_and(|m| m.contains("fetched on first use")),
        "{answer}"
    );
    assert_eq!(
        browser.slot_data("header", "version").await.unwrap(),
        version,
        "the header changed"
    );
    // Back on the origin, the chunk loads at the next use.
    std::fs::write(&api, api_bytes).unwrap();
    let answer = swap_header(&browser).await;
    assert_eq!(answer["ok"]["changed"], json!(false), "{answer}");
    page_works(&browser, None).await.unwrap();
    browser.close().await;
}

#[tokio::test]
async fn without_its_ui_chunk_the_page_composes_and_the_ui_comes_at_the_next_event() {
    // The shell's build without the UI's chunk; home-app's origin down, so one slot fails.
    let (shell, ui, ui_bytes) = shell_without_chunk("ui");
    let shell_dir = shell.path().to_path_buf();
    let stack = stack_configured(|c| c.shell_dir = Some(shell_dir), no_update_checks).await;
    let browser = Browser::open_at(&stack.shell_url()).await.unwrap();

    // Both modules mount without the UI: nothing at startup waits for it.
    browser.wait_slot("header", "mounted").await.unwrap();
    browser.wait_slot("content", "mounted").await.unwrap();
    browser.next_image().await.unwrap();
    wait_for_chunk(&browser, "ui").await;
    let ui_shown = "return !!document.querySelector('.flotilla-footer');";
    assert_eq!(browser.eval(ui_shown, vec![]).await.unwrap(), json!(false));

    // Back on the origin, the next host event loads the UI: here, a navigation's (favorites-app
    // mounts); its footer reports it, and, back home, both slots of the first route.
    std::fs::write(&ui, ui_bytes).unwrap();
    browser
        .eval("flotilla.navigate('/favorites');", vec![])
        .await
        .unwrap();
    browser
        .wait_for(
            "the shell's footer to report favorites-app",
            "return document.querySelector('.flotilla-footer')?.textContent.includes('favorites-app mounted');",
            vec![],
        )
        .await
        .unwrap();
    browser
        .eval("flotilla.navigate('/');", vec![])
        .await
        .unwrap();
    page_works(&browser, None).await.unwrap();
    browser.close().await;
}

#[tokio::test]
async fn a_loading_slot_is_busy_with_a_skeleton_before_the_ui_and_a_failed_one_names_its_code() {
    // The shell's build without the UI's chunk: what shows is the page's CSS and the host's
    // attributes alone.
    let (shell, _, _) = shell_without_chunk("ui");
    // home-app's manifest never answers: its slot loads for two 1 s attempts, then fails.
    let origin = ChaosOrigin::up("home-app").await;
    origin.hang("mf-manifest.json");
    let url = origin.manifest_url();
    let shell_dir = shell.path().to_path_buf();
    let stack = stack_configured(
        |c| {
            c.shell_dir = Some(shell_dir);
            c.snapshot = None;
        },
        |registry| {
            no_update_checks(registry);
            point(registry, "home-app", &url);
            registry.loading.timeouts.manifest_ms = 1_000;
            registry.loading.retry.attempts = 2;
        },
    )
    .await;
    let browser = Browser::open_at(&stack.shell_url()).await.unwrap();
    let skeleton = "const slot = document.querySelector('[data-flotilla-slot=\"content\"]'); \
        if (slot?.dataset.state !== 'loading') return null; \
        const status = slot.querySelector('.flotilla-slot__status'); \
        const bar = getComputedStyle(status, '::before'); \
        return [slot.getAttribute('aria-busy'), bar.content, bar.animationName, status.offsetHeight];";
    let shown = browser
        .wait_for("the content slot's skeleton", skeleton, vec![])
        .await
        .unwrap();
    assert_eq!(shown[0], json!("true"), "{shown}");
    assert_eq!(shown[1], json!("\"\""), "{shown}");
    assert_eq!(shown[2], json!("flotilla-shimmer"), "{shown}");
    assert!(shown[3].as_f64().unwrap() > 30.0, "{shown}");

    browser.wait_slot("content", "failed").await.unwrap();
    let failed = "const slot = document.querySelector('[data-flotilla-slot=\"content\"]'); \
        return [slot.getAttribute('aria-busy'), getComputedStyle(slot, '::after').content];";
    let shown = browser.eval(failed, vec![]).await.unwrap();
    assert_eq!(shown[0], json!("false"), "{shown}");
    let text = shown[1].as_str().unwrap();
    assert!(
        text.contains("FLO-108") && text.contains("could not be loaded"),
        "{text}"
    );
    browser.wait_slot("header", "mounted").await.unwrap();
    // The failures' console lines (each attempt's, then the slot's) were written by code
    // fetched once, on the first failure.
    wait_for_chunk(&browser, "report").await;
    assert!(
        fetched_once(&chunk_requests(&browser).await, "report"),
        "the report chunk"
    );
    browser.close().await;
    drop(origin);
}
