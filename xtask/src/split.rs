//! Splits an app's wasm into the code it runs at startup and chunks fetched on first use.
//!
//! An app whose `[package.metadata.flotilla]` says `split = true` (the shell) is built with its
//! `split` feature, which compiles the functions written with `flotilla_host`'s `lazy_fn!` as
//! split points (`wasm_split_helpers`). trunk cannot split (it must happen between cargo and
//! wasm-bindgen, on the relocations `--emit-relocs` keeps), so after trunk, [`dist`] takes
//! cargo's wasm again: `wasm_split_cli_support` cuts it into the main module and one chunk per
//! split point (plus chunks of code two of them share) and writes their loader; wasm-bindgen
//! (`--keep-lld-exports`: the chunks use the main module's memory, table and stack pointer)
//! and wasm-opt run on the parts; the loader is bundled into the glue, and each chunk gets a
//! content-hashed name and the `integrity` its fetch is checked against. The glue and wasm
//! replace trunk's, under trunk's names; the pages' integrity follows.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use anyhow::{bail, Context, Result};
use sha2::{Digest, Sha256};

use crate::manifest::integrity;
use crate::tools::Toolchain;
use crate::workspace::App;

/// The loader's file, as the split main module imports it.
const LOADER: &str = "__wasm_split.js";

/// What marks a chunk's file name (`shell-<hash>-lazy-tool-<hash>.wasm`, after its split
/// point's chunk name), so size budgets tell startup code from code fetched on first use.
pub const CHUNK_MARK: &str = "-lazy-";

/// The split point (`tool`, or `chunk-7` for code two share) a file name is a chunk of, if it
/// is one: `<app>-<hash>-lazy-<part>-<16 hex digits>.wasm`, as [`dist`] names them (an app
/// whose own name has `-lazy-` in it is no chunk).
pub fn chunk_part(file_name: &str) -> Option<&str> {
    let stem = file_name.strip_suffix(".wasm")?;
    let (rest, hash) = stem.rsplit_once('-')?;
    let (build, part) = rest.rsplit_once(CHUNK_MARK)?;
    let (_, build_hash) = build.rsplit_once('-')?;
    let hex = |h: &str, n: std::ops::RangeInclusive<usize>| {
        n.contains(&h.len()) && h.bytes().all(|b| b.is_ascii_hexdigit())
    };
    let named = !part.is_empty() && part.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-');
    (hex(hash, 16..=16) && hex(build_hash, 1..=16) && named).then_some(part)
}

/// Splits `app`'s build in `dist` (trunk's output) at its split points; returns the chunks'
/// file names. Fails for a wasm without split points (`split = true` with nothing to split).
pub fn dist(tools: &Toolchain, app: &App, dist: &Path) -> Result<Vec<String>> {
    let cargo_wasm = app
        .cargo_target_dir()
        .join("wasm32-unknown-unknown/release")
        .join(format!("{}.wasm", app.name));
    let input =
        fs::read(&cargo_wasm).with_context(|| format!("reading {}", cargo_wasm.display()))?;
    let stem = trunk_stem(dist, &app.name)?;
    let work = app.cargo_target_dir().join("flotilla-split");
    let _ = fs::remove_dir_all(&work);
    let split_dir = work.join("split");
    let main_wasm = split_dir.join("main.wasm");
    let main_module = format!("./{stem}.js");
    let mut options = wasm_split_cli_support::Options::new(&input);
    options.output_dir = &split_dir;
    options.main_out_path = &main_wasm;
    options.main_module = &main_module;
    let split = wasm_split_cli_support::transform(options)
        .map_err(|e| anyhow::anyhow!("{e:#}"))
        .with_context(|| format!("splitting {}", cargo_wasm.display()))?;
    if split.split_modules.is_empty() {
        bail!(
            "{} asks for a split build (`split = true`) but its wasm has no split point",
            app.name
        );
    }

    let bound = work.join("bound");
    run(Command::new("wasm-bindgen")
        .env("PATH", tools.path_env())
        .arg(&main_wasm)
        .args(["--target", "web", "--no-typescript", "--keep-lld-exports"])
        .args(["--out-name", &stem])
        .arg("--out-dir")
        .arg(&bound))?;
    fs::copy(split_dir.join(LOADER), bound.join(LOADER))?;

    let mut chunks = Vec::new();
    let mut loader = fs::read_to_string(bound.join(LOADER))?;
    let wasm_opt = tools.binaryen_bin.join("wasm-opt");
    for chunk in &split.split_modules {
        let name = chunk
            .file_stem()
            .and_then(|n| n.to_str())
            .context("a chunk without a name")?;
        let optimized = work.join(format!("{name}.wasm"));
        optimize(&wasm_opt, chunk, &optimized)?;
        let bytes = fs::read(&optimized)?;
        let hex = crate::files::hex(&Sha256::digest(&bytes)[..8]);
        // `split_tool` (a split point's chunk) or `chunk_7` (code two of them share).
        let part = name
            .strip_prefix("split_")
            .unwrap_or(name)
            .replace('_', "-");
        let hashed = format!("{stem}{CHUNK_MARK}{part}-{hex}.wasm");
        let fetch = format!("fetch(new URL(\"./{name}.wasm\", import.meta.url))");
        if loader.matches(&fetch).count() != 1 {
            bail!("the split loader does not fetch {name}.wasm the way this xtask expects");
        }
        loader = loader.replace(
            &fetch,
            &format!(
                "fetch(new URL(\"./{hashed}\", import.meta.url), {{ integrity: \"{}\" }})",
                integrity(&bytes)
            ),
        );
        fs::write(dist.join(&hashed), &bytes)?;
        chunks.push(hashed);
    }
    fs::write(bound.join(LOADER), loader)?;

    let glue_name = format!("{stem}.js");
    let wasm_name = format!("{stem}_bg.wasm");
    let old_glue = fs::read(dist.join(&glue_name))?;
    let old_wasm = fs::read(dist.join(&wasm_name))?;
    optimize(&wasm_opt, &bound.join(&wasm_name), &dist.join(&wasm_name))?;
    bundle(
        &tools.esbuild,
        &bound.join(&glue_name),
        &dist.join(&glue_name),
    )?;
    let replaced = [
        (
            integrity(&old_glue),
            integrity(&fs::read(dist.join(&glue_name))?),
        ),
        (
            integrity(&old_wasm),
            integrity(&fs::read(dist.join(&wasm_name))?),
        ),
    ];
    crate::manifest::rewrite_integrity(dist, &replaced)?;
    Ok(chunks)
}

