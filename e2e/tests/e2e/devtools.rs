//! The override panel: a module of its own, loaded only when `?devtools` or Ctrl+Shift+F asks
//! for it (none of its bytes at startup, each of its files fetched once when asked, a broken
//! build shows why and the page goes on, a panel that crashes once open says so and restarts);
//! overrides swap live, survive a reload, reset in one click (a reset that cannot swap back
//! keeps the override), and are refused for origins not on the allow-list; what a user types
//! in a row keeps its text and focus while the panel refreshes.

use crate::support;

use fantoccini::Locator;
use flotilla_contract::abi::DEVTOOLS_DIR;
use flotilla_e2e::chaos::ChaosOrigin;
use flotilla_e2e::{
    copy_dir, module, point, serve_folder, stack_configured, stack_with, ws, Browser,
};
use serde_json::{json, Value};
use support::{header_v2_dist, page_works, ImagePage};
use xtask::serve::Stack;

const ROW: &str = ".flotilla-devtools__row[data-slot=\"header\"]";

/// Waits for the panel's rows of both modules.
const ROWS: &str = "return ['header', 'content'].every(s => \
    document.querySelector(`.flotilla-devtools__row[data-slot=\"${s}\"]`)) || null;";

/// The panel's error: its code and text, once shown.
const PANEL_ERROR: &str =
    "const e = document.querySelector('.flotilla-shell__panel [role=alert]'); \
     return e ? [e.dataset.code, e.innerText] : null;";

async fn apply_override(browser: &Browser, url: &str) {
    // The panel loads after the page: wait for its row.
    let input = browser
        .client
        .wait()
        .for_element(Locator::Css(&format!("{ROW} input")))
        .await
        .unwrap();
    input.clear().await.unwrap();
    input.send_keys(url).await.unwrap();
    browser
        .client
        .find(Locator::Css(&format!("{ROW} .flotilla-devtools__apply")))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
}

async fn message(browser: &Browser, contains: &str) -> String {
    let v = browser
        .wait_for(
            &format!("the panel to say {contains:?}"),
            "const t = document.querySelector(arguments[0] + ' .flotilla-devtools__message')?.textContent ?? ''; \
             return t.includes(arguments[1]) ? t : null;",
            vec![json!(ROW), json!(contains)],
        )
        .await
        .unwrap();
    v.as_str().unwrap_or_default().to_owned()
}

async fn overridden(browser: &Browser) -> (bool, bool) {
    let v = browser
        .eval(
            "return [document.querySelector('[data-flotilla-slot=\"header\"]').dataset.overridden === 'true', \
                     !!document.querySelector(arguments[0] + '[data-overridden=\"true\"]')];",
            vec![json!(ROW)],
        )
        .await
        .unwrap();
    (v[0] == json!(true), v[1] == json!(true))
}

#[tokio::test]
async fn an_override_swaps_live_survives_a_reload_and_resets() {
    let (v2_origin, _server) = serve_folder(&header_v2_dist()).await;
    let v2_manifest = format!("{v2_origin}/mf-manifest.json");
    let stack = stack_with(|r| r.allowed_origins.push(v2_origin.clone())).await;
    let page = format!("{}?devtools", stack.shell_url());
    let browser = Browser::open_at(&page).await.unwrap();
    browser.wait_slot_version("header", "1.0.0").await.unwrap();
    let image = browser.shown_image().await.unwrap();

    // The panel lists both slots with what runs there.
    let listed = browser
        .wait_for(
            "the panel's rows",
            "const rows = ['header', 'content'].map(s => document.querySelector(`.flotilla-devtools__row[data-slot=\"${s}\"]`)); \
             return rows.every(r => r && r.innerText.includes('mounted') && r.innerText.includes('manifest=')) \
                 ? rows.map(r => r.innerText) : null;",
            vec![],
        )
        .await
        .unwrap();
    assert!(
        listed[0].as_str().unwrap().contains("header-app"),
        "{listed}"
    );

    apply_override(&browser, &v2_manifest).await;
    browser.wait_slot_version("header", "2.0.0").await.unwrap();
    message(&browser, "Now running 2.0.0").await;
    assert_eq!(overridden(&browser).await, (true, true));
    assert_eq!(
        browser.shown_image().await.unwrap(),
        image,
        "home-app was disturbed"
    );

    // A reload starts from the override.
    browser.goto(&stack.shell_url()).await.unwrap();
    browser.wait_slot_version("header", "2.0.0").await.unwrap();
    let (slot_marked, _) = overridden(&browser).await;
    assert!(
        slot_marked,
        "the overridden slot is not marked after a reload"
    );
    assert_eq!(
        browser.slot_data("header", "origin").await.unwrap(),
        v2_origin
    );

    // One click resets, live and for the next load.
    browser.goto(&page).await.unwrap();
    browser.wait_slot_version("header", "2.0.0").await.unwrap();
    browser
        .client
        .wait()
        .for_element(Locator::Css(&format!("{ROW} .flotilla-devtools__reset")))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    browser.wait_slot_version("header", "1.0.0").await.unwrap();
    assert_eq!(overridden(&browser).await, (false, false));
    browser.goto(&stack.shell_url()).await.unwrap();
    browser.wait_slot_version("header", "1.0.0").await.unwrap();
    let stored = stored_overrides(&browser).await;
    assert_eq!(stored, json!("{}"));
    browser.close().await;
}

