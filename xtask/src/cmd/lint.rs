//! `cargo xtask lint`: rustfmt and clippy, for the native and the wasm32 target (and a split
//! app's wasm with its `split` feature), and no
//! `Debug` placeholders in wasm crates' messages (release builds drop `Debug` output).

use std::process::Command;

use anyhow::{bail, Result};

use crate::{debug_format, tools, workspace};

/// Native tooling crates, left out of the wasm32 check; every other crate is checked there.
const NATIVE_ONLY: &[&str] = &["xtask", "flotilla-e2e"];

/// Installs what is missing, then runs every check; fails on the first one that fails.
pub fn run() -> Result<()> {
    tools::ensure_build_tools()?;
    let root = workspace::root();
    no_debug_placeholders()?;
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
    // A split app's lazy functions compile differently with its `split` feature on.
    let ws = workspace::current()?;
    for app in ws.apps.iter().filter(|a| a.split) {
        let args = [
            "clippy",
            "--target",
            "wasm32-unknown-unknown",
            "-p",
            &app.name,
            "--features",
            "split",
            "--",
            "-D",
            "warnings",
        ];
        checks.push((
            "clippy (wasm32, split build)",
            args.map(String::from).to_vec(),
        ));
    }
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

/// Fails when a crate that builds to wasm formats a message with `{:?}` or `{:.1}`.
fn no_debug_placeholders() -> Result<()> {
    eprintln!("xtask: no Debug or precision placeholders in wasm crates");
    let ws = workspace::current()?;
    let dirs: Vec<&std::path::Path> = ws
        .members
        .iter()
        .filter(|(name, _)| !NATIVE_ONLY.contains(&name.as_str()))
        .map(|(_, dir)| dir.as_path())
        .collect();
    let found = debug_format::find(&dirs)?;
    if !found.is_empty() {
        bail!(
            "Debug placeholders ({{:?}}) in wasm crates print nothing in nightly release builds \
             (-Zfmt-debug=none), and precision ones ({{:.1}}) link Rust's float formatting (4 KB \
             of wasm); use flotilla_contract::text (Quoted, Listed, Tenths, Whole) instead:\n{}",
            found.join("\n")
        );
    }
    Ok(())
}
