//! Flotilla shell: composes the page from modules loaded at runtime from their manifests.

mod app;
mod devtools;
mod error;
mod js;
mod loader;
mod overrides;
mod registry;
mod slot;
mod stats;
mod summary;
mod swap;
mod theme;

fn main() {
    // The page's bus and store are the shell's: installed before any module mounts.
    flotilla_contract::runtime::install("shell");
    std::mem::forget(theme::follow());
    swap::install_api();
    stats::install_api();
    let root = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id("flotilla-shell"))
        .expect("the page has no #flotilla-shell element");
    yew::Renderer::<app::App>::with_root(root).render();
}
