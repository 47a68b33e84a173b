//! `cargo xtask new`: a module crate made from the templates in `xtask/templates/module/`: a
//! Yew component, or (`--view`) a [`flotilla_module::View`] written against the DOM.
//!
//! Everything is checked and every file prepared first ([`plan`], [`plan_outside`]); only
//! [`Plan::write`] touches the disk, so a refused name or slot leaves the tree as it was.

pub mod edits;
pub mod names;
mod render;

use std::fs;
use std::path::{Path, PathBuf};

use anyhow::{bail, Context, Result};

use crate::workspace::{check_slot_name, Workspace};

/// The standalone harness's file name (`framework/module/standalone.js`).
const HARNESS: &str = "standalone.js";

/// Port of the first module when no other declares one.
const FIRST_PORT: u16 = 3000;

/// What a new module's UI is written with.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Ui {
    /// A Yew function component.
    #[default]
    Yew,
    /// A `flotilla_module::View` against the DOM: no Yew in its build, a third of the bytes.
    View,
}

impl Ui {
    /// The UI's source file, its dependencies in a workspace member and in a crate of its own,
    /// and how the README names it.
    fn parts(self) -> (&'static str, &'static str, &'static str, &'static str) {
        match self {
            Ui::Yew => (
                render::COMPONENT,
                "yew = { workspace = true }",
                r#"yew = { version = "0.23", features = ["csr"] }"#,
                "a Yew component",
            ),
            Ui::View => (
                render::VIEW,
                r#"web-sys = { workspace = true, features = ["Document", "Element", "Node"] }"#,
                r#"web-sys = { version = "0.3", features = ["Document", "Element", "Node"] }"#,
                "a view written against the DOM (a `flotilla_module::View`: no Yew in its build)",
            ),
        }
    }

    /// How `main.rs` exposes it: the `expose!` arm.
    fn expose_kind(self) -> &'static str {
        match self {
            Ui::Yew => "",
            Ui::View => "view ",
        }
    }
}

/// What `new` is about to write.
#[derive(Debug, Clone)]
pub struct Plan {
    /// The module's name.
    pub name: String,
    /// Its exposed component.
    pub component: String,
    /// Its folder.
    pub dir: PathBuf,
    /// Its default port.
    pub port: u16,
    /// Its slot, if any.
    pub slot: Option<String>,
    /// What its UI is written with.
    pub ui: Ui,
    /// Its page's path to the standalone harness of the workspace's flotilla-module; `None`:
    /// the crate carries a copy of it.
    pub harness: Option<String>,
    /// New files, and new contents of existing files (the workspace's Cargo.toml, the page).
    pub files: Vec<(PathBuf, String)>,
}

/// Plans, then writes, a new module crate in the workspace (see [`plan`]).
pub fn create(ws: &Workspace, name: &str, slot: Option<&str>, ui: Ui) -> Result<Plan> {
    let plan = plan(ws, name, slot, ui)?;
    plan.write()?;
    Ok(plan)
}

/// A new module crate `name` in the workspace (`<root>/<name>/`), a member of it, with `slot`
/// (also added to the shell's page) if given, its UI written with `ui`. Refuses a bad or taken
/// name or slot.
pub fn plan(ws: &Workspace, name: &str, slot: Option<&str>, ui: Ui) -> Result<Plan> {
    names::check(name)?;
    if ws.crates.contains(name) {
        bail!(
            "{name:?} is already a crate of the workspace or one it depends on; pick another name"
        );
    }
    let dir = ws.root.join(name);
    if dir.exists() {
        bail!("{} already exists; pick another name", dir.display());
    }
    let shell = ws.shell()?;
    let page_path = shell.page_dir.join("index.html");
    let page = fs::read_to_string(&page_path)
        .with_context(|| format!("reading the shell's page {}", page_path.display()))?;
    if let Some(slot) = slot {
        check_slot_name(slot).map_err(anyhow::Error::msg)?;
        if let Some(owner) = ws.modules().find(|m| m.slot.as_deref() == Some(slot)) {
            bail!(
                "slot {slot:?} is taken by {} ([package.metadata.flotilla] slot); pick another",
                owner.name
            );
        }
        if edits::page_has_slot(&page, slot) {
            bail!(
                "slot {slot:?} is already in {}; pick another",
                page_path.display()
            );
        }
    }
    let port = next_port(ws);
    let root_manifest = ws.root.join("Cargo.toml");
    let members = edits::add_member(&fs::read_to_string(&root_manifest)?, name)?;

    // The workspace's own harness, when it has the module crate; else a copy of it.
    let harness = ws
        .members
        .get("flotilla-module")
        .and_then(|dir| dir.strip_prefix(&ws.root).ok())
        .map(|dir| format!("../{}/{HARNESS}", dir.display()));
    let mut plan = new_plan(name, slot, ui, harness, port, dir);
    let run = format!(
        "`cargo xtask run` serves it on http://127.0.0.1:{port}/ (standalone page and manifest) \
         beside the page and the other modules."
    );
    let deploy = format!(
        "`cargo xtask deploy {name} --version 0.2.0` builds only this module, publishes it next \
         to its earlier versions and switches its origin's manifest; `cargo xtask rollback \
         {name}` goes back. Open pages follow its update policy (`prompt`: they offer it)."
    );
    let vars = plan.vars(&run, &deploy, "../target/dist/".to_owned() + name, None);
    plan.add_files(render::CARGO, &vars)?;
    plan.files.push((root_manifest, members));
    if let Some(slot) = slot {
        plan.files.push((page_path, edits::add_slot(&page, slot)?));
    }
    Ok(plan)
}

