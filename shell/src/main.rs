//! Flotilla's demo shell: the page's UI on top of the host runtime, which composes the page
//! from modules loaded at runtime from their manifests.

mod app;
mod devtools;
mod reload_hint;
mod slot_view;
mod summary;
mod theme;

use flotilla_host::{Host, HostOptions, Schema};

fn main() {
    // The page's bus and store are the host's, keeping to the demo's schema; installed before
    // any module mounts.
    let host = Host::start(HostOptions {
        owner: "shell".into(),
        schema: Schema::of::<demo_schema::SharedState>(),
        dom_surface: true,
    });
    std::mem::forget(theme::follow());
    let root = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id("flotilla-shell"))
        .expect("the page has no #flotilla-shell element");
    yew::Renderer::<app::App>::with_root_and_props(root, app::AppProps { host }).render();
}
