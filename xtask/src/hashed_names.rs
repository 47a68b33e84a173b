//! Gives the files trunk copies as they are (the shell's `boot.js`) a content-hashed name like
//! the ones trunk writes (`boot-0123456789abcdef.js`), and points the build's pages at it: the
//! file can then be cached as immutable, by browsers and by the offline tier's worker, and a
//! repeat visit asks the network for no code at all.

use std::fs;
use std::path::Path;

use anyhow::{Context, Result};
use sha2::{Digest, Sha256};

use crate::files::with_ext;

/// The files renamed, by the name the pages use for them.
const COPIED: &[&str] = &["boot.js"];

/// Renames each of [`COPIED`] found at the top of `dist` and rewrites the pages' references
/// (`/boot.js`, `"boot.js"`); returns the new names.
pub fn dist(dist: &Path) -> Result<Vec<String>> {
    let mut renamed = Vec::new();
    for name in COPIED {
        let path = dist.join(name);
        let Ok(bytes) = fs::read(&path) else {
            continue;
        };
        let hex = crate::files::hex(&Sha256::digest(&bytes)[..8]);
        let (stem, ext) = name.rsplit_once('.').unwrap_or((name, ""));
        let hashed = format!("{stem}-{hex}.{ext}");
        fs::rename(&path, dist.join(&hashed))
            .with_context(|| format!("renaming {}", path.display()))?;
        for page in with_ext(dist, "html")? {
            let text = fs::read_to_string(&page)?;
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

#[cfg(test)]
mod tests {
    use super::*;

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
    fn ok_a_build_without_them_is_left_alone() {
        let tmp = tempfile::tempdir().unwrap();
        assert!(super::dist(tmp.path()).unwrap().is_empty());
    }
}
