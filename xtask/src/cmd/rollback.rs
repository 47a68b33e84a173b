//! `cargo xtask rollback`: points a module's manifest back at an earlier version.

use anyhow::{Context, Result};

use crate::target::Target;
use crate::workspace;

/// Rolls `module` back to the version before the current one, or to `version`, on `to` (its
/// deploy folder by default, or a bucket `s3://bucket/prefix`).
pub async fn run(module: &str, version: Option<&str>, to: Option<&str>) -> Result<()> {
    let app = workspace::current()?.module(module)?;
    let target = to.map_or_else(|| Target::Folder(app.deploy_dir()), Target::parse);
    let id = target
        .rollback(version)
        .await
        .with_context(|| format!("rolling {module} back on {target}"))?;
    println!("{module}: rolled back to {id} on {target}");
    Ok(())
}
