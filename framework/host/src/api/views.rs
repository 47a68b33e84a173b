//! What `flotilla.stats()` and `flotilla.slots()` return, as plain objects.

use js_sys::Object;
use wasm_bindgen::JsValue;

use super::set;
use crate::host::Host;
use crate::stats::Span;

/// What `flotilla.slots()` returns.
pub(super) fn slots(host: Option<Host>) -> JsValue {
    let list = js_sys::Array::new();
    for status in host.map(|h| h.slots()).unwrap_or_default() {
        let entry = Object::new();
        let state = if status.swapping {
            "updating"
        } else {
            status.phase.name()
        };
        set(&entry, "slot", &status.slot.into());
        set(&entry, "state", &state.into());
        set(&entry, "overridden", &status.overridden.into());
        set(&entry, "registryManifest", &status.registry_manifest.into());
        let mounted = status.mounted.map_or(JsValue::NULL, |m| {
            let out = Object::new();
            set(&out, "module", &m.module.into());
            set(&out, "version", &m.version.into());
            set(&out, "origin", &m.origin.into());
            set(&out, "manifest", &m.manifest_url.into());
            set(&out, "bytes", &(m.bytes as f64).into());
            set(&out, "preloaded", &m.preloaded.into());
            set(&out, "preparsed", &m.preparsed.into());
            let t = m.timings;
            let timings = Object::new();
            for (phase, ms) in [
                ("manifest", t.manifest),
                ("fetch", t.fetch),
                ("init", t.init),
                ("mount", t.mount),
            ] {
                set(&timings, phase, &ms.into());
            }
            set(&out, "timings", &timings);
            out.into()
        });
        set(&entry, "mounted", &mounted);
        list.push(&entry);
    }
    list.into()
}

/// What `flotilla.stats()` returns.
pub(super) fn stats(host: Option<Host>) -> JsValue {
    let retired = host.as_ref().map(Host::retired).unwrap_or_default();
    let out = Object::new();
    set(&out, "retiredInstances", &retired.instances.into());
    set(
        &out,
        "retiredWasmBytes",
        &(retired.wasm_bytes as f64).into(),
    );
    set(&out, "retiredKept", &retired.kept.into());
    set(
        &out,
        "retiredKeptWasmBytes",
        &(retired.kept_bytes as f64).into(),
    );
    let held = host
        .as_ref()
        .map(Host::retired_held_bytes)
        .unwrap_or_default();
    set(&out, "retiredHeldWasmBytes", &(held as f64).into());
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
