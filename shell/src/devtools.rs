//! Opens and closes the override panel (like import-map-overrides, built in). The panel is a
//! module of its own (`flotilla-devtools`), shipped in the shell's build under `devtools/`; the
//! host loads it, verified like any module, only when `?devtools` or Ctrl+Shift+F asks for it.
//! While it loads, the panel area says so; if it cannot be loaded, the area says why, and the
//! page goes on.

use std::cell::{Cell, RefCell};
use std::future::Future;
use std::pin::Pin;
use std::rc::{Rc, Weak};

use flotilla_contract::abi::DEVTOOLS_MANIFEST;
use flotilla_host::lazy::ChunkMissing;
use flotilla_host::{Failure, Host, HostError, Tool};
use web_sys::Element;

use crate::actions::Action;
use crate::dom::{show, El};
use crate::error_panel;

/// The panel's place in the page, and whether it is open.
pub struct Devtools {
    host: Host,
    area: Element,
    /// Loading and error messages, before the panel's own element.
    status: Element,
    state: RefCell<State>,
    /// Counts openings, so a load that finishes after the panel was closed is dropped.
    openings: Cell<u32>,
}

enum State {
    Closed,
    Opening(u32),
    Open(Tool),
    Failed,
}

#[wasm_bindgen::prelude::wasm_bindgen(inline_js = r#"
export function asked_by_url() { return new URLSearchParams(location.search).has("devtools"); }
"#)]
extern "C" {
    /// Whether the page's URL asks for the panel (`?devtools`, `?devtools=1`).
    pub fn asked_by_url() -> bool;
}

/// The panel's manifest, next to the shell's own code (the page of a route may sit in a folder
/// of its own, as `favorites/index.html` does on a static host).
fn manifest_url() -> String {
    let code = crate::dom::document()
        .query_selector("script[data-flotilla-boot]")
        .ok()
        .flatten()
        .and_then(|boot| boot.get_attribute("data-js"));
    let page = web_sys::window().and_then(|w| w.location().href().ok());
    let resolve = |url: &str, base: &str| web_sys::Url::new_with_base(url, base).ok();
    code.zip(page)
        .and_then(|(code, page)| resolve(&code, &page))
        .and_then(|code| resolve(DEVTOOLS_MANIFEST, &code.href()))
        .map_or_else(|| DEVTOOLS_MANIFEST.to_owned(), |url| url.href())
}

impl Devtools {
    /// The panel of `host`'s page, closed, to be shown in `area`.
    pub fn new(host: Host, area: Element) -> Rc<Devtools> {
        let status = El::new("div").build();
        let _ = area.append_with_node_1(&status);
        Rc::new(Devtools {
            host,
            area,
            status,
            state: RefCell::new(State::Closed),
            openings: Cell::new(0),
        })
    }

    /// Opens the panel, or closes it.
    pub fn toggle(self: &Rc<Self>) {
        let was = std::mem::replace(&mut *self.state.borrow_mut(), State::Closed);
        show(&self.status, []);
        match was {
            State::Open(tool) => tool.close(),
            State::Opening(_) | State::Failed => {}
            State::Closed => self.open(),
        }
    }

    fn open(self: &Rc<Self>) {
        let opening = self.openings.get() + 1;
        self.openings.set(opening);
        *self.state.borrow_mut() = State::Opening(opening);
        let line = El::new("p")
            .class("flotilla-shell__panel-status")
            .attr("role", "status")
            .text("Loading the override panel…");
        show(&self.status, [line.build()]);
        let weak = Rc::downgrade(self);
        let (host, area) = (self.host.clone(), self.area.clone());
        let on_crash = {
            let weak = weak.clone();
            move |error| {
                if let Some(this) = weak.upgrade() {
                    this.crashed(error);
                }
            }
        };
        let on_crash: Box<dyn Fn(HostError)> = Box::new(on_crash);
        wasm_bindgen_futures::spawn_local(async move {
            match load_panel(host, area, weak.clone(), opening, on_crash).await {
                Ok(load) => load.await,
                Err(missing) => {
                    if let Some(this) = weak.upgrade() {
                        let error = missing.error("opening the override panel");
                        this.opened(opening, Err(error.into()));
                    }
                }
            }
        });
    }

    /// The outcome of opening `opening`: shown, unless the panel was closed meanwhile.
    fn opened(&self, opening: u32, opened: Result<Tool, Failure>) {
        let current = matches!(*self.state.borrow(), State::Opening(n) if n == opening);
        match opened {
            Ok(tool) if !current => tool.close(),
            Ok(tool) => {
                show(&self.status, []);
                *self.state.borrow_mut() = State::Open(tool);
            }
            Err(_) if !current => {}
            Err(failure) => {
                let message = failure.to_string();
                let close = button(Action::ClosePanel, "Close");
                self.fail(&failure.error, "could not be loaded", &message, [close]);
            }
        }
    }

    /// Opens the panel afresh after it crashed.
    pub fn restart(self: &Rc<Self>) {
        *self.state.borrow_mut() = State::Closed;
        self.open();
    }

    /// The open panel's instance crashed (its element is gone): says so, with Restart and
    /// Close.
    fn crashed(self: &Rc<Self>, error: HostError) {
        if !matches!(*self.state.borrow(), State::Open(_)) {
            return;
        }
        let buttons = [
            button(Action::RestartPanel, "Restart"),
            button(Action::ClosePanel, "Close"),
        ];
        self.fail(&error, "crashed", &error.to_string(), buttons);
    }

    /// Shows why the panel is not there, in place of it.
    fn fail(
        &self,
        error: &HostError,
        what: &str,
        message: &str,
        buttons: impl IntoIterator<Item = El>,
    ) {
        let error = error_panel::render(
            "flotilla-shell__panel-status",
            error.code().as_str(),
            &format!("The override panel {what}"),
            message,
            buttons,
        );
        show(&self.status, [error]);
        *self.state.borrow_mut() = State::Failed;
    }
}

/// One of the panel's error buttons: Close (`flotilla-devtools__close`, as the panel's own
/// Close button) or Restart.
fn button(action: Action, label: &str) -> El {
    let class = match action {
        Action::ClosePanel => "flotilla-error__retry flotilla-devtools__close",
        _ => "flotilla-error__retry",
    };
    El::new("button")
        .class(class)
        .action(action, "")
        .text(label)
}

flotilla_host::lazy_fn! {
    /// Loads the panel into `area` and shows how it went (its code is in the `tool` chunk, with
    /// the host's code that opens a tool).
    fn load_panel[tool](
        host: Host,
        area: Element,
        devtools: Weak<Devtools>,
        opening: u32,
        on_crash: Box<dyn Fn(HostError)>,
    ) -> Result<Pin<Box<dyn Future<Output = ()>>>, ChunkMissing> {
        Ok(Box::pin(async move {
            let opened = host.open_tool(&manifest_url(), &area, on_crash).await;
            if let Some(devtools) = devtools.upgrade() {
                devtools.opened(opening, opened);
            }
        }))
    }
}
