//! One trunk-built app of a workspace, and where its builds go.

use std::path::{Component, Path, PathBuf};

use anyhow::{bail, Result};
use flotilla_contract::manifest::Exposed;
use flotilla_contract::policy::{Prefetch, UpdateMode};

use super::metadata::{Flotilla, Role};

/// One trunk-built app: the shell, a module or a test fixture.
#[derive(Debug, Clone, PartialEq)]
pub struct App {
    /// Crate and module name.
    pub name: String,
    /// The crate's version.
    pub version: String,
    /// What it is.
    pub role: Role,
    /// Folder of its `Cargo.toml`.
    pub crate_dir: PathBuf,
    /// Folder of its `Trunk.toml` and page.
    pub page_dir: PathBuf,
    /// Slot of the shell page it mounts into (modules).
    pub slot: Option<String>,
    /// Default port for `cargo xtask run`.
    pub port: Option<u16>,
    /// What open pages do when a new version is deployed.
    pub update: UpdateMode,
    /// Exposed components; the registry mounts the first.
    pub exposes: Vec<Exposed>,
    /// Path patterns on which the module is active; always when empty.
    pub routes: Vec<String>,
    /// When its code is fetched ahead while off its routes.
    pub prefetch: Prefetch,
    /// Whether it stays mounted, hidden, while off its routes.
    pub keep_alive: bool,
    /// Rust for its release build (see [`crate::rust`]).
    pub rust: crate::rust::Rust,
    /// Whether its release build is split (see [`crate::split`]).
    pub split: bool,
    /// Where builds, dists and deploys go (the workspace's target folder).
    pub target: PathBuf,
    /// Its own cargo target folder (keeps one app's wasm-bindgen snippets out of another).
    pub build_dir: PathBuf,
}

impl App {
    /// Reads an app from its crate's metadata; `where_` names its `Cargo.toml` in errors.
    pub fn new(
        name: &str,
        version: &str,
        manifest: &Path,
        meta: Flotilla,
        target: &Path,
        where_: &str,
    ) -> Result<App> {
        let crate_dir = manifest.parent().unwrap_or(Path::new(".")).to_path_buf();
        let field = |f: &str| format!("{where_}: [package.metadata.flotilla] {f}");
        match meta.role {
            Role::Module | Role::Fixture | Role::Devtools if meta.exposes.is_empty() => {
                bail!("{}: a module exposes at least one component, e.g. `exposes = [{{ name = \"Footer\", export = \"mount\" }}]`", field("exposes"))
            }
            Role::Module | Role::Shell if meta.port.is_none() => {
                bail!(
                    "{}: missing; `cargo xtask run` serves it on this port",
                    field("port")
                )
            }
            Role::Shell if meta.slot.is_some() => {
                bail!(
                    "{}: the shell is the page; only modules have a slot",
                    field("slot")
                )
            }
            Role::Devtools if meta.slot.is_some() || meta.port.is_some() => {
                bail!(
                    "{}: the override panel has no slot and no port; it ships inside the \
                     shell's build and opens when asked",
                    field(if meta.slot.is_some() { "slot" } else { "port" })
                )
            }
            _ => {}
        }
        if meta.port == Some(0) {
            bail!("{}: 0 is not a port (1-65535)", field("port"));
        }
        if let Some(bad) = meta
            .routes
            .iter()
            .find(|r| !flotilla_contract::route::is_valid(r))
        {
            bail!(
                "{}: {bad:?} is not a path pattern such as \"/favorites\" or \"/photos/:id\"",
                field("routes")
            );
        }
        if let Some(slot) = &meta.slot {
            if let Err(why) = check_slot_name(slot) {
                bail!("{}: {why}", field("slot"));
            }
        }
        let page_dir = match &meta.page {
            Some(rel) if rel.is_absolute() => {
                bail!("{}: a folder relative to the crate", field("page"))
            }
            Some(rel) => normalize(&crate_dir.join(rel)),
            None => crate_dir.clone(),
        };
        Ok(App {
            name: name.to_owned(),
            version: version.to_owned(),
            role: meta.role,
            crate_dir,
            page_dir,
            slot: meta.slot,
            port: meta.port,
            update: meta.update,
            exposes: meta.exposes,
            routes: meta.routes,
            prefetch: meta.prefetch,
            keep_alive: meta.keep_alive,
            rust: meta.rust,
            split: meta.split,
            target: target.to_path_buf(),
            build_dir: target.join("apps").join(name),
        })
    }

    /// Where trunk writes the app's build (`target/dist/<name>`).
    pub fn dist_dir(&self) -> PathBuf {
        self.target.join("dist").join(&self.name)
    }

