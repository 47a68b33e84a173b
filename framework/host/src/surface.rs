//! The one place that writes a slot's state into the page, as `data-*` attributes of its
//! element, for styles and end-to-end tests. Nothing reads them back.
//!
//! `data-state` (`loading`, `mounted`, `failed`, `crashed`, `inactive`) with `aria-busy` while
//! loading, `data-error-code`,
//! `data-attempts`, `data-swap` (`pending` during a swap), `data-overridden`, and once a module
//! is mounted: `data-module`, `data-version`, `data-origin`, `data-load-ms`, `data-bytes`,
//! `data-wasm-memory`.

use flotilla_contract::text::Tenths;

use crate::events::{HostEvent, SlotPhase, SlotStatus};
use crate::js;

/// Writes the attributes a host event changes.
pub(crate) fn write(event: &HostEvent) {
    match event {
        HostEvent::Slot(status) => slot(status),
        HostEvent::Started(statuses) => statuses.iter().for_each(slot),
        HostEvent::RegistryFailed(_) | HostEvent::Retired(_) | HostEvent::LongTask(_) => {}
    }
}

fn slot(status: &SlotStatus) {
    let Some(element) = js::slot_element(&status.slot) else {
        return;
    };
    let set = |key: &str, value: &str| {
        let _ = element.set_attribute(&format!("data-{key}"), value);
    };
    set("state", status.phase.name());
    // Assistive technology hears of a loading slot as busy (its skeleton is the page's CSS).
    let busy = matches!(status.phase, SlotPhase::Loading);
    let _ = element.set_attribute("aria-busy", if busy { "true" } else { "false" });
    let (code, attempts) = match &status.phase {
        SlotPhase::Failed(f) => (f.error.code().as_str(), f.attempts.to_string()),
        _ => ("", String::new()),
    };
    set("error-code", code);
    set("attempts", &attempts);
    set("swap", if status.swapping { "pending" } else { "" });
    if status.overridden {
        set("overridden", "true");
    } else {
        let _ = element.remove_attribute("data-overridden");
    }
    if let Some(m) = &status.mounted {
        set("module", &m.module);
        set("version", &m.version);
        set("origin", &m.origin);
        let t = m.timings;
        set(
            "load-ms",
            &format!(
                "manifest={} fetch={} init={} mount={} preloaded={} preparsed={}",
                Tenths(t.manifest),
                Tenths(t.fetch),
                Tenths(t.init),
                Tenths(t.mount),
                m.preloaded,
                u8::from(m.preparsed)
            ),
        );
        set("bytes", &m.bytes.to_string());
        set("wasm-memory", &m.wasm_memory.to_string());
    }
}
