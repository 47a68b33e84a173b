//! `cargo xtask install`: the toolchain, the browser and the hosting tools (nginx, Varnish,
//! wrk, s3s-fs), without building.

use anyhow::Result;

use crate::tools;

/// Installs what is missing; skips what is there.
pub fn run() -> Result<()> {
    tools::ensure_build_tools()?;
    tools::ensure_browser()?;
    tools::ensure_hosting()?;
    Ok(())
}
