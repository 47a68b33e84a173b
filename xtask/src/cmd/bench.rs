//! `cargo xtask bench`: page-load, swap and size figures in headless Chromium, printed and
//! written to `docs/measurements.md` with the date and the machine they were taken on.

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};

use anyhow::{Context, Result};

use crate::{build, tools, workspace};

/// The page the benchmark writes (the README links to it).
pub const PAGE: &str = "docs/measurements.md";

/// Builds (unless `no_build`), then runs the benchmark with `runs` fresh profiles per network.
pub fn run(runs: usize, no_build: bool) -> Result<()> {
    let ws = workspace::current()?;
    let tools = tools::ensure_build_tools()?;
    let browser = tools::ensure_browser()?;
    if !no_build {
        build::all(&tools, ws)?;
        build::fixtures(&tools, ws)?;
    }
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
    let page = ws.root.join(PAGE);
    std::fs::create_dir_all(page.parent().expect("docs folder"))?;
    std::fs::write(&page, render(runs, &figures))?;
    println!("\nwritten to {PAGE}");
    Ok(())
}

/// The measurements page: when, where, how, and what was printed.
fn render(runs: usize, figures: &str) -> String {
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
    format!(
        "# Measurements\n\n\
         Written by `cargo xtask bench --runs {runs}` on {date} ({cores} cores, {cpu}). Figures \
         from one machine are comparable with each other, not with another machine's; run the \
         command again to refresh this page.\n\n\
         ```text\n{figures}```\n"
    )
}
