//! Checks across apps: one app per port, one module per slot, one shell.

use std::collections::BTreeMap;

use anyhow::{bail, Result};

use super::{App, Role, TestBuild};

/// Refuses two served apps on one port, two modules on one slot, two shells, and test builds
/// of modules that do not exist; each message names both sides.
pub fn validate(apps: &[App], test_builds: &[TestBuild]) -> Result<()> {
    let shells: Vec<&str> = apps
        .iter()
        .filter(|a| a.role == Role::Shell)
        .map(|a| a.name.as_str())
        .collect();
    if shells.len() > 1 {
        bail!(
            "{} all declare role = \"shell\"; a workspace has one page",
            shells.join(" and ")
        );
    }
    let panels: Vec<&str> = apps
        .iter()
        .filter(|a| a.role == Role::Devtools)
        .map(|a| a.name.as_str())
        .collect();
    if panels.len() > 1 {
        bail!(
            "{} all declare role = \"devtools\"; the page opens one override panel",
            panels.join(" and ")
        );
    }
    let mut ports: BTreeMap<u16, &str> = BTreeMap::new();
    let mut slots: BTreeMap<&str, &str> = BTreeMap::new();
    for app in apps.iter().filter(|a| a.role != Role::Fixture) {
        if let Some(port) = app.port {
            if let Some(other) = ports.insert(port, &app.name) {
                bail!(
                    "{other} and {} both declare port {port} in [package.metadata.flotilla]; \
                     give one of them another port",
                    app.name
                );
            }
        }
        if let Some(slot) = &app.slot {
            if let Some(other) = slots.insert(slot, &app.name) {
                bail!(
                    "{other} and {} both declare slot {slot:?} in [package.metadata.flotilla]; \
                     a slot holds one module",
                    app.name
                );
            }
        }
    }
    for build in test_builds {
        let module = |a: &&App| matches!(a.role, Role::Module | Role::Fixture);
        if !apps.iter().filter(module).any(|a| a.name == build.module) {
            bail!(
                "[package.metadata.flotilla-tests] builds: no module {:?} in the workspace",
                build.module
            );
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::workspace::metadata::Flotilla;
    use std::path::Path;

    fn app(name: &str, meta: serde_json::Value) -> App {
        let meta: Flotilla = serde_json::from_value(meta).unwrap();
        let manifest = format!("/w/{name}/Cargo.toml");
        App::new(
            name,
            "1.0.0",
            Path::new(&manifest),
            meta,
            Path::new("/w/target"),
            &manifest,
        )
        .unwrap()
    }

    fn module(name: &str, slot: &str, port: u16) -> App {
        app(
            name,
            serde_json::json!({ "slot": slot, "port": port, "exposes": [{ "name": "C", "export": "mount" }] }),
        )
    }

    #[test]
    fn ok_distinct_ports_and_slots() {
        let apps = [
            module("alpha-app", "top", 3000),
            module("beta-app", "main", 3001),
        ];
        validate(&apps, &[]).unwrap();
    }

    #[test]
    fn err_two_modules_on_one_port_are_named() {
        let apps = [
            module("alpha-app", "top", 3000),
            module("beta-app", "main", 3000),
        ];
        let err = validate(&apps, &[]).unwrap_err().to_string();
        assert!(
            err.starts_with("alpha-app and beta-app both declare port 3000"),
            "{err}"
        );
    }

    #[test]
    fn err_a_module_on_the_shell_port_is_named() {
        let shell = app("page", serde_json::json!({ "role": "shell", "port": 8080 }));
        let apps = [shell, module("alpha-app", "top", 8080)];
        let err = validate(&apps, &[]).unwrap_err().to_string();
        assert!(
            err.contains("page and alpha-app both declare port 8080"),
            "{err}"
        );
    }

    #[test]
    fn err_two_modules_on_one_slot_are_named() {
        let apps = [
            module("alpha-app", "top", 3000),
            module("beta-app", "top", 3001),
        ];
        let err = validate(&apps, &[]).unwrap_err().to_string();
        assert!(
            err.starts_with("alpha-app and beta-app both declare slot \"top\""),
            "{err}"
        );
    }

    #[test]
    fn ok_fixtures_take_no_port_or_slot() {
        let fixture = app(
            "gamma-app",
            serde_json::json!({ "role": "fixture", "slot": "top", "port": 3000, "exposes": [{ "name": "G", "export": "mount" }] }),
        );
        validate(&[module("alpha-app", "top", 3000), fixture], &[]).unwrap();
    }

    #[test]
    fn err_two_override_panels_are_named() {
        let panel = |name| {
            app(
                name,
                serde_json::json!({ "role": "devtools", "exposes": [{ "name": "P", "export": "mount" }] }),
            )
        };
        validate(&[module("alpha-app", "top", 3000), panel("one-tools")], &[]).unwrap();
        let err = validate(&[panel("one-tools"), panel("two-tools")], &[])
            .unwrap_err()
            .to_string();
        assert!(
            err.starts_with("one-tools and two-tools all declare role = \"devtools\""),
            "{err}"
        );
    }

    #[test]
    fn err_a_test_build_of_an_unknown_module() {
        let build = TestBuild {
            module: "nope-app".into(),
            version: "2.0.0".into(),
        };
        let err = validate(&[module("alpha-app", "top", 3000)], &[build])
            .unwrap_err()
            .to_string();
        assert!(err.contains("no module \"nope-app\""), "{err}");
    }
}
