//! The page API, `window.flotilla`, for scripts, tests and the browser console:
//!
//! - `flotilla.swap(slot, manifestUrl)` replaces a slot's module at runtime, atomically: the new
//!   version is fetched, verified, initialised and mounted into a hidden element while the old
//!   one stays on screen and usable; only then is the old one unmounted. The promise resolves
//!   to `{ version, changed }`, or rejects with an `Error` whose `code` is the error code (the
//!   old version stays mounted, and the slot shows the failure as a notice).
//! - `flotilla.navigate(path)` moves the page to `path` without a reload, as a link would.
//! - `flotilla.stats()` returns `{ retiredInstances, retiredWasmBytes, retiredKept,
//!   retiredKeptWasmBytes, retiredHeldWasmBytes, longTasks, startedAt, registryAt, slots }`:
//!   instances replaced or crashed and their linear memory when retired; how many of them (and
//!   how much memory) their glue could not let go of, kept until a reload; how much of the
//!   retired instances' memory the browser has not collected yet;
//!   each long task as `{ ms, module }` (`module` null when it cannot be
//!   told); when the host started and read its registry (`registryAt` null until then); and
//!   for each slot with a module mounted, `{ slot, module, version, wasmMemory, manifest,
//!   fetch, init, mount }`: the linear memory of its instance after its first render, in
//!   bytes, and each phase of the load of what is mounted now as `{ start, end }`. Times are
//!   `performance.now()` milliseconds, the clock of the browser's resource timings.
//! - `flotilla.slots()` returns every slot's status, in page order: `{ slot, state,
//!   overridden, registryManifest, mounted }`, `state` being `loading`, `mounted`, `failed`,
//!   `crashed`, `inactive` or `updating` (a swap under way), and `mounted` null or `{ module,
//!   version, origin, manifest, bytes, preloaded, preparsed, timings: { manifest, fetch, init,
//!   mount } }` (milliseconds each phase took; `preparsed`: its glue was parsed while the shell
//!   started).
//! - `flotilla.watch(callback)` calls `callback()` after every change of a slot, the registry
//!   or the long tasks (once per burst of changes); it returns a function that stops it.
//! - `flotilla.setOverride(slot, manifestUrl)` points a slot at another manifest for this page
//!   and the next loads (a developer override, kept in `localStorage`) if its origin is on the
//!   allow-list and the swap succeeds; `flotilla.resetOverride(slot)` goes back to the
//!   registry's manifest. Both resolve to `{ version, saved }` (`saved` false, with `why`, when
//!   the swap worked but the browser would not keep the override), or reject with an `Error`
//!   saying why (with a `code` when a load failed), leaving the slot as it was.
//!
//! Files: `views.rs` (what `stats` and `slots` return), `watch.rs`, `change.rs` (`swap`,
//! `setOverride`, `resetOverride`).

mod change;
mod views;
mod watch;

use js_sys::{Function, Reflect};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

use flotilla_contract::ErrorCode;

use crate::error::Failure;
use crate::host::{Change, Host};

#[wasm_bindgen(inline_js = r#"
export function install(call) {
  globalThis.flotilla = {
    swap: (slot, url) => call(0, String(slot), String(url)),
    setOverride: (slot, url) => call(1, String(slot), String(url)),
    resetOverride: slot => call(2, String(slot)),
    navigate: path => { call(3, String(path)); },
    stats: () => call(4),
    slots: () => call(5),
    watch: callback => call(6, callback),
  };
}
"#)]
extern "C" {
    /// Defines `window.flotilla`, each method calling `call(method, first, second)`.
    #[wasm_bindgen(js_name = install)]
    fn define(call: &Closure<dyn Fn(u8, JsValue, JsValue) -> JsValue>);
}

/// A method of `window.flotilla`, by its number in the definition above.
enum Method {
    Swap,
    SetOverride,
    ResetOverride,
    Navigate,
    Stats,
    Slots,
    Watch,
}

impl Method {
    fn of(number: u8) -> Option<Method> {
        use Method::*;
        [
            Swap,
            SetOverride,
            ResetOverride,
            Navigate,
            Stats,
            Slots,
            Watch,
        ]
        .into_iter()
        .nth(usize::from(number))
    }
}

/// Installs `window.flotilla` for `host`.
pub(crate) fn install(host: &Host) {
    let weak = host.downgrade();
    let call = Closure::<dyn Fn(u8, JsValue, JsValue) -> JsValue>::new(
        move |method: u8, first: JsValue, second: JsValue| {
            let host = Host::upgrade(&weak);
            let text = |v: &JsValue| v.as_string().unwrap_or_default();
            match Method::of(method) {
                Some(Method::Swap) => {
                    change::promise(host, text(&first), Change::Swap(text(&second))).into()
                }
                Some(Method::SetOverride) => {
                    change::promise(host, text(&first), Change::Override(text(&second))).into()
                }
                Some(Method::ResetOverride) => {
                    change::promise(host, text(&first), Change::Reset).into()
                }
                Some(Method::Navigate) => {
                    if let Some(host) = host {
                        host.navigate(&text(&first));
                    }
                    JsValue::UNDEFINED
                }
                Some(Method::Stats) => views::stats(host),
                Some(Method::Slots) => views::slots(host),
                Some(Method::Watch) => match (host, first.dyn_into::<Function>()) {
                    (Some(host), Ok(callback)) => watch::start(&host, callback),
                    _ => JsValue::UNDEFINED,
                },
                None => JsValue::UNDEFINED,
            }
        },
    );
    define(&call);
    // The API lives as long as the page.
    call.forget();
}

fn gone() -> js_sys::Error {
    js_sys::Error::new("flotilla: the host is gone")
}

/// An `Error` saying why a load failed, with its `code`.
fn failed(failure: &Failure) -> js_sys::Error {
    error_with_code(failure.error.code(), &failure.error.to_string())
}

/// An `Error` whose message is `code` then `message`, with its `code`.
fn error_with_code(code: ErrorCode, message: &str) -> js_sys::Error {
    let code = code.as_str();
    let error = js_sys::Error::new(&format!("{code} {message}"));
    set(&error, "code", &code.into());
    error
}

fn set(target: &JsValue, key: &str, value: &JsValue) {
    let _ = Reflect::set(target, &key.into(), value);
}
