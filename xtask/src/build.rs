//! Builds apps with trunk in release (wasm-opt -Oz), then writes manifests and compressed files.

use std::process::Command;

use anyhow::{bail, Context, Result};

use crate::apps::{self, App};
use crate::tools::Toolchain;
use crate::{manifest, precompress};

/// Builds every module and the shell.
pub fn all(tools: &Toolchain) -> Result<()> {
    for app in apps::all() {
        app_release(tools, app)?;
    }
    Ok(())
}

/// Builds the test fixture modules.
pub fn fixtures(tools: &Toolchain) -> Result<()> {
    for app in apps::FIXTURES {
        app_release(tools, app)?;
    }
    Ok(())
}

/// Builds one app; a module also gets its `mf-manifest.json`.
pub fn app_release(tools: &Toolchain, app: &App) -> Result<()> {
    eprintln!("xtask: building {} (release)", app.name);
    let status = Command::new("trunk")
        .args(["build", "--release", "--offline=true"])
        .current_dir(app.source_dir())
        .env("PATH", tools.path_env())
        .env("CARGO_TARGET_DIR", app.target_dir())
        .env_remove("CARGO_BUILD_TARGET")
        .status()
        .context("could not start trunk")?;
    if !status.success() {
        bail!("trunk build of {} failed ({status})", app.name);
    }
    let dist = app.dist_dir();
    if app.is_module() {
        let m = manifest::generate(&app.source_dir(), &dist)?;
        manifest::write(&dist, &m)?;
        eprintln!("xtask: {} {} manifest written", m.name, m.version);
    }
    precompress::dir(&dist)?;
    Ok(())
}