#[tokio::test]
async fn what_a_user_types_stays_while_the_panel_refreshes() {
    let (v2_origin, _server) = serve_folder(&header_v2_dist()).await;
    let stack = stack_with(|r| r.allowed_origins.push(v2_origin.clone())).await;
    let browser = Browser::open_at(&format!("{}?devtools", stack.shell_url()))
        .await
        .unwrap();
    browser.wait_slot_version("header", "1.0.0").await.unwrap();
    browser
        .wait_for("the panel's rows", ROWS, vec![])
        .await
        .unwrap();
    let input = browser
        .client
        .find(Locator::Css(&format!("{ROW} input")))
        .await
        .unwrap();
    input.click().await.unwrap();
    input.send_keys("http://127.0.0.1:9/half").await.unwrap();
    // The page changes under the panel: the header row itself is rewritten.
    let answer = browser
        .swap("header", &format!("{v2_origin}/mf-manifest.json"))
        .await
        .unwrap();
    assert_eq!(answer["version"], json!("2.0.0"), "{answer}");
    browser
        .wait_for(
            "the header row to show 2.0.0",
            "return document.querySelector(arguments[0] + ' .flotilla-devtools__version')\
                 ?.textContent === '2.0.0' || null;",
            vec![json!(ROW)],
        )
        .await
        .unwrap();
    // The field keeps its text and the focus: typing goes on where it was.
    let field = browser
        .eval(
            "const i = document.querySelector(arguments[0] + ' input'); \
             return [i.value, document.activeElement === i];",
            vec![json!(ROW)],
        )
        .await
        .unwrap();
    assert_eq!(field, json!(["http://127.0.0.1:9/half", true]));
    browser.close().await;
}

/// What `localStorage` keeps of the overrides (its JSON text, or null).
async fn stored_overrides(browser: &Browser) -> Value {
    browser
        .eval("return localStorage.getItem('flotilla:overrides');", vec![])
        .await
        .unwrap()
}

/// Calls `flotilla.<method>('header', ...args)`: its answer, or the rejection's `code`.
async fn header_override(browser: &Browser, method: &str, args: Vec<Value>) -> Value {
    let mut all = vec![json!(method)];
    all.extend(args);
    browser
        .client
        .execute_async(
            "const done = arguments[arguments.length - 1]; \
             flotilla[arguments[0]]('header', ...Array.from(arguments).slice(1, -1)).then( \
               a => done({ ok: a }), e => done({ code: e.code ?? null, message: String(e.message) }));",
            all,
        )
        .await
        .unwrap()
}

