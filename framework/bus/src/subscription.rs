//! A DOM listener that is removed when dropped.

use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;
use web_sys::{Event, EventTarget};

/// A DOM event listener (on the runtime's bus, or any event target); dropping it removes the
/// listener.
pub struct Subscription {
    target: EventTarget,
    kind: String,
    closure: Closure<dyn FnMut(Event)>,
}

impl Subscription {
    /// Calls `on_event` with every `kind` event at `target`, until dropped.
    pub fn listen(
        target: EventTarget,
        kind: String,
        on_event: impl FnMut(Event) + 'static,
    ) -> Self {
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
