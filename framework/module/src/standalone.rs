//! Standalone mode: a module's own page renders it without a host.

use yew::BaseComponent;

use super::context::{ModuleProps, MountContext};
use super::mounted::Mounted;
use super::view::View;
use flotilla_contract::abi::STANDALONE_ATTR;
use web_sys::Element;

/// Renders `C` into the element marked `data-flotilla-standalone`, if the page has one.
///
/// It installs a local stand-in for the page's bus and store. The attribute's value is ignored;
/// `data-props` may hold a JSON object of props. On a host
/// page no element is marked, so loading the module renders nothing until the host mounts it.
pub fn run_standalone<C>(module: &str)
where
    C: BaseComponent<Properties = ModuleProps>,
{
    standalone(module, Mounted::mount_with::<C>);
}

/// [`run_standalone`] for a [`View`].
pub fn run_standalone_view<V: View>(module: &str) {
    standalone(module, Mounted::mount_view_with::<V>);
}

fn standalone(module: &str, mount: impl FnOnce(Element, MountContext) -> Mounted) {
    let Some(document) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    let Ok(Some(root)) = document.query_selector(&format!("[{STANDALONE_ATTR}]")) else {
        return;
    };
    let base = document
        .base_uri()
        .ok()
        .flatten()
        .map(|uri| match uri.rfind('/') {
            Some(i) => uri[..=i].to_owned(),
            None => uri,
        })
        .unwrap_or_default();
    // No host on this page: the module's own instance owns a stand-in bus and store.
    flotilla_bus::install(&format!("standalone {module}"), flotilla_bus::Schema::any());
    let mut context = MountContext::new(module, &base);
    if let Some(props) = root.get_attribute("data-props") {
        context = context.with_props_json(&props);
    }
    // The standalone page lives as long as the page: the app is never unmounted.
    std::mem::forget(mount(root, context));
}
