//! The shell's UI over the host: follows the host's events and shows every slot's status in
//! the slot, the registry's error, the override panel (loaded when asked), the reload hint and the
//! footer.

use std::cell::RefCell;
use std::rc::Rc;

use flotilla_host::{EventSubscription, Host, HostError, HostEvent, Retired, SlotStatus};
use web_sys::Element;

use crate::actions::{self, Action};
use crate::devtools::{self, Devtools};
use crate::dom::{show, El};
use crate::{error_panel, reload_hint, slot_view, summary};

/// The page's UI; lives as long as the page.
pub struct Ui {
    host: Host,
    /// `#flotilla-shell`: the registry's error, fallbacks for missing slot elements, the
    /// reload hint, the panel and the footer.
    page_error: Element,
    fallbacks: Element,
    reload: Element,
    devtools: Rc<Devtools>,
    footer: Element,
    state: RefCell<State>,
    subscription: RefCell<Option<EventSubscription>>,
}

/// What the host last said.
#[derive(Default)]
struct State {
    slots: Vec<SlotStatus>,
    retired: Retired,
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
            devtools: Devtools::new(host.clone(), part("div", "flotilla-shell__panel")),
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
            ui.devtools.toggle();
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
            HostEvent::LongTask(_) => {}
        }
    }

    fn registry_failed(&self, error: &HostError) {
        let retry = El::new("button")
            .class("flotilla-error__retry")
            .action(Action::RetryRegistry, "")
            .text("Retry");
        let page = error_panel::render(
            "flotilla-error--page",
            error.code().as_str(),
            "The page's module list could not be loaded",
            &error.to_string(),
            [retry],
        );
        show(&self.page_error, [page]);
    }

    fn started(&self, slots: Vec<SlotStatus>) {
        if !slots.is_empty() {
            show(&self.page_error, []);
        }
        for status in &slots {
            self.render_slot(status);
        }
        self.state.borrow_mut().slots = slots;
        self.footer_and_hint();
    }

    fn slot(&self, status: SlotStatus) {
        self.render_slot(&status);
        let mut state = self.state.borrow_mut();
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
            Action::RestartPanel => self.devtools.restart(),
        }
    }

    /// Opens the override panel, or closes it.
    pub fn toggle_panel(&self) {
        self.devtools.toggle();
    }
}
