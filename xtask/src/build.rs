//! Builds apps with trunk in release (wasm-opt -Oz), minifies their JS, then writes manifests
//! and compressed files.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use anyhow::{bail, Context, Result};

use crate::rust::Rust;
use crate::tools::Toolchain;
use crate::workspace::{App, Role, Workspace};
use crate::{files, hashed_names, manifest, minify, precompress, short_imports, split, worker};
use flotilla_contract::abi::DEVTOOLS_DIR;

/// Builds the override panel, the shell (with the panel's build inside it) and every module.
pub fn all(tools: &Toolchain, ws: &Workspace) -> Result<()> {
    let panel = ws
        .devtools()
        .map(|app| app_release(tools, app))
        .transpose()?;
    for app in ws.served() {
        match (app.role, &panel) {
            (Role::Shell, Some(panel)) => {
                build_into(tools, app, &app.dist_dir(), None, Some(panel))?
            }
            _ => drop(app_release(tools, app)?),
        }
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
    build_into(tools, app, &dist, None, None)?;
    Ok(dist)
}

/// Builds `module` as `version` (which it shows, and its manifest says) into
/// `target/dist/<module>@<version>`, sharing the usual build's cargo target folder (only the
/// module's own crate recompiles). Returns the folder.
pub fn module_version(tools: &Toolchain, module: &App, version: &str) -> Result<PathBuf> {
    let dist = module.version_dist_dir(version);
    build_into(tools, module, &dist, Some(version), None)?;
    Ok(dist)
}

/// Builds `module` as `version` when given, as its crate's version otherwise.
pub fn module_as(tools: &Toolchain, module: &App, version: Option<&str>) -> Result<PathBuf> {
    match version {
        Some(v) => module_version(tools, module, v),
        None => app_release(tools, module),
    }
}

/// Builds `app` into `dist`; `panel` is the override panel's build, copied into the shell's
/// under `devtools/` (not its page: the shell opens the panel through its manifest).
fn build_into(
    tools: &Toolchain,
    app: &App,
    dist: &Path,
    version: Option<&str>,
    panel: Option<&Path>,
) -> Result<()> {
    let label = version.map(|v| format!(" {v}")).unwrap_or_default();
    let rust = Rust::for_app(app.rust, tools.rust);
    eprintln!(
        "xtask: building {}{label} (release, Rust {})",
        app.name,
        rust.label()
    );
    let target_dir = app.cargo_target_dir();
    // Builds of one app share its target folder: one at a time, from cargo to the wasm copied
    // out, or another version's build could replace the wasm in between.
    let _lock = lock(target_dir, &app.name)?;
    let mut trunk = Command::new("trunk");
    if app.split {
        rust.configure_split(&mut trunk);
    } else {
        rust.configure(&mut trunk);
    }
    trunk
        .args(["build", "--release", "--offline=true", "--dist"])
        .arg(dist)
        .current_dir(&app.page_dir)
        .env("PATH", tools.path_env())
        .env("CARGO_TARGET_DIR", target_dir)
        .env_remove("CARGO_BUILD_TARGET");
    match version {
        Some(v) => trunk.env(MODULE_VERSION_VAR, v),
        None => trunk.env_remove(MODULE_VERSION_VAR),
    };
    if app.split {
        trunk.args(["--features", "split"]);
    }
    let status = trunk.status().context("could not start trunk")?;
    if !status.success() {
        bail!("trunk build of {}{label} failed ({status})", app.name);
    }
    crate::rust::record(target_dir, rust)?;
    // Before anything hashes the files (the manifest, and the pages' integrity, rewritten) and
    // before the split, whose wasm names its glue by the file's name.
    hashed_names::pad(dist)?;
    if app.split {
        let chunks = split::dist(tools, app, dist)
            .with_context(|| format!("splitting the wasm of {}{label}", app.name))?;
        eprintln!(
            "xtask: {} split: {} chunk(s) fetched on first use",
            app.name,
            chunks.len()
        );
    }
    short_imports::dist(dist)
        .with_context(|| format!("shortening the import names of {}{label}", app.name))?;
    if app.split {
        split::check_links(dist)
            .with_context(|| format!("checking the chunks of {}{label}", app.name))?;
    }
    minify::dist(&tools.esbuild, dist)
        .with_context(|| format!("minifying the JS of {}{label}", app.name))?;
    hashed_names::dist(dist)?;
    if let Some(panel) = panel {
        files::copy_dir_except(panel, &dist.join(DEVTOOLS_DIR), &|p| {
            p.to_string_lossy().starts_with("index.html")
        })?;
    }
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

/// Holds the build lock of the cargo target folder `dir` (of app `name`) until dropped,
/// waiting for another build of the app to finish first. On a file system without locks it
/// warns and builds unlocked.
fn lock(dir: &Path, name: &str) -> Result<fs::File> {
    fs::create_dir_all(dir).with_context(|| format!("creating {}", dir.display()))?;
    let path = dir.join(LOCK_FILE);
    let file = fs::File::create(&path).with_context(|| format!("creating {}", path.display()))?;
    match file.try_lock() {
        Ok(()) => {}
        Err(fs::TryLockError::WouldBlock) => {
            eprintln!("xtask: waiting for another build of {name} to finish");
            file.lock()
                .with_context(|| format!("locking {}", path.display()))?;
        }
        Err(fs::TryLockError::Error(e)) => eprintln!(
            "xtask: warning: cannot lock {} ({e}); building {name} unlocked",
            path.display()
        ),
    }
    Ok(file)
}

/// The lock file in an app's cargo target folder.
const LOCK_FILE: &str = "flotilla-build.lock";

/// Build-time variable that overrides a module's version (read with `option_env!`).
pub const MODULE_VERSION_VAR: &str = "FLOTILLA_MODULE_VERSION";

#[cfg(test)]
mod tests {
    use std::sync::mpsc;
    use std::time::Duration;

    use super::*;

    #[test]
    fn ok_a_second_build_of_an_app_waits_for_the_first() {
        let dir = tempfile::tempdir().unwrap();
        let first = lock(dir.path(), "alpha-app").unwrap();
        let (done, waited) = mpsc::channel();
        let path = dir.path().to_path_buf();
        let second = std::thread::spawn(move || {
            let _held = lock(&path, "alpha-app").unwrap();
            done.send(()).unwrap();
        });
        assert!(waited.recv_timeout(Duration::from_millis(300)).is_err());
        drop(first);
        waited.recv_timeout(Duration::from_secs(10)).unwrap();
        second.join().unwrap();
    }
}
