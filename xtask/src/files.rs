//! Folder helpers: copying a tree, walking one, finding files by extension.

use std::fs;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};

/// The glue next to `wasm` (`x-1f_bg.wasm` -> `x-1f.js`), if there is one.
pub fn glue_of(wasm: &Path) -> Option<PathBuf> {
    let name = wasm.file_name()?.to_str()?;
    let stem = name.strip_suffix("_bg.wasm")?;
    let glue = wasm.with_file_name(format!("{stem}.js"));
    glue.exists().then_some(glue)
}

/// Copies the tree `from` into `to` (created if missing), overwriting files that exist.
pub fn copy_dir(from: &Path, to: &Path) -> Result<()> {
    copy_dir_except(from, to, &|_| false)
}

/// Copies the tree `from` into `to`, leaving out entries for which `skip` holds (given the
/// path relative to `from`).
pub fn copy_dir_except(from: &Path, to: &Path, skip: &dyn Fn(&Path) -> bool) -> Result<()> {
    copy_below(from, from, to, skip)
}

fn copy_below(base: &Path, from: &Path, to: &Path, skip: &dyn Fn(&Path) -> bool) -> Result<()> {
    fs::create_dir_all(to).with_context(|| format!("creating {}", to.display()))?;
    for entry in fs::read_dir(from).with_context(|| format!("reading {}", from.display()))? {
        let entry = entry?;
        let path = entry.path();
        if skip(path.strip_prefix(base).unwrap_or(&path)) {
            continue;
        }
        let target = to.join(entry.file_name());
        if entry.file_type()?.is_dir() {
            copy_below(base, &path, &target, skip)?;
        } else {
            fs::copy(&path, &target)
                .with_context(|| format!("copying {} to {}", path.display(), target.display()))?;
        }
    }
    Ok(())
}

/// Calls `visit` with every file below `dir`.
pub fn walk(dir: &Path, visit: &mut dyn FnMut(&Path)) -> Result<()> {
    for entry in fs::read_dir(dir).with_context(|| format!("reading {}", dir.display()))? {
        let path = entry?.path();
        if path.is_dir() {
            walk(&path, visit)?;
        } else {
            visit(&path);
        }
    }
    Ok(())
}

/// Files below `dir` whose name ends in `.<ext>`, sorted.
pub fn with_ext(dir: &Path, ext: &str) -> Result<Vec<PathBuf>> {
    let mut found = Vec::new();
    walk(dir, &mut |p| {
        if p.extension().is_some_and(|e| e == ext) {
            found.push(p.to_path_buf());
        }
    })?;
    found.sort();
    Ok(found)
}

/// Lower-case hex of `bytes` (digest prefixes in names, ids and tags).
pub fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ok_copies_a_tree_and_skips_what_it_is_told() {
        let tmp = tempfile::tempdir().unwrap();
        let (from, to) = (tmp.path().join("a"), tmp.path().join("b"));
        fs::create_dir_all(from.join("sub/deep")).unwrap();
        fs::create_dir_all(from.join("target")).unwrap();
        fs::write(from.join("top.txt"), "1").unwrap();
        fs::write(from.join("sub/deep/x.txt"), "2").unwrap();
        fs::write(from.join("target/big"), "3").unwrap();
        copy_dir_except(&from, &to, &|p| p == Path::new("target")).unwrap();
        assert_eq!(fs::read_to_string(to.join("sub/deep/x.txt")).unwrap(), "2");
        assert_eq!(fs::read_to_string(to.join("top.txt")).unwrap(), "1");
        assert!(!to.join("target").exists());
        let mut seen = Vec::new();
        walk(&to, &mut |p| seen.push(p.to_path_buf())).unwrap();
        assert_eq!(seen.len(), 2);
        assert_eq!(
            with_ext(&to, "txt").unwrap(),
            [to.join("sub/deep/x.txt"), to.join("top.txt")]
        );
        assert!(with_ext(&to, "js").unwrap().is_empty());
    }
}
