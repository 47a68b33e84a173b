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

use js_sys::{Function, Object, Promise, Reflect};
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsValue;

use crate::error::Failure;
use crate::host::{Change, Host};

/// Installs `window.flotilla` for `host`.
pub(crate) fn install(host: &Host) {
    let weak = host.downgrade();
    let swap =
        Closure::<dyn Fn(String, String) -> Promise>::new(move |slot: String, url: String| {
            change::promise(Host::upgrade(&weak), slot, Change::Swap(url))
        });
    let weak = host.downgrade();
    let stats = Closure::<dyn Fn() -> JsValue>::new(move || views::stats(Host::upgrade(&weak)));
    let weak = host.downgrade();
    let navigate = Closure::<dyn Fn(String)>::new(move |path: String| {
        if let Some(host) = Host::upgrade(&weak) {
            host.navigate(&path);
        }
    });
    let weak = host.downgrade();
    let slots = Closure::<dyn Fn() -> JsValue>::new(move || views::slots(Host::upgrade(&weak)));
    let weak = host.downgrade();
    let watch = Closure::<dyn Fn(Function) -> JsValue>::new(move |callback: Function| {
        Host::upgrade(&weak).map_or(JsValue::UNDEFINED, |host| watch::start(&host, callback))
    });
    let weak = host.downgrade();
    let set_override =
        Closure::<dyn Fn(String, String) -> Promise>::new(move |slot: String, url: String| {
            change::promise(Host::upgrade(&weak), slot, Change::Override(url))
        });
    let weak = host.downgrade();
    let reset_override = Closure::<dyn Fn(String) -> Promise>::new(move |slot: String| {
        change::promise(Host::upgrade(&weak), slot, Change::Reset)
    });
    let api = Object::new();
    set(&api, "swap", swap.as_ref());
    set(&api, "navigate", navigate.as_ref());
    set(&api, "stats", stats.as_ref());
    set(&api, "slots", slots.as_ref());
    set(&api, "watch", watch.as_ref());
    set(&api, "setOverride", set_override.as_ref());
    set(&api, "resetOverride", reset_override.as_ref());
    // The API lives as long as the page.
    swap.forget();
    stats.forget();
    navigate.forget();
    slots.forget();
    watch.forget();
    set_override.forget();
    reset_override.forget();
    set(&js_sys::global(), "flotilla", &api);
}

fn gone() -> js_sys::Error {
    js_sys::Error::new("flotilla: the host is gone")
}

/// An `Error` saying why a load failed, with its `code`.
fn failed(failure: &Failure) -> js_sys::Error {
    let code = failure.error.code().as_str();
    let error = js_sys::Error::new(&format!("{code} {}", failure.error));
    set(&error, "code", &code.into());
    error
}

fn set(target: &JsValue, key: &str, value: &JsValue) {
    let _ = Reflect::set(target, &key.into(), value);
}
