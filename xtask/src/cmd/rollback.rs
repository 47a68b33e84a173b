//! `cargo xtask rollback`: points a module's manifest back at an earlier version.

use anyhow::Result;

use crate::{deploy, workspace};

/// Rolls `module` back to the version before the current one, or to `version`.
pub fn run(module: &str, version: Option<&str>) -> Result<()> {
    let app = workspace::current()?.module(module)?;
    let id = deploy::rollback(&app.deploy_dir(), version)?;
    println!("{module}: rolled back to {id}");
    Ok(())
}
