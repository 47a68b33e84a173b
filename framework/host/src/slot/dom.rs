//! The DOM side of a slot: the page element, its status area and the module's shadow root.
//!
//! Modules mount outside the shell's Yew root (two Yew runtimes must not nest), each time into
//! a fresh element inside the slot's shadow root, which also keeps module CSS inside the slot.

use js_sys::Promise;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;
use web_sys::{Element, Node, ShadowRoot};

use super::crash::MountId;
use crate::error::HostError;
use crate::loader::{CheckedManifest, MountHandle};

#[wasm_bindgen(inline_js = r#"
const div = (className) => Object.assign(document.createElement("div"), { className });
export function attach(element) {
  const status = div("flotilla-slot__status"), module = div("flotilla-slot__module");
  // The slot contains its module's painting: even `position: fixed` stays inside it.
  module.style.contain = "paint";
  module.attachShadow({ mode: "open" });
  element.replaceChildren(status, module);
  return status;
}
export function shadow_of(status) { return status.nextElementSibling.shadowRoot; }
export function pending(parent, styles) {
  const wrapper = div("flotilla-instance");
  wrapper.hidden = true;
  for (let i = 0; i < styles.length; i += 2) {
    wrapper.append(Object.assign(document.createElement("link"),
      { rel: "stylesheet", integrity: styles[i + 1], crossOrigin: "anonymous", href: styles[i] }));
  }
  wrapper.append(document.createElement("div"));
  parent.append(wrapper);
  return wrapper;
}
export function styles_loaded(wrapper) {
  return Promise.all(Array.from(wrapper.querySelectorAll("link"),
    link => new Promise(resolve => { link.onload = link.onerror = resolve; })));
}
"#)]
extern "C" {
    /// Fills the slot's page element with its status area (returned) and the element that
    /// holds the module's shadow root.
    #[wasm_bindgen(catch)]
    fn attach(element: &Element) -> Result<Element, JsValue>;

    /// The shadow root next to status area `status`.
    fn shadow_of(status: &Element) -> ShadowRoot;

    /// A hidden wrapper at the end of `parent` with a `<link>` for each stylesheet in
    /// `styles` (URL and integrity, in turn; loading from now), then the element the module
    /// renders into.
    fn pending(parent: &Node, styles: Vec<String>) -> Element;

    /// Resolves once the stylesheets of wrapper `wrapper` have loaded or failed (called as
    /// soon as it is made: load events come in a later task).
    fn styles_loaded(wrapper: &Element) -> Promise;
}

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
    /// Resolves once the stylesheets have loaded or failed.
    styles: Promise,
}

impl SlotDom {
    /// Finds the page element `[data-flotilla-slot=<slot>]` and prepares it.
    pub fn attach(slot: &str) -> Result<Self, HostError> {
        let missing = || HostError::SlotMissing {
            slot: slot.to_owned(),
        };
        let element = crate::js::slot_element(slot).ok_or_else(missing)?;
        let status = attach(&element).map_err(|_| missing())?;
        let shadow = shadow_of(&status);
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

impl Pending {
    /// A fresh, hidden wrapper at the end of `parent`, with the module's stylesheets (loading
    /// from now) and the element it will render into.
    pub fn new(checked: &CheckedManifest, parent: &Node) -> Pending {
        let styles = checked
            .manifest
            .assets
            .css
            .iter()
            .flat_map(|css| {
                [
                    format!("{}{}", checked.base, css.file),
                    css.integrity.clone(),
                ]
            })
            .collect();
        let wrapper = pending(parent, styles);
        Pending {
            styles: styles_loaded(&wrapper),
            root: wrapper
                .last_element_child()
                .expect("the wrapper's last child"),
            wrapper: Some(wrapper),
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
        let _ = JsFuture::from(self.styles.clone()).await;
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
