//! `cargo xtask sizes`: code bytes per app against the budgets.

use anyhow::Result;

use crate::{sizes, workspace};

/// Prints the table of sizes and which apps are over budget.
pub fn run() -> Result<()> {
    let over = sizes::report(workspace::current()?)?;
    if !over.is_empty() {
        println!("over budget: {}", over.join("; "));
    }
    Ok(())
}
