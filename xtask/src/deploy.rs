//! Versioned, independent deploys of one module onto its origin's folder.
//!
//! ```text
//! <origin>/versions/<id>/…           every deployed build, never changed once written
//! <origin>/versions/<id>/.live/      its manifest and standalone page as served from the root
//!                                    (paths and <base> into versions/<id>/)
//! <origin>/versions/<id>/.deltas/<base64 sha-256 of an older file>/<file of <id>>
//!                                    its code files as `dcb` deltas against the same files of
//!                                    the N versions current before it (`crate::delta`; the
//!                                    base64 text of `Available-Dictionary`, `/` a folder level)
//! <origin>/current -> versions/<id>/.live          the one switch
//! <origin>/mf-manifest.json -> current/mf-manifest.json
//! <origin>/index.html -> current/index.html
//! <origin>/deployments.json          what was deployed and rolled back, and when
//! ```
//! Switching versions is one rename of the `current` link: a client reads the old manifest
//! and page or the new ones, never a half-written file and never one of each. The `.live`
//! folder is not reachable by its own URL (dot paths are refused), nor is `.deltas`: the
//! servers answer a code file's URL with its delta when the request names a dictionary one
//! exists for (`Available-Dictionary`, RFC 9842).

use std::fs;
use std::path::{Path, PathBuf};

use anyhow::{bail, Context, Result};
use flotilla_contract::abi::MANIFEST_FILE;
use flotilla_contract::Manifest;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::delta;

/// The folder of every deployed version.
pub const VERSIONS: &str = "versions";
/// A version's manifest and page as served from the root.
pub const LIVE: &str = ".live";
const CURRENT: &str = "current";
/// The standalone page.
pub const PAGE: &str = "index.html";
/// The deploy log.
pub const LOG_FILE: &str = "deployments.json";

/// The deploy log of one origin.
#[derive(Debug, Default, Clone, PartialEq, Serialize, Deserialize)]
pub struct Log {
    /// Id of the version the manifest points at.
    pub current: Option<String>,
    /// Every switch, oldest first.
    pub history: Vec<Entry>,
}

/// One switch of the current version.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Entry {
    /// Version id (`2.0.0-1a2b3c4d`): the module's version and a hash of its code.
    pub id: String,
    /// The module's version.
    pub version: String,
    /// `deploy` or `rollback`.
    pub action: String,
    /// When (RFC 3339).
    pub at: String,
}

/// Publishes the build in `dist` as a new immutable version on the origin folder `origin`,
/// with deltas against the [`delta::DEFAULT_COUNT`] versions current before it, then points
/// the manifest at it. Returns the version id.
pub fn publish(origin: &Path, dist: &Path) -> Result<String> {
    publish_with(origin, dist, delta::DEFAULT_COUNT)
}

/// [`publish`], with deltas against the last `deltas` versions (0: none).
pub fn publish_with(origin: &Path, dist: &Path, deltas: usize) -> Result<String> {
    let manifest = read_manifest(&dist.join(MANIFEST_FILE))?;
    let id = version_id(&manifest);
    let target = origin.join(VERSIONS).join(&id);
    if !target.join(MANIFEST_FILE).exists() {
        let staging = origin.join(VERSIONS).join(format!(".{id}.partial"));
        let _ = fs::remove_dir_all(&staging);
        crate::files::copy_dir(dist, &staging)?;
        let older = delta_bases(origin, &id, deltas)?;
        delta::write_for_version(&staging, &manifest, &older)
            .with_context(|| format!("computing the deltas of {id}"))?;
        write_live(&staging, &id)?;
        fs::rename(&staging, &target)
            .with_context(|| format!("publishing {}", target.display()))?;
    }
    switch(origin, &id, "deploy")?;
    Ok(id)
}

/// Points the manifest back at `to` (an id, or a version: its latest build), or at the version
/// before the current one. Returns the id now current.
pub fn rollback(origin: &Path, to: Option<&str>) -> Result<String> {
    let id = read_log(origin)?.rollback_target(to)?;
    if !origin.join(VERSIONS).join(&id).exists() {
        bail!("version {id} is listed in {LOG_FILE} but its files are gone");
    }
    switch(origin, &id, "rollback")?;
    Ok(id)
}

