//! `cargo xtask test`: native unit tests, a release build, code size checks, wasm tests and
//! end-to-end tests in headless Chromium, with one pass/fail count at the end.

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Command, Stdio};

use anyhow::{Context, Result};

use crate::tools::{Browser, Toolchain};
use crate::workspace::Workspace;

/// Passed and failed test counts.
#[derive(Debug, Default, Clone, Copy)]
pub struct Counts {
    /// Tests that passed.
    pub passed: usize,
    /// Tests that failed (a step that could not run counts as one).
    pub failed: usize,
}

/// Runs every test step; each step runs even if an earlier one failed.
pub fn run(tools: &Toolchain, browser: &Browser, ws: &Workspace) -> Result<Counts> {
    let mut counts = Counts::default();
    let root = ws.root.clone();
    let disk = ws.target.as_path();
    if crate::disk::free(disk).is_some_and(|free| free < crate::disk::RUN_NEEDS) {
        eprintln!(
            "xtask: warning: {} where {} is; a full test run from a clean clone needs about {} GiB \
             (about half under target/, half the tools it installs)",
            crate::disk::describe(disk),
            disk.display(),
            crate::disk::RUN_NEEDS >> 30
        );
    }

    step(
        &mut counts,
        disk,
        "native unit tests",
        Command::new("cargo")
            .current_dir(&root)
            .args([
                "test",
                "--no-fail-fast",
                "--package",
                "flotilla-contract",
                "--package",
                "demo-schema",
                "--package",
                "flotilla-host",
                "--package",
                "xtask",
            ])
            // nginx and varnishd are installed by now: their checks must not be skipped.
            .env("FLOTILLA_REQUIRE_SERVERS", "1"),
    );

    let built = crate::build::all(tools, ws).and_then(|()| crate::build::fixtures(tools, ws));
    if let Err(e) = built {
        eprintln!("xtask: build failed: {e:#}");
        counts.failed += 1;
        return Ok(counts);
    }
    let size_lines = size_checks(&mut counts, ws);

    let mut wasm = Command::new("cargo");
    wasm.current_dir(&root).args([
        "test",
        "--no-fail-fast",
        "--target",
        "wasm32-unknown-unknown",
        // The wire crate's derive and readers; the host's, against serde's reading of the
        // same text; the demo schema's patches; the module side's DOM views.
        "--package",
        "flotilla-wire",
        "--package",
        "flotilla-module",
        "--package",
        "flotilla-host",
        "--package",
        "demo-schema",
    ]);
    for module in ws.modules() {
        wasm.args(["--package", &module.name]);
    }
    wasm.env("PATH", tools.path_env())
        .env(
            "CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER",
            "wasm-bindgen-test-runner",
        )
        .env("CHROMEDRIVER", &browser.chromedriver)
        .env("WASM_BINDGEN_TEST_TIMEOUT", "60");
    step(
        &mut counts,
        disk,
        "wasm tests (headless Chromium)",
        &mut wasm,
    );

    let chaos = ws.target.join("chaos");
    let _ = std::fs::remove_dir_all(&chaos);
    // The framework tests build modules in release (trunk, LTO): on their own, after the
    // others, so their compiles do not starve the tests that wait on a page in time.
    step(
        &mut counts,
        disk,
        "end-to-end tests (headless Chromium, loopback servers)",
        &mut e2e(&root, browser, &["--skip", BUILDING_TESTS]),
    );
    step(
        &mut counts,
        disk,
        "end-to-end tests that build modules (alone: their compiles take both cores)",
        &mut e2e(&root, browser, &[BUILDING_TESTS]),
    );

    fuzz(&mut counts);
    eprintln!(
        "\nxtask: {} where {} is, after the run",
        crate::disk::describe(disk),
        disk.display()
    );

    match chaos_table(&chaos) {
        Ok(table) => println!("\nChaos suite: faults tried and survived\n\n{table}"),
        Err(e) => println!("\nChaos suite: no table ({e:#})"),
    }
    println!("\nCode size (brotli q11: wasm + JS + CSS)\n");
    for line in size_lines {
        println!("{line}");
    }
    Ok(counts)
}

/// The end-to-end tests that build modules themselves.
const BUILDING_TESTS: &str = "framework::";

