//! Listens for `flotilla:crash` events (sent by a module's panic hook before the wasm trap).

use std::cell::RefCell;
use std::rc::Rc;

use flotilla_contract::abi::CRASH_EVENT;
use flotilla_contract::crash::CrashReport;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;
use web_sys::{CustomEvent, Event};

/// Removes its listener when dropped.
pub struct CrashListener {
    closure: Closure<dyn FnMut(Event)>,
}

/// Calls `on_crash(instance, message)` for every panic a module reports.
pub fn listen(on_crash: impl Fn(String, String) + 'static) -> Option<CrashListener> {
    let closure = Closure::<dyn FnMut(Event)>::new(move |event: Event| {
        let Some(detail) = event.dyn_ref::<CustomEvent>().map(|e| e.detail()) else {
            return;
        };
        match serde_wasm_bindgen::from_value::<CrashReport>(detail) {
            Ok(report) => {
                let instance = report.instance().to_owned();
                let message = if report.message.is_empty() {
                    "panic".to_owned()
                } else {
                    report.message
                };
                on_crash(instance, message);
            }
            Err(e) => crate::js::warn(&format!("flotilla: ignored a malformed crash report: {e}")),
        }
    });
    web_sys::window()?
        .add_event_listener_with_callback(CRASH_EVENT, closure.as_ref().unchecked_ref())
        .ok()?;
    Some(CrashListener { closure })
}

impl Drop for CrashListener {
    fn drop(&mut self) {
        if let Some(window) = web_sys::window() {
            let _ = window.remove_event_listener_with_callback(
                CRASH_EVENT,
                self.closure.as_ref().unchecked_ref(),
            );
        }
    }
}

/// What a call into a module threw.
pub enum Thrown {
    /// The module panicked (its crash reporter said so); the message.
    Panic(String),
    /// Any other exception, described.
    Error(String),
}

/// Calls `mount` for `instance`, then lets its first render run (a macrotask later); a panic
/// reported meanwhile wins over what the call returned, since that instance is dead.
pub async fn settled_mount<T>(
    instance: &str,
    mount: impl FnOnce() -> Result<T, String>,
) -> Result<T, Thrown> {
    let panic = Rc::new(RefCell::new(None::<String>));
    let listener = {
        let (panic, instance) = (panic.clone(), instance.to_owned());
        listen(move |crashed, message| {
            if crashed == instance {
                *panic.borrow_mut() = Some(message);
            }
        })
    };
    let result = mount();
    if result.is_ok() {
        crate::js::sleep(0).await;
    }
    drop(listener);
    let panicked = panic.borrow_mut().take();
    match (panicked, result) {
        (Some(message), _) => Err(Thrown::Panic(message)),
        (None, Ok(value)) => Ok(value),
        (None, Err(cause)) => Err(Thrown::Error(cause)),
    }
}
