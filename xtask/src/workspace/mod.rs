//! The apps of a workspace, discovered with `cargo metadata`: every crate with a
//! `[package.metadata.flotilla]` table is an app (the shell, a module or a test fixture).

mod app;
pub mod metadata;
mod validate;

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use anyhow::{bail, Context, Result};
use cargo_metadata::MetadataCommand;

pub use app::{check_slot_name, App};
pub use metadata::{Role, TestBuild};
pub use validate::validate;

/// A workspace (or a lone module crate with its own `[workspace]`) and its apps.
#[derive(Debug, Clone)]
pub struct Workspace {
    /// The folder of the workspace's `Cargo.toml`.
    pub root: PathBuf,
    /// Cargo's target folder: builds, dists and deploys go below it.
    pub target: PathBuf,
    /// Every app: the shell first, then modules in page order (by port, then name), then
    /// fixtures by name.
    pub apps: Vec<App>,
    /// Extra module builds the tests use (`[package.metadata.flotilla-tests] builds`).
    pub test_builds: Vec<TestBuild>,
    /// Every crate of the workspace, and every crate they depend on, by name.
    pub crates: BTreeSet<String>,
    /// Folder of each crate of the workspace, by name.
    pub members: BTreeMap<String, PathBuf>,
    /// Regression ceilings of apps' code, brotli bytes, by app
    /// (`[workspace.metadata.flotilla-sizes]`).
    pub ceilings: BTreeMap<String, usize>,
}

/// The root of the workspace this xtask belongs to.
pub fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("xtask lives in the workspace")
        .to_path_buf()
}

/// This xtask's workspace, discovered once per process.
pub fn current() -> Result<&'static Workspace> {
    static CURRENT: OnceLock<Workspace> = OnceLock::new();
    if let Some(ws) = CURRENT.get() {
        return Ok(ws);
    }
    let ws = Workspace::discover(&root().join("Cargo.toml"))?;
    Ok(CURRENT.get_or_init(|| ws))
}

impl Workspace {
    /// Runs `cargo metadata` on `manifest` (a workspace's or a lone crate's `Cargo.toml`) and
    /// reads every package's Flotilla tables.
    pub fn discover(manifest: &Path) -> Result<Workspace> {
        let meta = MetadataCommand::new()
            .manifest_path(manifest)
            .no_deps()
            .exec()
            .with_context(|| format!("cargo metadata on {}", manifest.display()))?;
        let root = meta.workspace_root.clone().into_std_path_buf();
        let target = meta.target_directory.clone().into_std_path_buf();
        let mut apps = Vec::new();
        let mut test_builds = Vec::new();
        let mut crates = BTreeSet::new();
        let mut members = BTreeMap::new();
        for package in meta.workspace_packages() {
            crates.insert(package.name.to_string());
            let dir = package
                .manifest_path
                .parent()
                .map(|d| d.as_std_path().to_path_buf());
            members.insert(package.name.to_string(), dir.unwrap_or_default());
            crates.extend(package.dependencies.iter().map(|d| d.name.clone()));
            let path = package.manifest_path.as_std_path();
            let where_ = path
                .strip_prefix(&root)
                .unwrap_or(path)
                .display()
                .to_string();
            let tests: Option<metadata::TestsTable> =
                metadata::read(&package.metadata, metadata::TESTS_TABLE, &where_)?;
            test_builds.extend(tests.unwrap_or_default().builds);
            let flotilla = metadata::read(&package.metadata, metadata::TABLE, &where_)?;
            if let Some(flotilla) = flotilla {
                let version = package.version.to_string();
                apps.push(App::new(
                    &package.name,
                    &version,
                    path,
                    flotilla,
                    &target,
                    &where_,
                )?);
            }
        }
        let where_ = manifest.strip_prefix(&root).unwrap_or(manifest).display();
        let ceilings = metadata::ceilings(&meta.workspace_metadata, &where_.to_string())?;
        let mut ws = Workspace::new(root, target, apps, test_builds)?;
        ws.crates = crates;
        ws.members = members;
        ws.ceilings = ceilings;
        Ok(ws)
    }

