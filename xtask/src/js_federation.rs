//! The benchmark's yardstick: Flotilla's header and random image as a webpack 5 Module
//! Federation page with React 18 (`e2e/bench/js-federation`). Its packages come from npm with
//! the committed lockfile (`npm ci`), and `build.js` writes host page and remotes into
//! `target/bench/js-federation`; both steps are skipped when what they make is there and newer
//! than what they read.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::SystemTime;

use anyhow::Result;

use crate::tools;
use crate::workspace::Workspace;

/// The yardstick's sources, relative to the workspace root.
pub const SOURCES: &str = "e2e/bench/js-federation";

/// Where the built page goes (the bench reads it there).
pub fn out_dir(ws: &Workspace) -> PathBuf {
    ws.target.join("bench/js-federation")
}

/// Installs the packages and builds the page unless both are up to date; returns the folder.
pub fn build(ws: &Workspace) -> Result<PathBuf> {
    let src = ws.root.join(SOURCES);
    let out = out_dir(ws);
    let lock = src.join("package-lock.json");
    let installed = src.join("node_modules/.package-lock.json");
    if modified(&lock) > modified(&installed) {
        tools::run(
            "installing the webpack + React yardstick's packages (npm ci)",
            Command::new("npm")
                .current_dir(&src)
                .args(["ci", "--no-audit", "--no-fund"]),
        )?;
    }
    let inputs = vec![src.join("build.js"), src.join("src"), lock];
    if newest(&inputs)? > modified(&out.join("host/index.html")) {
        tools::run(
            "building the webpack + React yardstick page",
            Command::new("node")
                .current_dir(&src)
                .arg("build.js")
                .arg(&out),
        )?;
    }
    Ok(out)
}

/// When `path` was last modified; the epoch when it is not there.
fn modified(path: &Path) -> SystemTime {
    std::fs::metadata(path)
        .and_then(|m| m.modified())
        .unwrap_or(SystemTime::UNIX_EPOCH)
}

/// The newest modification time of the files at or below `paths`.
fn newest(paths: &[PathBuf]) -> Result<SystemTime> {
    let mut newest = SystemTime::UNIX_EPOCH;
    for path in paths {
        if path.is_dir() {
            for entry in std::fs::read_dir(path)? {
                newest = newest.max(self::newest(&[entry?.path()])?);
            }
        } else {
            newest = newest.max(modified(path));
        }
    }
    Ok(newest)
}