/// A module crate `name` in its own folder `dir`, outside any workspace: its own `[workspace]`,
/// `[profile.release]` and lock file (`lock`, e.g. this workspace's, so the same versions are
/// used), depending on Flotilla's module crate at `module_crate` by path. `cargo xtask deploy --path` builds it.
pub fn plan_outside(
    dir: &Path,
    name: &str,
    slot: Option<&str>,
    ui: Ui,
    module_crate: &Path,
    lock: Option<&Path>,
) -> Result<Plan> {
    names::check(name)?;
    if let Some(slot) = slot {
        check_slot_name(slot).map_err(anyhow::Error::msg)?;
    }
    if dir.exists() && fs::read_dir(dir)?.next().is_some() {
        bail!("{} is not empty; pick a new folder", dir.display());
    }
    let module_crate = toml_edit::Value::from(module_crate.display().to_string()).to_string();
    let mut plan = new_plan(name, slot, ui, None, FIRST_PORT, dir.to_path_buf());
    let run = format!(
        "after `deploy --path`, its release build is in `target/dist/{name}/` (any static \
         server shows its page from there)."
    );
    let deploy = format!(
        "from a Flotilla checkout, `cargo xtask deploy --path <this folder> [--origin DIR] \
         [--version X]` builds it (its own lock file and target folder) and publishes it to the \
         origin folder (`target/deploy/{name}` of the checkout by default). Serve that folder \
         as the module's origin and point a page's registry, or `flotilla.swap(slot, url)`, at \
         its `mf-manifest.json`."
    );
    let vars = plan.vars(
        &run,
        &deploy,
        "target/dist".to_owned(),
        Some(module_crate.trim()),
    );
    plan.add_files(render::CARGO_OUTSIDE, &vars)?;
    if let Some(lock) = lock {
        let text =
            fs::read_to_string(lock).with_context(|| format!("reading {}", lock.display()))?;
        plan.files.push((plan.dir.join("Cargo.lock"), text));
    }
    Ok(plan)
}

/// One more than the highest port a module declares (skipping ports any app uses).
fn next_port(ws: &Workspace) -> u16 {
    let used: Vec<u16> = ws.apps.iter().filter_map(|a| a.port).collect();
    let mut port = ws
        .modules()
        .filter_map(|m| m.port)
        .max()
        .map_or(FIRST_PORT, |p| p.saturating_add(1));
    while used.contains(&port) {
        port = port.saturating_add(1);
    }
    port
}

fn new_plan(
    name: &str,
    slot: Option<&str>,
    ui: Ui,
    harness: Option<String>,
    port: u16,
    dir: PathBuf,
) -> Plan {
    Plan {
        name: name.to_owned(),
        component: names::pascal(name),
        dir,
        port,
        slot: slot.map(str::to_owned),
        ui,
        harness,
        files: Vec::new(),
    }
}

impl Plan {
    fn vars(
        &self,
        run: &str,
        deploy: &str,
        dist: String,
        module_crate: Option<&str>,
    ) -> Vec<(&'static str, String)> {
        let slot_line = self
            .slot
            .as_ref()
            .map(|s| format!("slot = \"{s}\"\n"))
            .unwrap_or_default();
        let slot_text = match &self.slot {
            Some(s) => format!(", into the page's slot `{s}`"),
            None => " (no slot yet: it is served, and can be swapped into one)".to_owned(),
        };
        let (_, deps, deps_outside, ui_text) = self.ui.parts();
        vec![
            (
                "harness",
                self.harness.as_deref().unwrap_or(HARNESS).to_owned(),
            ),
            ("expose_kind", self.ui.expose_kind().to_owned()),
            ("ui_deps", deps.to_owned()),
            ("ui_deps_outside", deps_outside.to_owned()),
            ("ui_text", ui_text.to_owned()),
            ("name", self.name.clone()),
            ("component", self.component.clone()),
            ("snake", names::snake(&self.name)),
            ("port", self.port.to_string()),
            ("slot_line", slot_line),
            ("slot_text", slot_text),
            ("run_text", run.to_owned()),
            ("deploy_text", deploy.to_owned()),
            ("dist", dist),
            ("module_crate", module_crate.unwrap_or_default().to_owned()),
        ]
    }

    fn add_files(&mut self, cargo: &str, vars: &[(&str, String)]) -> Result<()> {
        if self.harness.is_none() {
            // No module crate in reach: the crate carries its own copy of the harness.
            self.files
                .push((self.dir.join(HARNESS), render::HARNESS.to_owned()));
        }
        let component_file = format!("src/{}.rs", names::snake(&self.name));
        let files = [
            ("Cargo.toml", cargo),
            ("Trunk.toml", render::TRUNK),
            ("index.html", render::INDEX),
            ("README.md", render::README),
            ("src/main.rs", render::MAIN),
            (component_file.as_str(), self.ui.parts().0),
        ];
        for (path, template) in files {
            let text =
                render::render(template, vars).with_context(|| format!("rendering {path}"))?;
            self.files.push((self.dir.join(path), text));
        }
        Ok(())
    }

    /// Writes the new files, then the edited ones.
    pub fn write(&self) -> Result<()> {
        for (path, text) in &self.files {
            if let Some(parent) = path.parent() {
                fs::create_dir_all(parent)?;
            }
            fs::write(path, text).with_context(|| format!("writing {}", path.display()))?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests;
