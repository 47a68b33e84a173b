//! Minifies the JavaScript of a release build (the wasm-bindgen glue, its snippets, the shell's
//! `boot.js`) with esbuild, keeping every export (the glue gains the trap guard's, see
//! [`crate::trap_guard`]), and rewrites the `integrity` attributes trunk
//! wrote into the build's pages for the files that changed. The glue is bundled with its
//! wasm-bindgen snippets: one file, so a page requests no `snippets/` files and preloads none.
//!
//! trunk 0.21's own minifier fails on the wasm-bindgen glue (`Failed to minify JS`) and leaves
//! it as it is; esbuild does not. The build runs this before it writes the manifest, so the
//! manifest's integrity is that of the bytes served.

use std::collections::BTreeSet;
use std::fs;
use std::io::Write;
use std::path::Path;
use std::process::{Command, Stdio};

use anyhow::{bail, Context, Result};
use flotilla_contract::abi::{RELEASE_EXPORT, TRAP_EXPORT};

use crate::exports::exports;
use crate::files::with_ext;
use crate::manifest::integrity;
use crate::trap_guard;

/// Minifies every `.js` file below `dist` with `esbuild`, then rewrites and checks the pages.
pub fn dist(esbuild: &Path, dist: &Path) -> Result<()> {
    dist_with(dist, &|js, text| {
        esbuild_minify(esbuild, js, &trap_guard::guard(text)?)
    })?;
    drop_bundled_snippets(dist)
}

/// Once the glue carries its snippets: removes the `snippets/` folder and the pages'
/// `<link>`s to it, unless a file still imports from it.
fn drop_bundled_snippets(dist: &Path) -> Result<()> {
    let folder = dist.join("snippets");
    if !folder.exists() {
        return Ok(());
    }
    for js in with_ext(dist, "js")? {
        if js.starts_with(&folder) {
            continue;
        }
        if imports_snippets(&fs::read_to_string(&js)?) {
            return Ok(());
        }
    }
    fs::remove_dir_all(&folder).with_context(|| format!("removing {}", folder.display()))?;
    for page in with_ext(dist, "html")? {
        let text = fs::read_to_string(&page)?;
        let kept = without_links_to(&text, "snippets/");
        if kept != text {
            fs::write(&page, kept).with_context(|| format!("writing {}", page.display()))?;
        }
    }
    Ok(())
}

/// Whether ES module text imports from `./snippets/` (the glue also names the folder as the
/// wasm's import namespace, which is not an import).
fn imports_snippets(js: &str) -> bool {
    ["from", "import"].iter().any(|keyword| {
        js.match_indices(keyword).any(|(at, _)| {
            let after = js[at + keyword.len()..].trim_start_matches([' ', '(']);
            after.starts_with("\"./snippets/") || after.starts_with("'./snippets/")
        })
    })
}

/// `html` without the `<link …>` tags whose text mentions `target`.
fn without_links_to(html: &str, target: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(at) = rest.find("<link") {
        let Some(len) = rest[at..].find('>') else {
            break;
        };
        let tag = &rest[at..at + len + 1];
        out.push_str(&rest[..at]);
        if !tag.contains(target) {
            out.push_str(tag);
        }
        rest = &rest[at + len + 1..];
    }
    out.push_str(rest);
    out
}

/// Replaces every `.js` file below `dist` with what `minify` makes of it (given its path and
/// text), failing when its exports change; rewrites the pages' integrity attributes of the
/// files that changed, then checks that every `sha384-` in a page is a file of the build.
pub fn dist_with(dist: &Path, minify: &dyn Fn(&Path, &str) -> Result<String>) -> Result<()> {
    let mut replaced = Vec::new();
    for js in with_ext(dist, "js")? {
        let before =
            fs::read_to_string(&js).with_context(|| format!("reading {}", js.display()))?;
        let after = minify(&js, &before)?;
        let was = exports(&before);
        let mut is = exports(&after);
        if !was.contains(TRAP_EXPORT) {
            is.remove(TRAP_EXPORT);
            is.remove(RELEASE_EXPORT);
        }
        if was != is {
            bail!(
                "minifying {} changed its exports: {was:?} became {is:?}",
                js.display()
            );
        }
        if after != before {
            replaced.push((integrity(before.as_bytes()), integrity(after.as_bytes())));
            fs::write(&js, &after).with_context(|| format!("writing {}", js.display()))?;
        }
    }
    crate::manifest::rewrite_integrity(dist, &replaced)?;
    check_pages(dist)
}

/// esbuild's minified text of the ES module `text`, read from `js`'s folder (where its
/// snippets are).
fn esbuild_minify(esbuild: &Path, js: &Path, text: &str) -> Result<String> {
    let name = js.file_name().unwrap_or_default().to_string_lossy();
    let mut child = Command::new(esbuild)
        .current_dir(js.parent().unwrap_or(Path::new(".")))
        .arg(format!("--sourcefile={name}"))
        .args([
            "--bundle",
            "--minify",
            "--format=esm",
            "--target=es2022",
            "--legal-comments=none",
            "--log-level=warning",
        ])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .with_context(|| format!("could not start {}", esbuild.display()))?;
    child
        .stdin
        .take()
        .context("esbuild's stdin")?
        .write_all(text.as_bytes())
        .with_context(|| format!("sending {} to esbuild", js.display()))?;
    let out = child.wait_with_output()?;
    if !out.status.success() {
        bail!(
            "esbuild could not minify {}: {}",
            js.display(),
            String::from_utf8_lossy(&out.stderr).trim()
        );
    }
    String::from_utf8(out.stdout)
        .with_context(|| format!("esbuild wrote no UTF-8 for {}", js.display()))
}