/// Fails unless every chunk in `dist` (an app's finished build) finds what it imports from the
/// main module among that module's exports: a later step that renamed one of them (the short
/// names of `short_imports`) would make the chunk fail to link in the browser, as FLO-208.
pub fn check_links(dist: &Path) -> Result<()> {
    let mut main = None;
    let mut chunks = Vec::new();
    for entry in fs::read_dir(dist)? {
        let path = entry?.path();
        let name = path
            .file_name()
            .unwrap_or_default()
            .to_string_lossy()
            .into_owned();
        if chunk_part(&name).is_some() {
            chunks.push(path);
        } else if name.ends_with("_bg.wasm") {
            main = Some(path);
        }
    }
    if chunks.is_empty() {
        return Ok(());
    }
    let main = main.with_context(|| format!("{} has chunks but no main wasm", dist.display()))?;
    let mut exported = std::collections::BTreeSet::new();
    for payload in wasmparser::Parser::new(0).parse_all(&fs::read(&main)?) {
        if let wasmparser::Payload::ExportSection(exports) = payload? {
            for export in exports {
                exported.insert(export?.name.to_owned());
            }
        }
    }
    for chunk in &chunks {
        for payload in wasmparser::Parser::new(0).parse_all(&fs::read(chunk)?) {
            let wasmparser::Payload::ImportSection(imports) = payload? else {
                continue;
            };
            for import in imports.into_imports() {
                let import = import?;
                if import.module == MAIN_MODULE && !exported.contains(import.name) {
                    bail!(
                        "{} imports `{}` from the main module, which {} does not export",
                        chunk.display(),
                        import.name,
                        main.display()
                    );
                }
            }
        }
    }
    Ok(())
}

/// The module name under which a chunk imports the main module's exports.
const MAIN_MODULE: &str = "__wasm_split";

/// The stem of trunk's glue and wasm for app `name` (`shell-0123456789abcdef`).
fn trunk_stem(dist: &Path, name: &str) -> Result<String> {
    let prefix = format!("{name}-");
    for entry in fs::read_dir(dist)? {
        let file = entry?.file_name().to_string_lossy().into_owned();
        if let Some(stem) = file.strip_suffix("_bg.wasm") {
            if stem.starts_with(&prefix) {
                return Ok(stem.to_owned());
            }
        }
    }
    bail!(
        "{} has no {prefix}<hash>_bg.wasm from trunk",
        dist.display()
    )
}

/// `wasm-opt -Oz --converge`, as trunk runs it for the release build (`data-wasm-opt`), and
/// one assumption more. Rust's wasm puts its stack first (it grows down
/// towards address 0, from 256 KiB here), so the low 1 KiB of memory is never used and
/// `--low-memory-unused` may fold constant offsets into loads and stores.
fn optimize(wasm_opt: &Path, from: &Path, to: &PathBuf) -> Result<()> {
    run(Command::new(wasm_opt)
        .args(["-Oz", "--converge", "--low-memory-unused"])
        .arg(from)
        .arg("-o")
        .arg(to))
}

/// The glue with the loader (and the wasm-bindgen snippets) bundled into one ES module; the
/// build's minify step minifies it later.
fn bundle(esbuild: &Path, glue: &Path, to: &Path) -> Result<()> {
    run(Command::new(esbuild)
        .arg(glue)
        .args(["--bundle", "--format=esm", "--log-level=error"])
        .arg(format!("--outfile={}", to.display())))
}

fn run(cmd: &mut Command) -> Result<()> {
    let out = cmd
        .output()
        .with_context(|| format!("could not start {:?}", cmd.get_program()))?;
    if !out.status.success() {
        bail!(
            "{:?} failed ({}): {}",
            cmd.get_program(),
            out.status,
            String::from_utf8_lossy(&out.stderr).trim()
        );
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::chunk_part;

    #[test]
    fn ok_chunk_names_are_told_from_startup_files() {
        let chunk = "shell-2eefd101ecdd20e2-lazy-api-5deacb56ba44204b.wasm";
        assert_eq!(chunk_part(chunk), Some("api"));
        assert_eq!(
            chunk_part("shell-2eefd101ecdd20e-lazy-chunk-7-5deacb56ba44204b.wasm"),
            Some("chunk-7")
        );
        for startup in [
            "shell-2eefd101ecdd20e2_bg.wasm",
            "my-lazy-app-2eefd101ecdd20e2_bg.wasm",
            "my-lazy-app-2eefd101ecdd20e2.js",
            "shell-2eefd101ecdd20e2-lazy-api-5deacb56ba44204b.wasm.br",
            "shell-2eefd101ecdd20e2-lazy--5deacb56ba44204b.wasm",
        ] {
            assert_eq!(chunk_part(startup), None, "{startup}");
        }
    }
}
