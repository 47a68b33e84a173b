//! What module swaps leave behind. An ES module and its wasm instance cannot be unloaded: the
//! browser's module map keeps every imported glue module, and with it its instance and linear
//! memory. So every unmounted instance stays in memory until the page reloads; this counts
//! them, and the shell suggests a reload once there are many.

use std::cell::RefCell;

use js_sys::{Object, Reflect};
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsValue;
use yew::Callback;

/// Instances unmounted since the page loaded, and their linear memory.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Retired {
    /// How many.
    pub instances: u32,
    /// Their linear memory when they were initialised, in bytes.
    pub wasm_bytes: u64,
}

thread_local! {
    static RETIRED: RefCell<Retired> = RefCell::default();
    static LISTENER: RefCell<Option<Callback<Retired>>> = const { RefCell::new(None) };
}

/// Counts an instance that was unmounted (swapped out, crashed, replaced by Restart).
pub fn retire(wasm_bytes: u64) {
    let now = RETIRED.with(|r| {
        let mut r = r.borrow_mut();
        r.instances += 1;
        r.wasm_bytes += wasm_bytes;
        *r
    });
    if let Some(listener) = LISTENER.with(|l| l.borrow().clone()) {
        listener.emit(now);
    }
}

/// Tells `listener` the totals after every retirement.
pub fn on_retire(listener: Callback<Retired>) {
    LISTENER.with(|l| *l.borrow_mut() = Some(listener));
}

/// Installs `flotilla.stats()`: `{ retiredInstances, retiredWasmBytes }`.
pub fn install_api() {
    let stats = Closure::<dyn Fn() -> JsValue>::new(|| {
        let r = RETIRED.with(|r| *r.borrow());
        let out = Object::new();
        let _ = Reflect::set(&out, &"retiredInstances".into(), &r.instances.into());
        let _ = Reflect::set(
            &out,
            &"retiredWasmBytes".into(),
            &(r.wasm_bytes as f64).into(),
        );
        out.into()
    });
    let api = Reflect::get(&js_sys::global(), &"flotilla".into()).unwrap_or_default();
    if api.is_object() {
        let _ = Reflect::set(&api, &"stats".into(), stats.as_ref());
    }
    stats.forget();
}
