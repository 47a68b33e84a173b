//! Builds apps with trunk in release (wasm-opt -Oz), then writes manifests and compressed files.

use std::path::{Path, PathBuf};
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

/// Version of the second header build that tests deploy over the first.
pub const HEADER_V2: &str = "2.0.0";

/// Builds the test fixtures: the fixture modules, and header-app as [`HEADER_V2`].
pub fn fixtures(tools: &Toolchain) -> Result<()> {
    for app in apps::FIXTURES {
        app_release(tools, app)?;
    }
    let header = apps::module("header-app").expect("header-app is a module");
    module_version(tools, header, HEADER_V2)?;
    Ok(())
}

/// Builds one app into its usual folder; a module also gets its `mf-manifest.json`.
pub fn app_release(tools: &Toolchain, app: &App) -> Result<()> {
    build_into(tools, app, &app.dist_dir(), None)
}

/// Builds `module` as `version` (which it shows, and its manifest says) into
/// `target/dist/<module>@<version>`, in a target folder of its own so the usual build stays
/// cached. Returns the folder.
pub fn module_version(tools: &Toolchain, module: &App, version: &str) -> Result<PathBuf> {
    let dist = module.version_dist_dir(version);
    build_into(tools, module, &dist, Some(version))?;
    Ok(dist)
}

fn build_into(tools: &Toolchain, app: &App, dist: &Path, version: Option<&str>) -> Result<()> {
    let label = version.map(|v| format!(" {v}")).unwrap_or_default();
    eprintln!("xtask: building {}{label} (release)", app.name);
    let target_dir = match version {
        Some(v) => app.target_dir().with_file_name(format!("{}@{v}", app.name)),
        None => app.target_dir(),
    };
    let mut trunk = Command::new("trunk");
    trunk
        .args(["build", "--release", "--offline=true", "--dist"])
        .arg(dist)
        .current_dir(app.source_dir())
        .env("PATH", tools.path_env())
        .env("CARGO_TARGET_DIR", target_dir)
        .env_remove("CARGO_BUILD_TARGET");
    match version {
        Some(v) => trunk.env(MODULE_VERSION_VAR, v),
        None => trunk.env_remove(MODULE_VERSION_VAR),
    };
    let status = trunk.status().context("could not start trunk")?;
    if !status.success() {
        bail!("trunk build of {}{label} failed ({status})", app.name);
    }
    if app.is_module() {
        let m = manifest::generate(&app.source_dir(), dist, version)?;
        manifest::write(dist, &m)?;
        eprintln!("xtask: {} {} manifest written", m.name, m.version);
    }
    precompress::dir(dist)?;
    Ok(())
}

/// Build-time variable that overrides a module's version (read with `option_env!`).
pub const MODULE_VERSION_VAR: &str = "FLOTILLA_MODULE_VERSION";
