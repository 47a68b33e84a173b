//! Code bytes per app (raw, gzip -9, brotli q11 of its wasm, JS and CSS) and the table
//! `cargo xtask sizes` prints against the ceilings and targets.

use std::fs;
use std::path::Path;

use anyhow::{Context, Result};

use flotilla_contract::abi::MANIFEST_FILE;

use crate::budgets::{self, Check, Verdict};
use crate::files::walk;
use crate::precompress;
use crate::workspace::{App, Workspace};

/// Bytes of one app's code: wasm, JS (glue, snippets, the shell's boot script) and CSS.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Sizes {
    /// Uncompressed.
    pub raw: usize,
    /// gzip -9.
    pub gzip: usize,
    /// brotli q11, every file compressed on its own (as served).
    pub brotli: usize,
    /// brotli q11 of the wasm alone.
    pub wasm_brotli: usize,
    /// brotli q11 of the JS alone.
    pub js_brotli: usize,
    /// brotli q11 of the CSS alone.
    pub css_brotli: usize,
    /// brotli q11 of the chunks fetched on first use (a split build's, see [`crate::split`]):
    /// not startup code, so not in the totals above.
    pub lazy_brotli: usize,
}

/// Measures the code an app's build ships (its folder in `target/dist`).
pub fn measure(app: &App) -> Result<Sizes> {
    measure_dir(&app.dist_dir())
}

/// Measures a module's code as a host page downloads it (the glue, wasm and CSS its manifest
/// lists, not its own page's scripts), or, in a folder without a manifest (the shell), the
/// `.wasm`, `.js` and `.css` files below `dir`, but for the service worker, which the browser
/// fetches after the page is up, the override panel's build in the shell's (`devtools/`),
/// which it fetches only when asked (measured as an app of its own), and the chunks of a split
/// build, fetched on first use, and the offline tier's page module, fetched once the page has
/// composed, both counted apart (`lazy_brotli`).
pub fn measure_dir(dir: &Path) -> Result<Sizes> {
    let mut code = Vec::new();
    let manifest = dir.join(MANIFEST_FILE);
    if manifest.exists() {
        let manifest = crate::deploy::read_manifest(&manifest)?;
        let assets = &manifest.assets;
        code.push((dir.join(&assets.js.file), "js".to_owned()));
        code.push((dir.join(&assets.wasm.file), "wasm".to_owned()));
        for css in &assets.css {
            code.push((dir.join(&css.file), "css".to_owned()));
        }
        return total(code);
    }
    let panel = dir.join(flotilla_contract::abi::DEVTOOLS_DIR);
    walk(dir, &mut |p| {
        if p.file_name().is_some_and(|n| n == crate::worker::SCRIPT) || p.starts_with(&panel) {
            return;
        }
        if let Some(ext @ ("wasm" | "js" | "css")) = p.extension().and_then(|e| e.to_str()) {
            code.push((p.to_path_buf(), ext.to_owned()));
        }
    })
    .with_context(|| format!("no build to measure in {}", dir.display()))?;
    total(code)
}

/// The sizes of `code` (paths and their kinds).
fn total(code: Vec<(std::path::PathBuf, String)>) -> Result<Sizes> {
    let mut total = Sizes::default();
    for (path, ext) in code {
        let bytes = fs::read(&path).with_context(|| format!("reading {}", path.display()))?;
        let brotli = precompress::brotli(&bytes)?.len();
        let name = path.file_name().unwrap_or_default().to_string_lossy();
        if crate::split::chunk_part(&name).is_some() || crate::worker::is_page_module(&name) {
            total.lazy_brotli += brotli;
            continue;
        }
        total.raw += bytes.len();
        total.gzip += precompress::gzip(&bytes)?.len();
        total.brotli += brotli;
        match ext.as_str() {
            "wasm" => total.wasm_brotli += brotli,
            "js" => total.js_brotli += brotli,
            _ => total.css_brotli += brotli,
        }
    }
    Ok(total)
}