    /// Orders and validates discovered apps.
    pub fn new(
        root: PathBuf,
        target: PathBuf,
        mut apps: Vec<App>,
        test_builds: Vec<TestBuild>,
    ) -> Result<Workspace> {
        validate(&apps, &test_builds)?;
        let rank = |a: &App| match a.role {
            Role::Shell => 0,
            Role::Module => 1,
            Role::Devtools => 2,
            Role::Fixture => 3,
        };
        apps.sort_by(|a, b| {
            (rank(a), a.port.unwrap_or(u16::MAX), &a.name).cmp(&(
                rank(b),
                b.port.unwrap_or(u16::MAX),
                &b.name,
            ))
        });
        Ok(Workspace {
            root,
            target,
            apps,
            test_builds,
            crates: BTreeSet::new(),
            members: BTreeMap::new(),
            ceilings: BTreeMap::new(),
        })
    }

    /// The shell.
    pub fn shell(&self) -> Result<&App> {
        match self.apps.iter().find(|a| a.role == Role::Shell) {
            Some(shell) => Ok(shell),
            None => bail!(
                "{}: no crate declares `[package.metadata.flotilla] role = \"shell\"`",
                self.root.display()
            ),
        }
    }

    /// The modules, in page order (fixtures not included).
    pub fn modules(&self) -> impl Iterator<Item = &App> {
        self.apps.iter().filter(|a| a.role == Role::Module)
    }

    /// The test fixture modules.
    pub fn fixtures(&self) -> impl Iterator<Item = &App> {
        self.apps.iter().filter(|a| a.role == Role::Fixture)
    }

    /// The apps `cargo xtask run` serves, each on its origin: the shell and every module.
    pub fn served(&self) -> impl Iterator<Item = &App> {
        self.apps
            .iter()
            .filter(|a| matches!(a.role, Role::Shell | Role::Module))
    }

    /// The override panel, shipped inside the shell's build, if the workspace has one.
    pub fn devtools(&self) -> Option<&App> {
        self.apps.iter().find(|a| a.role == Role::Devtools)
    }

    /// The apps `cargo xtask build` builds: the served ones and the override panel.
    pub fn built(&self) -> impl Iterator<Item = &App> {
        self.apps.iter().filter(|a| a.role != Role::Fixture)
    }

    /// Any app by name.
    pub fn app(&self, name: &str) -> Option<&App> {
        self.apps.iter().find(|a| a.name == name)
    }

    /// A module or fixture by name; the error lists the modules there are.
    pub fn module(&self, name: &str) -> Result<&App> {
        match self.app(name) {
            Some(app) if matches!(app.role, Role::Module | Role::Fixture) => Ok(app),
            _ => {
                let known: Vec<&str> = self.modules().map(|m| m.name.as_str()).collect();
                bail!("no module {name:?}; the modules are {}", known.join(", "))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ok_discovers_this_workspace_in_page_order() {
        let ws = current().unwrap();
        let shell = ws.shell().unwrap();
        assert_eq!(
            shell.page_dir, ws.root,
            "the shell's page is the root index.html"
        );
        assert!(shell.page_dir.join("Trunk.toml").exists());
        let modules: Vec<&App> = ws.modules().collect();
        assert!(modules.len() >= 2, "{modules:?}");
        for pair in modules.windows(2) {
            assert!(pair[0].port < pair[1].port, "page order is by port");
        }
        for app in &ws.apps {
            assert!(app.page_dir.join("Trunk.toml").exists(), "{}", app.name);
        }
        assert!(ws.fixtures().count() >= 1);
        let panel = ws.devtools().expect("the override panel");
        assert!(
            ws.built().any(|a| a.name == panel.name) && !ws.served().any(|a| a.name == panel.name),
            "the panel is built, and served inside the shell's origin only"
        );
        for build in &ws.test_builds {
            assert!(ws.module(&build.module).is_ok(), "{build:?}");
        }
    }

    #[test]
    fn ok_no_module_name_is_written_in_the_tooling() {
        let ws = current().unwrap();
        let mut sources = Vec::new();
        for dir in ["xtask/src", "e2e/src"] {
            crate::files::walk(&ws.root.join(dir), &mut |p| {
                if p.extension().is_some_and(|e| e == "rs") {
                    sources.push(p.to_path_buf());
                }
            })
            .unwrap();
        }
        assert!(sources.len() > 10, "{sources:?}");
        for path in sources {
            let text = std::fs::read_to_string(&path).unwrap();
            for app in ws.apps.iter().filter(|a| a.is_module()) {
                assert!(
                    !text.contains(&app.name),
                    "{} names the module {}",
                    path.display(),
                    app.name
                );
            }
        }
    }
}