    /// Where a build of the module as another version goes (`target/dist/<name>@<version>`).
    pub fn version_dist_dir(&self, version: &str) -> PathBuf {
        self.target
            .join("dist")
            .join(format!("{}@{version}", self.name))
    }

    /// Where `cargo xtask run` and `deploy` keep the module's origin: every deployed version
    /// and the manifest that points at the current one.
    pub fn deploy_dir(&self) -> PathBuf {
        self.target.join("deploy").join(&self.name)
    }

    /// The cargo target folder of the app's builds, whichever version they show: cargo tracks
    /// the version variable, so a build as another version recompiles the app's own crate,
    /// not its dependencies.
    pub fn cargo_target_dir(&self) -> &Path {
        &self.build_dir
    }

    /// Whether this is a module or fixture (not the shell).
    pub fn is_module(&self) -> bool {
        self.role != Role::Shell
    }

    /// The component the registry mounts.
    pub fn expose(&self) -> Option<&str> {
        self.exposes.first().map(|e| e.name.as_str())
    }
}

/// A slot name goes into `data-flotilla-slot="…"`: lowercase ASCII letters, digits and `-`,
/// starting with a letter.
pub fn check_slot_name(slot: &str) -> Result<(), String> {
    let ok = slot.starts_with(|c: char| c.is_ascii_lowercase())
        && slot
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-');
    if ok {
        Ok(())
    } else {
        Err(format!(
            "{slot:?} is not a slot name (lowercase letters, digits and '-', starting with a letter)"
        ))
    }
}

/// `a/b/../c` → `a/c`, without touching the file system.
fn normalize(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for part in path.components() {
        match part {
            Component::ParentDir => {
                out.pop();
            }
            Component::CurDir => {}
            other => out.push(other),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn app(meta: serde_json::Value) -> Result<App> {
        let meta: Flotilla = serde_json::from_value(meta).unwrap();
        App::new(
            "alpha-app",
            "1.0.0",
            Path::new("/w/alpha-app/Cargo.toml"),
            meta,
            Path::new("/w/target"),
            "alpha-app/Cargo.toml",
        )
    }

    #[test]
    fn ok_paths_follow_the_target_folder_and_page() {
        let a = app(
            json!({ "slot": "top", "port": 3000, "exposes": [{ "name": "A", "export": "mount" }] }),
        )
        .unwrap();
        assert_eq!(a.dist_dir(), Path::new("/w/target/dist/alpha-app"));
        assert_eq!(
            a.version_dist_dir("2.0.0"),
            Path::new("/w/target/dist/alpha-app@2.0.0")
        );
        assert_eq!(a.deploy_dir(), Path::new("/w/target/deploy/alpha-app"));
        assert_eq!(a.cargo_target_dir(), Path::new("/w/target/apps/alpha-app"));
        assert_eq!(a.page_dir, Path::new("/w/alpha-app"));
        let shell = app(json!({ "role": "shell", "port": 8080, "page": ".." })).unwrap();
        assert_eq!(shell.page_dir, Path::new("/w"));
        assert!(!shell.is_module());
    }

    #[test]
    fn err_a_module_without_exposes_or_port_is_refused() {
        let err = app(json!({ "port": 3000 })).unwrap_err().to_string();
        assert!(
            err.starts_with("alpha-app/Cargo.toml: [package.metadata.flotilla] exposes:"),
            "{err}"
        );
        let err = app(json!({ "exposes": [{ "name": "A", "export": "mount" }] }))
            .unwrap_err()
            .to_string();
        assert!(err.contains("] port: missing"), "{err}");
    }

    #[test]
    fn err_the_override_panel_with_a_port_or_slot_is_refused() {
        let panel =
            json!({ "role": "devtools", "exposes": [{ "name": "Panel", "export": "mount" }] });
        let ok = app(panel.clone()).unwrap();
        assert!(
            ok.is_module(),
            "the panel is built like a module, with a manifest"
        );
        for (field, value) in [("port", json!(3009)), ("slot", json!("top"))] {
            let mut meta = panel.clone();
            meta[field] = value;
            let err = app(meta).unwrap_err().to_string();
            assert!(
                err.contains(&format!(
                    "] {field}: the override panel has no slot and no port"
                )),
                "{err}"
            );
        }
    }

    #[test]
    fn err_a_bad_slot_name_is_refused() {
        let err = app(json!({ "slot": "Top Bar", "port": 3000, "exposes": [{ "name": "A", "export": "mount" }] }))
            .unwrap_err()
            .to_string();
        assert!(
            err.contains("] slot: \"Top Bar\" is not a slot name"),
            "{err}"
        );
    }
}
