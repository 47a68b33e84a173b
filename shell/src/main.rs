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
mod ui_load;

use flotilla_host::{Host, HostOptions, Schema};

fn main() {
    // The page's bus and store are the host's, keeping to the demo's schema; installed before
    // any module mounts. The host starts loading modules at once (from the page's composition
    // snapshot when it carries one); the UI comes later, when it has something to show.
    let host = Host::start(HostOptions {
        owner: "shell".into(),
        schema: Schema::of::<demo_schema::SharedState>(),
        dom_surface: true,
    });
    std::mem::forget(theme::follow());
    ui_load::when_needed(host);
}