#[tokio::test]
async fn a_reset_that_fails_keeps_the_override() {
    // The registry's header comes from an origin that can be broken; the override is v2.
    let registry_origin = ChaosOrigin::up("header-app").await;
    let registry_manifest = registry_origin.manifest_url();
    let (v2_origin, _server) = serve_folder(&header_v2_dist()).await;
    let v2_manifest = format!("{v2_origin}/mf-manifest.json");
    let stack = stack_with(|r| {
        point(r, "header-app", &registry_manifest);
        r.allowed_origins.push(v2_origin.clone());
    })
    .await;
    let browser = Browser::open_at(&stack.shell_url()).await.unwrap();
    browser.wait_slot_version("header", "1.0.0").await.unwrap();
    let set = header_override(&browser, "setOverride", vec![json!(v2_manifest)]).await;
    assert_eq!(set["ok"]["saved"], json!(true), "{set}");
    browser.wait_slot_version("header", "2.0.0").await.unwrap();

    // The registry's manifest is gone: the reset cannot swap back, and changes nothing.
    registry_origin.fail("mf-manifest.json", 404, 10);
    let reset = header_override(&browser, "resetOverride", vec![]).await;
    assert_eq!(reset["code"], json!("FLO-102"), "{reset}");
    assert_eq!(
        browser.slot_data("header", "version").await.unwrap(),
        "2.0.0"
    );
    assert_eq!(
        browser.slot_data("header", "overridden").await.unwrap(),
        "true"
    );
    let stored = stored_overrides(&browser).await;
    let kept = serde_json::from_str::<Value>(stored.as_str().unwrap()).unwrap();
    assert_eq!(
        kept["header"],
        json!(v2_manifest),
        "the override was forgotten"
    );

    // Once the origin answers again, the same reset goes back to the registry's build.
    registry_origin.mend();
    let reset = header_override(&browser, "resetOverride", vec![]).await;
    assert_eq!(reset["ok"]["version"], json!("1.0.0"), "{reset}");
    assert_eq!(browser.slot_data("header", "overridden").await.unwrap(), "");
    let stored = stored_overrides(&browser).await;
    assert_eq!(stored, json!("{}"));
    browser.close().await;
}

#[tokio::test]
async fn an_override_to_an_origin_off_the_allow_list_is_refused() {
    let (foreign, _server) = serve_folder(&header_v2_dist()).await;
    let stack = stack_with(|_| {}).await;
    let browser = Browser::open_at(&format!("{}?devtools", stack.shell_url()))
        .await
        .unwrap();
    browser.wait_slot_version("header", "1.0.0").await.unwrap();
    apply_override(&browser, &format!("{foreign}/mf-manifest.json")).await;
    let text = message(&browser, "Refused").await;
    assert!(
        text.contains(&foreign) && text.contains("not on the allow-list"),
        "{text}"
    );
    assert_eq!(
        browser.slot_data("header", "version").await.unwrap(),
        "1.0.0"
    );
    let stored = stored_overrides(&browser).await;
    assert_eq!(stored, json!(null), "a refused override was saved");
    // An override smuggled into localStorage is ignored on load as well, with a warning that
    // says why.
    browser.record_console_warnings().await.unwrap();
    browser
        .eval(
            "localStorage.setItem('flotilla:overrides', JSON.stringify({ header: arguments[0] }));",
            vec![json!(format!("{foreign}/mf-manifest.json"))],
        )
        .await
        .unwrap();
    browser.goto(&stack.shell_url()).await.unwrap();
    browser.wait_slot_version("header", "1.0.0").await.unwrap();
    assert_eq!(
        browser.slot_data("header", "origin").await.unwrap(),
        stack.module_origin("header-app")
    );
    let warning = browser
        .wait_console_warning("override of header ignored")
        .await
        .unwrap();
    assert!(
        warning.contains(&format!("origin {foreign} is not on the allow-list")),
        "{warning}"
    );
    browser.close().await;
}

/// The page's requests below `devtools/`, with how many times each was made.
async fn panel_requests(browser: &Browser) -> serde_json::Map<String, Value> {
    let v = browser
        .eval(
            "const n = {}; for (const e of performance.getEntriesByType('resource')) \
             if (new URL(e.name).pathname.startsWith('/' + arguments[0] + '/')) n[e.name] = (n[e.name] || 0) + 1; \
             return n;",
            vec![json!(DEVTOOLS_DIR)],
        )
        .await
        .unwrap();
    v.as_object().unwrap().clone()
}

