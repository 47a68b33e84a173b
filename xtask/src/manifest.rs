//! Writes a module's `mf-manifest.json` from the files its build actually staged.

use std::fs;
use std::path::{Path, PathBuf};

use anyhow::{bail, Context, Result};
use base64::Engine;
use flotilla_contract::abi::{ABI_EXPORT, ABI_VERSION, MANIFEST_FILE};
use flotilla_contract::manifest::{Asset, Assets, Manifest};
use sha2::{Digest, Sha384};

use crate::workspace::App;

/// `sha384-<base64>` of `bytes`, as Subresource Integrity writes it.
pub fn integrity(bytes: &[u8]) -> String {
    let digest = Sha384::digest(bytes);
    format!(
        "sha384-{}",
        base64::engine::general_purpose::STANDARD.encode(digest)
    )
}

/// Rewrites the `integrity` attributes in the pages of `dist`: each `(old, new)` pair's old
/// value becomes the new one (for files a build step changed after trunk wrote the pages).
pub fn rewrite_integrity(dist: &Path, replaced: &[(String, String)]) -> Result<()> {
    for page in crate::files::with_ext(dist, "html")? {
        let text = fs::read_to_string(&page)?;
        let mut new = text.clone();
        for (old, fresh) in replaced {
            new = new.replace(old.as_str(), fresh);
        }
        if new != text {
            fs::write(&page, &new).with_context(|| format!("writing {}", page.display()))?;
        }
    }
    Ok(())
}

/// Builds the manifest of `module`, whose build is in `dist`; `version` overrides the crate's
/// version (a build made with `FLOTILLA_MODULE_VERSION`).
pub fn generate(module: &App, dist: &Path, version: Option<&str>) -> Result<Manifest> {
    let exposes = module.exposes.clone();
    if dist.join("snippets").exists() {
        bail!(
            "{}: the module's glue still imports its wasm-bindgen snippets; modules are imported \
             from verified bytes and cannot import files of their own (the build bundles \
             inline_js snippets; remove other module imports)",
            dist.display()
        );
    }
    let wasm = single(dist, |n| n.ends_with("_bg.wasm"), "a wasm file")?;
    // The glue is named after the wasm; other scripts (the standalone harness) are the page's.
    let js = crate::files::glue_of(&wasm)
        .with_context(|| format!("{}: no JS glue beside {}", dist.display(), wasm.display()))?;
    let css = files(dist, |n| n.ends_with(".css"))?;

    let glue = crate::exports::exports(&fs::read_to_string(&js)?);
    for e in &exposes {
        if !glue.contains(&e.export) {
            bail!(
                "{}: [package.metadata.flotilla] exposes export `{}`, but the glue {} does not \
                 export it",
                module.name,
                e.export,
                js.display()
            );
        }
    }
    for needed in ["default", ABI_EXPORT] {
        if !glue.contains(needed) {
            bail!(
                "{}: the glue {} does not export `{needed}`, which the host calls",
                module.name,
                js.display()
            );
        }
    }

    let manifest = Manifest {
        schema_version: 1,
        name: module.name.clone(),
        version: version.unwrap_or(&module.version).to_owned(),
        abi_version: ABI_VERSION,
        build_time: humantime::format_rfc3339_seconds(std::time::SystemTime::now()).to_string(),
        exposes,
        assets: Assets {
            js: asset(dist, &js)?,
            wasm: asset(dist, &wasm)?,
            css: css.iter().map(|c| asset(dist, c)).collect::<Result<_>>()?,
        },
    };
    manifest
        .validate()
        .with_context(|| format!("generated manifest for {} is invalid", dist.display()))?;
    Ok(manifest)
}

/// Writes the manifest next to the build, atomically (write, then rename).
pub fn write(dir: &Path, manifest: &Manifest) -> Result<PathBuf> {
    let path = dir.join(MANIFEST_FILE);
    let tmp = dir.join(format!(".{MANIFEST_FILE}.tmp"));
    fs::write(&tmp, serde_json::to_string_pretty(manifest)? + "\n")?;
    fs::rename(&tmp, &path)?;
    Ok(path)
}

fn asset(dist: &Path, file: &Path) -> Result<Asset> {
    let bytes = fs::read(file)?;
    let rel = file
        .strip_prefix(dist)?
        .to_string_lossy()
        .replace('\\', "/");
    Ok(Asset {
        file: rel,
        integrity: integrity(&bytes),
        size: bytes.len() as u64,
    })
}

fn files(dir: &Path, keep: impl Fn(&str) -> bool) -> Result<Vec<PathBuf>> {
    let mut found = Vec::new();
    for entry in fs::read_dir(dir).with_context(|| format!("reading {}", dir.display()))? {
        let path = entry?.path();
        let name = path
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or_default();
        if path.is_file() && keep(name) {
            found.push(path);
        }
    }
    found.sort();
    Ok(found)
}

fn single(dir: &Path, keep: impl Fn(&str) -> bool, what: &str) -> Result<PathBuf> {
    let mut found = files(dir, keep)?;
    match found.len() {
        1 => Ok(found.remove(0)),
        n => bail!("{}: expected {what}, found {n}", dir.display()),
    }
}
