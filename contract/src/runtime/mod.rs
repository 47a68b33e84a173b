//! The page's runtime that modules share: an event bus and a store, carried over the DOM.
//!
//! The host installs it once per page as `globalThis.__flotillaRuntime` (an `EventTarget` for
//! the bus, the last event of each kind, and the store's `get`/`update` functions, whose state
//! lives in the host's own instance). A module on its own page gets a stand-in with the same
//! behaviour. Nothing Rust-level is shared: every message is a JSON-shaped object, read with
//! serde, so modules built at different times interoperate; whatever cannot be read is
//! ignored with a console warning.

pub mod bus;
mod host;
pub mod store;

use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;
use web_sys::{Event, EventTarget};

pub use host::{install, GLOBAL};

/// A listener on the runtime's bus; dropping it removes the listener.
pub struct Subscription {
    target: EventTarget,
    kind: String,
    closure: Closure<dyn FnMut(Event)>,
}

impl Subscription {
    fn listen(target: EventTarget, kind: String, on_event: impl FnMut(Event) + 'static) -> Self {
        let closure = Closure::<dyn FnMut(Event)>::new(on_event);
        let _ = target.add_event_listener_with_callback(&kind, closure.as_ref().unchecked_ref());
        Subscription {
            target,
            kind,
            closure,
        }
    }
}

impl Drop for Subscription {
    fn drop(&mut self) {
        let _ = self
            .target
            .remove_event_listener_with_callback(&self.kind, self.closure.as_ref().unchecked_ref());
    }
}

fn warn(message: &str) {
    web_sys::console::warn_1(&message.into());
}
