//! The shell's UI over the host: follows the host's events and shows every slot's status in
//! the slot, the registry's error, the override panel, the reload hint and the footer.

use std::cell::RefCell;
use std::rc::Rc;

use flotilla_host::{EventSubscription, Host, HostError, HostEvent, LongTask, Retired, SlotStatus};
use web_sys::Element;

use crate::actions::{self, Action};
use crate::devtools::{self, Panel};
use crate::dom::{show, El};
use crate::{reload_hint, slot_view, summary};

/// The page's UI; lives as long as the page.
pub struct Ui {
    host: Host,
    /// `#flotilla-shell`: the registry's error, fallbacks for missing slot elements, the
    /// reload hint, the panel and the footer.
    page_error: Element,
    fallbacks: Element,
    reload: Element,
    panel_area: Element,
    footer: Element,
    state: RefCell<State>,
    subscription: RefCell<Option<EventSubscription>>,
}

/// What the host last said.
#[derive(Default)]
struct State {
    slots: Vec<SlotStatus>,
    retired: Retired,
    long_task: Option<LongTask>,
    panel: Option<Panel>,
}

impl Ui {
    /// Builds the UI in `root` and follows `host` from now on.
    pub fn start(host: Host, root: &Element) -> Rc<Ui> {
        let part = |tag: &str, class: &str| {
            let el = El::new(tag).class(class).build();
            let _ = root.append_with_node_1(&el);
            el
        };
        let ui = Rc::new(Ui {
            page_error: part("div", "flotilla-shell__error"),
            fallbacks: part("div", "flotilla-shell__fallbacks"),
            reload: part("div", "flotilla-shell__reload"),
            panel_area: part("div", "flotilla-shell__panel"),
            footer: part("footer", "flotilla-footer"),
            host: host.clone(),
            state: RefCell::default(),
            subscription: RefCell::default(),
        });
        let _ = ui.footer.set_attribute("aria-live", "polite");
        actions::listen(Rc::downgrade(&ui));
        // What happened before the UI started, then every change.
        if let Some(Err(error)) = host.registry() {
            ui.registry_failed(&error);
        }
        ui.state.borrow_mut().retired = host.retired();
        ui.started(host.slots());
        if devtools::asked_by_url() {
            ui.toggle_panel();
        }
        let weak = Rc::downgrade(&ui);
        let subscription = host.subscribe(move |event| {
            if let Some(ui) = weak.upgrade() {
                ui.on(event.clone());
            }
        });
        *ui.subscription.borrow_mut() = Some(subscription);
        ui
    }

    fn on(&self, event: HostEvent) {
        match event {
            HostEvent::RegistryFailed(error) => self.registry_failed(&error),
            HostEvent::Started(slots) => self.started(slots),
            HostEvent::Slot(status) => self.slot(status),
            HostEvent::Retired(retired) => {
                self.state.borrow_mut().retired = retired;
                self.reload_hint();
            }
            HostEvent::LongTask(task) => {
                let mut state = self.state.borrow_mut();
                if let Some(panel) = &state.panel {
                    panel.long_task(Some(&task));
                }
                state.long_task = Some(task);
            }
        }
    }

    fn registry_failed(&self, error: &HostError) {
        let code = error.code().as_str();
        let page = El::new("div")
            .class("flotilla-error flotilla-error--page")
            .attr("role", "alert")
            .attr("data-code", code)
            .child(
                El::new("p")
                    .class("flotilla-error__title")
                    .child(El::new("code").class("flotilla-error__code").text(code))
                    .text(" The page's module list could not be loaded"),
            )
            .child(
                El::new("p")
                    .class("flotilla-error__message")
                    .text(&error.to_string()),
            )
            .child(
                El::new("button")
                    .class("flotilla-error__retry")
                    .action(Action::RetryRegistry, "")
                    .text("Retry"),
            );
        show(&self.page_error, [page.build()]);
    }

    fn started(&self, slots: Vec<SlotStatus>) {
        if !slots.is_empty() {
            show(&self.page_error, []);
        }
        for status in &slots {
            self.render_slot(status);
        }
        let mut state = self.state.borrow_mut();
        if let Some(panel) = &mut state.panel {
            for status in &slots {
                panel.update(status);
            }
        }
        state.slots = slots;
        drop(state);
        self.footer_and_hint();
    }

