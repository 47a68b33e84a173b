//! `cargo xtask sizes`: code bytes per app against the regression ceilings and the targets;
//! with `--crates`, what each crate costs every app.

use anyhow::{bail, Result};

use crate::crate_sizes::{self, CrateCode};
use crate::sizes::kb;
use crate::{sizes, tools, workspace};

/// Crates listed per app; the rest are added up on one line.
const LISTED: usize = 10;

/// Prints the table of sizes (and each app's code by crate); fails when an app is over its
/// ceiling.
pub fn run(crates: bool) -> Result<()> {
    let ws = workspace::current()?;
    let checks = sizes::report(ws)?;
    if crates {
        let tools = tools::ensure_build_tools()?;
        println!(
            "\nCode by crate: function bodies of the wasm after wasm-bindgen, before wasm-opt; \
             a generic function counts for the crate that defines it. `≈ brotli` is the crate's \
             share of the app's wasm as served."
        );
        for check in &checks {
            let Some(app) = ws.apps.iter().find(|a| a.name == check.app) else {
                continue;
            };
            match crate_sizes::of_app(app, &tools) {
                Ok(list) => print_crates(&check.app, &list, check.sizes.wasm_brotli),
                Err(e) => println!("\n{}: {e:#}", check.app),
            }
        }
    }
    let over: Vec<String> = checks
        .into_iter()
        .filter(|c| !c.passed())
        .map(|c| c.app)
        .collect();
    if !over.is_empty() {
        bail!("over the ceiling: {}", over.join(", "));
    }
    Ok(())
}

/// Prints `app`'s code by crate: the largest [`LISTED`], then the rest on one line.
fn print_crates(app: &str, list: &[CrateCode], wasm_brotli: usize) {
    let total: usize = list.iter().map(|c| c.bytes).sum::<usize>().max(1);
    println!("\n{app}: {} of code", kb(total));
    let line = |name: &str, bytes: usize| {
        let share = bytes as f64 / total as f64;
        println!(
            "  {name:<22} {:>9} {:>5.1} %  ≈ {:>8} brotli",
            kb(bytes),
            share * 100.0,
            kb((share * wasm_brotli as f64).round() as usize)
        );
    };
    for c in list.iter().take(LISTED) {
        line(&c.krate, c.bytes);
    }
    if list.len() > LISTED {
        let rest: usize = list[LISTED..].iter().map(|c| c.bytes).sum();
        line(&format!("{} more crates", list.len() - LISTED), rest);
    }
}
