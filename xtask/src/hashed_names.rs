//! Content-hashed file names, 16 hex digits each (`boot-0123456789abcdef.js`), which servers
//! cache as immutable and the offline tier's worker serves from its copies, so a repeat visit
//! asks the network for no code at all. [`dist`] names the files trunk copies as they are (the
//! shell's `boot.js`); [`pad`] gives trunk's own names their leading zeros: trunk writes its
//! hash without them, so one build in sixteen had a 15-digit name that every rule missed.

use std::fs;
use std::path::Path;

use anyhow::{Context, Result};
use sha2::{Digest, Sha256};

use crate::files::with_ext;
use crate::manifest::integrity;

/// The files renamed, by the name the pages and scripts use for them; a file comes before
/// the scripts that name it (`boot.js` imports `offline.js`), so theirs hash the new name.
const COPIED: &[&str] = &[crate::worker::PAGE_MODULE, "boot.js"];

/// Renames each of [`COPIED`] found at the top of `dist` and rewrites the references of the
/// pages and of the scripts after it (`/boot.js`, `"offline.js"`); returns the new names.
pub fn dist(dist: &Path) -> Result<Vec<String>> {
    let mut renamed = Vec::new();
    for (i, name) in COPIED.iter().enumerate() {
        let path = dist.join(name);
        let Ok(bytes) = fs::read(&path) else {
            continue;
        };
        let hex = crate::files::hex(&Sha256::digest(&bytes)[..8]);
        let (stem, ext) = name.rsplit_once('.').unwrap_or((name, ""));
        let hashed = format!("{stem}-{hex}.{ext}");
        fs::rename(&path, dist.join(&hashed))
            .with_context(|| format!("renaming {}", path.display()))?;
        // The scripts after it that this build has.
        let naming = COPIED[i + 1..]
            .iter()
            .map(|later| dist.join(later))
            .filter(|script| script.exists());
        for page in with_ext(dist, "html")?.into_iter().chain(naming) {
            let text =
                fs::read_to_string(&page).with_context(|| format!("reading {}", page.display()))?;
            let new = text
                .replace(&format!("/{name}"), &format!("/{hashed}"))
                .replace(&format!("\"{name}\""), &format!("\"{hashed}\""))
                .replace(&format!("={name}"), &format!("={hashed}"));
            if new != text {
                fs::write(&page, new).with_context(|| format!("writing {}", page.display()))?;
            }
        }
        renamed.push(hashed);
    }
    Ok(renamed)
}

/// Fewer digits than this are not taken for trunk's hash (16^-4 of its hashes are that short).
const MIN_TRUNK_DIGITS: usize = 12;

/// Renames the code files at the top of `dist` whose hash trunk wrote with fewer than 16 digits
/// (`shell-4b3f098683c4a1f_bg.wasm`) to the same hash with its leading zeros, and rewrites the
/// build's pages and scripts to match (the glue names its wasm). Runs before the JS is minified
/// and the pages' integrity rewritten. Returns the new names.
pub fn pad(dist: &Path) -> Result<Vec<String>> {
    let mut renamed = Vec::new();
    let mut prefixes = Vec::new();
    let mut names: Vec<String> = fs::read_dir(dist)
        .with_context(|| format!("reading {}", dist.display()))?
        .filter_map(|e| e.ok()?.file_name().into_string().ok())
        .collect();
    names.sort();
    for name in names {
        let Some((old, new)) = short_hash(&name) else {
            continue;
        };
        let padded = name.replacen(&old, &new, 1);
        fs::rename(dist.join(&name), dist.join(&padded))
            .with_context(|| format!("renaming {name} in {}", dist.display()))?;
        if !prefixes.contains(&(old.clone(), new.clone())) {
            prefixes.push((old, new));
        }
        renamed.push(padded);
    }
    if prefixes.is_empty() {
        return Ok(renamed);
    }
    // Scripts first: a glue that changes gets a new integrity, which the pages then carry.
    let mut integrities = Vec::new();
    for file in with_ext(dist, "js")?
        .into_iter()
        .chain(with_ext(dist, "html")?)
    {
        let text =
            fs::read_to_string(&file).with_context(|| format!("reading {}", file.display()))?;
        // Whole names, not any text that starts like one: `shell-4b3f….` or `shell-4b3f…_bg.`.
        let names = prefixes.iter().flat_map(|(old, new)| {
            [".", "_bg."].map(|end| (format!("{old}{end}"), format!("{new}{end}")))
        });
        let new = names
            .chain(integrities.iter().cloned())
            .fold(text.clone(), |t, (old, new)| t.replace(&old, &new));
        if new != text {
            if file.extension().is_some_and(|e| e == "js") {
                integrities.push((integrity(text.as_bytes()), integrity(new.as_bytes())));
            }
            fs::write(&file, new).with_context(|| format!("writing {}", file.display()))?;
        }
    }
    Ok(renamed)
}

