//! Many modules on one page: 32 copies of the module template, each on its own origin, compose;
//! one broken among them fails alone; their update checks run on one clock.

use std::path::Path;

use flotilla_contract::policy::WatchPolicy;
use flotilla_e2e::{module, ws, Browser};
use serde_json::{json, Value};
use xtask::fleet::Fleet;
use xtask::serve::StackConfig;

/// The module template's build, as `cargo xtask new` makes it (a fixture of this workspace).
const TEMPLATE: &str = "tile-app";

fn fleet(count: usize, out: &Path) -> Fleet {
    let shell = ws().shell().expect("shell").dist_dir();
    Fleet::write(&module(TEMPLATE).dist_dir(), &shell, count, out).expect("fleet written")
}

fn quiet() -> WatchPolicy {
    WatchPolicy {
        interval_ms: 600_000,
        max_interval_ms: 600_000,
        ..WatchPolicy::default()
    }
}

/// Installed before any script of the page: records each pending timer's delay by its id.
const COUNT_TIMERS: &str = "
    const timers = new Map();
    Object.defineProperty(window, '__flotillaTestTimers', { value: timers });
    const set = window.setTimeout, clear = window.clearTimeout;
    window.setTimeout = function (fn, ms, ...args) {
        const id = set.call(window, (...a) => { timers.delete(id); if (typeof fn === 'function') fn(...a); }, ms, ...args);
        timers.set(id, ms ?? 0);
        return id;
    };
    window.clearTimeout = function (id) { timers.delete(id); return clear.call(window, id); };";

/// Puts the slots by state in `out`: `{ mounted: [...], failed: [...], other: [...] }`.
const STATES: &str = "
    const out = { mounted: [], failed: [], other: [] };
    for (const el of document.querySelectorAll('[data-flotilla-slot]')) {
        const state = el.dataset.state;
        (out[state] ?? out.other).push(el.dataset.flotillaSlot);
    }";

/// The slots by state now, for a failure's message.
async fn states_now(browser: &Browser) -> Value {
    browser
        .eval(&format!("{STATES} return out;"), vec![])
        .await
        .unwrap_or_default()
}

#[tokio::test]
async fn thirty_two_modules_compose_and_a_broken_one_fails_alone() {
    let out = tempfile::tempdir().unwrap();
    let fleet = fleet(32, out.path());
    // Member 17 is corrupted in every encoding its origin could send.
    let (broken, dir) = &fleet.members[16];
    let manifest = flotilla_contract::Manifest::from_json(
        &std::fs::read_to_string(dir.join("mf-manifest.json")).unwrap(),
    )
    .unwrap();
    let wasm = dir.join(&manifest.assets.wasm.file);
    std::fs::write(&wasm, b"\0asm not really").unwrap();
    for ext in ["br", "gz"] {
        std::fs::remove_file(format!("{}.{ext}", wasm.display())).unwrap();
    }
    let stack = fleet
        .serve(32, &StackConfig::ephemeral(), quiet())
        .await
        .unwrap();
    let browser = Browser::open_at(&stack.shell_url()).await.unwrap();

    let states = match browser
        .wait_for(
            "31 slots mounted and one failed",
            &format!("{STATES} return (out.mounted.length === 31 && out.failed.length === 1) ? out : null;"),
            vec![],
        )
        .await
    {
        Ok(states) => states,
        Err(e) => panic!("{e}; slots by state: {}", states_now(&browser).await),
    };
    assert_eq!(states["failed"], json!([broken]), "{states}");
    let error = browser.wait_error_text(broken).await.unwrap();
    assert!(
        error.contains("FLO-203") && error.contains(manifest.assets.wasm.file.as_str()),
        "the broken slot says what failed and which file: {error}"
    );

    // Every other slot shows its own instance of the module, working.
    for (name, _) in fleet.members.iter().filter(|(n, _)| n != broken) {
        let text = browser
            .in_slot_js(
                name,
                "return root.querySelector('[data-module]')?.textContent ?? null;",
            )
            .await
            .unwrap();
        assert!(
            text.as_str().is_some_and(|t| t.contains("is running")),
            "{name}: {text}"
        );
    }
    // Each copy ran in its own wasm instance.
    let instances = browser
        .eval(
            "return flotilla.stats().slots.filter(s => s.wasmMemory > 0).length;",
            vec![],
        )
        .await
        .unwrap();
    assert_eq!(instances, json!(31));
    browser.close().await;
}

