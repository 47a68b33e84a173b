//! `cargo xtask new`: scaffolds a module crate, in the workspace or in a folder of its own.

use std::path::Path;

use anyhow::{Context, Result};

use crate::scaffold::{self, Ui};
use crate::workspace;

/// Makes module `name` (with `slot`, if given, its UI written with `ui`): a workspace member,
/// or, with `path`, a crate with a workspace of its own in that folder. Nothing is written
/// when an argument is refused.
pub fn run(name: &str, slot: Option<&str>, ui: Ui, path: Option<&Path>) -> Result<()> {
    let ws = workspace::current()?;
    let plan = match path {
        Some(dir) => {
            let module_crate = ws
                .members
                .get("flotilla-module")
                .context("this workspace has no flotilla-module crate")?;
            let lock = ws.root.join("Cargo.lock");
            let plan = scaffold::plan_outside(dir, name, slot, ui, module_crate, Some(&lock))?;
            plan.write()?;
            plan
        }
        None => scaffold::create(ws, name, slot, ui)?,
    };
    println!("{name}: created {}", plan.dir.display());
    for (file, _) in &plan.files {
        println!(
            "  {}",
            file.strip_prefix(&ws.root).unwrap_or(file).display()
        );
    }
    match path {
        Some(dir) => println!(
            "\nIts own workspace and lock file; build and publish it with\n  \
             cargo xtask deploy --path {}",
            dir.display()
        ),
        None => {
            let place = match slot {
                Some(slot) => format!("into slot {slot:?}"),
                None => "without a slot (add `slot = \"…\"` to place it)".to_owned(),
            };
            println!(
                "\n`cargo xtask run` builds it, serves it on port {} and mounts it {place}.",
                plan.port
            );
        }
    }
    Ok(())
}
