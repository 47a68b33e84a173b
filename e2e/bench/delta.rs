//! What an open page downloads when the header is updated (v1 to v2, deployed while it runs):
//! once from an origin deployed without deltas (brotli files) and once with them (`dcb` against
//! v1, `deploy`'s default), as the browser's resource timing reports each code file
//! (`transferSize`: body and headers on the wire; `contentEncoding`).

use anyhow::{Context, Result};
use flotilla_e2e::{point, serve_folder, stack_with, Browser};
use serde_json::{json, Value};

use crate::swap::v2_build;
use crate::timing::median;

const MODULE: &str = "header-app";
const SLOT: &str = "header";
const OTHER: &str = "home-app";

/// One code file's download: name, encoding, bytes on the wire.
struct Download {
    file: String,
    encoding: String,
    transfer: f64,
}

/// Prints the table, or why it is skipped.
pub async fn report(runs: usize) -> Result<()> {
    println!("header update on an open page: bytes on the wire per code file (resource timing transferSize, median of {runs})");
    let v2 = match v2_build() {
        Ok(dist) => dist,
        Err(why) => {
            println!("  skipped: {why}");
            return Ok(());
        }
    };
    let v1 = flotilla_e2e::module(MODULE).dist_dir();
    let mut modes: Vec<Vec<Vec<Download>>> = Vec::new();
    for deltas in [0, xtask::delta::DEFAULT_COUNT] {
        let mut mode = Vec::new();
        for _ in 0..runs {
            mode.push(update(&v1, &v2, deltas).await?);
        }
        modes.push(mode);
    }
    println!(
        "  {:<10} {:>16} {:>16} {:>8}",
        "file", "plain (brotli)", "delta (dcb)", "saved"
    );
    let kinds = modes[0][0].len();
    let (mut plain_total, mut delta_total) = (0.0, 0.0);
    for k in 0..kinds {
        let pick = |m: &Vec<Vec<Download>>| median(m.iter().map(|r| r[k].transfer).collect());
        let (plain, delta) = (pick(&modes[0]), pick(&modes[1]));
        plain_total += plain;
        delta_total += delta;
        let (p, d) = (&modes[0][0][k], &modes[1][0][k]);
        println!(
            "  {:<10} {:>9.0} B ({:<3}) {:>9.0} B ({:<3}) {:>7.0}%",
            p.file,
            plain,
            p.encoding,
            delta,
            d.encoding,
            100.0 * (1.0 - delta / plain.max(1.0))
        );
    }
    println!(
        "  {:<10} {:>11.0} B {:>16.0} B {:>7.0}%",
        "all code",
        plain_total,
        delta_total,
        100.0 * (1.0 - delta_total / f64::max(plain_total, 1.0))
    );
    larger_change()
}

/// The test build of v2 changes little (its version); for scale, a far larger change: another
/// module's wasm (same framework, other code) as a delta of this one's, computed here.
fn larger_change() -> Result<()> {
    let wasm = |name: &str| -> Result<Vec<u8>> {
        let dist = flotilla_e2e::module(name).dist_dir();
        let manifest = xtask::deploy::read_manifest(&dist.join("mf-manifest.json"))?;
        Ok(std::fs::read(dist.join(manifest.assets.wasm.file))?)
    };
    let (from, to) = (wasm(MODULE)?, wasm(OTHER)?);
    let delta = xtask::delta::encode(&to, &from)?.len();
    let brotli = xtask::precompress::brotli(&to)?.len();
    println!(
        "  for scale, a larger change: {OTHER}'s wasm against {MODULE}'s (computed, not \
         downloaded): {brotli} B brotli, {delta} B dcb"
    );
    Ok(())
}

/// Opens the page on v1 (deployed with `deltas`), deploys v2 and reads what its code cost.
async fn update(
    v1: &std::path::Path,
    v2: &std::path::Path,
    deltas: usize,
) -> Result<Vec<Download>> {
    let dir = tempfile::tempdir()?;
    xtask::deploy::publish_with(dir.path(), v1, deltas)?;
    let (origin, _server) = serve_folder(dir.path()).await;
    let manifest = format!("{origin}/mf-manifest.json");
    let stack = stack_with(|r| {
        point(r, MODULE, &manifest);
        for remote in &mut r.remotes {
            if remote.name == MODULE {
                remote.update = flotilla_contract::policy::UpdateMode::Auto;
            }
        }
        r.updates.interval_ms = 300;
        // Bytes are read from the page's resource timings, blind to the worker's downloads.
        r.offline.enabled = false;
    })
    .await;
    let browser = Browser::open_at(&stack.shell_url()).await?;
    browser.wait_slot(SLOT, "mounted").await?;
    xtask::deploy::publish_with(dir.path(), v2, deltas)?;
    let version = xtask::deploy::read_manifest(&v2.join("mf-manifest.json"))?.version;
    browser.wait_slot_version(SLOT, &version).await?;
    let assets = xtask::deploy::read_manifest(&dir.path().join("mf-manifest.json"))?.assets;
    let mut files = vec![("wasm", assets.wasm.file), ("glue JS", assets.js.file)];
    files.extend(assets.css.into_iter().map(|c| ("CSS", c.file)));
    let mut out = Vec::new();
    for (kind, file) in files {
        let url = format!("{origin}/{file}");
        let seen: Value = browser
            .wait_for(
                &format!("the timing of {url}"),
                // The download itself: a stylesheet link re-reads the host's response from the
                // cache (a second entry, 0 bytes on the wire).
                "const e = performance.getEntriesByName(arguments[0]) \
                   .reduce((a, b) => (a && a.transferSize >= b.transferSize ? a : b), null); \
                 return e ? { encoding: e.contentEncoding, transfer: e.transferSize } : null;",
                vec![json!(url)],
            )
            .await?;
        out.push(Download {
            file: kind.to_owned(),
            encoding: seen["encoding"].as_str().unwrap_or_default().to_owned(),
            transfer: seen["transfer"].as_f64().context("transferSize")?,
        });
    }
    browser.close().await;
    Ok(out)
}
