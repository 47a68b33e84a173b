//! `cargo xtask lint`: rustfmt and clippy, for the native and the wasm32 target.

use std::process::Command;

use anyhow::{bail, Result};

use crate::{tools, workspace};

/// Native tooling crates, left out of the wasm32 check; every other crate is checked there.
const NATIVE_ONLY: &[&str] = &["xtask", "flotilla-e2e"];

/// Installs what is missing, then runs every check; fails on the first one that fails.
pub fn run() -> Result<()> {
    tools::ensure_build_tools()?;
    let root = workspace::root();
    let mut checks: Vec<(&str, Vec<String>)> = vec![
        (
            "rustfmt",
            vec!["fmt".into(), "--all".into(), "--".into(), "--check".into()],
        ),
        (
            "clippy (native)",
            [
                "clippy",
                "--workspace",
                "--all-targets",
                "--",
                "-D",
                "warnings",
            ]
            .map(String::from)
            .to_vec(),
        ),
    ];
    let mut wasm: Vec<String> = [
        "clippy",
        "--target",
        "wasm32-unknown-unknown",
        "--all-targets",
        "--workspace",
    ]
    .map(String::from)
    .to_vec();
    for krate in NATIVE_ONLY {
        wasm.extend(["--exclude".into(), (*krate).into()]);
    }
    wasm.extend(["--".into(), "-D".into(), "warnings".into()]);
    checks.push(("clippy (wasm32)", wasm));
    for (name, args) in checks {
        eprintln!("xtask: {name}");
        if !Command::new("cargo")
            .current_dir(&root)
            .args(&args)
            .status()?
            .success()
        {
            bail!("{name} failed");
        }
    }
    eprintln!("xtask: lint clean");
    Ok(())
}
