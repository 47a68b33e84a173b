//! `[package.metadata.flotilla]`, `[package.metadata.flotilla-tests]` and the workspace's
//! `[workspace.metadata.flotilla-sizes]`, as typed structs.

use std::collections::BTreeMap;
use std::path::PathBuf;

use anyhow::{anyhow, Result};
use flotilla_contract::manifest::Exposed;
use flotilla_contract::policy::{Prefetch, UpdateMode};
use serde::de::DeserializeOwned;
use serde::Deserialize;
use serde_json::Value;

/// Table a crate declares itself in.
pub const TABLE: &str = "flotilla";
/// Table declaring extra builds for tests.
pub const TESTS_TABLE: &str = "flotilla-tests";
/// The workspace's table of size ceilings (app name = brotli bytes).
pub const SIZES_TABLE: &str = "flotilla-sizes";

/// What an app is.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Role {
    /// A module: built, served on its own origin and mounted into its slot.
    #[default]
    Module,
    /// The page that loads the modules.
    Shell,
    /// A test-only module: built by tests, never served by `cargo xtask run`.
    Fixture,
    /// The override panel: built like a module, shipped inside the shell's build under
    /// `devtools/` and loaded by the page only when asked (`?devtools`, Ctrl+Shift+F).
    Devtools,
}

/// A crate's `[package.metadata.flotilla]`.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Flotilla {
    /// What the app is (`module` when absent).
    #[serde(default)]
    pub role: Role,
    /// Page slot a module mounts into; none: served, but not placed on the page.
    pub slot: Option<String>,
    /// Default port for `cargo xtask run`.
    pub port: Option<u16>,
    /// What open pages do when a new version is deployed.
    #[serde(default)]
    pub update: UpdateMode,
    /// Components the module exposes; the registry mounts the first.
    #[serde(default)]
    pub exposes: Vec<Exposed>,
    /// Path patterns on which the module is active (`["/favorites"]`); always when empty.
    #[serde(default)]
    pub routes: Vec<String>,
    /// When its code is fetched ahead while off its routes (`idle`, `hover`, `none`).
    #[serde(default)]
    pub prefetch: Prefetch,
    /// Whether it stays mounted, hidden, while off its routes (its state kept).
    #[serde(default)]
    pub keep_alive: bool,
    /// Folder of the app's `Trunk.toml`, relative to the crate (the crate's own when absent).
    pub page: Option<PathBuf>,
    /// Rust for its release build: `nightly` (smaller; the default) or `stable` (keeps panic
    /// messages).
    #[serde(default)]
    pub rust: crate::rust::Rust,
    /// Build with the crate's `split` feature and split the wasm at its lazy functions
    /// (`crate::split`): code the app runs only on demand is fetched on first use.
    #[serde(default)]
    pub split: bool,
}

/// A crate's `[package.metadata.flotilla-tests]`.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TestsTable {
    /// Extra builds of modules.
    #[serde(default)]
    pub builds: Vec<TestBuild>,
}

/// A module built as another version for tests (`target/dist/<module>@<version>`).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TestBuild {
    /// The module.
    pub module: String,
    /// The version it is built as.
    pub version: String,
}

/// Reads `table` from a package's metadata; `None` when the package has none. Errors name the
/// manifest (`where_`), the table and the field.
pub fn read<T: DeserializeOwned>(metadata: &Value, table: &str, where_: &str) -> Result<Option<T>> {
    let Some(value) = metadata.get(table) else {
        return Ok(None);
    };
    serde_path_to_error::deserialize(value)
        .map(Some)
        .map_err(|e| {
            let field = e.path().to_string();
            let field = if field == "." {
                String::new()
            } else {
                format!(" {field}:")
            };
            anyhow!("{where_}: [package.metadata.{table}]{field} {}", e.inner())
        })
}

