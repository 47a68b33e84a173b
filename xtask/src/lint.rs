//! `cargo xtask lint`: rustfmt and clippy, for the native and the wasm32 target.

use std::process::Command;

use anyhow::{bail, Result};

use crate::apps;

const WASM_CRATES: &[&str] = &[
    "flotilla-contract",
    "flotilla-bus",
    "flotilla-module",
    "flotilla-host",
    "demo-schema",
    "header-app",
    "home-app",
    "shell",
    "chaos-app",
];

/// Runs every check; fails on the first one that fails.
pub fn run() -> Result<()> {
    let root = apps::root();
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
    ]
    .map(String::from)
    .to_vec();
    for krate in WASM_CRATES {
        wasm.extend(["--package".into(), (*krate).into()]);
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
