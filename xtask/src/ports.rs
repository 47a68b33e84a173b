//! Ports of `cargo xtask run`: each app's declared port, changed by `--port NAME=PORT`.

use std::collections::BTreeMap;

use anyhow::{bail, Result};

use crate::workspace::{Role, Workspace};

/// Name that stands for the shell in `--port`, whatever its crate is called.
pub const SHELL: &str = "shell";

/// Reads one `--port NAME=PORT` value.
pub fn parse_flag(text: &str) -> Result<(String, u16), String> {
    let (name, port) = text
        .split_once('=')
        .ok_or_else(|| format!("{text:?}: expected NAME=PORT, e.g. shell=8080"))?;
    let name = name.trim();
    if name.is_empty() {
        return Err(format!("{text:?}: no app name before '='"));
    }
    match port.trim().parse::<u16>() {
        Ok(p) if p > 0 => Ok((name.to_owned(), p)),
        _ => Err(format!("{text:?}: {port:?} is not a port (1-65535)")),
    }
}

/// The port of every app `run` serves, by crate name: the declared ones, then `flags`
/// (later flags win). Unknown names and two apps on one port are refused, naming both.
pub fn resolve(ws: &Workspace, flags: &[(String, u16)]) -> Result<BTreeMap<String, u16>> {
    let shell = ws.shell()?;
    let mut ports: BTreeMap<String, (u16, &str)> = ws
        .served()
        .map(|a| (a.name.clone(), (a.port.unwrap_or_default(), "declared")))
        .collect();
    for (name, port) in flags {
        let app = if name == SHELL {
            Some(shell)
        } else {
            ws.app(name)
        };
        match app {
            Some(app) if app.role == Role::Fixture => {
                bail!("--port {name}={port}: {name} is a test fixture; `run` does not serve it")
            }
            Some(app) => {
                ports.insert(app.name.clone(), (*port, "--port"));
            }
            None => {
                let known: Vec<&str> = std::iter::once(SHELL)
                    .chain(ws.modules().map(|m| m.name.as_str()))
                    .collect();
                bail!(
                    "--port {name}={port}: no app {name:?}; the apps are {}",
                    known.join(", ")
                )
            }
        }
    }
    let mut taken: BTreeMap<u16, (&str, &str)> = BTreeMap::new();
    for (name, (port, from)) in &ports {
        if let Some((other, other_from)) = taken.insert(*port, (name, from)) {
            bail!(
                "port {port}: {other} ({other_from}) and {name} ({from}) both want it; \
                 pick another with --port NAME=PORT"
            );
        }
    }
    Ok(ports.into_iter().map(|(n, (p, _))| (n, p)).collect())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::workspace::App;
    use std::path::Path;

    fn app(name: &str, meta: serde_json::Value) -> App {
        let manifest = format!("/w/{name}/Cargo.toml");
        App::new(
            name,
            "1.0.0",
            Path::new(&manifest),
            serde_json::from_value(meta).unwrap(),
            Path::new("/w/target"),
            &manifest,
        )
        .unwrap()
    }

    fn ws() -> Workspace {
        let exposes = serde_json::json!([{ "name": "C", "export": "mount" }]);
        let apps = vec![
            app("page", serde_json::json!({ "role": "shell", "port": 8080 })),
            app(
                "alpha-app",
                serde_json::json!({ "slot": "top", "port": 3000, "exposes": exposes }),
            ),
            app(
                "beta-app",
                serde_json::json!({ "slot": "main", "port": 3001, "exposes": exposes }),
            ),
            app(
                "gamma-app",
                serde_json::json!({ "role": "fixture", "exposes": exposes }),
            ),
        ];
        Workspace::new("/w".into(), "/w/target".into(), apps, vec![]).unwrap()
    }

    fn flags(list: &[&str]) -> Vec<(String, u16)> {
        list.iter().map(|f| parse_flag(f).unwrap()).collect()
    }

    #[test]
    fn ok_parses_name_equals_port() {
        assert_eq!(parse_flag("alpha-app=4000"), Ok(("alpha-app".into(), 4000)));
        assert_eq!(parse_flag("shell = 9000"), Ok(("shell".into(), 9000)));
    }

    #[test]
    fn err_bad_flags_say_what_is_wrong() {
        assert!(parse_flag("alpha-app")
            .unwrap_err()
            .contains("expected NAME=PORT"));
        assert!(parse_flag("=3000").unwrap_err().contains("no app name"));
        assert!(parse_flag("alpha-app=x")
            .unwrap_err()
            .contains("\"x\" is not a port"));
        assert!(parse_flag("alpha-app=70000")
            .unwrap_err()
            .contains("not a port"));
        assert!(parse_flag("alpha-app=0")
            .unwrap_err()
            .contains("not a port"));
    }

    #[test]
    fn ok_defaults_then_flags() {
        let ports = resolve(&ws(), &flags(&["shell=9000", "beta-app=4001"])).unwrap();
        assert_eq!(ports["page"], 9000);
        assert_eq!(ports["alpha-app"], 3000);
        assert_eq!(ports["beta-app"], 4001);
        assert!(!ports.contains_key("gamma-app"), "fixtures are not served");
        let swapped = resolve(&ws(), &flags(&["alpha-app=3001", "beta-app=3000"])).unwrap();
        assert_eq!((swapped["alpha-app"], swapped["beta-app"]), (3001, 3000));
    }

    #[test]
    fn err_a_flag_onto_a_declared_port_names_both_apps() {
        let err = resolve(&ws(), &flags(&["beta-app=3000"]))
            .unwrap_err()
            .to_string();
        assert!(
            err.contains("port 3000: alpha-app (declared) and beta-app (--port) both want it"),
            "{err}"
        );
        let err = resolve(&ws(), &flags(&["alpha-app=5000", "shell=5000"]))
            .unwrap_err()
            .to_string();
        assert!(
            err.contains("alpha-app (--port) and page (--port)"),
            "{err}"
        );
    }

    #[test]
    fn err_unknown_names_and_fixtures_are_refused() {
        let err = resolve(&ws(), &flags(&["delta-app=4000"]))
            .unwrap_err()
            .to_string();
        assert!(
            err.contains("no app \"delta-app\"; the apps are shell, alpha-app, beta-app"),
            "{err}"
        );
        let err = resolve(&ws(), &flags(&["gamma-app=4000"]))
            .unwrap_err()
            .to_string();
        assert!(err.contains("gamma-app is a test fixture"), "{err}");
    }
}
