//! Code bytes per app (raw, gzip -9, brotli q11) and the size budgets.

use std::fs;

use anyhow::Result;

use crate::precompress;
use crate::workspace::{App, Workspace};

/// Bytes of one app's code (glue + wasm, plus the shell's boot script and snippets).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Sizes {
    /// Uncompressed.
    pub raw: usize,
    /// gzip -9.
    pub gzip: usize,
    /// brotli q11.
    pub brotli: usize,
}

/// Brotli budget of an app's code, in bytes (each module 45 KB, the shell 60 KB).
pub fn budget(app: &App) -> usize {
    if app.is_module() {
        45 * 1024
    } else {
        60 * 1024
    }
}

/// Measures the code an app's build ships.
pub fn measure(app: &App) -> Result<Sizes> {
    let mut total = Sizes::default();
    let mut pending = vec![app.dist_dir()];
    while let Some(dir) = pending.pop() {
        for entry in fs::read_dir(&dir)? {
            let path = entry?.path();
            if path.is_dir() {
                pending.push(path);
                continue;
            }
            let name = path
                .file_name()
                .and_then(|n| n.to_str())
                .unwrap_or_default();
            if !(name.ends_with(".js") || name.ends_with(".wasm")) {
                continue;
            }
            let bytes = fs::read(&path)?;
            total.raw += bytes.len();
            total.gzip += precompress::gzip(&bytes)?.len();
            total.brotli += precompress::brotli(&bytes)?.len();
        }
    }
    Ok(total)
}

/// Prints the table of sizes; returns the apps over budget.
pub fn report(ws: &Workspace) -> Result<Vec<String>> {
    println!(
        "{:<12} {:>10} {:>10} {:>10} {:>10}",
        "app", "raw", "gzip", "brotli", "budget"
    );
    let mut over = Vec::new();
    for app in ws.served() {
        let s = measure(app)?;
        let budget = budget(app);
        let mark = if s.brotli <= budget { "ok" } else { "OVER" };
        println!(
            "{:<12} {:>10} {:>10} {:>10} {:>7} KB {mark}",
            app.name,
            kb(s.raw),
            kb(s.gzip),
            kb(s.brotli),
            budget / 1024
        );
        if s.brotli > budget {
            over.push(format!(
                "{} is {} brotli, budget {} KB",
                app.name,
                kb(s.brotli),
                budget / 1024
            ));
        }
    }
    Ok(over)
}

fn kb(bytes: usize) -> String {
    format!("{:.1} KB", bytes as f64 / 1024.0)
}
