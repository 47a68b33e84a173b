//! `cargo xtask install`: the toolchain and the browser, without building.

use anyhow::Result;

use crate::tools;

/// Installs what is missing; skips what is there.
pub fn run() -> Result<()> {
    tools::ensure_build_tools()?;
    tools::ensure_browser()?;
    Ok(())
}
