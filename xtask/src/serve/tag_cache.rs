//! Remembers each manifest's `ETag` by what `stat` says of the file it resolves to (device,
//! inode, modification time, length), so an unchanged manifest is not read and hashed on every
//! request. A deploy flips the `current` link: the manifest path then resolves to another file
//! (another inode), so its tag is computed afresh; a file changed in place gets a new mtime.
//!
//! Like git's "racily clean" entries, a file modified less than [`SETTLE`] before it was hashed
//! is not remembered: two writes within the file system's timestamp granularity could leave the
//! same mtime and length, and only its bytes would tell them apart.

use std::collections::HashMap;
use std::os::unix::fs::MetadataExt;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::{Duration, SystemTime};

/// How old a file's mtime must be, when it is hashed, for its tag to be remembered.
pub const SETTLE: Duration = Duration::from_secs(2);

/// Most entries kept; the cache is emptied when it would grow beyond (names come from requests).
const MAX_ENTRIES: usize = 1024;

/// What identifies one version of a file's bytes, as far as `stat` can tell.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Stamp {
    dev: u64,
    ino: u64,
    mtime: (i64, i64),
    len: u64,
}

impl Stamp {
    /// The stamp of the file `path` resolves to (symbolic links followed), if it is a file.
    pub fn of(path: &Path) -> Option<Stamp> {
        let meta = std::fs::metadata(path).ok()?;
        meta.is_file().then(|| Stamp {
            dev: meta.dev(),
            ino: meta.ino(),
            mtime: (meta.mtime(), meta.mtime_nsec()),
            len: meta.len(),
        })
    }

    /// Whether the file was last changed at least [`SETTLE`] before `now`.
    fn settled(&self, now: SystemTime) -> bool {
        let Ok(secs) = u64::try_from(self.mtime.0) else {
            return true;
        };
        let nanos = u32::try_from(self.mtime.1).unwrap_or(0);
        let mtime = SystemTime::UNIX_EPOCH + Duration::new(secs, nanos);
        now.duration_since(mtime).is_ok_and(|age| age >= SETTLE)
    }
}

/// The tags of one origin's manifests, shared by every connection.
#[derive(Debug, Clone)]
pub struct TagCache {
    root: PathBuf,
    tags: Arc<Mutex<HashMap<String, (Stamp, String)>>>,
}

impl TagCache {
    /// An empty cache for the origin folder `root`.
    pub fn new(root: &Path) -> TagCache {
        TagCache {
            root: root.to_path_buf(),
            tags: Arc::default(),
        }
    }

    /// The file a request path (already checked by the guard) names.
    pub fn file(&self, path: &str) -> PathBuf {
        self.root.join(path.trim_start_matches('/'))
    }

    /// The remembered tag of `path`, if the file it resolves to is unchanged (`stamp`).
    pub fn get(&self, path: &str, stamp: Stamp) -> Option<String> {
        let tags = self.tags.lock().unwrap_or_else(|e| e.into_inner());
        tags.get(path)
            .filter(|(s, _)| *s == stamp)
            .map(|(_, tag)| tag.clone())
    }

    /// Remembers `tag` for `path`, read while the file was `before` and still is `after`,
    /// unless the file changed meanwhile or too recently to be trusted.
    pub fn put(&self, path: &str, before: Stamp, after: Option<Stamp>, tag: &str) {
        if after != Some(before) || !before.settled(SystemTime::now()) {
            return;
        }
        let mut tags = self.tags.lock().unwrap_or_else(|e| e.into_inner());
        if tags.len() >= MAX_ENTRIES && !tags.contains_key(path) {
            tags.clear();
        }
        tags.insert(path.to_owned(), (before, tag.to_owned()));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn age(path: &Path, by: Duration) {
        let file = std::fs::File::options().write(true).open(path).unwrap();
        file.set_modified(SystemTime::now() - by).unwrap();
    }

    #[test]
    fn ok_a_settled_file_is_remembered_until_it_changes() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("m.json");
        std::fs::write(&file, "one").unwrap();
        age(&file, Duration::from_secs(60));
        let cache = TagCache::new(dir.path());
        let stamp = Stamp::of(&file).unwrap();
        cache.put("/m.json", stamp, Stamp::of(&file), "\"a\"");
        assert_eq!(cache.get("/m.json", stamp).as_deref(), Some("\"a\""));

        std::fs::write(&file, "two").unwrap();
        let changed = Stamp::of(&file).unwrap();
        assert_ne!(changed, stamp);
        assert_eq!(cache.get("/m.json", changed), None);
    }

    #[test]
    fn err_a_file_changed_just_now_or_while_read_is_not_remembered() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("m.json");
        std::fs::write(&file, "one").unwrap();
        let cache = TagCache::new(dir.path());
        let fresh = Stamp::of(&file).unwrap();
        cache.put("/m.json", fresh, Some(fresh), "\"a\"");
        assert_eq!(cache.get("/m.json", fresh), None, "racily fresh");

        age(&file, Duration::from_secs(60));
        let before = Stamp::of(&file).unwrap();
        std::fs::write(&file, "two").unwrap();
        cache.put("/m.json", before, Stamp::of(&file), "\"a\"");
        assert_eq!(cache.get("/m.json", before), None, "changed while read");
    }
}
