//! The panel: a row per slot with what runs there, the last long task, and Close (which asks
//! the shell, through the page's `data-flotilla-action="close-panel"` protocol).

use flotilla_contract::text::Whole;
use flotilla_module::ModuleProps;
use yew::prelude::*;

use crate::page_api::{self, LongTask};
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
#[function_component(Panel)]
pub fn panel(_props: &ModuleProps) -> Html {
    let slots = use_state(page_api::slots);
    let long_task = use_state(page_api::last_long_task);
    {
        let (slots, long_task) = (slots.setter(), long_task.setter());
        use_effect_with((), move |_| {
            let watch = page_api::watch(move || {
                slots.set(page_api::slots());
                long_task.set(page_api::last_long_task());
            });
            move || drop(watch)
        });
    }
    let rows = match &*slots {
        Ok(rows) => rows
            .iter()
            .map(|row| html! { <Row key={row.slot.clone()} row={row.clone()} /> })
            .collect::<Html>(),
        Err(why) => html! {
            <tr><td colspan="8" class="flotilla-devtools__message">{ why }</td></tr>
        },
    };
    html! {
        <aside class="flotilla-devtools" aria-label="Flotilla override panel">
            <header class="flotilla-devtools__head">
                <strong>{ "Flotilla devtools" }</strong>
                <span>{ " Ctrl+Shift+F toggles · overrides live in localStorage" }</span>
                <button class="flotilla-devtools__close" data-flotilla-action="close-panel">
                    { "Close" }
                </button>
            </header>
            <table class="flotilla-devtools__slots">
                <thead><tr>{ for COLUMNS.iter().map(|c| html! { <th>{ *c }</th> }) }</tr></thead>
                <tbody>{ rows }</tbody>
            </table>
            <p class="flotilla-devtools__long-task" role="status" hidden={long_task.is_none()}>
                { long_task.as_ref().map(describe).unwrap_or_default() }
            </p>
        </aside>
    }
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