/// For `shell-4b3f098683c4a1f_bg.wasm`: (`shell-4b3f098683c4a1f`, `shell-04b3f098683c4a1f`).
fn short_hash(name: &str) -> Option<(String, String)> {
    let (stem, ext) = name.split_once('.')?;
    if !matches!(ext, "js" | "wasm" | "css") {
        return None;
    }
    let stem = stem.strip_suffix("_bg").unwrap_or(stem);
    let (base, hex) = stem.rsplit_once('-')?;
    let short =
        (MIN_TRUNK_DIGITS..16).contains(&hex.len()) && hex.bytes().all(|b| b.is_ascii_hexdigit());
    short.then(|| (stem.to_owned(), format!("{base}-{hex:0>16}")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ok_trunk_hashes_get_their_leading_zeros_and_the_references_follow() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path();
        let files = [
            (
                "shell-4b3f098683c4a1f.js",
                "new URL('shell-4b3f098683c4a1f_bg.wasm', import.meta.url)",
            ),
            ("shell-4b3f098683c4a1f_bg.wasm", "wasm"),
            ("shell-a9e1517324eaaa2.css", "body{}"),
            ("style-8f2e1c53da018219.css", "p{}"),
            ("plain-name.js", "import './shell-4b3f098683c4a1f0.js'"),
        ];
        let glue = integrity(files[0].1.as_bytes());
        let page = format!("<link href=/shell-a9e1517324eaaa2.css><script data-js=/shell-4b3f098683c4a1f.js data-wasm=/shell-4b3f098683c4a1f_bg.wasm integrity={glue}></script>");
        for (name, text) in files {
            fs::write(dir.join(name), text).unwrap();
        }
        fs::write(dir.join("index.html"), page).unwrap();
        let mut names = pad(dir).unwrap();
        names.sort();
        assert_eq!(
            names,
            [
                "shell-04b3f098683c4a1f.js",
                "shell-04b3f098683c4a1f_bg.wasm",
                "shell-0a9e1517324eaaa2.css"
            ]
        );
        let read = |n: &str| fs::read_to_string(dir.join(n)).unwrap();
        assert_eq!(
            read("shell-04b3f098683c4a1f.js"),
            "new URL('shell-04b3f098683c4a1f_bg.wasm', import.meta.url)"
        );
        let padded_glue = integrity(read("shell-04b3f098683c4a1f.js").as_bytes());
        assert_eq!(
            read("index.html"),
            format!("<link href=/shell-0a9e1517324eaaa2.css><script data-js=/shell-04b3f098683c4a1f.js data-wasm=/shell-04b3f098683c4a1f_bg.wasm integrity={padded_glue}></script>"),
            "names and the glue's integrity follow"
        );
        assert_eq!(
            read("style-8f2e1c53da018219.css"),
            "p{}",
            "16 digits: left alone"
        );
        assert_eq!(
            read("plain-name.js"),
            "import './shell-4b3f098683c4a1f0.js'",
            "another name that starts like a short one: left alone"
        );
        for name in &names {
            assert!(
                crate::serve::cache_control_for(&format!("/{name}")).contains("immutable"),
                "{name}"
            );
        }
    }

    #[test]
    fn ok_boot_gets_its_hash_in_its_name_and_the_pages_follow() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path();
        fs::write(dir.join("boot.js"), "console.log(1)").unwrap();
        fs::write(
            dir.join("index.html"),
            "<script src=/boot.js type=module></script><a href=/reboot.jsx>",
        )
        .unwrap();
        let names = super::dist(dir).unwrap();
        assert_eq!(names.len(), 1);
        let name = &names[0];
        assert!(
            name.starts_with("boot-") && name.len() == "boot-".len() + 16 + ".js".len(),
            "{name}"
        );
        assert!(!dir.join("boot.js").exists());
        assert_eq!(
            fs::read_to_string(dir.join(name)).unwrap(),
            "console.log(1)"
        );
        let page = fs::read_to_string(dir.join("index.html")).unwrap();
        assert_eq!(
            page,
            format!("<script src=/{name} type=module></script><a href=/reboot.jsx>")
        );
        assert!(
            crate::serve::cache_control_for(&format!("/{name}")).contains("immutable"),
            "a hashed name is cached as immutable"
        );
    }

    #[test]
    fn ok_boot_names_the_hashed_offline_module_and_its_own_hash_follows() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path();
        let boot = r#"import(new URL("offline.js",import.meta.url).href)"#;
        fs::write(dir.join("boot.js"), boot).unwrap();
        fs::write(dir.join("offline.js"), "export function start(){}").unwrap();
        fs::write(dir.join("index.html"), "<script src=/boot.js></script>").unwrap();
        let names = super::dist(dir).unwrap();
        let [offline, booted] = &names[..] else {
            panic!("two files renamed: {names:?}");
        };
        assert!(offline.starts_with("offline-"), "{offline}");
        let boot_now = fs::read_to_string(dir.join(booted)).unwrap();
        assert_eq!(
            boot_now,
            format!(r#"import(new URL("{offline}",import.meta.url).href)"#)
        );
        let again = tempfile::tempdir().unwrap();
        fs::write(again.path().join("boot.js"), boot).unwrap();
        fs::write(
            again.path().join("offline.js"),
            "export function start(){ }",
        )
        .unwrap();
        let other = super::dist(again.path()).unwrap();
        assert_ne!(
            other[1], *booted,
            "another offline module: another name for boot.js, which names it"
        );
    }

    #[test]
    fn ok_a_build_without_them_is_left_alone() {
        let tmp = tempfile::tempdir().unwrap();
        assert!(super::dist(tmp.path()).unwrap().is_empty());
    }
}
