//! The override panel (like import-map-overrides, built in): opened with `?devtools` or
//! Ctrl+Shift+F. Lists every slot's module, version, origin, state, phase timings and bytes
//! from the host's events, and sets a manifest URL override per slot through the host: applied
//! live by a swap, kept for the next load, refused for origins not on the allow-list.
//!
//! Rows are built once per slot and updated in place, so what a user types is never lost.

use std::collections::BTreeMap;

use flotilla_host::{LongTask, SlotStatus};
use web_sys::Element;

use crate::actions::Action;
use crate::dom::{set_hidden, El};

/// The open panel.
pub struct Panel {
    aside: Element,
    body: Element,
    long_task: Element,
    rows: BTreeMap<String, Row>,
}

struct Row {
    cells: [Element; 6],
    tr: Element,
    badge: Element,
    reset: Element,
    message: Element,
}

/// Whether the page's URL asks for the panel (`?devtools`).
pub fn asked_by_url() -> bool {
    web_sys::window()
        .and_then(|w| w.location().search().ok())
        .is_some_and(|q| {
            q.trim_start_matches('?')
                .split('&')
                .any(|p| p == "devtools" || p.starts_with("devtools="))
        })
}

impl Panel {
    /// Builds the panel inside `parent`, with a row per slot.
    pub fn open(parent: &Element, slots: &[SlotStatus], long_task: Option<&LongTask>) -> Panel {
        let head = El::new("tr");
        let head = [
            "slot",
            "module",
            "version",
            "origin",
            "state",
            "load (ms)",
            "bytes",
            "manifest override",
        ]
        .iter()
        .fold(head, |tr, h| tr.child(El::new("th").text(h)));
        let body = El::new("tbody").build();
        let long_task_line = El::new("p")
            .class("flotilla-devtools__long-task")
            .attr("role", "status")
            .build();
        let aside = El::new("aside")
            .class("flotilla-devtools")
            .attr("aria-label", "Flotilla override panel")
            .child(
                El::new("header")
                    .class("flotilla-devtools__head")
                    .child(El::new("strong").text("Flotilla devtools"))
                    .child(
                        El::new("span")
                            .text(" Ctrl+Shift+F toggles · overrides live in localStorage"),
                    )
                    .child(
                        El::new("button")
                            .class("flotilla-devtools__close")
                            .action(Action::ClosePanel, "")
                            .text("Close"),
                    ),
            )
            .child(
                El::new("table")
                    .class("flotilla-devtools__slots")
                    .child(El::new("thead").child(head))
                    .child(body.clone()),
            )
            .child(long_task_line.clone())
            .build();
        let _ = parent.append_with_node_1(&aside);
        let mut panel = Panel {
            aside,
            body,
            long_task: long_task_line,
            rows: BTreeMap::new(),
        };
        for status in slots {
            panel.update(status);
        }
        panel.long_task(long_task);
        panel
    }

    /// Removes the panel.
    pub fn close(self) {
        self.aside.remove();
    }

    /// Shows `status` in its slot's row (added if new).
    pub fn update(&mut self, status: &SlotStatus) {
        let body = &self.body;
        let row = self
            .rows
            .entry(status.slot.clone())
            .or_insert_with(|| Row::new(body, status));
        row.show(status);
    }

    /// Sets the message under the slot's override field.
    pub fn message(&self, slot: &str, text: &str) {
        if let Some(row) = self.rows.get(slot) {
            row.message.set_text_content(Some(text));
        }
    }

    /// Shows the last long task the page suffered.
    pub fn long_task(&self, task: Option<&LongTask>) {
        let text = task.map(|t| {
            let cause = t.module.as_ref().map_or("cause unknown".to_owned(), |m| {
                format!("during {m}'s mount")
            });
            format!("Last long task: {:.0} ms, {cause}", t.ms)
        });
        self.long_task.set_text_content(text.as_deref());
        set_hidden(&self.long_task, text.is_none());
    }
}

impl Row {
    fn new(body: &Element, status: &SlotStatus) -> Row {
        let slot = &status.slot;
        let cells = [(); 6].map(|()| El::new("td").build());
        cells[2].set_class_name("flotilla-devtools__version");
        cells[4].set_class_name("flotilla-devtools__state");
        cells[5].set_class_name("flotilla-devtools__timings");
        let badge = El::new("span")
            .class("flotilla-devtools__badge")
            .text("overridden")
            .build();
        let reset = El::new("button")
            .attr("type", "button")
            .class("flotilla-devtools__reset")
            .action(Action::ResetOverride, slot)
            .text("Reset")
            .build();
        let message = El::new("p")
            .class("flotilla-devtools__message")
            .attr("role", "status")
            .build();
        let form = El::new("form")
            .class("flotilla-devtools__override")
            .attr("data-slot", slot)
            .child(badge.clone())
            .child(
                El::new("input")
                    .attr("type", "url")
                    .attr("aria-label", &format!("Manifest URL for {slot}"))
                    .attr("placeholder", &status.registry_manifest),
            )
            .child(
                El::new("button")
                    .attr("type", "submit")
                    .class("flotilla-devtools__apply")
                    .text("Apply"),
            )
            .child(reset.clone());
        let mut tr = El::new("tr")
            .attr("data-slot", slot)
            .child(El::new("td").text(slot));
        for cell in &cells {
            tr = tr.child(cell.clone());
        }
        let tr = tr
            .child(El::new("td").child(form).child(message.clone()))
            .build();
        let _ = body.append_with_node_1(&tr);
        Row {
            cells,
            tr,
            badge,
            reset,
            message,
        }
    }

    fn show(&self, status: &SlotStatus) {
        let state = if status.swapping {
            "updating"
        } else {
            status.phase.name()
        };
        let m = status.mounted.as_ref();
        let texts = [
            m.map(|m| m.module.clone()),
            m.map(|m| m.version.clone()),
            m.map(|m| m.origin.clone()),
            Some(state.to_owned()),
            m.map(|m| {
                let t = m.timings;
                format!(
                    "manifest={:.1} fetch={:.1} init={:.1} mount={:.1} preloaded={}",
                    t.manifest, t.fetch, t.init, t.mount, m.preloaded
                )
            }),
            m.map(|m| m.bytes.to_string()),
        ];
        for (cell, text) in self.cells.iter().zip(texts) {
            cell.set_text_content(text.as_deref());
        }
        let class = if status.overridden {
            "flotilla-devtools__row flotilla-devtools__row--overridden"
        } else {
            "flotilla-devtools__row"
        };
        self.tr.set_class_name(class);
        set_hidden(&self.badge, !status.overridden);
        set_hidden(&self.reset, !status.overridden);
    }
}