/// `cargo test` of the end-to-end package, two tests at a time, with `filter` after `--`.
fn e2e(root: &Path, browser: &Browser, filter: &[&str]) -> Command {
    let mut cmd = Command::new("cargo");
    cmd.current_dir(root)
        .args([
            "test",
            "--no-fail-fast",
            "--package",
            "flotilla-e2e",
            "--",
            "--test-threads=2",
        ])
        .args(filter)
        .env("FLOTILLA_CHROMIUM", &browser.chromium)
        .env("FLOTILLA_CHROMEDRIVER", &browser.chromedriver);
    cmd
}

/// Each served app's size is one test: passed within its regression ceiling, failed over it
/// (the target budget is printed beside). Returns the lines printed, to repeat at the end.
fn size_checks(counts: &mut Counts, ws: &Workspace) -> Vec<String> {
    eprintln!("\nxtask: == code size against the ceilings ==");
    let checks = match crate::budgets::checks(ws) {
        Ok(checks) => checks,
        Err(e) => {
            let line = format!("size: the checks could not run ({e:#})");
            println!("{line}");
            counts.failed += 1;
            return vec![line];
        }
    };
    let mut lines = Vec::new();
    for check in checks {
        if check.passed() {
            counts.passed += 1;
        } else {
            counts.failed += 1;
        }
        let line = check.line();
        println!("{line}");
        lines.push(line);
    }
    lines
}

/// Assembles the rows the chaos tests wrote (`<dir>/rows/*.md`, in file name order) into
/// `<dir>/table.md`; returns the table.
pub fn chaos_table(dir: &Path) -> Result<String> {
    let mut rows = Vec::new();
    for entry in std::fs::read_dir(dir.join("rows")).context("the chaos suite wrote no rows")? {
        let path = entry?.path();
        if path.extension().is_some_and(|e| e == "md") {
            rows.push(path);
        }
    }
    rows.sort();
    let mut table = String::from(
        "| fault | broken module | slot shows | other module | shell | recovery |\n\
         |---|---|---|---|---|---|\n",
    );
    let mut survived = 0;
    for path in &rows {
        let row = std::fs::read_to_string(path)?;
        if !row.contains("NOT SURVIVED") {
            survived += 1;
        }
        table.push_str(row.trim_end());
        table.push('\n');
    }
    table.push_str(&format!(
        "\n{survived} of {} faults survived.\n",
        rows.len()
    ));
    std::fs::write(dir.join("table.md"), &table)?;
    Ok(table)
}

/// Seconds each fuzz target runs in the test command (`cargo xtask fuzz` runs longer).
const FUZZ_SECONDS: u32 = 20;

/// Each fuzz target counts as one test: passed when libFuzzer finds no crash or hang.
fn fuzz(counts: &mut Counts) {
    eprintln!("\nxtask: == fuzzing the manifest and registry parsers ({FUZZ_SECONDS} s each) ==");
    if let Err(e) = crate::tools::ensure_fuzzer() {
        eprintln!("xtask: cannot fuzz: {e:#}");
        counts.failed += 1;
        return;
    }
    for (target, seeds) in crate::fuzz::TARGETS {
        let status = crate::fuzz::command(target, seeds, FUZZ_SECONDS)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status();
        match status {
            Ok(s) if s.success() => {
                println!("fuzz {target}: no crash or hang in {FUZZ_SECONDS} s");
                counts.passed += 1;
            }
            other => {
                println!("fuzz {target}: FAILED ({other:?}); run `cargo xtask fuzz` to see it");
                counts.failed += 1;
            }
        }
    }
}

/// Runs one cargo test command, echoing its output and adding up its `test result:` lines;
/// prints the free space on `disk` before it.
fn step(counts: &mut Counts, disk: &Path, name: &str, cmd: &mut Command) {
    eprintln!("\nxtask: == {name} ({}) ==", crate::disk::describe(disk));
    let mut outcome = run_counted(cmd);
    if outcome.as_ref().is_ok_and(|o| o.driver_late) {
        // The machine, not a test: run the step once more and count that run.
        eprintln!("xtask: chromedriver did not start in time; running {name} once more");
        outcome = run_counted(cmd);
    }
    match outcome {
        Ok(o) => {
            counts.passed += o.passed;
            counts.failed += o.failed;
            if !o.success && o.failed == 0 {
                eprintln!("xtask: {name} failed before running its tests");
                counts.failed += 1;
            }
        }
        Err(e) => {
            eprintln!("xtask: {name} could not run: {e:#}");
            counts.failed += 1;
        }
    }
}