/// The version folders (with their manifests) a new version `id` gets deltas against: the
/// last `count` other versions that were current, latest first.
fn delta_bases(origin: &Path, id: &str, count: usize) -> Result<Vec<(PathBuf, Manifest)>> {
    let log = read_log(origin)?;
    let mut bases: Vec<(PathBuf, Manifest)> = Vec::new();
    let mut seen = std::collections::BTreeSet::new();
    for entry in log.history.iter().rev() {
        if bases.len() >= count {
            break;
        }
        if entry.id == id || !seen.insert(entry.id.clone()) {
            continue;
        }
        let dir = origin.join(VERSIONS).join(&entry.id);
        if let Ok(manifest) = read_manifest(&dir.join(MANIFEST_FILE)) {
            bases.push((dir, manifest));
        }
    }
    Ok(bases)
}

impl Log {
    /// The id a rollback goes to: `to` (an id, or a version: its latest build), or the
    /// version deployed before the current one.
    pub fn rollback_target(&self, to: Option<&str>) -> Result<String> {
        let current = self
            .current
            .clone()
            .context("nothing is deployed here yet")?;
        match to {
            Some(wanted) => self
                .history
                .iter()
                .rev()
                .find(|e| e.id == wanted || e.version == wanted)
                .map(|e| e.id.clone())
                .with_context(|| format!("{wanted} was never deployed here; see {LOG_FILE}")),
            None => {
                // The version deployed before the current one (rolling back twice goes back
                // twice).
                let deployed: Vec<&str> = self
                    .history
                    .iter()
                    .filter(|e| e.action == "deploy")
                    .map(|e| e.id.as_str())
                    .collect();
                let at = deployed.iter().position(|id| *id == current);
                at.and_then(|i| deployed[..i].iter().rev().find(|id| **id != current))
                    .map(|id| (*id).to_owned())
                    .context("there is no earlier version to roll back to")
            }
        }
    }

    /// Records a switch to `id` (of `version`) by `action` (`deploy` or `rollback`), now.
    pub fn record(&mut self, id: &str, version: &str, action: &str) {
        self.current = Some(id.to_owned());
        self.history.push(Entry {
            id: id.to_owned(),
            version: version.to_owned(),
            action: action.to_owned(),
            at: humantime::format_rfc3339_seconds(std::time::SystemTime::now()).to_string(),
        });
    }
}

/// Reads an origin's deploy log (empty when nothing was deployed).
pub fn read_log(origin: &Path) -> Result<Log> {
    match fs::read_to_string(origin.join(LOG_FILE)) {
        Ok(text) => serde_json::from_str(&text).context("deployments.json is corrupt"),
        Err(_) => Ok(Log::default()),
    }
}

/// `<version>-<first 8 hex digits of a hash of the code's integrity>`.
pub fn version_id(manifest: &Manifest) -> String {
    let mut hash = Sha256::new();
    let a = &manifest.assets;
    for asset in [&a.js, &a.wasm].into_iter().chain(&a.css) {
        hash.update(asset.integrity.as_bytes());
    }
    let digest = hash.finalize();
    let hex = crate::files::hex(&digest[..4]);
    let version: String = manifest
        .version
        .chars()
        .map(|c| if c == '+' { '-' } else { c })
        .collect();
    format!("{version}-{hex}")
}

fn switch(origin: &Path, id: &str, action: &str) -> Result<()> {
    let folder = origin.join(VERSIONS).join(id);
    if !folder.join(LIVE).join(MANIFEST_FILE).exists() {
        // A version published before the `.live` layout.
        write_live(&folder, id)?;
    }
    let manifest = read_manifest(&folder.join(LIVE).join(MANIFEST_FILE))?;
    distinct_mtime(&folder.join(LIVE), &origin.join(CURRENT))?;
    for name in [MANIFEST_FILE, PAGE] {
        link_atomically(&Path::new(CURRENT).join(name), &origin.join(name))?;
    }
    link_atomically(
        &Path::new(VERSIONS).join(id).join(LIVE),
        &origin.join(CURRENT),
    )?;

    let mut log = read_log(origin)?;
    log.record(id, &manifest.version, action);
    write_atomically(
        &origin.join(LOG_FILE),
        &(serde_json::to_string_pretty(&log)? + "\n"),
    )
}

