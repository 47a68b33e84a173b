//! What the shell's buttons do. Buttons carry `data-flotilla-action` (and `data-slot`); one
//! click listener and one key listener (Ctrl+Shift+F) on the document handle them all, so
//! re-rendered buttons need no closures. The override panel's Close button uses the same
//! attribute (`close-panel`): the panel is a module of its own, and this is how it asks.

use std::rc::Weak;

use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;
use web_sys::{Element, Event, KeyboardEvent};

use crate::dom::document;
use crate::ui::Ui;

/// A button's action.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    /// Retry (or Restart) a failed slot.
    Retry,
    /// Apply the update on offer.
    Update,
    /// Dismiss a failed swap's notice.
    Dismiss,
    /// Load the registry again.
    RetryRegistry,
    /// Reload the page (to free replaced instances).
    Reload,
    /// Close the override panel.
    ClosePanel,
    /// Open the override panel afresh after it crashed.
    RestartPanel,
}

const ALL: [Action; 7] = [
    Action::Retry,
    Action::Update,
    Action::Dismiss,
    Action::RetryRegistry,
    Action::Reload,
    Action::ClosePanel,
    Action::RestartPanel,
];

impl Action {
    /// Its name in `data-flotilla-action`.
    pub fn as_str(self) -> &'static str {
        match self {
            Action::Retry => "retry",
            Action::Update => "update",
            Action::Dismiss => "dismiss",
            Action::RetryRegistry => "retry-registry",
            Action::Reload => "reload",
            Action::ClosePanel => "close-panel",
            Action::RestartPanel => "restart-panel",
        }
    }

    fn parse(name: &str) -> Option<Action> {
        ALL.into_iter().find(|a| a.as_str() == name)
    }
}

/// Installs the document's listeners for `ui`, for the page's life.
pub fn listen(ui: Weak<Ui>) {
    let doc = document();
    let on_click = {
        let ui = ui.clone();
        Closure::<dyn Fn(Event)>::new(move |event: Event| {
            let (Some(ui), Some(button)) = (ui.upgrade(), within(&event, "[data-flotilla-action]"))
            else {
                return;
            };
            let action = button.get_attribute("data-flotilla-action");
            if let Some(action) = action.as_deref().and_then(Action::parse) {
                let slot = button.get_attribute("data-slot").unwrap_or_default();
                ui.act(action, &slot);
            }
        })
    };
    let on_key = Closure::<dyn Fn(KeyboardEvent)>::new(move |e: KeyboardEvent| {
        if e.ctrl_key() && e.shift_key() && e.key().eq_ignore_ascii_case("f") {
            e.prevent_default();
            if let Some(ui) = ui.upgrade() {
                ui.toggle_panel();
            }
        }
    });
    for (kind, listener) in [("click", on_click.as_ref()), ("keydown", on_key.as_ref())] {
        let _ = doc.add_event_listener_with_callback(kind, listener.unchecked_ref());
    }
    on_click.forget();
    on_key.forget();
}

/// The closest element matching `selector` from the event's target up.
fn within(event: &Event, selector: &str) -> Option<Element> {
    event
        .target()?
        .dyn_into::<Element>()
        .ok()?
        .closest(selector)
        .ok()
        .flatten()
}
