//! Flotilla's demo shell: the page's UI on top of the host runtime, which composes the page
//! from modules loaded at runtime from their manifests.

mod actions;
mod devtools;
mod dom;
mod error_panel;
mod reload_hint;
mod slot_view;
mod summary;
mod theme;
mod ui;

use flotilla_host::{Host, HostOptions, Schema};

fn main() {
    // The page's bus and store are the host's, keeping to the demo's schema; installed before
    // any module mounts. The host starts loading modules before the UI exists (at once when the
    // page carries a composition snapshot).
    let host = Host::start(HostOptions {
        owner: "shell".into(),
        schema: Schema::of::<demo_schema::SharedState>(),
        dom_surface: true,
    });
    std::mem::forget(theme::follow());
    // The UI renders after the slots' first steps (queued before it): modules do not wait for it.
    wasm_bindgen_futures::spawn_local(async move {
        let root = dom::document()
            .get_element_by_id("flotilla-shell")
            .expect("the page has no #flotilla-shell element");
        std::mem::forget(ui::Ui::start(host, &root));
        // The UI's first render is done (it renders synchronously): `cargo xtask bench` reads it.
        if let Some(performance) = web_sys::window().and_then(|w| w.performance()) {
            let _ = performance.mark("flotilla:shell:ui");
        }
    });
}