/// Gives the manifest and page in `live` a modification time one second after those in
/// `current` when both fall in the same second: a static server's `ETag` (nginx: mtime and
/// length) then differs even for two deploys within one second.
fn distinct_mtime(live: &Path, current: &Path) -> Result<()> {
    let seconds = |path: &Path| {
        fs::metadata(path)
            .and_then(|m| m.modified())
            .ok()
            .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
            .map(|d| d.as_secs())
    };
    for name in [MANIFEST_FILE, PAGE] {
        let (new, old) = (live.join(name), current.join(name));
        let (Some(new_s), Some(old_s)) = (seconds(&new), seconds(&old)) else {
            continue;
        };
        if new_s == old_s && fs::canonicalize(&new)? != fs::canonicalize(&old)? {
            let later = std::time::UNIX_EPOCH + std::time::Duration::from_secs(old_s + 1);
            fs::File::options()
                .write(true)
                .open(&new)
                .and_then(|f| f.set_modified(later))
                .with_context(|| format!("setting the mtime of {}", new.display()))?;
        }
    }
    Ok(())
}

/// Writes `<folder>/.live/`: the build's manifest and page as the origin's root serves them,
/// with paths and `<base>` pointing into `versions/<id>/`.
fn write_live(folder: &Path, id: &str) -> Result<()> {
    let (manifest, page) = live_files(folder, id)?;
    let live = folder.join(LIVE);
    write_atomically(&live.join(MANIFEST_FILE), &manifest)?;
    if let Some(page) = page {
        write_atomically(&live.join(PAGE), &page)?;
    }
    Ok(())
}

/// The manifest (validated) and standalone page (if any) of the build in `dist` as served from
/// the origin's root once `id` is current: asset paths and `<base>` into `versions/<id>/`.
pub fn live_files(dist: &Path, id: &str) -> Result<(String, Option<String>)> {
    let mut manifest = read_manifest(&dist.join(MANIFEST_FILE))?;
    let prefix = format!("{VERSIONS}/{id}/");
    let a = &mut manifest.assets;
    for asset in [&mut a.js, &mut a.wasm].into_iter().chain(a.css.iter_mut()) {
        asset.file = format!("{prefix}{}", asset.file);
    }
    manifest
        .validate()
        .with_context(|| format!("the manifest of {id} is invalid once rebased"))?;
    let page = fs::read_to_string(dist.join(PAGE)).ok().map(|page| {
        page.replacen(
            "<head>",
            &format!("<head>\n    <base href=\"{prefix}\" />"),
            1,
        )
    });
    Ok((serde_json::to_string_pretty(&manifest)? + "\n", page))
}

/// Points the symbolic link `link` at `target` by renaming a new link over it (atomic; a
/// regular file left by an older layout is replaced the same way).
fn link_atomically(target: &Path, link: &Path) -> Result<()> {
    let name = link.file_name().and_then(|n| n.to_str()).unwrap_or("link");
    let tmp = link.with_file_name(format!(".{name}.tmp"));
    let _ = fs::remove_file(&tmp);
    std::os::unix::fs::symlink(target, &tmp)
        .with_context(|| format!("creating the link {}", tmp.display()))?;
    fs::rename(&tmp, link).with_context(|| format!("switching {}", link.display()))
}

/// Reads and validates a manifest file.
pub fn read_manifest(path: &Path) -> Result<Manifest> {
    let text = fs::read_to_string(path)
        .with_context(|| format!("{} is missing: build the module first", path.display()))?;
    Manifest::from_json(&text).with_context(|| format!("{} is invalid", path.display()))
}