#[tokio::test]
async fn the_panel_loads_only_when_asked_each_file_once() {
    let stack = stack_with(|_| {}).await;
    let browser = Browser::open_at(&stack.shell_url()).await.unwrap();
    browser.wait_slot("header", "mounted").await.unwrap();
    browser.wait_slot("content", "mounted").await.unwrap();
    browser.shown_image().await.unwrap();
    let before = panel_requests(&browser).await;
    assert!(
        before.is_empty(),
        "panel files fetched at startup: {before:?}"
    );

    let body = browser.client.find(Locator::Css("body")).await.unwrap();
    let chord = "\u{E009}\u{E008}f\u{E000}"; // Ctrl, Shift, f, release all
    body.send_keys(chord).await.unwrap();
    browser
        .wait_for("the panel's rows", ROWS, vec![])
        .await
        .unwrap();
    // Closed and opened again, it mounts the instance it loaded: nothing is fetched again.
    body.send_keys(chord).await.unwrap();
    browser
        .wait_for(
            "the panel to close",
            "return !document.querySelector('.flotilla-devtools');",
            vec![],
        )
        .await
        .unwrap();
    body.send_keys(chord).await.unwrap();
    browser
        .wait_for("the panel again", ROWS, vec![])
        .await
        .unwrap();
    assert_eq!(
        browser
            .eval(
                "return document.querySelectorAll('.flotilla-devtools').length;",
                vec![]
            )
            .await
            .unwrap(),
        json!(1)
    );
    let after = panel_requests(&browser).await;
    let files: Vec<&str> = after.keys().map(String::as_str).collect();
    for kind in ["mf-manifest.json", ".js", ".wasm", ".css"] {
        assert!(
            files.iter().any(|f| f.ends_with(kind)),
            "no {kind} requested for the panel: {after:?}"
        );
    }
    assert!(
        after.values().all(|n| *n == json!(1)),
        "a panel file was requested twice: {after:?}"
    );
    page_works(&browser, None).await.unwrap();
    browser.close().await;
}

/// Serves the shell's build with its panel's folder changed by `change`; the temporary copy
/// lives as long as the returned folder.
async fn stack_with_panel(change: impl FnOnce(&std::path::Path)) -> (tempfile::TempDir, Stack) {
    let shell = tempfile::tempdir().unwrap();
    copy_dir(&ws().shell().unwrap().dist_dir(), shell.path()).unwrap();
    change(&shell.path().join(DEVTOOLS_DIR));
    let shell_dir = shell.path().to_path_buf();
    let stack = stack_configured(|c| c.shell_dir = Some(shell_dir), |_| {}).await;
    (shell, stack)
}

/// Waits for the panel's error; its code and text.
async fn panel_error(browser: &Browser, what: &str) -> (Value, String) {
    let shown = browser.wait_for(what, PANEL_ERROR, vec![]).await.unwrap();
    (shown[0].clone(), shown[1].as_str().unwrap().to_owned())
}

#[tokio::test]
async fn a_panel_that_fails_its_integrity_check_says_so_and_the_page_goes_on() {
    // The shell's build with the panel's wasm changed after its manifest was written.
    let (_shell, stack) = stack_with_panel(|panel| {
        let wasm = std::fs::read_dir(panel)
            .unwrap()
            .map(|e| e.unwrap().path())
            .find(|p| p.extension().is_some_and(|x| x == "wasm"))
            .expect("the shell's build carries the panel's wasm");
        let mut bytes = std::fs::read(&wasm).unwrap();
        bytes.push(0);
        std::fs::write(&wasm, bytes).unwrap();
        for compressed in ["br", "gz"] {
            let _ = std::fs::remove_file(wasm.with_extension(format!("wasm.{compressed}")));
        }
    })
    .await;
    let browser = Browser::open_at(&format!("{}?devtools", stack.shell_url()))
        .await
        .unwrap();
    let (code, text) = panel_error(&browser, "the panel's error").await;
    assert_eq!(code, json!("FLO-203"), "{text}");
    assert!(
        text.contains("override panel could not be loaded") && text.contains(".wasm"),
        "{text}"
    );
    assert_eq!(
        browser
            .eval(
                "return !!document.querySelector('.flotilla-devtools, .flotilla-shell__panel .flotilla-instance');",
                vec![]
            )
            .await
            .unwrap(),
        json!(false),
        "a panel that failed its check was mounted, or left its element"
    );
    page_works(&browser, None).await.unwrap();
    browser
        .wait_for(
            "the error to close",
            "return !document.querySelector('.flotilla-shell__panel [role=alert]');",
            vec![],
        )
        .await
        .unwrap();
    browser.close().await;
}

async fn click(browser: &Browser, css: &str) {
    let element = browser.client.find(Locator::Css(css)).await.unwrap();
    element.click().await.unwrap();
}

