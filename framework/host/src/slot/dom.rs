//! The DOM side of a slot: the page element, its status area and the module's shadow root.
//!
//! Modules mount outside the shell's Yew root (two Yew runtimes must not nest), each time into
//! a fresh element inside the slot's shadow root, which also keeps module CSS inside the slot.

use js_sys::Promise;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::{
    Document, Element, HtmlElement, HtmlLinkElement, Node, ShadowRoot, ShadowRootInit,
    ShadowRootMode,
};

use super::crash::MountId;
use crate::error::HostError;
use crate::loader::{CheckedManifest, MountHandle};

/// A page slot that modules are mounted into.
pub struct SlotDom {
    element: Element,
    status: Element,
    shadow: ShadowRoot,
    current: Option<Instance>,
}

/// One mounted module instance: its wrapper element (with its CSS) and its handle.
struct Instance {
    wrapper: Element,
    handle: MountHandle,
    id: MountId,
}

/// A wrapper element being prepared for a mount, hidden until committed; dropped before, it
/// leaves the slot.
pub struct Pending {
    /// `None` once committed.
    wrapper: Option<Element>,
    root: Element,
    styles: Vec<Promise>,
}

fn document() -> Document {
    web_sys::window()
        .and_then(|w| w.document())
        .expect("a document")
}

impl SlotDom {
    /// Finds the page element `[data-flotilla-slot=<slot>]` and prepares it.
    pub fn attach(slot: &str) -> Result<Self, HostError> {
        let doc = document();
        let missing = || HostError::SlotMissing {
            slot: slot.to_owned(),
        };
        let element = crate::js::slot_element(slot).ok_or_else(missing)?;
        let status = doc.create_element("div").map_err(|_| missing())?;
        status.set_class_name("flotilla-slot__status");
        let module = doc.create_element("div").map_err(|_| missing())?;
        module.set_class_name("flotilla-slot__module");
        // The slot contains its module's painting: even `position: fixed` stays inside it.
        if let Some(style) = module.dyn_ref::<HtmlElement>().map(HtmlElement::style) {
            let _ = style.set_property("contain", "paint");
        }
        let shadow = module
            .attach_shadow(&ShadowRootInit::new(ShadowRootMode::Open))
            .map_err(|_| missing())?;
        element.replace_children_with_node_2(&status, &module);
        Ok(SlotDom {
            element,
            status,
            shadow,
            current: None,
        })
    }

    /// Shows the slot's page element, or hides it while its module's routes are not current.
    pub fn set_active(&self, active: bool) {
        let _ = if active {
            self.element.remove_attribute("hidden")
        } else {
            self.element.set_attribute("hidden", "")
        };
    }

    /// The element the shell renders the slot's status (skeleton, error) into.
    pub fn status_element(&self) -> Element {
        self.status.clone()
    }

    /// Creates a fresh, hidden wrapper in the slot's shadow root with the module's
    /// stylesheets, which start loading now (while the code downloads and initialises), ready
    /// for a mount.
    pub fn prepare(&self, checked: &CheckedManifest) -> Pending {
        Pending::new(checked, &self.shadow)
    }

    /// Unmounts what is mounted, then shows the pending instance (mount `id`) in its place.
    pub fn commit(&mut self, pending: Pending, handle: MountHandle, id: MountId) {
        self.unmount();
        let wrapper = pending.show();
        self.current = Some(Instance {
            wrapper,
            handle,
            id,
        });
    }

    /// Name of the instance on screen (`header-app#3`).
    pub fn instance(&self) -> Option<&MountId> {
        self.current.as_ref().map(|i| &i.id)
    }

    /// Unmounts the current instance, if any, and removes its element and CSS.
    pub fn unmount(&mut self) {
        let Some(instance) = self.current.take() else {
            return;
        };
        if let Err(cause) = instance.handle.unmount() {
            crate::js::warn(&format!("flotilla: unmount failed: {cause}"));
        }
        instance.wrapper.remove();
    }
}

/// Adds a `<link>` to `parent` for each stylesheet of `checked` (with its integrity, loading
/// now); each promise resolves once its stylesheet has loaded or failed.
fn style_links(checked: &CheckedManifest, parent: &Element) -> Vec<Promise> {
    let doc = document();
    let mut styles = Vec::new();
    for css in &checked.manifest.assets.css {
        let link: HtmlLinkElement = doc.create_element("link").expect("link").unchecked_into();
        link.set_rel("stylesheet");
        link.set_integrity(&css.integrity);
        link.set_cross_origin(Some("anonymous"));
        link.set_href(&format!("{}{}", checked.base, css.file));
        styles.push(Promise::new(&mut |resolve, _| {
            link.set_onload(Some(&resolve));
            link.set_onerror(Some(&resolve));
        }));
        let _ = parent.append_child(&link);
    }
    styles
}

impl Pending {
    /// A fresh, hidden wrapper at the end of `parent`, with the module's stylesheets (loading
    /// from now) and the element it will render into.
    pub fn new(checked: &CheckedManifest, parent: &Node) -> Pending {
        let doc = document();
        let wrapper = doc.create_element("div").expect("div");
        wrapper.set_class_name("flotilla-instance");
        let _ = wrapper.set_attribute("hidden", "");
        let styles = style_links(checked, &wrapper);
        let root = doc.create_element("div").expect("div");
        let _ = wrapper.append_child(&root);
        let _ = parent.append_child(&wrapper);
        Pending {
            wrapper: Some(wrapper),
            root,
            styles,
        }
    }

    /// Shows the wrapper and hands it over: from now on it stays when this is dropped.
    pub fn show(mut self) -> Element {
        let wrapper = self
            .wrapper
            .take()
            .expect("a pending wrapper is shown once");
        let _ = wrapper.remove_attribute("hidden");
        wrapper
    }

    /// Waits until the instance's stylesheets have loaded (or failed), to avoid a flash.
    pub async fn styles_ready(&self) {
        for style in &self.styles {
            let _ = JsFuture::from(style.clone()).await;
        }
    }

    /// The element the module renders into.
    pub fn root(&self) -> &Element {
        &self.root
    }
}

impl Drop for Pending {
    fn drop(&mut self) {
        if let Some(wrapper) = &self.wrapper {
            wrapper.remove();
        }
    }
}
