//! `flotilla.watch(callback)`: the page's scripts follow the host's changes.

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use js_sys::Function;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsValue;

use crate::events::EventSubscription;
use crate::host::Host;
use crate::js;

thread_local! {
    /// Every watch, until its stop function is called (not when that function is collected).
    /// A list: a map's code would cost the shell kilobytes for a handful of entries.
    static WATCHES: RefCell<Vec<(u32, EventSubscription)>> = RefCell::default();
    static NEXT: Cell<u32> = const { Cell::new(0) };
}

/// Subscribes `callback` to the host's events, called once per burst (after the current
/// task's work); returns the function that stops it.
pub(super) fn start(host: &Host, callback: Function) -> JsValue {
    let queued = Rc::new(Cell::new(false));
    let subscription = host.subscribe(move |_| {
        if queued.replace(true) {
            return;
        }
        let (queued, callback) = (queued.clone(), callback.clone());
        wasm_bindgen_futures::spawn_local(async move {
            queued.set(false);
            if let Err(thrown) = callback.call0(&JsValue::NULL) {
                js::warn(&format!(
                    "flotilla.watch: the callback threw {}",
                    js::describe(&thrown)
                ));
            }
        });
    });
    let id = NEXT.with(|n| {
        n.set(n.get() + 1);
        n.get()
    });
    WATCHES.with(|w| w.borrow_mut().push((id, subscription)));
    Closure::<dyn Fn()>::new(move || {
        // Dropped after the list is released: a subscription's drop borrows the emitter only.
        let stopped: Vec<_> = WATCHES.with(|w| {
            let mut watches = w.borrow_mut();
            let (stopped, kept) = watches.drain(..).partition(|(i, _)| *i == id);
            *watches = kept;
            stopped
        });
        drop(stopped);
    })
    .into_js_value()
}
