//! `flotilla.swap` of the header between v1 and v2 on loopback: cold (v2's code not in the
//! cache, a fresh profile each run) and warm (both versions cached, repeated swaps); and what
//! repeated swaps leave in memory (JS heap after a forced GC, and the linear memory of replaced
//! instances, released by their glue: how much of it is still held after the GC). It needs
//! header-app built as v2 (`cargo xtask build --fixtures`); without that build it says so and
//! skips.

use std::net::SocketAddr;
use std::path::PathBuf;

use anyhow::{Context, Result};
use flotilla_e2e::cdp::Cdp;
use flotilla_e2e::{ws, Browser};
use serde_json::{json, Value};
use xtask::serve::{self, StackConfig};

use crate::support::HEADER_V2;
use crate::timing::median;

const MODULE: &str = "header-app";
const SLOT: &str = "header";

/// The v2 build of the header, or why it cannot be used.
pub fn v2_build() -> Result<PathBuf, String> {
    let declared = ws()
        .test_builds
        .iter()
        .any(|b| b.module == MODULE && b.version == HEADER_V2);
    if !declared {
        return Err(format!(
            "{MODULE} {HEADER_V2} is not in e2e/Cargo.toml's [package.metadata.flotilla-tests] builds"
        ));
    }
    let module = ws().module(MODULE).map_err(|e| e.to_string())?;
    let dist = module.version_dist_dir(HEADER_V2);
    if !dist.join("mf-manifest.json").exists() {
        return Err(format!(
            "{MODULE} {HEADER_V2} is not built ({} has no mf-manifest.json; `cargo xtask build \
             --fixtures` or `cargo xtask bench` without --no-build builds it)",
            dist.display()
        ));
    }
    Ok(dist)
}

/// Prints the swap figures, or why they are skipped.
pub async fn report(runs: usize) -> Result<()> {
    println!("swap of the header (flotilla.swap, loopback; median)");
    let dist = match v2_build() {
        Ok(dist) => dist,
        Err(why) => {
            println!("  skipped: {why}");
            return Ok(());
        }
    };
    let any: SocketAddr = "127.0.0.1:0".parse()?;
    let (v2_addr, _server) = serve::serve_dir(any, &dist).await?;
    let v2_origin = format!("http://{v2_addr}");
    let stack = serve::start(ws(), &StackConfig::ephemeral(), |r| {
        r.allowed_origins.push(v2_origin.clone())
    })
    .await
    .context("starting the servers")?;
    let Some(v1) = stack
        .registry
        .remotes
        .iter()
        .find(|r| r.name == MODULE && r.slot == SLOT)
        .map(|r| r.manifest.clone())
    else {
        println!("  skipped: the registry has no {MODULE} in slot {SLOT}");
        return Ok(());
    };
    let v2 = format!("{v2_origin}/mf-manifest.json");
    let repeats = 40;

    let (mut cold, mut warm) = (Vec::new(), Vec::new());
    let mut memory = None;
    for run in 0..runs {
        let browser = Browser::open_at(&stack.shell_url()).await?;
        browser.wait_slot(SLOT, "mounted").await?;
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
        let held = stats["retiredHeldWasmBytes"].as_f64().unwrap_or_default();
        println!(
            "memory after {repeats} more swaps in one page (each replaced instance is released)"
        );
        println!(
            "  JS heap after GC: {:.2} MB -> {:.2} MB ({:.0} KB per swap)",
            before / 1_048_576.0,
            after / 1_048_576.0,
            (after - before) / 1024.0 / f64::from(repeats)
        );
        println!(
            "  linear memory of {retired:.0} replaced instances: {:.1} MB when replaced, {:.1} MB \
             still held after GC",
            wasm / 1_048_576.0,
            held / 1_048_576.0,
        );
    }
    Ok(())
}

/// Milliseconds one `flotilla.swap` of the header took, measured in the page.
async fn swap(browser: &Browser, url: &str) -> Result<f64> {
    let v = browser
        .client
        .execute_async(
            "const done = arguments[arguments.length - 1]; const t0 = performance.now(); \
             flotilla.swap(arguments[0], arguments[1]).then(() => done(performance.now() - t0), e => done(String(e)));",
            vec![json!(SLOT), json!(url)],
        )
        .await?;
    v.as_f64().with_context(|| format!("swap failed: {v}"))
}

/// JS heap in use after a forced garbage collection, in bytes.
pub async fn heap_after_gc(browser: &Browser) -> Result<f64> {
    browser.collect_garbage().await?;
    let usage = browser
        .client
        .issue_cmd(Cdp::new("Runtime.getHeapUsage"))
        .await?;
    usage["usedSize"].as_f64().context("usedSize")
}
