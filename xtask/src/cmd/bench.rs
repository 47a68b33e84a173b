//! `cargo xtask bench`: page-load, critical-path, swap and size figures in headless Chromium,
//! printed and written to `docs/measurements.md` with the date and the machine they were taken
//! on, and the waterfall of the median cold load drawn to `docs/waterfall.svg`.

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};

use anyhow::{Context, Result};

use crate::{build, tools, workspace};

/// The page the benchmark writes (the README links to it).
pub const PAGE: &str = "docs/measurements.md";

/// The waterfall of the median cold load on loopback (the README shows it).
pub const WATERFALL: &str = "docs/waterfall.svg";

/// Builds (unless `no_build`), then runs the benchmark with `runs` fresh profiles per network;
/// with `delta_only`, only the bytes of a header update, plain and delta (printed, not written).
pub fn run(runs: usize, no_build: bool, delta_only: bool) -> Result<()> {
    let ws = workspace::current()?;
    let tools = tools::ensure_build_tools()?;
    let browser = tools::ensure_browser()?;
    if !no_build {
        build::all(&tools, ws)?;
        build::fixtures(&tools, ws)?;
    }
    // The yardstick is optional: without Node.js or npm the other figures are still taken.
    if let Err(e) = crate::js_federation::build(ws) {
        eprintln!("xtask: the webpack + React yardstick is left out: {e:#}");
    }
    let load = load_average();
    let tables = ws.target.join("bench/critical-path.md");
    let _ = std::fs::remove_file(&tables);
    let mut child = Command::new("cargo")
        .current_dir(&ws.root)
        .args([
            "run",
            "--quiet",
            "--package",
            "flotilla-e2e",
            "--bin",
            "bench",
            "--",
        ])
        .arg(runs.to_string())
        .args(delta_only.then_some("--delta-only"))
        .arg("--svg")
        .arg(ws.root.join(WATERFALL))
        .arg("--table")
        .arg(&tables)
        .env("FLOTILLA_CHROMIUM", &browser.chromium)
        .env("FLOTILLA_CHROMEDRIVER", &browser.chromedriver)
        .stdout(Stdio::piped())
        .spawn()
        .context("starting the benchmark")?;
    let mut figures = String::new();
    for line in BufReader::new(child.stdout.take().context("stdout")?).lines() {
        let line = line?;
        println!("{line}");
        figures.push_str(&line);
        figures.push('\n');
    }
    let status = child.wait()?;
    anyhow::ensure!(status.success(), "bench failed ({status})");
    if delta_only {
        return Ok(());
    }
    let page = ws.root.join(PAGE);
    std::fs::create_dir_all(page.parent().expect("docs folder"))?;
    let tables = std::fs::read_to_string(&tables).unwrap_or_default();
    std::fs::write(&page, render(runs, &figures, &tables, load))?;
    println!("\nwritten to {PAGE}");
    Ok(())
}

/// The one-minute load average (Linux), to tell whether other work ran alongside.
fn load_average() -> Option<f64> {
    std::fs::read_to_string("/proc/loadavg")
        .ok()?
        .split_whitespace()
        .next()?
        .parse()
        .ok()
}

/// The measurements page: when, where, how, the critical-path tables, the waterfall, and
/// what was printed.
fn render(runs: usize, figures: &str, tables: &str, load: Option<f64>) -> String {
    let date = humantime::format_rfc3339_seconds(std::time::SystemTime::now());
    let cores = std::thread::available_parallelism().map_or(0, usize::from);
    let cpu = std::fs::read_to_string("/proc/cpuinfo")
        .ok()
        .and_then(|info| {
            info.lines()
                .find(|l| l.starts_with("model name"))
                .and_then(|l| l.split_once(':'))
                .map(|(_, name)| name.trim().to_owned())
        })
        .unwrap_or_else(|| "unknown CPU".into());
    let busy = match load {
        Some(load) if load >= cores as f64 / 2.0 => format!(
            " The machine was busy with other work when the run began (load average {load:.1} \
             on {cores} cores): the figures are noisier and slower than on an idle machine."
        ),
        Some(load) => format!(" Load average when the run began: {load:.1}."),
        None => String::new(),
    };
    format!(
        "# Measurements\n\n\
         Written by `cargo xtask bench --runs {runs}` on {date} ({cores} cores, {cpu}). Figures \
         from one machine are comparable with each other, not with another machine's; run the \
         command again to refresh this page.{busy}\n\n\
         ## Critical path of a cold load\n\n\
         When each phase of the shell and of each module ran: requests from the browser's \
         resource timings, the host's phases (manifest read from the page's snapshot, code \
         taken from the preload and verified, init, mount) from `flotilla.stats()`; median \
         start and median end over the runs.\n\n\
         {tables}\
         ![cold load waterfall](waterfall.svg)\n\n\
         ## Everything printed\n\n\
         ```text\n{figures}```\n"
    )
}
