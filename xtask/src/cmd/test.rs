//! `cargo xtask test`: installs what is missing, runs every test, prints the counts.

use anyhow::Result;

use crate::{testsuite, tools, workspace};

/// Runs the test suite; exits with status 1 when a test failed.
pub async fn run() -> Result<()> {
    let ws = workspace::current()?;
    let tools = tools::ensure_build_tools()?;
    let browser = tools::ensure_browser()?;
    tools::ensure_hosting()?;
    let counts =
        tokio::task::spawn_blocking(move || testsuite::run(&tools, &browser, ws)).await??;
    println!("\n{} passed, {} failed", counts.passed, counts.failed);
    if counts.failed > 0 {
        std::process::exit(1);
    }
    Ok(())
}