/// Prints the table of sizes, ceilings and targets of every built app, then the full line of
/// each app whose ceiling needs a look; returns the checks.
pub fn report(ws: &Workspace) -> Result<Vec<Check>> {
    let checks = budgets::checks(ws)?;
    let w = checks
        .iter()
        .map(|c| c.app.len())
        .max()
        .unwrap_or(0)
        .max(12);
    println!(
        "{:<w$} {:>9} {:>9} {:>9} {:>9} {:>9} {:>9} {:>14} {:>21}",
        "app", "raw", "gzip", "brotli", "wasm", "JS", "CSS", "ceiling", "target"
    );
    for check in &checks {
        let s = check.sizes;
        let within = if check.passed() { "ok" } else { "OVER" };
        let met = match check.verdict() {
            Verdict::Met => "met",
            _ => "not yet met",
        };
        println!(
            "{:<w$} {:>9} {:>9} {:>9} {:>9} {:>9} {:>9} {:>9} {within:<4} {:>9} {met:<11}",
            check.app,
            kb(s.raw),
            kb(s.gzip),
            kb(s.brotli),
            kb(s.wasm_brotli),
            kb(s.js_brotli),
            kb(s.css_brotli),
            kb(check.limits.ceiling),
            kb(check.limits.target),
        );
    }
    for check in checks.iter().filter(|c| c.sizes.lazy_brotli > 0) {
        println!(
            "{}: and {} brotli of code fetched on first use (not startup)",
            check.app,
            kb(check.sizes.lazy_brotli)
        );
    }
    for check in checks.iter().filter(|c| c.ceiling_mark() != "ok") {
        println!("{}", check.line());
    }
    Ok(checks)
}

/// `12.3 KB` (KiB, one decimal).
pub fn kb(bytes: usize) -> String {
    format!("{:.1} KB", bytes as f64 / 1024.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ok_measures_wasm_js_and_css_and_nothing_else() {
        let dir = tempfile::tempdir().unwrap();
        fs::create_dir_all(dir.path().join("snippets/x")).unwrap();
        fs::write(dir.path().join("a_bg.wasm"), vec![7u8; 4000]).unwrap();
        fs::write(dir.path().join("a.js"), "export function f(){}").unwrap();
        fs::write(dir.path().join("snippets/x/inline0.js"), "export const k=1").unwrap();
        fs::write(dir.path().join("style.css"), "p{color:red}").unwrap();
        for other in ["a.js.br", "index.html", "photo.jpg"] {
            fs::write(dir.path().join(other), vec![1u8; 9000]).unwrap();
        }
        fs::write(
            dir.path()
                .join("a-0123456789abcdef-lazy-tool-0123456789abcdef.wasm"),
            vec![3u8; 900],
        )
        .unwrap();
        let s = measure_dir(dir.path()).unwrap();
        assert_eq!(s.raw, 4000 + 21 + 16 + 12, "a chunk is not startup code");
        assert!(s.lazy_brotli > 0, "{s:?}");
        assert_eq!(s.brotli, s.wasm_brotli + s.js_brotli + s.css_brotli);
        assert!(
            s.wasm_brotli > 0 && s.js_brotli > 0 && s.css_brotli > 0,
            "{s:?}"
        );
        assert!(s.brotli < s.raw, "{s:?}");
    }

    #[test]
    fn ok_a_module_measures_what_its_manifest_lists() {
        let dir = tempfile::tempdir().unwrap();
        let write = |name: &str, bytes: &[u8]| fs::write(dir.path().join(name), bytes).unwrap();
        write("m-1_bg.wasm", &[7u8; 4000]);
        write("m-1.js", b"export function f(){}");
        write("style.css", b"p{color:red}");
        // Its own page's script: not what a host page downloads.
        write("standalone-2.js", &[b'x'; 900]);
        let asset = |file: &str, size: u64| serde_json::json!({ "file": file, "integrity": format!("sha384-{}", "A".repeat(64)), "size": size });
        let manifest = serde_json::json!({
            "schema_version": 1, "name": "m", "version": "1.0.0", "abi_version": 1,
            "build_time": "2026-12-01T00:00:00Z",
            "exposes": [{ "name": "M", "export": "mount" }],
            "assets": { "js": asset("m-1.js", 21), "wasm": asset("m-1_bg.wasm", 4000),
                        "css": [asset("style.css", 12)] }
        });
        write(MANIFEST_FILE, manifest.to_string().as_bytes());
        let s = measure_dir(dir.path()).unwrap();
        assert_eq!(s.raw, 4000 + 21 + 12);
        assert!(s.js_brotli > 0 && s.css_brotli > 0, "{s:?}");
    }

    #[test]
    fn bad_missing_build_names_the_folder() {
        let err = measure_dir(Path::new("/nonexistent/dist/an-app")).unwrap_err();
        assert!(
            format!("{err:#}").contains("/nonexistent/dist/an-app"),
            "{err:#}"
        );
    }
}
