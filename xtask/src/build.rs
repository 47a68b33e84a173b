//! Builds apps with trunk in release (wasm-opt -Oz), minifies their JS, then writes manifests
//! and compressed files.

use std::path::{Path, PathBuf};
use std::process::Command;

use anyhow::{bail, Context, Result};

use crate::rust::Rust;
use crate::tools::Toolchain;
use crate::workspace::{App, Workspace};
use crate::{hashed_names, manifest, minify, precompress, worker};

/// Builds the shell and every module.
pub fn all(tools: &Toolchain, ws: &Workspace) -> Result<()> {
    for app in ws.served() {
        app_release(tools, app)?;
    }
    Ok(())
}

/// Builds the test fixtures: the fixture modules, and each build the tests declare
/// (`[package.metadata.flotilla-tests] builds`).
pub fn fixtures(tools: &Toolchain, ws: &Workspace) -> Result<()> {
    for app in ws.fixtures() {
        app_release(tools, app)?;
    }
    for build in &ws.test_builds {
        module_version(tools, ws.module(&build.module)?, &build.version)?;
    }
    Ok(())
}

/// Builds one app into its usual folder; a module also gets its `mf-manifest.json`. Returns
/// the folder.
pub fn app_release(tools: &Toolchain, app: &App) -> Result<PathBuf> {
    let dist = app.dist_dir();
    build_into(tools, app, &dist, None)?;
    Ok(dist)
}

/// Builds `module` as `version` (which it shows, and its manifest says) into
/// `target/dist/<module>@<version>`, in a target folder of its own so the usual build stays
/// cached. Returns the folder.
pub fn module_version(tools: &Toolchain, module: &App, version: &str) -> Result<PathBuf> {
    let dist = module.version_dist_dir(version);
    build_into(tools, module, &dist, Some(version))?;
    Ok(dist)
}

/// Builds `module` as `version` when given, as its crate's version otherwise.
pub fn module_as(tools: &Toolchain, module: &App, version: Option<&str>) -> Result<PathBuf> {
    match version {
        Some(v) => module_version(tools, module, v),
        None => app_release(tools, module),
    }
}

fn build_into(tools: &Toolchain, app: &App, dist: &Path, version: Option<&str>) -> Result<()> {
    let label = version.map(|v| format!(" {v}")).unwrap_or_default();
    let rust = Rust::for_app(app.rust, tools.rust);
    eprintln!(
        "xtask: building {}{label} (release, Rust {})",
        app.name,
        rust.label()
    );
    let mut trunk = Command::new("trunk");
    rust.configure(&mut trunk);
    trunk
        .args(["build", "--release", "--offline=true", "--dist"])
        .arg(dist)
        .current_dir(&app.page_dir)
        .env("PATH", tools.path_env())
        .env("CARGO_TARGET_DIR", app.cargo_target_dir(version))
        .env_remove("CARGO_BUILD_TARGET");
    match version {
        Some(v) => trunk.env(MODULE_VERSION_VAR, v),
        None => trunk.env_remove(MODULE_VERSION_VAR),
    };
    let status = trunk.status().context("could not start trunk")?;
    if !status.success() {
        bail!("trunk build of {}{label} failed ({status})", app.name);
    }
    crate::rust::record(&app.cargo_target_dir(version), rust)?;
    // Before anything hashes the files: the manifest, and the pages' integrity (rewritten).
    minify::dist(&tools.esbuild, dist)
        .with_context(|| format!("minifying the JS of {}{label}", app.name))?;
    hashed_names::dist(dist)?;
    if let Some(stamp) = worker::stamp(dist)? {
        eprintln!("xtask: {} service worker stamped {stamp}", app.name);
    }
    if app.is_module() {
        let m = manifest::generate(app, dist, version)?;
        manifest::write(dist, &m)?;
        eprintln!("xtask: {} {} manifest written", m.name, m.version);
    }
    precompress::dir(dist)?;
    Ok(())
}

/// Build-time variable that overrides a module's version (read with `option_env!`).
pub const MODULE_VERSION_VAR: &str = "FLOTILLA_MODULE_VERSION";
