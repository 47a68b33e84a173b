//! `flotilla.swap(slot, manifestUrl)`: replaces a slot's module at runtime, atomically.
//!
//! The new version is fetched, verified, initialised and mounted into a hidden element while
//! the old one stays on screen and usable; only then is the old one unmounted. Any failure on
//! the way leaves the old version mounted, and the returned promise rejects with the error's
//! code and message (the slot also shows it as a notice).

use std::cell::RefCell;
use std::collections::HashMap;

use js_sys::{Function, Object, Promise, Reflect};
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsValue;
use yew::Callback;

use crate::error::HostError;

/// A swap asked for (by the page, the update watcher or the override panel), and how to
/// answer it.
pub struct SwapRequest {
    /// The manifest of the version to mount.
    pub manifest_url: String,
    answer: Option<(Function, Function)>,
}

impl SwapRequest {
    /// A request nobody waits on (an automatic update).
    pub fn internal(manifest_url: String) -> Self {
        SwapRequest {
            manifest_url,
            answer: None,
        }
    }

    /// Answers with the version now mounted (`changed: false` when it already was).
    pub fn done(self, version: &str, changed: bool) {
        if let Some((resolve, _)) = self.answer {
            let answer = Object::new();
            let _ = Reflect::set(&answer, &"version".into(), &version.into());
            let _ = Reflect::set(&answer, &"changed".into(), &changed.into());
            let _ = resolve.call1(&JsValue::NULL, &answer);
        }
    }

    /// Answers with the error that left the old version in place.
    pub fn failed(self, error: &HostError) {
        if let Some((_, reject)) = self.answer {
            let answer = js_sys::Error::new(&format!("{} {error}", error.code()));
            let _ = Reflect::set(&answer, &"code".into(), &error.code().into());
            let _ = reject.call1(&JsValue::NULL, &answer);
        }
    }
}

/// Asks `slot` to swap to `url`; the promise resolves to `{ version, changed }` or rejects
/// with an `Error` carrying `code`.
pub fn swap(slot: &str, url: &str) -> Promise {
    Promise::new(&mut |resolve, reject| {
        let target = SLOTS.with(|s| s.borrow().get(slot).cloned());
        let request = SwapRequest {
            manifest_url: url.to_owned(),
            answer: Some((resolve, reject)),
        };
        match target {
            Some(on_swap) => on_swap.emit(request),
            None => request.failed(&HostError::SlotMissing {
                slot: slot.to_owned(),
            }),
        }
    })
}

thread_local! {
    static SLOTS: RefCell<HashMap<String, Callback<SwapRequest>>> = RefCell::default();
}

/// Lets `slot` receive swap requests until [`unregister`].
pub fn register(slot: &str, on_swap: Callback<SwapRequest>) {
    SLOTS.with(|s| s.borrow_mut().insert(slot.to_owned(), on_swap));
}

/// Stops `slot` receiving swap requests.
pub fn unregister(slot: &str) {
    SLOTS.with(|s| s.borrow_mut().remove(slot));
}

/// Installs `window.flotilla.swap(slot, manifestUrl) -> Promise`.
pub fn install_api() {
    let api_swap =
        Closure::<dyn Fn(String, String) -> Promise>::new(|slot: String, url: String| {
            swap(&slot, &url)
        });
    let api = Object::new();
    let _ = Reflect::set(&api, &"swap".into(), api_swap.as_ref());
    api_swap.forget();
    let _ = Reflect::set(&js_sys::global(), &"flotilla".into(), &api);
}
