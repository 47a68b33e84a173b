//! The apps of the workspace: the shell and every module.

use std::path::{Path, PathBuf};

use flotilla_contract::policy::UpdateMode;

/// One trunk-built app.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct App {
    /// Crate and module name.
    pub name: &'static str,
    /// Folder of its `Trunk.toml`, relative to the workspace root.
    pub dir: &'static str,
    /// Port it is served on by default (`cargo xtask run`).
    pub port: u16,
    /// Slot of the shell page it is mounted into (`None` for the shell itself).
    pub slot: Option<&'static str>,
    /// Exposed component the registry asks for.
    pub expose: Option<&'static str>,
    /// What the page does when a new version is deployed.
    pub update: UpdateMode,
}

/// The shell (the page).
pub const SHELL: App = App {
    name: "shell",
    dir: ".",
    port: 8080,
    slot: None,
    expose: None,
    update: UpdateMode::Off,
};

/// Every module, in page order.
pub const MODULES: &[App] = &[
    App {
        name: "header-app",
        dir: "header-app",
        port: 3000,
        slot: Some("header"),
        expose: Some("Header"),
        update: UpdateMode::Auto,
    },
    App {
        name: "home-app",
        dir: "home-app",
        port: 3001,
        slot: Some("content"),
        expose: Some("RandomImage"),
        update: UpdateMode::Prompt,
    },
];

/// Modules built only for tests (`cargo xtask build --fixtures`, `cargo xtask test`); never served
/// by `cargo xtask run`.
pub const FIXTURES: &[App] = &[App {
    name: "chaos-app",
    dir: "e2e/fixtures/chaos-app",
    port: 0,
    slot: None,
    expose: Some("Chaos"),
    update: UpdateMode::Off,
}];

/// The shell and every module.
pub fn all() -> impl Iterator<Item = &'static App> {
    MODULES.iter().chain(std::iter::once(&SHELL))
}

/// Finds a module (or test fixture module) by name.
pub fn module(name: &str) -> Option<&'static App> {
    MODULES.iter().chain(FIXTURES).find(|m| m.name == name)
}

/// The workspace root.
pub fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("xtask lives in the workspace")
        .to_path_buf()
}

impl App {
    /// Folder of the app's sources.
    pub fn source_dir(&self) -> PathBuf {
        root().join(self.dir)
    }

    /// Where trunk writes the app's build.
    pub fn dist_dir(&self) -> PathBuf {
        root().join("target/dist").join(self.name)
    }

    /// Where a build of the module as another version goes (`target/dist/<name>@<version>`).
    pub fn version_dist_dir(&self, version: &str) -> PathBuf {
        root()
            .join("target/dist")
            .join(format!("{}@{version}", self.name))
    }

    /// Where `cargo xtask run` and `deploy` keep the module's origin: every deployed version
    /// and the manifest that points at the current one.
    pub fn deploy_dir(&self) -> PathBuf {
        root().join("target/deploy").join(self.name)
    }

    /// The app's own cargo target folder (keeps one app's wasm-bindgen snippets out of another).
    pub fn target_dir(&self) -> PathBuf {
        root().join("target/apps").join(self.name)
    }

    /// Whether this is a module or fixture module (not the shell).
    pub fn is_module(&self) -> bool {
        self.name != SHELL.name
    }
}
