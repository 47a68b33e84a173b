//! The shell's service worker (`sw.js`): stamped with the build it belongs to, so each new
//! shell build brings a new worker script and browsers install it.

use std::fs;
use std::path::Path;

use anyhow::{Context, Result};
use sha2::{Digest, Sha256};

/// The worker's file name in the shell's build.
pub const SCRIPT: &str = "sw.js";
/// The page's side of the offline tier (it registers the worker), which `boot.js` imports once
/// the page has composed; named `offline-<hash>.js` in a finished build.
pub const PAGE_MODULE: &str = "offline.js";

/// Whether `name` is the file [`PAGE_MODULE`] became in a build.
pub fn is_page_module(name: &str) -> bool {
    let (stem, ext) = PAGE_MODULE.rsplit_once('.').unwrap_or_default();
    name == PAGE_MODULE
        || name
            .strip_prefix(stem)
            .and_then(|rest| rest.strip_prefix('-'))
            .and_then(|rest| rest.strip_suffix(ext))
            .and_then(|hex| hex.strip_suffix('.'))
            .is_some_and(crate::delta::is_hash)
}

/// What `sw.js` says instead of its build until [`stamp`] runs.
pub const MARKER: &str = "__FLOTILLA_SHELL_BUILD__";

/// Writes the build's stamp (16 hex digits of a hash of every other file of `dist`) into its
/// worker script; returns it, or `None` when the build has no worker.
pub fn stamp(dist: &Path) -> Result<Option<String>> {
    let script = dist.join(SCRIPT);
    let Ok(text) = fs::read_to_string(&script) else {
        return Ok(None);
    };
    let mut files = Vec::new();
    crate::files::walk(dist, &mut |path| {
        let compressed = matches!(path.extension().and_then(|e| e.to_str()), Some("br" | "gz"));
        if path != script && !compressed {
            files.push(path.to_path_buf());
        }
    })?;
    files.sort();
    let mut hash = Sha256::new();
    for file in &files {
        hash.update(
            file.strip_prefix(dist)
                .unwrap_or(file)
                .to_string_lossy()
                .as_bytes(),
        );
        hash.update(fs::read(file).with_context(|| format!("reading {}", file.display()))?);
    }
    let stamp = crate::files::hex(&hash.finalize()[..8]);
    anyhow::ensure!(
        text.contains(MARKER),
        "{} does not contain {MARKER}: it cannot be stamped with its build",
        script.display()
    );
    fs::write(&script, text.replace(MARKER, &stamp))
        .with_context(|| format!("writing {}", script.display()))?;
    Ok(Some(stamp))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn build(dir: &Path, code: &str) {
        fs::create_dir_all(dir).unwrap();
        fs::write(dir.join("index.html"), "<html></html>").unwrap();
        fs::write(dir.join("shell-0123456789abcdef.js"), code).unwrap();
        fs::write(dir.join(SCRIPT), format!("const BUILD = \"{MARKER}\";")).unwrap();
    }

    #[test]
    fn ok_another_build_gets_another_stamp_and_the_same_build_the_same() {
        let tmp = tempfile::tempdir().unwrap();
        let stamps: Vec<String> = ["one", "two", "one"]
            .iter()
            .enumerate()
            .map(|(i, code)| {
                let dir = tmp.path().join(i.to_string());
                build(&dir, code);
                let stamp = stamp(&dir).unwrap().unwrap();
                let script = fs::read_to_string(dir.join(SCRIPT)).unwrap();
                assert_eq!(script, format!("const BUILD = \"{stamp}\";"));
                stamp
            })
            .collect();
        assert_ne!(stamps[0], stamps[1]);
        assert_eq!(stamps[0], stamps[2]);
    }

    #[test]
    fn ok_the_page_module_is_known_by_its_hashed_name_only() {
        assert!(is_page_module("offline.js"));
        assert!(is_page_module("offline-0123456789abcdef.js"));
        for other in [
            "offline-0123456789abcde.js",
            "offline-0123456789abcdefg.js",
            "offline-0123456789abcdef.js.br",
            "boot-0123456789abcdef.js",
            "myoffline-0123456789abcdef.js",
        ] {
            assert!(!is_page_module(other), "{other}");
        }
    }

    #[test]
    fn ok_a_build_without_a_worker_is_left_alone() {
        let tmp = tempfile::tempdir().unwrap();
        assert_eq!(stamp(tmp.path()).unwrap(), None);
    }
}