/// Every `sha384-…` in a page below `dist` must be the hash of one of its files (a stale one
/// makes the browser refuse the file).
fn check_pages(dist: &Path) -> Result<()> {
    let mut known = BTreeSet::new();
    for ext in ["js", "wasm", "css"] {
        for file in with_ext(dist, ext)? {
            known.insert(integrity(&fs::read(&file)?));
        }
    }
    for page in with_ext(dist, "html")? {
        let text = fs::read_to_string(&page)?;
        for (at, _) in text.match_indices("sha384-") {
            let hash: String = text[at..]
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '+' | '/' | '='))
                .collect();
            if !known.contains(&hash) {
                bail!(
                    "{}: integrity {hash} matches no file of the build",
                    page.display()
                );
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    const GLUE: &str = "export function mount(host) {\n  return host;\n}\n\
                        function init() {}\nexport { init as default };\n";

    /// A stand-in minifier: drops newlines and indentation.
    fn squeeze(_: &Path, text: &str) -> Result<String> {
        Ok(text.lines().map(str::trim).collect())
    }

    fn build(page_hash: &str) -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        fs::write(dir.path().join("app-1.js"), GLUE).unwrap();
        fs::write(dir.path().join("app-1_bg.wasm"), b"\0asm").unwrap();
        fs::write(
            dir.path().join("index.html"),
            format!("<link rel=modulepreload href=/app-1.js integrity={page_hash}>"),
        )
        .unwrap();
        dir
    }

    #[test]
    fn ok_minified_js_replaces_the_file_and_its_integrity_in_pages() {
        let dir = build(&integrity(GLUE.as_bytes()));
        dist_with(dir.path(), &squeeze).unwrap();
        let minified = fs::read_to_string(dir.path().join("app-1.js")).unwrap();
        assert!(minified.len() < GLUE.len(), "{minified}");
        let page = fs::read_to_string(dir.path().join("index.html")).unwrap();
        assert!(page.contains(&integrity(minified.as_bytes())), "{page}");
        assert!(!page.contains(&integrity(GLUE.as_bytes())), "{page}");
    }

    #[test]
    fn bad_lost_export_fails_naming_the_file() {
        let dir = build(&integrity(GLUE.as_bytes()));
        let drop_mount = |_: &Path, t: &str| Ok(t.replace("export function", "function"));
        let err = dist_with(dir.path(), &drop_mount).unwrap_err().to_string();
        assert!(
            err.contains("app-1.js changed its exports") && err.contains("mount"),
            "{err}"
        );
        assert_eq!(
            fs::read_to_string(dir.path().join("app-1.js")).unwrap(),
            GLUE
        );
    }

    #[test]
    fn ok_links_to_bundled_snippets_are_dropped_and_others_kept() {
        let html = "<head><link rel=modulepreload href=/snippets/h-1/inline0.js integrity=x>\
                    <link rel=stylesheet href=/app.css><title>t</title></head>";
        assert_eq!(
            without_links_to(html, "snippets/"),
            "<head><link rel=stylesheet href=/app.css><title>t</title></head>"
        );
    }

    #[test]
    fn ok_snippets_folder_goes_only_when_nothing_imports_from_it() {
        let dir = build(&integrity(GLUE.as_bytes()));
        fs::create_dir_all(dir.path().join("snippets/h-1")).unwrap();
        fs::write(
            dir.path().join("snippets/h-1/inline0.js"),
            "export const k=1",
        )
        .unwrap();
        let importing = "import{k}from\"./snippets/h-1/inline0.js\";export{k};";
        fs::write(dir.path().join("other.js"), importing).unwrap();
        drop_bundled_snippets(dir.path()).unwrap();
        assert!(
            dir.path().join("snippets").exists(),
            "removed while imported"
        );
        fs::remove_file(dir.path().join("other.js")).unwrap();
        drop_bundled_snippets(dir.path()).unwrap();
        assert!(!dir.path().join("snippets").exists(), "kept though bundled");
    }

    #[test]
    fn ok_an_import_namespace_named_after_the_folder_is_no_import() {
        assert!(imports_snippets(
            "import{k}from\"./snippets/h/inline0.js\";"
        ));
        assert!(imports_snippets(
            "import { k } from './snippets/h/inline0.js';"
        ));
        assert!(imports_snippets(
            "await import(\"./snippets/h/inline0.js\")"
        ));
        assert!(!imports_snippets(
            "const imports={\"./snippets/h/inline0.js\":{f}};"
        ));
    }

    #[test]
    fn bad_page_hash_of_no_file_fails_naming_the_page() {
        let stale = integrity(b"another build");
        let dir = build(&stale);
        let err = dist_with(dir.path(), &squeeze).unwrap_err().to_string();
        assert!(err.contains("index.html") && err.contains(&stale), "{err}");
    }
}
