//! The panel: a row per slot with what runs there, the last long task, and Close (which asks
//! the shell, through the page's `data-flotilla-action="close-panel"` protocol).

use std::cell::RefCell;
use std::rc::Rc;

use flotilla_contract::text::Whole;
use flotilla_module::{MountContext, View};
use web_sys::Element;

use crate::dom::{el, hide, set, text, with};
use crate::page_api::{self, LongTask, Watch};
use crate::row::Row;

const COLUMNS: [&str; 8] = [
    "slot",
    "module",
    "version",
    "origin",
    "state",
    "load (ms)",
    "bytes",
    "manifest override",
];

/// The override panel over `window.flotilla`, following its changes.
pub struct Panel {
    root: Element,
    watch: Option<Watch>,
}

/// What a refresh rewrites.
struct Table {
    body: Element,
    /// The one row saying why there are no slots to list.
    message: Element,
    long_task: Element,
    rows: Vec<Row>,
}

impl View for Panel {
    fn mount(host: Element, _context: MountContext) -> Self {
        let close = el("button", "flotilla-devtools__close", "Close");
        set(&close, "data-flotilla-action", Some("close-panel"));
        let head = with(
            el("header", "flotilla-devtools__head", ""),
            &[
                &el("strong", "", "Flotilla devtools"),
                &el(
                    "span",
                    "",
                    " Ctrl+Shift+F toggles · overrides live in localStorage",
                ),
                &close,
            ],
        );
        let names = el("tr", "", "");
        for column in COLUMNS {
            let _ = names.append_with_node_1(&el("th", "", column));
        }
        let body = el("tbody", "", "");
        let table = with(
            el("table", "flotilla-devtools__slots", ""),
            &[&with(el("thead", "", ""), &[&names]), &body],
        );
        let long_task = el("p", "flotilla-devtools__long-task", "");
        set(&long_task, "role", Some("status"));
        let root = with(
            el("aside", "flotilla-devtools", ""),
            &[&head, &table, &long_task],
        );
        set(&root, "aria-label", Some("Flotilla override panel"));
        let _ = host.append_with_node_1(&root);

        let message = el("td", "flotilla-devtools__message", "");
        set(&message, "colspan", Some("8"));
        let table = Rc::new(RefCell::new(Table {
            body,
            message: with(el("tr", "", ""), &[&message]),
            long_task,
            rows: Vec::new(),
        }));
        refresh(&table);
        let watch = page_api::watch(move || refresh(&table));
        Panel {
            root,
            watch: Some(watch),
        }
    }

    fn unmount(&mut self) {
        self.watch = None;
        self.root.remove();
    }
}

/// Shows the page as `flotilla.slots()` and `flotilla.stats()` describe it now. Rows are kept
/// by slot, so what a user types in a row's form stays.
fn refresh(table: &RefCell<Table>) {
    let mut table = table.borrow_mut();
    let Table {
        body,
        message,
        long_task,
        rows,
    } = &mut *table;
    match page_api::slots() {
        Ok(slots) => {
            message.remove();
            let mut old = std::mem::take(rows);
            for (at, slot) in slots.iter().enumerate() {
                let row = match old.iter().position(|row| row.slot() == slot.slot) {
                    Some(i) => {
                        let row = old.swap_remove(i);
                        row.show(slot);
                        row
                    }
                    None => Row::new(slot),
                };
                // Page order. A row already in its place stays put: moving an element takes
                // the focus away from the field a user is typing in.
                let here = body.children().item(at as u32);
                if here.as_ref() != Some(row.element()) {
                    let _ = body.insert_before(row.element(), here.as_deref());
                }
                rows.push(row);
            }
            for gone in old {
                gone.remove();
            }
        }
        Err(why) => {
            for row in rows.drain(..) {
                row.remove();
            }
            if let Some(cell) = message.first_element_child() {
                text(&cell, &why);
            }
            let _ = body.append_with_node_1(message);
        }
    }
    let task = page_api::last_long_task();
    hide(long_task, task.is_none());
    text(long_task, &task.as_ref().map(describe).unwrap_or_default());
}

/// `Last long task: 120 ms, during header-app's mount`.
fn describe(task: &LongTask) -> String {
    let cause = task
        .module
        .as_ref()
        .map_or("cause unknown".to_owned(), |m| {
            format!("during {m}'s mount")
        });
    format!("Last long task: {} ms, {cause}", Whole(task.ms))
}
