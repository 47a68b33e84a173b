//! `new` in a small workspace of its own (a shell, one module, a page): refusals leave every
//! byte as it was; a good `new` makes the crate, the member and the slot.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

use super::*;
use crate::files::walk;
use crate::workspace::Role;

const ROOT_TOML: &str = r#"[workspace]
resolver = "2"
# The apps of this test workspace.
members = ["page", "alpha-app"]

[workspace.package]
edition = "2021"
license = "MIT"
rust-version = "1.85"
publish = false

[workspace.dependencies]
flotilla-module = { version = "0.1" }
wasm-bindgen = "=0.2.130"
yew = { version = "0.23", features = ["csr"] }
"#;

const PAGE: &str = r#"<!DOCTYPE html>
<html>
  <body>
    <div class="flotilla-slot" data-flotilla-slot="top"></div>
    <aside class="flotilla-slot" data-flotilla-slot="aside"></aside>
    <!-- The shell's Yew root. -->
    <div id="flotilla-shell"></div>
  </body>
</html>
"#;

fn crate_files(dir: &Path, name: &str, meta: &str) {
    fs::create_dir_all(dir.join("src")).unwrap();
    let toml = format!(
        "[package]\nname = \"{name}\"\nversion = \"1.0.0\"\nedition.workspace = true\n\n\
         [package.metadata.flotilla]\n{meta}\n"
    );
    fs::write(dir.join("Cargo.toml"), toml).unwrap();
    fs::write(dir.join("src/main.rs"), "fn main() {}\n").unwrap();
    fs::write(dir.join("Trunk.toml"), "[build]\n").unwrap();
}

/// A workspace with a shell (`page`, its page at the root) and `alpha-app` in slot `top` on
/// port 3000; the page also has a slot `aside` no module declares; a folder `docs` exists.
fn workspace() -> (tempfile::TempDir, Workspace) {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path();
    fs::write(root.join("Cargo.toml"), ROOT_TOML).unwrap();
    fs::write(root.join("index.html"), PAGE).unwrap();
    fs::create_dir_all(root.join("docs")).unwrap();
    crate_files(
        &root.join("page"),
        "page",
        "role = \"shell\"\nport = 8080\npage = \"..\"",
    );
    crate_files(
        &root.join("alpha-app"),
        "alpha-app",
        "slot = \"top\"\nport = 3000\nexposes = [{ name = \"Alpha\", export = \"mount\" }]\n\n\
         [dependencies]\nserde = \"1\"",
    );
    let ws = Workspace::discover(&root.join("Cargo.toml")).unwrap();
    (tmp, ws)
}

fn snapshot(root: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    let mut files = BTreeMap::new();
    walk(root, &mut |p| {
        if !p.components().any(|c| c.as_os_str() == "target") {
            files.insert(p.to_path_buf(), fs::read(p).unwrap());
        }
    })
    .unwrap();
    files
}

#[test]
fn err_bad_arguments_leave_the_tree_untouched() {
    let (tmp, ws) = workspace();
    let before = snapshot(tmp.path());
    let cases: &[(&str, Option<&str>, &str)] = &[
        ("Footer", None, "is not a module name"),
        ("footer_app", None, "is not a module name"),
        ("footer--app", None, "is not a module name"),
        ("1footer", None, "is not a module name"),
        ("fn", None, "is reserved"),
        ("shell", None, "is reserved"),
        ("alpha-app", None, "already a crate of the workspace"),
        ("page", None, "already a crate of the workspace"),
        ("yew", None, "is reserved"),
        (
            "serde",
            None,
            "already a crate of the workspace or one it depends on",
        ),
        ("docs", None, "already exists"),
        (
            "footer-app",
            Some("top"),
            "slot \"top\" is taken by alpha-app",
        ),
        ("footer-app", Some("aside"), "slot \"aside\" is already in"),
        ("footer-app", Some("Big Slot"), "is not a slot name"),
    ];
    for (name, slot, wanted) in cases {
        let err = create(&ws, name, *slot, Ui::Yew).unwrap_err().to_string();
        assert!(err.contains(wanted), "{name} {slot:?}: {err}");
        assert!(
            snapshot(tmp.path()) == before,
            "{name} {slot:?} changed the tree"
        );
    }
}

