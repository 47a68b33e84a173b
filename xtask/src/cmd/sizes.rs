//! `cargo xtask sizes`: code bytes per app against the regression ceilings and the targets.

use anyhow::{bail, Result};

use crate::{sizes, workspace};

/// Prints the table of sizes; fails when an app is over its ceiling.
pub fn run() -> Result<()> {
    let over: Vec<String> = sizes::report(workspace::current()?)?
        .into_iter()
        .filter(|c| !c.passed())
        .map(|c| c.app)
        .collect();
    if !over.is_empty() {
        bail!("over the ceiling: {}", over.join(", "));
    }
    Ok(())
}
