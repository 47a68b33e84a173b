//! Read and change the page's shared state; be told when it changes.

use web_sys::Event;

use super::host::runtime;
use super::Subscription;
use crate::events::{SharedState, StatePatch, STATE_EVENT};

/// The current state (defaults for whatever cannot be read).
pub fn state() -> SharedState {
    let value = runtime().store_call("get", &[]);
    serde_wasm_bindgen::from_value(value).unwrap_or_else(|e| {
        super::warn(&format!("flotilla: shared state unreadable: {e}"));
        SharedState::default()
    })
}

/// Asks the store's owner to apply `patch` for module `source`; `false` if it refused.
pub fn update(source: &str, patch: &StatePatch) -> bool {
    let serializer = serde_wasm_bindgen::Serializer::json_compatible();
    let Ok(patch) = serde::Serialize::serialize(patch, &serializer) else {
        return false;
    };
    runtime()
        .store_call("update", &[patch, source.into()])
        .as_bool()
        .unwrap_or(false)
}

/// Calls `on_change` with the new state after every accepted update.
pub fn on_change(on_change: impl Fn(SharedState) + 'static) -> Subscription {
    Subscription::listen(runtime().bus(), STATE_EVENT.into(), move |_: Event| {
        on_change(state())
    })
}