/// Reads the regression ceilings from a workspace's metadata (`[workspace.metadata.flotilla-sizes]`
/// of the `Cargo.toml` at `where_`): app name = brotli bytes; empty when there is no table.
pub fn ceilings(workspace_metadata: &Value, where_: &str) -> Result<BTreeMap<String, usize>> {
    let Some(value) = workspace_metadata.get(SIZES_TABLE) else {
        return Ok(BTreeMap::new());
    };
    serde_path_to_error::deserialize(value).map_err(|e| {
        anyhow!(
            "{where_}: [workspace.metadata.{SIZES_TABLE}] {}: {} (expected app = brotli bytes)",
            e.path(),
            e.inner()
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn ok_ceilings_read_and_bad_ones_named() {
        let table = json!({ SIZES_TABLE: { "alpha-app": 72000, "shell": 150000 } });
        let read = ceilings(&table, "Cargo.toml").unwrap();
        assert_eq!(read.get("alpha-app"), Some(&72000));
        assert!(ceilings(&Value::Null, "Cargo.toml").unwrap().is_empty());
        let err = ceilings(
            &json!({ SIZES_TABLE: { "alpha-app": "70 KB" } }),
            "Cargo.toml",
        )
        .unwrap_err()
        .to_string();
        assert!(
            err.starts_with(
                "Cargo.toml: [workspace.metadata.flotilla-sizes] alpha-app: invalid type"
            ),
            "{err}"
        );
    }

    fn parse(v: Value) -> Result<Option<Flotilla>> {
        read(&json!({ "flotilla": v }), TABLE, "alpha-app/Cargo.toml")
    }

    #[test]
    fn ok_reads_every_field() {
        let f = parse(json!({
            "slot": "top", "port": 3000, "update": "auto",
            "exposes": [{ "name": "Alpha", "export": "mount" }]
        }))
        .unwrap()
        .unwrap();
        assert_eq!(f.role, Role::Module);
        assert_eq!(f.slot.as_deref(), Some("top"));
        assert_eq!(f.port, Some(3000));
        assert_eq!(f.update, UpdateMode::Auto);
        assert_eq!(f.exposes[0].name, "Alpha");
        let shell = parse(json!({ "role": "shell", "port": 8080, "page": ".." }))
            .unwrap()
            .unwrap();
        assert_eq!(shell.role, Role::Shell);
        assert_eq!(shell.update, UpdateMode::Prompt, "default update policy");
    }

    #[test]
    fn ok_no_table_is_not_an_app() {
        let none: Option<Flotilla> = read(&json!({ "other": 1 }), TABLE, "x").unwrap();
        assert!(none.is_none());
        let none: Option<Flotilla> = read(&Value::Null, TABLE, "x").unwrap();
        assert!(none.is_none());
    }

    #[test]
    fn err_bad_update_value_names_crate_table_and_field() {
        let err = parse(json!({ "update": "sometimes" }))
            .unwrap_err()
            .to_string();
        assert!(
            err.starts_with("alpha-app/Cargo.toml: [package.metadata.flotilla] update: unknown variant `sometimes`"),
            "{err}"
        );
        assert!(err.contains("`auto`, `prompt`, `off`"), "{err}");
    }

    #[test]
    fn err_wrong_types_and_unknown_fields_are_named() {
        let err = parse(json!({ "slot": 3 })).unwrap_err().to_string();
        assert!(
            err.starts_with("alpha-app/Cargo.toml: [package.metadata.flotilla] slot: invalid type"),
            "{err}"
        );
        let err = parse(json!({ "port": 70000 })).unwrap_err().to_string();
        assert!(err.contains("] port: invalid value"), "{err}");
        let err = parse(json!({ "slott": "top" })).unwrap_err().to_string();
        assert!(err.contains("unknown field `slott`"), "{err}");
        let err = parse(json!({ "exposes": [{ "name": "A" }] }))
            .unwrap_err()
            .to_string();
        assert!(
            err.contains("] exposes[0]: missing field `export`"),
            "{err}"
        );
    }
}
