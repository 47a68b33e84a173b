//! Publish and subscribe to typed events; each travels as a DOM `CustomEvent`.

use wasm_bindgen::JsCast;
use web_sys::{CustomEvent, CustomEventInit, Event};

use flotilla_contract::bus::{dom_event_type, BusEvent, Envelope, MAX_EVENT_BYTES};
use flotilla_wire::{ObjectWriter, Wire};

use crate::runtime::runtime;
use crate::Subscription;

/// Sends `event` from module `source` to every subscriber; it is also kept as the last of its
/// kind, for modules that mount later.
pub fn publish<E: BusEvent + Wire>(source: &str, event: &E) {
    // An `Envelope` of the event, written without copying it.
    let envelope = ObjectWriter::new();
    envelope.field("v", &E::VERSION);
    envelope.raw("source", &source.into());
    envelope.field("data", event);
    let detail = envelope.into_js();
    let runtime = runtime();
    runtime.retained().set(&E::NAME.into(), &detail);
    let init = CustomEventInit::new();
    init.set_detail(&detail);
    if let Ok(dom_event) = CustomEvent::new_with_event_init_dict(&dom_event_type(E::NAME), &init) {
        let _ = runtime.bus().dispatch_event(&dom_event);
    }
}

/// Calls `on_event` for every `E` published from now on (and first for the last one, if
/// `replay`). Events that cannot be read as `E` are ignored with a console warning.
pub fn subscribe<E: BusEvent + Wire>(
    replay: bool,
    on_event: impl Fn(Envelope<E>) + 'static,
) -> Subscription {
    let runtime = runtime();
    if replay {
        let last = runtime.retained().get(&E::NAME.into());
        if !last.is_undefined() {
            if let Some(envelope) = read::<E>(last) {
                on_event(envelope);
            }
        }
    }
    Subscription::listen(
        runtime.bus(),
        dom_event_type(E::NAME),
        move |event: Event| {
            let detail = event
                .dyn_ref::<CustomEvent>()
                .map(CustomEvent::detail)
                .unwrap_or_default();
            if let Some(envelope) = read::<E>(detail) {
                on_event(envelope);
            }
        },
    )
}

/// Reads a detail as `E`: once, as JSON text no longer than [`MAX_EVENT_BYTES`] (so no getter,
/// `toJSON` or giant payload of a sender can stall the reader), then field by field.
fn read<E: BusEvent + Wire>(detail: wasm_bindgen::JsValue) -> Option<Envelope<E>> {
    let ignored = |why: String| -> Option<Envelope<E>> {
        crate::warn(&format!(
            "flotilla: ignored a malformed {} event: {why}",
            E::NAME
        ));
        None
    };
    let Some(text) = js_sys::JSON::stringify(&detail)
        .ok()
        .and_then(|t| t.as_string())
    else {
        return ignored("not JSON".into());
    };
    if text.len() > MAX_EVENT_BYTES as usize {
        return ignored(format!("{} bytes, over {MAX_EVENT_BYTES}", text.len()));
    }
    let Ok(copy) = js_sys::JSON::parse(&text) else {
        return ignored("not JSON".into());
    };
    match flotilla_wire::from_js::<Envelope<E>>(copy) {
        Ok(envelope) => Some(envelope),
        Err(e) => ignored(e.to_string()),
    }
}
