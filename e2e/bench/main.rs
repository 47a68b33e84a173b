//! `cargo xtask bench`: page-load, swap and code-size figures, printed, never asserted.
//!
//! Page load: for each network profile it opens N fresh headless Chromium profiles (cold
//! cache) and reloads each once more (warm cache), and reports the median time from navigation
//! start to the header mounted and the image loaded and mounted.
//!
//! Swap: `flotilla.swap` of the header between v1 and v2 on loopback: cold (v2's code not in
//! the cache, a fresh profile each run) and warm (both versions cached, repeated swaps); and
//! what repeated swaps leave in memory (JS heap after a forced GC, and the linear memory of
//! replaced instances, which browsers cannot unload).

#[path = "../tests/support/mod.rs"]
mod support;

use std::time::Duration;

use anyhow::{Context, Result};
use flotilla_e2e::cdp::Cdp;
use flotilla_e2e::network::NetworkConditions;
use flotilla_e2e::{serve_folder, stack, stack_with, Browser};
use serde_json::{json, Value};
use support::header_v2_dist;

const ON_SCREEN: &str = "
    const mark = (n) => performance.getEntriesByName(n)[0]?.startTime;
    const header = mark('flotilla:header-app:mounted');
    const content = mark('flotilla:home-app:mounted');
    const root = document.querySelector('[data-flotilla-slot=\"content\"] .flotilla-slot__module')?.shadowRoot;
    const img = root?.querySelector('.fl-image__frame img');
    if (header === undefined || content === undefined || !img || !img.complete || !img.naturalWidth) return null;
    const image = performance.getEntriesByName(img.src)[0]?.responseEnd ?? 0;
    return Math.max(header, content, image);";

async fn time_to_screen(browser: &Browser, url: &str) -> Result<f64> {
    browser.goto(url).await?;
    let v = browser
        .wait_for("header and image on screen", ON_SCREEN, vec![])
        .await?;
    v.as_f64().context("a number")
}

fn median(mut xs: Vec<f64>) -> f64 {
    xs.sort_by(f64::total_cmp);
    xs[xs.len() / 2]
}

#[tokio::main]
async fn main() -> Result<()> {
    let runs: usize = std::env::args()
        .nth(1)
        .and_then(|n| n.parse().ok())
        .unwrap_or(5);
    let stack = stack().await;
    let url = stack.shell_url();
    let profiles: [(&str, Option<NetworkConditions>); 2] = [
        ("loopback", None),
        (
            "9 Mbit/s, 85 ms RTT",
            Some(NetworkConditions {
                latency_ms: 85,
                bits_per_second: 9_000_000,
            }),
        ),
    ];
    println!("page load: navigation start -> header and image on screen (median of {runs} runs)");
    println!(
        "{:<22} {:>12} {:>12}",
        "network", "cold cache", "warm cache"
    );
    for (name, conditions) in profiles {
        let (mut cold, mut warm) = (Vec::new(), Vec::new());
        for _ in 0..runs {
            let browser = Browser::open().await?;
            if let Some(c) = conditions {
                browser
                    .client
                    .issue_cmd(c)
                    .await
                    .context("set network conditions")?;
            }
            cold.push(time_to_screen(&browser, &url).await?);
            tokio::time::sleep(Duration::from_millis(100)).await;
            warm.push(time_to_screen(&browser, &url).await?);
            browser.close().await;
        }
        println!(
            "{name:<22} {:>9.0} ms {:>9.0} ms",
            median(cold),
            median(warm)
        );
    }
    println!();
    swaps(runs).await?;
    println!();
    xtask::sizes::report(flotilla_e2e::ws())?;
    Ok(())
}

/// Milliseconds one `flotilla.swap` of the header took, measured in the page.
async fn swap(browser: &Browser, url: &str) -> Result<f64> {
    let v = browser
        .client
        .execute_async(
            "const done = arguments[arguments.length - 1]; const t0 = performance.now(); \
             flotilla.swap('header', arguments[0]).then(() => done(performance.now() - t0), e => done(String(e)));",
            vec![json!(url)],
        )
        .await?;
    v.as_f64().with_context(|| format!("swap failed: {v}"))
}

/// JS heap in use after a forced garbage collection, in bytes.
async fn heap_after_gc(browser: &Browser) -> Result<f64> {
    browser
        .client
        .issue_cmd(Cdp::new("HeapProfiler.collectGarbage"))
        .await?;
    let usage = browser
        .client
        .issue_cmd(Cdp::new("Runtime.getHeapUsage"))
        .await?;
    usage["usedSize"].as_f64().context("usedSize")
}

async fn swaps(runs: usize) -> Result<()> {
    let (v2_origin, _server) = serve_folder(&header_v2_dist()).await;
    let stack = stack_with(|r| r.allowed_origins.push(v2_origin.clone())).await;
    let v1 = stack.registry.remotes[0].manifest.clone();
    let v2 = format!("{v2_origin}/mf-manifest.json");
    let repeats = 40;

    let (mut cold, mut warm) = (Vec::new(), Vec::new());
    let mut memory = None;
    for run in 0..runs {
        let browser = Browser::open_at(&stack.shell_url()).await?;
        browser.wait_slot("header", "mounted").await?;
        cold.push(swap(&browser, &v2).await?);
        swap(&browser, &v1).await?;
        if run == 0 {
            let before = heap_after_gc(&browser).await?;
            for i in 0..repeats {
                let target = if i % 2 == 0 { &v2 } else { &v1 };
                warm.push(swap(&browser, target).await?);
            }
            let after = heap_after_gc(&browser).await?;
            let stats: Value = browser.eval("return flotilla.stats();", vec![]).await?;
            memory = Some((before, after, stats));
        } else {
            warm.push(swap(&browser, &v2).await?);
        }
        browser.close().await;
    }
    println!("swap of the header (flotilla.swap, loopback; median)");
    println!(
        "  cold (code not cached, {runs} runs):   {:>6.1} ms",
        median(cold)
    );
    println!(
        "  warm (code cached, {} swaps):       {:>6.1} ms",
        warm.len(),
        median(warm)
    );
    if let Some((before, after, stats)) = memory {
        let retired = stats["retiredInstances"].as_f64().unwrap_or_default();
        let wasm = stats["retiredWasmBytes"].as_f64().unwrap_or_default();
        println!("memory after {repeats} more swaps in one page (a replaced instance cannot be unloaded)");
        println!(
            "  JS heap after GC: {:.2} MB -> {:.2} MB ({:.0} KB per swap)",
            before / 1_048_576.0,
            after / 1_048_576.0,
            (after - before) / 1024.0 / f64::from(repeats)
        );
        println!(
            "  linear memory of {retired:.0} replaced instances: {:.1} MB ({:.0} KB each)",
            wasm / 1_048_576.0,
            wasm / 1024.0 / retired.max(1.0)
        );
    }
    Ok(())
}
