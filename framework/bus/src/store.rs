//! Read and change the page's shared state; be told when it changes.

use flotilla_contract::bus::{SharedState, STATE_EVENT};
use flotilla_wire::Wire;
use web_sys::Event;

use crate::runtime::runtime;
use crate::Subscription;

/// The current state as `S` (defaults for whatever cannot be read, and on a page without a
/// store).
pub fn state<S: SharedState + Wire>() -> S {
    let value = runtime().store_call("get", &[]);
    if value.is_undefined() {
        return S::default();
    }
    flotilla_wire::from_js(value).unwrap_or_else(|e| {
        crate::warn(&format!("flotilla: shared state unreadable: {e}"));
        S::default()
    })
}

/// Asks the store's owner to apply `patch` (the fields to replace) for module `source`;
/// `false` if it refused.
pub fn update<P: Wire>(source: &str, patch: &P) -> bool {
    runtime()
        .store_call("update", &[patch.write(), source.into()])
        .as_bool()
        .unwrap_or(false)
}

/// Calls `on_change` with the new state after every accepted update.
pub fn on_change<S: SharedState + Wire>(on_change: impl Fn(S) + 'static) -> Subscription {
    Subscription::listen(runtime().bus(), STATE_EVENT.into(), move |_: Event| {
        on_change(state())
    })
}
