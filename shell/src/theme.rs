//! The shell follows the shared state's theme: `<html data-theme="dark">`.

use demo_schema::SharedState;
use flotilla_bus::{store, Subscription};

/// Applies the current theme and every change to it; keep the subscription for the page's life.
pub fn follow() -> Subscription {
    apply(store::state::<SharedState>().theme.as_str());
    store::on_change(|state: SharedState| apply(state.theme.as_str()))
}

fn apply(theme: &str) {
    if let Some(root) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.document_element())
    {
        let _ = root.set_attribute("data-theme", theme);
    }
}
