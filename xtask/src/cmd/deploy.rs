//! `cargo xtask deploy`: builds one module and publishes it as a new version on its origin.

use anyhow::Result;

use crate::{build, deploy, tools, workspace};

/// Builds workspace module `module` (as `version`, when given) and publishes it.
pub fn run(module: &str, version: Option<&str>) -> Result<()> {
    let ws = workspace::current()?;
    let app = ws.module(module)?;
    let tools = tools::ensure_build_tools()?;
    let dist = build::module_as(&tools, app, version)?;
    let origin = app.deploy_dir();
    let id = deploy::publish(&origin, &dist)?;
    println!("{module}: version {id} deployed to {}", origin.display());
    Ok(())
}
