//! `cargo xtask fuzz`: runs the `cargo fuzz` targets of `fuzz/` for a bounded time each.

use std::process::Command;

use anyhow::Result;

use crate::tools;
use crate::workspace;

/// The fuzz targets (`fuzz/fuzz_targets/<name>.rs`), each with the folder of its seed inputs
/// (relative to the workspace): manifests are seeded from the contract's own test files.
pub const TARGETS: &[(&str, &str)] = &[
    ("manifest", "framework/contract/tests/data"),
    ("registry", "fuzz/seeds/registry"),
];

/// The command that fuzzes `target` for `seconds`; inputs slower than 5 s count as hangs.
pub fn command(target: &str, seeds: &str, seconds: u32) -> Command {
    let fuzz = workspace::root().join("fuzz");
    let corpus = fuzz.join("corpus").join(target);
    let _ = std::fs::create_dir_all(&corpus);
    let mut cmd = Command::new("cargo");
    cmd.current_dir(&fuzz)
        .arg(format!("+{}", crate::rust::NIGHTLY))
        .args(["fuzz", "run", target])
        .arg(&corpus)
        .arg(workspace::root().join(seeds))
        .arg("--")
        .arg(format!("-max_total_time={seconds}"))
        .args(["-timeout=5", "-rss_limit_mb=2048", "-print_final_stats=1"]);
    cmd
}

/// Installs the pinned nightly and cargo-fuzz if missing, then fuzzes every target for `seconds` each.
pub fn run(seconds: u32) -> Result<()> {
    tools::ensure_fuzzer()?;
    for (target, seeds) in TARGETS {
        eprintln!("xtask: fuzzing {target} for {seconds} s");
        let status = command(target, seeds, seconds).status()?;
        anyhow::ensure!(
            status.success(),
            "fuzz target {target} found a failure (see fuzz/artifacts/{target})"
        );
    }
    Ok(())
}
