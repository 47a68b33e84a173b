//! Flotilla as a framework: a module made with `cargo xtask new --view` (a DOM view, no Yew) in
//! a copy of the workspace is served on its own origin and mounted beside the others; a module
//! crate in a folder of its own (a Yew component), built and published by `deploy --path`, is
//! swapped into an open page.
//!
//! Both build in release (trunk, LTO): module builds share one cargo target folder
//! (`target/apps/e2e-modules`), the copy's shell shares the real shell's.

use crate::support;

use std::path::PathBuf;

use flotilla_e2e::{serve_folder, stack_with, ws, Browser, WorkspaceCopy};
use serde_json::json;
use support::ImagePage;
use xtask::scaffold::Ui;
use xtask::serve::{self, StackConfig};
use xtask::{build, scaffold, tools};

/// Cargo target folder the modules these tests build share.
fn module_builds() -> PathBuf {
    ws().target.join("apps/e2e-modules")
}

#[tokio::test]
async fn a_module_made_by_new_is_served_and_mounted_beside_the_others() {
    let copy = WorkspaceCopy::new();
    scaffold::create(&copy.workspace(), "footer-app", Some("footer"), Ui::View)
        .expect("new footer-app --view");

    // The copy now has a third module, and its page a third slot: build both.
    let mut copied = copy.workspace();
    for app in &mut copied.apps {
        app.build_dir = match app.name.as_str() {
            "footer-app" => module_builds(),
            _ => ws()
                .app(&app.name)
                .expect("an app of the workspace")
                .build_dir
                .clone(),
        };
    }
    let tools = tools::ensure_build_tools().expect("tools");
    build::app_release(&tools, copied.shell().unwrap()).expect("build the copy's shell");
    build::app_release(&tools, copied.module("footer-app").unwrap()).expect("build footer-app");
    // Without Yew, its code is a fraction of a Yew module's (wasm as served, brotli).
    let wasm_bytes = |app| xtask::sizes::measure(app).expect("a build").wasm_brotli;
    let footer = wasm_bytes(copied.module("footer-app").unwrap());
    let header = wasm_bytes(ws().module("header-app").unwrap());
    assert!(
        footer > 0 && footer * 2 < header,
        "footer-app (a view) has {footer} bytes of wasm, header-app (Yew) {header}"
    );

    // Serve the copy: its shell and new module, the other modules' real builds.
    let mut config = StackConfig::ephemeral();
    for app in ws().modules() {
        config.module_dirs.insert(app.name.clone(), app.dist_dir());
    }
    let stack = serve::start(&copied, &config, |_| {}).await.expect("serve");
    let listed: Vec<&str> = stack
        .registry
        .remotes
        .iter()
        .map(|r| r.name.as_str())
        .collect();
    let mut expected: Vec<&str> = ws().modules().map(|m| m.name.as_str()).collect();
    expected.push("footer-app");
    assert_eq!(listed, expected);

    let browser = Browser::open_at(&stack.shell_url()).await.unwrap();
    for slot in ["header", "content", "footer"] {
        browser.wait_slot(slot, "mounted").await.unwrap();
    }
    let text = browser
        .slot_text("footer", ".footer-app__status")
        .await
        .unwrap();
    assert_eq!(text, "footer-app is running");
    let origin = browser.slot_data("footer", "origin").await.unwrap();
    assert_eq!(origin, stack.module_origin("footer-app"));
    assert_ne!(origin, stack.module_origin("header-app"));
    assert_ne!(origin, stack.module_origin("home-app"));
    assert_eq!(browser.slot_text("header", "h1").await.unwrap(), "Flotilla");
    browser.next_image().await.unwrap();
    browser.close().await;
}

#[tokio::test]
async fn a_module_from_outside_the_workspace_is_deployed_and_swapped_in_live() {
    let outside = tempfile::tempdir().unwrap();
    // The header's team keeps header-app in a repository of its own (a swap keeps the slot's
    // module: the registry's header entry is header-app).
    let dir = outside.path().join("header-app");
    let module_crate = ws().members["flotilla-module"].clone();
    let lock = ws().root.join("Cargo.lock");
    scaffold::plan_outside(
        &dir,
        "header-app",
        None,
        Ui::Yew,
        &module_crate,
        Some(&lock),
    )
    .and_then(|plan| plan.write())
    .expect("a module crate outside the workspace");
    let origin_dir = tempfile::tempdir().unwrap();
    let tools = tools::ensure_build_tools().expect("tools");
    let deployed = xtask::cmd::deploy::outside(
        &tools,
        &dir,
        None,
        Some(origin_dir.path()),
        Some(&module_builds()),
    )
    .expect("deploy --path");
    assert!(deployed.id.starts_with("0.1.0-"), "{}", deployed.id);
    let (origin, _server) = serve_folder(origin_dir.path()).await;

    let stack = stack_with(|r| {
        r.allowed_origins.push(origin.clone());
        // The header slot asks for whatever the new manifest exposes first.
        r.remotes[0].expose = None;
    })
    .await;
    let browser = Browser::open_at(&stack.shell_url()).await.unwrap();
    browser.wait_slot("header", "mounted").await.unwrap();
    browser.wait_slot("content", "mounted").await.unwrap();
    let image = browser.shown_image().await.unwrap();
    browser
        .eval("window.__stillTheSamePage = true;", vec![])
        .await
        .unwrap();

    let answer = browser
        .client
        .execute_async(
            "const done = arguments[arguments.length - 1]; \
             flotilla.swap('header', arguments[0]).then(done, e => done({ error: e.code, message: e.message }));",
            vec![json!(format!("{origin}/mf-manifest.json"))],
        )
        .await
        .unwrap();
    assert_eq!(answer, json!({ "version": "0.1.0", "changed": true }));
    let text = browser
        .slot_text("header", ".header-app__status")
        .await
        .unwrap();
    assert_eq!(text, "header-app is running");
    assert_eq!(browser.slot_data("header", "origin").await.unwrap(), origin);
    assert_eq!(
        browser.slot_data("header", "state").await.unwrap(),
        "mounted"
    );
    let same = browser
        .eval("return window.__stillTheSamePage === true;", vec![])
        .await
        .unwrap();
    assert_eq!(same, json!(true), "the page navigated");
    assert_eq!(browser.shown_image().await.unwrap(), image);
    browser.close().await;
}
