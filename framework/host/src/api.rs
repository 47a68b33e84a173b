//! The page API, `window.flotilla`, for scripts, tests and the browser console:
//!
//! - `flotilla.swap(slot, manifestUrl)` replaces a slot's module at runtime, atomically: the new
//!   version is fetched, verified, initialised and mounted into a hidden element while the old
//!   one stays on screen and usable; only then is the old one unmounted. The promise resolves
//!   to `{ version, changed }`, or rejects with an `Error` whose `code` is the error code (the
//!   old version stays mounted, and the slot shows the failure as a notice).
//! - `flotilla.navigate(path)` moves the page to `path` without a reload, as a link would.
//! - `flotilla.stats()` returns `{ retiredInstances, retiredWasmBytes, longTasks, startedAt,
//!   registryAt, slots }`: each long task as `{ ms, module }` (`module` null when it cannot be
//!   told); when the host started and read its registry (`registryAt` null until then); and
//!   for each slot with a module mounted, `{ slot, module, version, wasmMemory, manifest,
//!   fetch, init, mount }`: the linear memory of its instance after its first render, in
//!   bytes, and each phase of the load of what is mounted now as `{ start, end }`. Times are
//!   `performance.now()` milliseconds, the clock of the browser's resource timings.

use js_sys::{Object, Promise, Reflect};
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsValue;

use crate::host::Host;
use crate::stats::Span;

/// Installs `window.flotilla` for `host`.
pub(crate) fn install(host: &Host) {
    let weak = host.downgrade();
    let swap =
        Closure::<dyn Fn(String, String) -> Promise>::new(move |slot: String, url: String| {
            let host = Host::upgrade(&weak);
            wasm_bindgen_futures::future_to_promise(async move {
                let Some(host) = host else {
                    return Err(js_sys::Error::new("flotilla: the host is gone").into());
                };
                match host.swap(&slot, &url).await {
                    Ok(swapped) => {
                        let answer = Object::new();
                        set(&answer, "version", &swapped.version.into());
                        set(&answer, "changed", &swapped.changed.into());
                        Ok(answer.into())
                    }
                    Err(failure) => {
                        let code = failure.error.code().as_str();
                        let error = js_sys::Error::new(&format!("{code} {}", failure.error));
                        set(&error, "code", &code.into());
                        Err(error.into())
                    }
                }
            })
        });
    let weak = host.downgrade();
    let stats = Closure::<dyn Fn() -> JsValue>::new(move || stats(Host::upgrade(&weak)));
    let weak = host.downgrade();
    let navigate = Closure::<dyn Fn(String)>::new(move |path: String| {
        if let Some(host) = Host::upgrade(&weak) {
            host.navigate(&path);
        }
    });
    let api = Object::new();
    set(&api, "swap", swap.as_ref());
    set(&api, "navigate", navigate.as_ref());
    set(&api, "stats", stats.as_ref());
    // The API lives as long as the page.
    swap.forget();
    stats.forget();
    navigate.forget();
    set(&js_sys::global(), "flotilla", &api);
}

/// What `flotilla.stats()` returns.
fn stats(host: Option<Host>) -> JsValue {
    let retired = host.as_ref().map(Host::retired).unwrap_or_default();
    let out = Object::new();
    set(&out, "retiredInstances", &retired.instances.into());
    set(
        &out,
        "retiredWasmBytes",
        &(retired.wasm_bytes as f64).into(),
    );
    let tasks = js_sys::Array::new();
    for task in host.as_ref().map(Host::long_tasks).unwrap_or_default() {
        let entry = Object::new();
        set(&entry, "ms", &task.ms.into());
        set(
            &entry,
            "module",
            &task.module.map_or(JsValue::NULL, JsValue::from),
        );
        tasks.push(&entry);
    }
    set(&out, "longTasks", &tasks);
    let startup = host.as_ref().map(Host::startup).unwrap_or_default();
    set(&out, "startedAt", &startup.started.into());
    set(
        &out,
        "registryAt",
        &startup.registry.map_or(JsValue::NULL, JsValue::from),
    );
    let slots = js_sys::Array::new();
    for status in host.map(|h| h.slots()).unwrap_or_default() {
        let Some(mounted) = status.mounted else {
            continue;
        };
        let entry = Object::new();
        set(&entry, "slot", &status.slot.into());
        set(&entry, "module", &mounted.module.into());
        set(&entry, "version", &mounted.version.into());
        set(&entry, "wasmMemory", &(mounted.wasm_memory as f64).into());
        let spans = mounted.timings.spans;
        set(&entry, "manifest", &span(spans.manifest));
        set(&entry, "fetch", &span(spans.fetch));
        set(&entry, "init", &span(spans.init));
        set(&entry, "mount", &span(spans.mount));
        slots.push(&entry);
    }
    set(&out, "slots", &slots);
    out.into()
}

fn span(span: Span) -> JsValue {
    let out = Object::new();
    set(&out, "start", &span.start.into());
    set(&out, "end", &span.end.into());
    out.into()
}

fn set(target: &JsValue, key: &str, value: &JsValue) {
    let _ = Reflect::set(target, &key.into(), value);
}