#[test]
fn ok_new_makes_the_crate_the_member_and_the_slot() {
    let (tmp, ws) = workspace();
    let root = tmp.path();
    let plan = create(&ws, "footer-app", Some("footer"), Ui::Yew).unwrap();
    assert_eq!((plan.port, plan.component.as_str()), (3001, "FooterApp"));
    let dir = root.join("footer-app");
    for file in [
        "Cargo.toml",
        "Trunk.toml",
        "index.html",
        "README.md",
        "src/main.rs",
        "src/footer_app.rs",
    ] {
        assert!(dir.join(file).is_file(), "{file} missing");
    }
    let members = fs::read_to_string(root.join("Cargo.toml")).unwrap();
    assert_eq!(
        members,
        ROOT_TOML.replace(
            "members = [\"page\", \"alpha-app\"]",
            "members = [\"page\", \"alpha-app\", \"footer-app\"]"
        ),
        "only the member is added"
    );
    let page = fs::read_to_string(root.join("index.html")).unwrap();
    assert_eq!(
        page,
        PAGE.replace(
            "    <!-- The shell's Yew root. -->",
            "    <div class=\"flotilla-slot\" data-flotilla-slot=\"footer\"></div>\n    <!-- The shell's Yew root. -->"
        )
    );
    let main = fs::read_to_string(dir.join("src/main.rs")).unwrap();
    assert!(main.contains("mod footer_app;"), "{main}");
    assert!(
        main.contains("flotilla_module::expose!(FooterApp as mount);"),
        "{main}"
    );
    assert!(main.contains("fn main() {}"), "{main}");
    let component = fs::read_to_string(dir.join("src/footer_app.rs")).unwrap();
    assert!(
        component.contains("#[function_component(FooterApp)]"),
        "{component}"
    );
    let toml = fs::read_to_string(dir.join("Cargo.toml")).unwrap();
    assert!(toml.contains("\nyew = { workspace = true }\n"), "{toml}");
    assert!(
        component.contains("class=\"footer-app__status\""),
        "{component}"
    );
    let trunk = fs::read_to_string(dir.join("Trunk.toml")).unwrap();
    assert!(
        trunk.contains("dist = \"../target/dist/footer-app\""),
        "{trunk}"
    );
    let index = fs::read_to_string(dir.join("index.html")).unwrap();
    assert!(index.contains("data-bin=\"footer-app\""), "{index}");
    assert!(
        index.contains("<div data-flotilla-standalone=\"footer-app\"></div>"),
        "{index}"
    );
    // This workspace has no flotilla-module crate of its own: the module carries the harness.
    assert!(
        index.contains("<script data-trunk src=\"standalone.js\"></script>"),
        "{index}"
    );
    assert_eq!(
        fs::read_to_string(dir.join("standalone.js")).unwrap(),
        render::HARNESS
    );
    let readme = fs::read_to_string(dir.join("README.md")).unwrap();
    assert!(readme.contains("cargo xtask deploy footer-app"), "{readme}");

    // The workspace now has the module, declared as asked.
    let again = Workspace::discover(&root.join("Cargo.toml")).unwrap();
    let footer = again.module("footer-app").unwrap();
    assert_eq!(footer.role, Role::Module);
    assert_eq!(footer.slot.as_deref(), Some("footer"));
    assert_eq!(footer.port, Some(3001));
    assert_eq!(footer.update, flotilla_contract::policy::UpdateMode::Prompt);
    assert_eq!(footer.expose(), Some("FooterApp"));
    let order: Vec<&str> = again.modules().map(|m| m.name.as_str()).collect();
    assert_eq!(order, ["alpha-app", "footer-app"]);

    // A second module takes the next port; without a slot the page is left alone.
    let plan = create(&again, "side-app", None, Ui::View).unwrap();
    assert_eq!(plan.port, 3002);
    assert_eq!(fs::read_to_string(root.join("index.html")).unwrap(), page);
    let toml = fs::read_to_string(root.join("side-app/Cargo.toml")).unwrap();
    assert!(!toml.contains("slot"), "{toml}");

    // `--view`: a DOM view, exposed and run as one, and no Yew.
    assert!(!toml.contains("yew"), "{toml}");
    assert!(toml.contains("\nweb-sys = { workspace = true"), "{toml}");
    let main = fs::read_to_string(root.join("side-app/src/main.rs")).unwrap();
    assert!(
        main.contains("flotilla_module::expose!(view SideApp as mount);"),
        "{main}"
    );

    let view = fs::read_to_string(root.join("side-app/src/side_app.rs")).unwrap();
    assert!(view.contains("impl View for SideApp {"), "{view}");
    assert!(view.contains("\"side-app__status\""), "{view}");
    let readme = fs::read_to_string(root.join("side-app/README.md")).unwrap();
    assert!(
        readme.contains("a view written against the DOM"),
        "{readme}"
    );
}

#[test]
fn ok_outside_crate_has_its_own_workspace_and_lock() {
    let tmp = tempfile::tempdir().unwrap();
    let lock = tmp.path().join("some.lock");
    fs::write(&lock, "# lock\n").unwrap();
    let dir = tmp.path().join("team/widget");
    let contract = crate::workspace::root().join("framework/module");
    plan_outside(
        &dir,
        "widget",
        Some("footer"),
        Ui::Yew,
        &contract,
        Some(&lock),
    )
    .unwrap()
    .write()
    .unwrap();
    let toml = fs::read_to_string(dir.join("Cargo.toml")).unwrap();
    assert!(toml.contains("\n[workspace]\n"), "{toml}");
    assert!(toml.contains("[profile.release]"), "{toml}");
    assert!(
        toml.contains(&format!("path = \"{}\"", contract.display())),
        "{toml}"
    );
    assert_eq!(
        fs::read_to_string(dir.join("Cargo.lock")).unwrap(),
        "# lock\n"
    );
    let ws = Workspace::discover(&dir.join("Cargo.toml")).unwrap();
    assert_eq!(ws.root, dir);
    let widget = ws.module("widget").unwrap();
    assert_eq!(widget.slot.as_deref(), Some("footer"));
    assert_eq!(widget.expose(), Some("Widget"));

    let err = plan_outside(&dir, "widget", None, Ui::Yew, &contract, None).unwrap_err();
    assert!(err.to_string().contains("is not empty"), "{err}");
}
