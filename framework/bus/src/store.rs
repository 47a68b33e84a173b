//! Read and change the page's shared state; be told when it changes.

use flotilla_contract::bus::{SharedState, STATE_EVENT};
use serde::Serialize;
use web_sys::Event;

use crate::runtime::runtime;
use crate::Subscription;

/// The current state as `S` (defaults for whatever cannot be read).
pub fn state<S: SharedState>() -> S {
    let value = runtime().store_call("get", &[]);
    serde_wasm_bindgen::from_value(value).unwrap_or_else(|e| {
        crate::warn(&format!("flotilla: shared state unreadable: {e}"));
        S::default()
    })
}

/// Asks the store's owner to apply `patch` (the fields to replace) for module `source`;
/// `false` if it refused.
pub fn update<P: Serialize>(source: &str, patch: &P) -> bool {
    let serializer = serde_wasm_bindgen::Serializer::json_compatible();
    let Ok(patch) = patch.serialize(&serializer) else {
        return false;
    };
    runtime()
        .store_call("update", &[patch, source.into()])
        .as_bool()
        .unwrap_or(false)
}

/// Calls `on_change` with the new state after every accepted update.
pub fn on_change<S: SharedState>(on_change: impl Fn(S) + 'static) -> Subscription {
    Subscription::listen(runtime().bus(), STATE_EVENT.into(), move |_: Event| {
        on_change(state())
    })
}