#[tokio::test]
async fn update_checks_of_many_modules_run_together_on_one_clock() {
    let out = tempfile::tempdir().unwrap();
    let fleet = fleet(8, out.path());
    let every = WatchPolicy {
        interval_ms: 1_000,
        max_interval_ms: 1_000,
        ..WatchPolicy::default()
    };
    let stack = fleet
        .serve(8, &StackConfig::ephemeral(), every)
        .await
        .unwrap();
    // Every timer the page sets is recorded until it fires or is cleared.
    let browser = Browser::open().await.unwrap();
    browser.before_each_page(COUNT_TIMERS).await.unwrap();
    browser.goto(&stack.shell_url()).await.unwrap();
    if let Err(e) = browser
        .wait_for(
            "8 slots mounted",
            &format!("{STATES} return out.mounted.length === 8;"),
            vec![],
        )
        .await
    {
        panic!("{e}; slots by state: {}", states_now(&browser).await);
    }
    tokio::time::sleep(std::time::Duration::from_millis(3_600)).await;

    // One timer waits for the next tick (at most an interval away), whatever the number of
    // modules; the longer ones pending are the load phases' time limits. None waits while a
    // tick's checks are in flight, or a short one when they took most of the interval: read
    // the timers once a tick's is pending.
    let pending = browser
        .wait_for(
            "a timer for the next tick",
            "const all = [...window.__flotillaTestTimers.values()]; \
             return all.some(ms => ms > 100 && ms <= 1000) ? all : null;",
            vec![],
        )
        .await
        .unwrap();
    let delays: Vec<f64> = serde_json::from_value(pending).unwrap();
    let waits = delays
        .iter()
        .filter(|&&ms| ms > 100.0 && ms <= 1_000.0)
        .count();
    assert_eq!(waits, 1, "timers waiting for a check: {delays:?}");

    // Manifest requests by start time, grouped into ticks (requests less than 300 ms apart). A
    // tick that began while modules were still loading, and one that may still be running, are
    // left out.
    let seen: Value = browser
        .eval(
            "return { loaded: Math.max(...flotilla.stats().slots.map(s => s.mount.end)), \
                      now: performance.now(), \
                      starts: performance.getEntriesByType('resource') \
                        .filter(e => e.name.endsWith('/mf-manifest.json')) \
                        .map(e => e.startTime).sort((a, b) => a - b) };",
            vec![],
        )
        .await
        .unwrap();
    let (loaded, now) = (
        seen["loaded"].as_f64().unwrap(),
        seen["now"].as_f64().unwrap(),
    );
    let starts: Vec<f64> = serde_json::from_value(seen["starts"].clone()).unwrap();
    let mut ticks: Vec<Vec<f64>> = Vec::new();
    for t in starts {
        match ticks.last_mut() {
            Some(tick) if t - tick[0] < 300.0 => tick.push(t),
            _ => ticks.push(vec![t]),
        }
    }
    ticks.retain(|tick| tick[0] > loaded && tick[0] < now - 300.0);
    assert!(
        ticks.len() >= 2,
        "at least two whole ticks of checks: {ticks:?}"
    );
    let sizes: Vec<usize> = ticks.iter().map(Vec::len).collect();
    assert!(
        sizes.iter().all(|&n| n == 8),
        "every tick checks all eight modules together, not one timer each: {sizes:?}"
    );
    for pair in ticks.windows(2) {
        let gap = pair[1][0] - pair[0][0];
        assert!(
            (800.0..1_600.0).contains(&gap),
            "ticks are one interval apart: {gap} ms"
        );
    }
    browser.close().await;
}