#[tokio::test]
async fn a_panel_that_crashes_once_open_says_so_and_restarts_afresh() {
    // The shell's build with chaos-app as its panel: it panics when its button is clicked
    // (`?chaos=click`: a tool gets no props).
    let (_shell, stack) = stack_with_panel(|panel| {
        std::fs::remove_dir_all(panel).unwrap();
        copy_dir(&module("chaos-app").dist_dir(), panel).unwrap();
    })
    .await;
    let browser = Browser::open_at(&format!("{}?devtools&chaos=click", stack.shell_url()))
        .await
        .unwrap();
    let boom = ".flotilla-shell__panel .chaos__boom";
    let running = "return document.querySelector('.flotilla-shell__panel .chaos__text')?.textContent ?? null;";
    browser
        .wait_for("the panel", running, vec![])
        .await
        .unwrap();
    click(&browser, boom).await;

    let (code, text) = panel_error(&browser, "the panel's crash").await;
    assert_eq!(code, json!("FLO-302"), "{text}");
    assert!(
        text.contains("override panel crashed") && text.contains("told to panic on a click"),
        "{text}"
    );
    let dead = "return !!document.querySelector('.flotilla-shell__panel .chaos');";
    assert_eq!(
        browser.eval(dead, vec![]).await.unwrap(),
        json!(false),
        "the crashed panel stayed on screen"
    );
    browser.wait_slot("header", "mounted").await.unwrap();

    // Restart mounts a fresh instance (the crashed one is dead: it could neither render nor
    // crash again).
    click(
        &browser,
        ".flotilla-shell__panel [data-flotilla-action=restart-panel]",
    )
    .await;
    let text = browser
        .wait_for("the restarted panel", running, vec![])
        .await
        .unwrap();
    assert_eq!(text, json!("chaos-app is running (0 clicks)"));
    let gone = "return !document.querySelector('.flotilla-shell__panel [role=alert]');";
    assert_eq!(browser.eval(gone, vec![]).await.unwrap(), json!(true));

    // The fresh instance crashes in turn; Close (which `page_works` presses) clears the panel area.
    click(&browser, boom).await;
    panel_error(&browser, "the second crash").await;
    page_works(&browser, None).await.unwrap();
    assert_eq!(browser.eval(gone, vec![]).await.unwrap(), json!(true));
    browser.close().await;
}

#[tokio::test]
async fn the_panel_opens_on_a_route_deeper_than_the_page() {
    // `/saved/7`: a page whose relative URLs resolve into `/saved/`; the panel's files are
    // next to the shell's code, not the page.
    let stack = stack_with(|r| {
        let favorites = r
            .remotes
            .iter_mut()
            .find(|m| m.slot == "favorites")
            .unwrap();
        favorites.routes.push("/saved/:id".into());
    })
    .await;
    let browser = Browser::open_at(&format!("{}saved/7?devtools", stack.shell_url()))
        .await
        .unwrap();
    browser.wait_slot("favorites", "mounted").await.unwrap();
    browser
        .wait_for(
            "the panel's favorites row",
            "return document.querySelector('.flotilla-devtools__row[data-slot=\"favorites\"] .flotilla-devtools__state')?.textContent === 'mounted' || null;",
            vec![],
        )
        .await
        .unwrap();
    browser.close().await;
}

#[tokio::test]
async fn ctrl_shift_f_opens_and_closes_the_panel() {
    let stack = stack_with(|_| {}).await;
    let browser = Browser::open_at(&stack.shell_url()).await.unwrap();
    browser.wait_slot("header", "mounted").await.unwrap();
    let panel = "return !!document.querySelector('.flotilla-devtools');";
    assert_eq!(browser.eval(panel, vec![]).await.unwrap(), json!(false));
    let chord = "\u{E009}\u{E008}f\u{E000}"; // Ctrl, Shift, f, release all
    let body = browser.client.find(Locator::Css("body")).await.unwrap();
    body.send_keys(chord).await.unwrap();
    browser.wait_for("the panel", panel, vec![]).await.unwrap();
    body.send_keys(chord).await.unwrap();
    browser
        .wait_for(
            "the panel to close",
            "return !document.querySelector('.flotilla-devtools');",
            vec![],
        )
        .await
        .unwrap();
    browser.close().await;
}