/// What `wasm-bindgen-test-runner` says when chromedriver did not come up within its wait
/// (seen once on a loaded 2-core machine: the driver killed during its start).
const DRIVER_LATE: &str = "driver failed to bind port during startup";

/// How a step's command went.
struct Outcome {
    passed: usize,
    failed: usize,
    success: bool,
    /// Its stderr said [`DRIVER_LATE`].
    driver_late: bool,
}

fn run_counted(cmd: &mut Command) -> Result<Outcome> {
    let mut child = cmd
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .context("spawn")?;
    let stderr = child.stderr.take().context("stderr")?;
    let errors = std::thread::spawn(move || {
        let mut late = false;
        for line in BufReader::new(stderr).lines().map_while(|l| l.ok()) {
            eprintln!("{line}");
            late |= line.contains(DRIVER_LATE);
        }
        late
    });
    let (mut passed, mut failed) = (0, 0);
    for line in BufReader::new(child.stdout.take().context("stdout")?).lines() {
        let line = line?;
        println!("{line}");
        if let Some((p, f)) = parse_result(&line) {
            passed += p;
            failed += f;
        }
    }
    let success = child.wait()?.success();
    let driver_late = errors.join().unwrap_or(false);
    Ok(Outcome {
        passed,
        failed,
        success,
        driver_late,
    })
}

/// Reads `test result: ok. 13 passed; 0 failed; ...`.
pub fn parse_result(line: &str) -> Option<(usize, usize)> {
    let rest = line.trim().strip_prefix("test result: ")?;
    // Each `;`-separated part ends in "<count> <word>", e.g. "FAILED. 2 passed".
    let number = |word: &str| {
        rest.split(';').find_map(|part| {
            let mut tokens = part.split_whitespace().rev();
            let (w, n) = (tokens.next()?, tokens.next()?);
            (w == word).then(|| n.parse().ok()).flatten()
        })
    };
    Some((number("passed")?, number("failed")?))
}

#[cfg(test)]
mod tests {
    use super::{chaos_table, parse_result, run_counted, DRIVER_LATE};

    #[test]
    fn ok_a_command_counts_its_results_and_a_late_driver_is_told_apart() {
        let run = |script: &str| {
            run_counted(std::process::Command::new("sh").args(["-c", script])).unwrap()
        };
        let o = run("echo 'test result: ok. 3 passed; 1 failed; 0 ignored'; echo noise >&2");
        assert_eq!(
            (o.passed, o.failed, o.success, o.driver_late),
            (3, 1, true, false)
        );
        let o = run(&format!("echo 'Error: {DRIVER_LATE}' >&2; exit 1"));
        assert_eq!(
            (o.passed, o.failed, o.success, o.driver_late),
            (0, 0, false, true)
        );
    }

    #[test]
    fn ok_chaos_rows_make_one_table_in_order() {
        let tmp = tempfile::tempdir().unwrap();
        let rows = tmp.path().join("rows");
        std::fs::create_dir_all(&rows).unwrap();
        std::fs::write(
            rows.join("02-b.md"),
            "| b | x | FLO-2 | works | works | r |\n",
        )
        .unwrap();
        std::fs::write(
            rows.join("01-a.md"),
            "| a | x | FLO-1 | works | works | r |\n",
        )
        .unwrap();
        std::fs::write(rows.join("10-c.md"), "| c | | NOT SURVIVED: no | | | |\n").unwrap();
        let table = chaos_table(tmp.path()).unwrap();
        let a = table.find("| a |").unwrap();
        let b = table.find("| b |").unwrap();
        let c = table.find("| c |").unwrap();
        assert!(a < b && b < c, "{table}");
        assert!(table.ends_with("\n2 of 3 faults survived.\n"), "{table}");
        assert_eq!(
            std::fs::read_to_string(tmp.path().join("table.md")).unwrap(),
            table
        );
    }

    #[test]
    fn ok_reads_cargo_test_summary() {
        let line = "test result: ok. 13 passed; 0 failed; 0 ignored; 0 measured; 0 filtered out";
        assert_eq!(parse_result(line), Some((13, 0)));
        let line = "test result: FAILED. 2 passed; 1 failed; 0 ignored";
        assert_eq!(parse_result(line), Some((2, 1)));
        assert_eq!(parse_result("running 3 tests"), None);
    }
}