/// Writes `text` to a temporary file next to `path`, then renames it over `path`.
pub fn write_atomically(path: &Path, text: &str) -> Result<()> {
    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("file");
    let tmp: PathBuf = path.with_file_name(format!(".{name}.tmp"));
    fs::create_dir_all(path.parent().unwrap_or(Path::new(".")))?;
    fs::write(&tmp, text).with_context(|| format!("writing {}", tmp.display()))?;
    fs::rename(&tmp, path).with_context(|| format!("replacing {}", path.display()))
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use flotilla_contract::manifest::{Asset, Assets, Exposed};

    /// Writes a small module build of `version` whose code says `code` into `dir`.
    pub(crate) fn build(dir: &Path, version: &str, code: &str) {
        fs::create_dir_all(dir).unwrap();
        let asset = |file: &str, bytes: &[u8]| {
            fs::write(dir.join(file), bytes).unwrap();
            Asset {
                file: file.into(),
                integrity: crate::manifest::integrity(bytes),
                size: bytes.len() as u64,
            }
        };
        let manifest = Manifest {
            schema_version: 1,
            name: "alpha-app".into(),
            version: version.into(),
            abi_version: 1,
            build_time: "2026-11-23T10:00:00Z".into(),
            exposes: vec![Exposed {
                name: "Header".into(),
                export: "mount".into(),
            }],
            assets: Assets {
                js: asset(
                    "h.js",
                    format!("export function mount() {{}} // {code}").as_bytes(),
                ),
                wasm: asset("h_bg.wasm", code.as_bytes()),
                css: vec![],
            },
        };
        crate::manifest::write(dir, &manifest).unwrap();
        fs::write(dir.join("index.html"), "<html><head></head></html>").unwrap();
    }

    fn current(origin: &Path) -> Manifest {
        read_manifest(&origin.join(MANIFEST_FILE)).unwrap()
    }

    #[test]
    fn ok_deploys_sit_side_by_side_and_the_manifest_points_at_the_latest() {
        let tmp = tempfile::tempdir().unwrap();
        let (v1, v2, origin) = (
            tmp.path().join("b1"),
            tmp.path().join("b2"),
            tmp.path().join("origin"),
        );
        build(&v1, "1.0.0", "one");
        build(&v2, "2.0.0", "two");
        let id1 = publish(&origin, &v1).unwrap();
        let id2 = publish(&origin, &v2).unwrap();
        assert!(id1.starts_with("1.0.0-") && id2.starts_with("2.0.0-"));
        let m = current(&origin);
        assert_eq!(m.version, "2.0.0");
        assert_eq!(m.assets.wasm.file, format!("versions/{id2}/h_bg.wasm"));
        assert!(origin.join(&m.assets.wasm.file).exists());
        assert!(
            origin.join(format!("versions/{id1}/h_bg.wasm")).exists(),
            "v1 kept"
        );
        let page = fs::read_to_string(origin.join("index.html")).unwrap();
        assert!(
            page.contains(&format!("<base href=\"versions/{id2}/\" />")),
            "{page}"
        );
        assert!(
            fs::read_dir(&origin).unwrap().all(|e| !e
                .unwrap()
                .file_name()
                .to_string_lossy()
                .ends_with(".tmp")),
            "temporary files left behind"
        );
    }

    #[test]
    fn ok_one_rename_switches_page_and_manifest_together() {
        let tmp = tempfile::tempdir().unwrap();
        let origin = tmp.path().join("origin");
        let mut ids = Vec::new();
        for (i, v) in ["1.0.0", "2.0.0"].iter().enumerate() {
            let dist = tmp.path().join(format!("b{i}"));
            build(&dist, v, v);
            ids.push(publish(&origin, &dist).unwrap());
        }
        // The root's manifest and page are links through `current`, the one thing a switch
        // replaces.
        for name in [MANIFEST_FILE, PAGE] {
            assert_eq!(
                fs::read_link(origin.join(name)).unwrap(),
                Path::new(CURRENT).join(name)
            );
        }
        let live = |id: &str| Path::new(VERSIONS).join(id).join(LIVE);
        assert_eq!(fs::read_link(origin.join(CURRENT)).unwrap(), live(&ids[1]));
        // While versions flip, a reader always finds a whole manifest, and the page and the
        // manifest under `current` always name the same version.
        let flipper = {
            let origin = origin.clone();
            std::thread::spawn(move || {
                for i in 0..200 {
                    let to = if i % 2 == 0 { "1.0.0" } else { "2.0.0" };
                    rollback(&origin, Some(to)).unwrap();
                }
            })
        };
        while !flipper.is_finished() {
            let m = current(&origin);
            assert!(["1.0.0", "2.0.0"].contains(&m.version.as_str()));
            let dir = origin.join(fs::read_link(origin.join(CURRENT)).unwrap());
            let m = read_manifest(&dir.join(MANIFEST_FILE)).unwrap();
            let page = fs::read_to_string(dir.join(PAGE)).unwrap();
            let id = version_id_of(&m);
            assert!(page.contains(&format!("versions/{id}/")), "{page} vs {id}");
        }
        flipper.join().unwrap();
    }

    fn version_id_of(m: &Manifest) -> String {
        m.assets.wasm.file.split('/').nth(1).unwrap().to_owned()
    }

    #[test]
    fn ok_rollback_goes_to_the_previous_or_a_named_version() {
        let tmp = tempfile::tempdir().unwrap();
        let origin = tmp.path().join("origin");
        for (i, v) in ["1.0.0", "2.0.0", "3.0.0"].iter().enumerate() {
            let dist = tmp.path().join(format!("b{i}"));
            build(&dist, v, v);
            publish(&origin, &dist).unwrap();
        }
        rollback(&origin, None).unwrap();
        assert_eq!(current(&origin).version, "2.0.0");
        rollback(&origin, None).unwrap();
        assert_eq!(
            current(&origin).version,
            "1.0.0",
            "a second rollback goes further back"
        );
        rollback(&origin, Some("3.0.0")).unwrap();
        assert_eq!(current(&origin).version, "3.0.0");
        let log = read_log(&origin).unwrap();
        assert_eq!(log.history.len(), 6);
        assert_eq!(log.history[5].action, "rollback");
        let err = rollback(&origin, Some("9.9.9")).unwrap_err();
        assert!(
            err.to_string().contains("9.9.9 was never deployed"),
            "{err}"
        );
    }

    #[test]
    fn ok_two_deploys_in_one_second_leave_manifests_of_distinct_mtimes() {
        let tmp = tempfile::tempdir().unwrap();
        let origin = tmp.path().join("origin");
        let mut seconds = Vec::new();
        for (i, v) in ["1.0.0", "2.0.0", "3.0.0"].iter().enumerate() {
            let dist = tmp.path().join(format!("b{i}"));
            build(&dist, v, v);
            publish(&origin, &dist).unwrap();
            let modified = fs::metadata(origin.join(MANIFEST_FILE))
                .unwrap()
                .modified()
                .unwrap();
            seconds.push(
                modified
                    .duration_since(std::time::UNIX_EPOCH)
                    .unwrap()
                    .as_secs(),
            );
        }
        assert!(
            seconds[0] != seconds[1] && seconds[1] != seconds[2],
            "{seconds:?}"
        );
    }

    #[test]
    fn ok_publishing_the_same_build_twice_reuses_its_folder() {
        let tmp = tempfile::tempdir().unwrap();
        let (dist, origin) = (tmp.path().join("b"), tmp.path().join("origin"));
        build(&dist, "1.0.0", "same");
        let a = publish(&origin, &dist).unwrap();
        let b = publish(&origin, &dist).unwrap();
        assert_eq!(a, b);
        assert_eq!(fs::read_dir(origin.join(VERSIONS)).unwrap().count(), 1);
    }

    #[test]
    fn err_rollback_with_nothing_earlier_says_so() {
        let tmp = tempfile::tempdir().unwrap();
        let (dist, origin) = (tmp.path().join("b"), tmp.path().join("origin"));
        build(&dist, "1.0.0", "only");
        publish(&origin, &dist).unwrap();
        let err = rollback(&origin, None).unwrap_err();
        assert!(err.to_string().contains("no earlier version"), "{err}");
    }
}
