//! `cargo xtask bench`: page-load, swap and size figures in headless Chromium.

use std::process::Command;

use anyhow::Result;

use crate::{build, tools, workspace};

/// Builds (unless `no_build`), then runs the benchmark with `runs` fresh profiles per network.
pub fn run(runs: usize, no_build: bool) -> Result<()> {
    let ws = workspace::current()?;
    let tools = tools::ensure_build_tools()?;
    let browser = tools::ensure_browser()?;
    if !no_build {
        build::all(&tools, ws)?;
        build::fixtures(&tools, ws)?;
    }
    let status = Command::new("cargo")
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
        .status()?;
    anyhow::ensure!(status.success(), "bench failed ({status})");
    Ok(())
}
