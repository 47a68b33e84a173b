//! Repeat visits with the offline tier's service worker warm, and without one: time from
//! navigation to header and image on screen, requests that reached a server, and whether the
//! page still composes with the module origins down.

use std::time::Duration;

use anyhow::Result;
use flotilla_contract::Registry;
use flotilla_e2e::{point, stack_with, Browser, DeployedOrigin};
use serde_json::Value;

use crate::timing::median;

/// Requests of the page (navigation included) that reached a server: a resource timing with
/// bytes transferred (an answer from the HTTP cache or from the worker's cache has none).
const REQUESTS: &str = "
    const all = [...performance.getEntriesByType('navigation'), ...performance.getEntriesByType('resource')];
    const network = all.filter((e) => e.transferSize > 0);
    const code = network.filter((e) => /\\.(js|wasm|css)$/.test(new URL(e.name).pathname));
    return [network.length, code.length];";

/// `mounted` or `failed` for both slots, once each has settled.
const SETTLED: &str = "
    const s = ['header', 'content'].map((n) => document.querySelector(`[data-flotilla-slot=\"${n}\"]`)?.dataset.state);
    return s.every((x) => x === 'mounted' || x === 'failed') ? s.join(' ') : null;";

struct Run {
    ms: f64,
    requests: f64,
    code_requests: f64,
    composes_offline: bool,
}

/// Prints the table.
pub async fn report(runs: usize) -> Result<()> {
    println!(
        "repeat visit: navigation start -> header and image on screen (median of {runs} runs)"
    );
    println!(
        "{:<24} {:>8} {:>18} {:>15} {:>28}",
        "", "time", "requests (network)", "code requests", "module origins down"
    );
    for (name, worker) in [
        ("without service worker", false),
        ("service worker, warm", true),
    ] {
        let mut all = Vec::new();
        for _ in 0..runs {
            all.push(run(worker).await?);
        }
        let pick = |f: fn(&Run) -> f64| median(all.iter().map(f).collect());
        let offline = all.iter().filter(|r| r.composes_offline).count();
        println!(
            "{name:<24} {:>5.0} ms {:>18.0} {:>15.0} {:>28}",
            pick(|r| r.ms),
            pick(|r| r.requests),
            pick(|r| r.code_requests),
            format!("composes in {offline} of {runs}")
        );
    }
    Ok(())
}

async fn run(worker: bool) -> Result<Run> {
    let mut header = DeployedOrigin::of("header-app").await;
    let mut content = DeployedOrigin::of("home-app").await;
    let (h, c) = (header.manifest_url(), content.manifest_url());
    let stack = stack_with(|r: &mut Registry| {
        point(r, "header-app", &h);
        point(r, "home-app", &c);
        r.offline.enabled = worker;
    })
    .await;
    let url = stack.shell_url();
    let browser = Browser::open().await?;
    crate::time_to_screen(&browser, &url).await?;
    if worker {
        let mut code = header.code_urls();
        code.extend(content.code_urls());
        browser.wait_cached(&code).await?;
        // The worker keeps the manifests after the code they name; the origins stop below.
        browser.wait_last_copies(&[h.clone(), c.clone()]).await?;
    }
    let ms = crate::time_to_screen(&browser, &url).await?;
    let counts = browser.eval(REQUESTS, vec![]).await?;
    let count = |i: usize| counts.get(i).and_then(Value::as_f64).unwrap_or_default();

    header.stop();
    content.stop();
    // Long enough for the server's snapshot to drop the manifests it can no longer revalidate
    // (as it does after its refresh interval), so the page has to find them itself.
    tokio::time::sleep(Duration::from_secs(2)).await;
    browser.goto(&url).await?;
    let settled = browser
        .wait_for("both slots to settle", SETTLED, vec![])
        .await?;
    browser.close().await;
    Ok(Run {
        ms,
        requests: count(0),
        code_requests: count(1),
        composes_offline: settled == Value::String("mounted mounted".into()),
    })
}
