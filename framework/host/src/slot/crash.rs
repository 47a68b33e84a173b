//! Listens for `flotilla:crash` events (sent by a module's panic hook before the wasm trap).

use std::cell::RefCell;
use std::rc::Rc;

use flotilla_bus::Subscription;
use flotilla_contract::abi::CRASH_EVENT;
use flotilla_contract::crash::CrashReport;
use wasm_bindgen::JsCast;
use web_sys::{CustomEvent, Event};

/// Removes its listener when dropped.
pub type CrashListener = Subscription;

/// One mount: its name (`header-app#3`, for messages) and its secret token, which the
/// module's crash reports echo.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MountId {
    /// Unique in the page.
    pub name: String,
    /// Unguessable: only the module that was mounted with it knows it.
    pub token: String,
}

impl MountId {
    /// A fresh id for a mount of `module`.
    pub fn next(module: &str) -> Self {
        thread_local!(static COUNT: std::cell::Cell<u32> = const { std::cell::Cell::new(0) });
        let n = COUNT.with(|c| {
            c.set(c.get() + 1);
            c.get()
        });
        MountId {
            name: format!("{module}#{n}"),
            token: crate::js::random_token(),
        }
    }

    /// Whether `report` is this mount's own (a forged one lacks the token).
    pub fn sent(&self, report: &CrashReport) -> bool {
        report.instance() == self.name && report.token.as_deref() == Some(self.token.as_str())
    }
}

/// Calls `on_crash` with every crash report a module dispatches.
pub fn listen(on_crash: impl Fn(CrashReport) + 'static) -> Option<CrashListener> {
    let window = web_sys::window()?;
    Some(Subscription::listen(
        window.into(),
        CRASH_EVENT.into(),
        move |event: Event| {
            let Some(detail) = event.dyn_ref::<CustomEvent>().map(|e| e.detail()) else {
                return;
            };
            // Read from a JSON copy: the detail is any script's value (a getter or a proxy must
            // not run inside the reading).
            match crate::wire::crash_report(flotilla_bus::copy(&detail)) {
                Ok(report) => on_crash(report),
                Err(e) => {
                    crate::js::warn(&format!("flotilla: ignored a malformed crash report: {e}"))
                }
            }
        },
    ))
}

/// What a call into a module threw.
pub enum Thrown {
    /// The module panicked (its crash reporter said so); the message.
    Panic(String),
    /// Any other exception, described.
    Error(String),
}

/// Calls `mount` for the mount `id`, then lets its first render run: the microtasks the call
/// queued (Yew renders in one), not a whole task later, so no other slot's work or frame comes
/// in between. A panic reported meanwhile wins over what the call returned, since that
/// instance is dead; a later one is a crash of the mounted module.
pub async fn settled_mount<T>(
    id: &MountId,
    mount: impl FnOnce() -> Result<T, String>,
) -> Result<T, Thrown> {
    let panic = Rc::new(RefCell::new(None::<String>));
    let listener = {
        let (panic, id) = (panic.clone(), id.clone());
        listen(move |report| {
            // The first report is the panic's (its hook runs before the trap, which the
            // glue's guard reports as well).
            if id.sent(&report) {
                panic.borrow_mut().get_or_insert(report.message);
            }
        })
    };
    let result = mount();
    if result.is_ok() {
        crate::js::microtasks().await;
    }
    drop(listener);
    let panicked = panic.borrow_mut().take();
    match (panicked, result) {
        (Some(message), _) => Err(Thrown::Panic(message)),
        (None, Ok(value)) => Ok(value),
        (None, Err(cause)) => Err(Thrown::Error(cause)),
    }
}
