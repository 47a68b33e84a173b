//! Many modules: cold time from navigation to every module mounted for pages of 2, 8 and 32
//! copies of the module template (each its own origin and wasm), and the memory each costs.

use anyhow::{Context, Result};
use flotilla_contract::policy::WatchPolicy;
use flotilla_e2e::{module, ws, Browser};
use serde_json::json;
use xtask::fleet::Fleet;
use xtask::serve::StackConfig;

use crate::swap::heap_after_gc;
use crate::timing::median;

/// The module template's build (a fixture of this workspace).
const TEMPLATE: &str = "tile-app";

/// Page sizes measured.
const SIZES: [usize; 3] = [2, 8, 32];

/// What one page size measured (medians over the runs).
struct Figures {
    modules: usize,
    ms: f64,
    heap: f64,
    wasm: f64,
}

/// Prints the table: time to all mounted, its ratio to the smallest page, JS heap and wasm
/// linear memory (per module: wasm divided by the modules; heap as the growth over the
/// smallest page, per added module).
pub async fn report(runs: usize) -> Result<()> {
    let out = tempfile::tempdir()?;
    let shell = ws().shell()?.dist_dir();
    let fleet = Fleet::write(&module(TEMPLATE).dist_dir(), &shell, 32, out.path())?;
    println!(
        "many modules: navigation start -> every module mounted, cold (median of {runs} runs)"
    );
    println!(
        "{:>8} {:>10} {:>8} {:>12} {:>16} {:>14} {:>16}",
        "modules", "cold", "vs 2", "JS heap", "heap per added", "wasm memory", "wasm per module"
    );
    let mut rows: Vec<Figures> = Vec::new();
    for modules in SIZES {
        let figures = measure(&fleet, modules, runs).await?;
        let first = rows.first().unwrap_or(&figures);
        let added = (figures.modules - first.modules).max(1) as f64;
        let per_added = if figures.modules > first.modules {
            format!("{:.0} KB", (figures.heap - first.heap) / added / 1024.0)
        } else {
            "-".to_owned()
        };
        println!(
            "{:>8} {:>7.0} ms {:>7.2}x {:>9.1} MB {:>16} {:>11.1} MB {:>13.0} KB",
            figures.modules,
            figures.ms,
            figures.ms / first.ms,
            figures.heap / 1e6,
            per_added,
            figures.wasm / 1e6,
            figures.wasm / figures.modules as f64 / 1024.0,
        );
        rows.push(figures);
    }
    Ok(())
}

async fn measure(fleet: &Fleet, modules: usize, runs: usize) -> Result<Figures> {
    let quiet = WatchPolicy {
        interval_ms: 600_000,
        max_interval_ms: 600_000,
        ..WatchPolicy::default()
    };
    let stack = fleet
        .serve(modules, &StackConfig::ephemeral(), quiet)
        .await?;
    let (mut ms, mut heap, mut wasm) = (Vec::new(), Vec::new(), Vec::new());
    for _ in 0..runs {
        let browser = Browser::open().await?;
        crate::idle(&browser).await?;
        browser.goto(&stack.shell_url()).await?;
        let v = browser
            .wait_for(
                "every module mounted",
                "if (!window.flotilla) return null; const slots = flotilla.stats().slots; \
                 if (slots.length < arguments[0]) return null; \
                 return { ms: Math.max(...slots.map(s => s.mount.end)), \
                          wasm: slots.reduce((sum, s) => sum + s.wasmMemory, 0) };",
                vec![json!(modules)],
            )
            .await?;
        ms.push(v["ms"].as_f64().context("ms")?);
        wasm.push(v["wasm"].as_f64().context("wasm")?);
        heap.push(heap_after_gc(&browser).await?);
        browser.close().await;
    }
    Ok(Figures {
        modules,
        ms: median(ms),
        heap: median(heap),
        wasm: median(wasm),
    })
}
