//! Listens for a module's `flotilla:crash` event (sent by its panic hook before the trap).

use flotilla_contract::abi::CRASH_EVENT;
use js_sys::Reflect;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;
use web_sys::{CustomEvent, Event};

/// Removes its listener when dropped.
pub struct CrashListener {
    closure: Closure<dyn FnMut(Event)>,
}

/// Calls `on_crash(message)` when the module named `module` reports a panic.
pub fn listen(module: String, on_crash: impl Fn(String) + 'static) -> Option<CrashListener> {
    let closure = Closure::<dyn FnMut(Event)>::new(move |event: Event| {
        let Some(detail) = event.dyn_ref::<CustomEvent>().map(|e| e.detail()) else {
            return;
        };
        let field = |k: &str| {
            Reflect::get(&detail, &k.into())
                .ok()
                .and_then(|v| v.as_string())
        };
        if field("module").as_deref() == Some(module.as_str()) {
            on_crash(field("message").unwrap_or_else(|| "panic".into()));
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

/// Calls `f`, which calls into `module`; a panic the module reports meanwhile wins over
/// whatever the call returns, since a panicked instance must not be used again.
pub fn during<T>(module: String, f: impl FnOnce() -> Result<T, String>) -> Result<T, Thrown> {
    let panic = std::rc::Rc::new(std::cell::RefCell::new(None::<String>));
    let listener = {
        let panic = panic.clone();
        listen(module, move |message| *panic.borrow_mut() = Some(message))
    };
    let result = f();
    drop(listener);
    let panicked = panic.borrow_mut().take();
    match (panicked, result) {
        (Some(message), _) => Err(Thrown::Panic(message)),
        (None, Ok(value)) => Ok(value),
        (None, Err(cause)) => Err(Thrown::Error(cause)),
    }
}