    fn slot(&self, status: SlotStatus) {
        self.render_slot(&status);
        let mut state = self.state.borrow_mut();
        if let Some(panel) = &mut state.panel {
            panel.update(&status);
        }
        match state.slots.iter_mut().find(|s| s.slot == status.slot) {
            Some(known) => *known = status,
            None => state.slots.push(status),
        }
        drop(state);
        self.footer_and_hint();
    }

    /// The slot's status in its status area inside the slot (outside the module); in the
    /// shell's own root when the page has no element for the slot.
    fn render_slot(&self, status: &SlotStatus) {
        let area = self.host.status_area(&status.slot).unwrap_or_else(|| {
            let selector = format!("[data-fallback-slot=\"{}\"]", status.slot);
            match self.fallbacks.query_selector(&selector).ok().flatten() {
                Some(area) => area,
                None => {
                    let area = El::new("div")
                        .attr("data-fallback-slot", &status.slot)
                        .build();
                    let _ = self.fallbacks.append_with_node_1(&area);
                    area
                }
            }
        });
        show(&area, slot_view::render(status));
    }

    fn footer_and_hint(&self) {
        let line = summary::line(&self.state.borrow().slots);
        self.footer.set_text_content(Some(&line));
        self.reload_hint();
    }

    fn reload_hint(&self) {
        let after = match self.host.registry() {
            Some(Ok(registry)) => registry.updates.suggest_reload_after,
            _ => 0,
        };
        let retired = self.state.borrow().retired;
        show(&self.reload, reload_hint::render(retired, after));
    }

    /// Performs a button's action.
    pub fn act(self: &Rc<Self>, action: Action, slot: &str) {
        match action {
            Action::Retry => self.host.retry(slot),
            Action::Update => self.host.apply_update(slot),
            Action::Dismiss => self.host.dismiss_notice(slot),
            Action::RetryRegistry => {
                show(&self.page_error, []);
                self.host.retry_registry();
            }
            Action::Reload => {
                if let Some(w) = web_sys::window() {
                    let _ = w.location().reload();
                }
            }
            Action::ClosePanel => self.toggle_panel(),
            Action::ResetOverride => self.reset_override(slot),
        }
    }

    /// Opens the override panel, or closes it.
    pub fn toggle_panel(&self) {
        let mut state = self.state.borrow_mut();
        match state.panel.take() {
            Some(panel) => panel.close(),
            None => {
                let panel = Panel::open(&self.panel_area, &state.slots, state.long_task.as_ref());
                state.panel = Some(panel);
            }
        }
    }

    fn message(&self, slot: &str, text: &str) {
        if let Some(panel) = &self.state.borrow().panel {
            panel.message(slot, text);
        }
    }

    /// Sets the slot's override from the panel, and says how it went.
    pub fn apply_override(self: &Rc<Self>, slot: &str, url: &str) {
        self.message(slot, &format!("Swapping to {url}…"));
        let (ui, slot, url) = (Rc::downgrade(self), slot.to_owned(), url.to_owned());
        let host = self.host.clone();
        wasm_bindgen_futures::spawn_local(async move {
            let text = match host.set_override(&slot, &url).await {
                Ok(swapped) => format!("Now running {} from {url}", swapped.version),
                Err(error) => error.to_string(),
            };
            if let Some(ui) = ui.upgrade() {
                ui.message(&slot, &text);
            }
        });
    }

    fn reset_override(self: &Rc<Self>, slot: &str) {
        self.message(slot, "Override removed; back to the registry's manifest…");
        let (ui, slot) = (Rc::downgrade(self), slot.to_owned());
        let host = self.host.clone();
        wasm_bindgen_futures::spawn_local(async move {
            let text = match host.reset_override(&slot).await {
                Ok(swapped) => format!(
                    "Now running {} from the registry's manifest",
                    swapped.version
                ),
                Err(failure) => format!("Not applied: {} {}", failure.error.code(), failure.error),
            };
            if let Some(ui) = ui.upgrade() {
                ui.message(&slot, &text);
            }
        });
    }
}
