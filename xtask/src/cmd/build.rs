//! `cargo xtask build`: release builds of the shell and every module (and the test fixtures).

use anyhow::Result;

use crate::{build, sizes, tools, workspace};

/// Builds every served app, and the fixtures when `fixtures`; prints the sizes.
pub fn run(fixtures: bool) -> Result<()> {
    let ws = workspace::current()?;
    let tools = tools::ensure_build_tools()?;
    build::all(&tools, ws)?;
    if fixtures {
        build::fixtures(&tools, ws)?;
    }
    sizes::report(ws)?;
    Ok(())
}
