//! One slot's row: what runs there, and its override form. The row's elements stay while the
//! panel refreshes, so what a user types in its field stays too.

use flotilla_contract::text::Tenths;
use flotilla_module::bus::Subscription;
use wasm_bindgen::JsCast;
use web_sys::{Element, HtmlInputElement};

use crate::dom::{el, hide, set, text, with};
use crate::page_api::{self, Applied, SlotRow};

/// A slot's row in the panel.
pub struct Row {
    slot: String,
    tr: Element,
    /// module, version, origin, state, load times, bytes.
    cells: [Element; 6],
    badge: Element,
    input: Element,
    reset: Element,
    _listeners: [Subscription; 2],
}

impl Row {
    /// The row of `row`'s slot, showing `row`.
    pub fn new(row: &SlotRow) -> Row {
        let slot = row.slot.clone();
        let cells = [
            el("td", "", ""),
            el("td", "flotilla-devtools__version", ""),
            el("td", "", ""),
            el("td", "flotilla-devtools__state", ""),
            el("td", "flotilla-devtools__timings", ""),
            el("td", "", ""),
        ];
        let badge = el("span", "flotilla-devtools__badge", "overridden");
        let input = el("input", "", "");
        set(&input, "type", Some("url"));
        set(
            &input,
            "aria-label",
            Some(&format!("Manifest URL for {slot}")),
        );
        let apply = el("button", "flotilla-devtools__apply", "Apply");
        set(&apply, "type", Some("submit"));
        let reset = el("button", "flotilla-devtools__reset", "Reset");
        set(&reset, "type", Some("button"));
        let form = with(
            el("form", "flotilla-devtools__override", ""),
            &[&badge, &input, &apply, &reset],
        );
        let message = el("p", "flotilla-devtools__message", "");
        set(&message, "role", Some("status"));

        let tr = el("tr", "flotilla-devtools__row", "");
        set(&tr, "data-slot", Some(&slot));
        let _ = tr.append_with_node_1(&el("td", "", &slot));
        for cell in &cells {
            let _ = tr.append_with_node_1(cell);
        }
        let _ = tr.append_with_node_1(&with(el("td", "", ""), &[&form, &message]));

        let on_submit = {
            let (slot, input, message) = (slot.clone(), input.clone(), message.clone());
            Subscription::listen(form.clone().into(), "submit".into(), move |event| {
                event.prevent_default();
                let url = input
                    .dyn_ref::<HtmlInputElement>()
                    .map(|i| i.value().trim().to_owned())
                    .unwrap_or_default();
                text(&message, &format!("Swapping to {url}…"));
                let (slot, message) = (slot.clone(), message.clone());
                wasm_bindgen_futures::spawn_local(async move {
                    let said = match page_api::set_override(&slot, &url).await {
                        Ok(Applied {
                            version,
                            not_saved: None,
                        }) => format!("Now running {version} from {url}"),
                        Ok(Applied {
                            version,
                            not_saved: Some(why),
                        }) => {
                            format!("Now running {version}, but not saved for the next load: {why}")
                        }
                        Err(why) => why,
                    };
                    text(&message, &said);
                });
            })
        };
        let on_reset = {
            let (slot, message) = (slot.clone(), message.clone());
            Subscription::listen(reset.clone().into(), "click".into(), move |_| {
                text(
                    &message,
                    "Override removed; back to the registry's manifest…",
                );
                let (slot, message) = (slot.clone(), message.clone());
                wasm_bindgen_futures::spawn_local(async move {
                    let said = match page_api::reset_override(&slot).await {
                        Ok(applied) => format!(
                            "Now running {} from the registry's manifest",
                            applied.version
                        ),
                        Err(why) => why,
                    };
                    text(&message, &said);
                });
            })
        };
        let this = Row {
            slot,
            tr,
            cells,
            badge,
            input,
            reset,
            _listeners: [on_submit, on_reset],
        };
        this.show(row);
        this
    }

    /// The slot this row is about.
    pub fn slot(&self) -> &str {
        &self.slot
    }

    /// The row's element.
    pub fn element(&self) -> &Element {
        &self.tr
    }

    /// Shows `row` (the same slot, as the page API describes it now).
    pub fn show(&self, row: &SlotRow) {
        let m = row.mounted.as_ref();
        let timings = m.map(|m| {
            let t = m.timings;
            format!(
                "manifest={} fetch={} init={} mount={} preloaded={}",
                Tenths(t.manifest),
                Tenths(t.fetch),
                Tenths(t.init),
                Tenths(t.mount),
                m.preloaded
            )
        });
        let values = [
            m.map(|m| m.module.clone()),
            m.map(|m| m.version.clone()),
            m.map(|m| m.origin.clone()),
            Some(row.state.clone()),
            timings,
            m.map(|m| (m.bytes as u64).to_string()),
        ];
        for (cell, value) in self.cells.iter().zip(values) {
            text(cell, &value.unwrap_or_default());
        }
        set(
            &self.tr,
            "data-overridden",
            row.overridden.then_some("true"),
        );
        hide(&self.badge, !row.overridden);
        hide(&self.reset, !row.overridden);
        set(&self.input, "placeholder", Some(&row.registry_manifest));
    }

    /// Takes the row out of the table.
    pub fn remove(&self) {
        self.tr.remove();
    }
}
