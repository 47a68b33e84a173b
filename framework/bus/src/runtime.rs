//! Installs the runtime object: bus, retained events, and the store owned by the installer.

use std::cell::RefCell;
use std::rc::Rc;

use flotilla_contract::bus::{
    SharedState, MAX_PATCH_BYTES, MAX_STATE_BYTES, MAX_UPDATES_PER_SECOND, RUNTIME_GLOBAL,
    STATE_EVENT,
};
use flotilla_wire::{ObjectWriter, Wire};
use js_sys::{Function, Map, Object, Reflect, JSON};
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{CustomEvent, CustomEventInit, EventTarget};

/// What the store accepts: the page's state schema, or any JSON object.
#[derive(Clone, Copy)]
pub struct Schema {
    initial: fn() -> JsValue,
    check: fn(&JsValue) -> Result<(), String>,
}

impl Schema {
    /// The state is an `S`: it starts as `S::default()`, and an update that would make it
    /// unreadable as `S` is refused (fields `S` does not know are kept, for newer modules).
    pub fn of<S: SharedState + Wire>() -> Self {
        Schema {
            initial: || S::default().write(),
            check: |value| {
                flotilla_wire::from_js::<S>(value.clone())
                    .map(drop)
                    .map_err(|e| e.to_string())
            },
        }
    }

    /// Any JSON object: for a host that does not know its modules' schema.
    pub fn any() -> Self {
        Schema {
            initial: || Object::new().into(),
            check: |_| Ok(()),
        }
    }
}

/// The runtime object as Rust sees it.
#[derive(Clone)]
pub(crate) struct Runtime {
    object: Object,
}

/// Installs the runtime for this page, owned by `owner` (the host), with a store that keeps to
/// `schema`; does nothing if one is installed already.
pub fn install(owner: &str, schema: Schema) {
    let _ = runtime_or_install(owner, |bus| Some(store(bus, schema)));
}

/// The page's runtime. A module's own page has one (the standalone harness installs it); a
/// module that finds none (an older host) installs a bus without a store, so its events still
/// reach the page's other modules: the state reads as the default, and updates are refused.
/// (The store's code is the installer's alone: it stays out of every module's wasm.)
pub(crate) fn runtime() -> Runtime {
    runtime_or_install("stand-in (no store)", |_| None)
}

fn runtime_or_install(owner: &str, store: impl FnOnce(EventTarget) -> Option<Object>) -> Runtime {
    let global = js_sys::global();
    if let Ok(existing) = Reflect::get(&global, &RUNTIME_GLOBAL.into()) {
        if let Ok(object) = existing.dyn_into::<Object>() {
            return Runtime { object };
        }
    }
    let object = Object::new();
    let bus = EventTarget::new().expect("EventTarget");
    set(&object, "owner", &owner.into());
    set(&object, "bus", &bus);
    set(&object, "retained", &Map::new());
    if let Some(store) = store(bus) {
        set(&object, "store", &store);
    }
    // Installed once for the page's life: no script can replace it or its parts, so every
    // module instance, even one mounted later, finds the owner's bus and store.
    Object::freeze(&object);
    let descriptor = Object::new();
    set(&descriptor, "value", &object);
    set(&descriptor, "writable", &false.into());
    set(&descriptor, "configurable", &false.into());
    let _ = Reflect::define_property::<JsValue>(
        global.unchecked_ref(),
        &RUNTIME_GLOBAL.into(),
        &descriptor,
    );
    Runtime { object }
}

fn set(target: &JsValue, key: &str, value: &JsValue) {
    let _ = Reflect::set(target, &key.into(), value);
}

fn get(target: &JsValue, key: &str) -> JsValue {
    Reflect::get(target, &key.into()).unwrap_or_default()
}

/// A deep copy of a JSON-shaped value (an empty object if it is not JSON), so no module holds
/// a reference to the store's state, or to what another instance was handed.
pub fn copy(value: &JsValue) -> JsValue {
    JSON::stringify(value)
        .ok()
        .and_then(|text| JSON::parse(&String::from(text)).ok())
        .unwrap_or_else(|| Object::new().into())
}

/// `{ get(), update(patch, source) }` over state kept in this instance.
fn store(bus: EventTarget, schema: Schema) -> Object {
    let state = Rc::new(RefCell::new(((schema.initial)(), 0u32)));

    let get_state = {
        let state = state.clone();
        Closure::<dyn Fn() -> JsValue>::new(move || copy(&state.borrow().0))
    };
    let rates = RefCell::new(Rates::new());
    let update =
        Closure::<dyn Fn(JsValue, JsValue) -> bool>::new(move |patch: JsValue, source: JsValue| {
            let source = source.as_string().unwrap_or_else(|| "(unnamed)".into());
            if !within_rate(&mut rates.borrow_mut(), &source) {
                return false;
            }
            let merged = match merge(&state.borrow().0, &patch, schema) {
                Ok(merged) => merged,
                Err(why) => {
                    crate::warn(&format!(
                        "flotilla: store update from {source} refused: {why}"
                    ));
                    return false;
                }
            };
            let rev = {
                let mut current = state.borrow_mut();
                current.0 = merged.clone();
                current.1 += 1;
                current.1
            };
            // A `StateChange` with a copy of the state as it is.
            let change = ObjectWriter::new();
            change.field("rev", &rev);
            change.field("source", &source);
            change.raw("state", &copy(&merged));
            let detail = change.into_js();
            let init = CustomEventInit::new();
            init.set_detail(&detail);
            if let Ok(event) = CustomEvent::new_with_event_init_dict(STATE_EVENT, &init) {
                let _ = bus.dispatch_event(&event);
            }
            true
        });
    let store = Object::new();
    set(&store, "get", get_state.as_ref());
    set(&store, "update", update.as_ref());
    Object::freeze(&store);
    // The store lives as long as the page.
    get_state.forget();
    update.forget();
    store
}

/// Store updates by source: `(source, start of its one-second window, updates in it)`. A list:
/// a page has a few sources, and a hash map's code costs every app a kilobyte or two.
type Rates = Vec<(String, f64, u32)>;

/// Counts an update from `source` in the current one-second window; `false` (with one warning
/// per window) once it has made [`MAX_UPDATES_PER_SECOND`].
fn within_rate(rates: &mut Rates, source: &str) -> bool {
    let now = js_sys::Date::now();
    if rates.len() > 256 {
        rates.retain(|(_, start, _)| now - *start < 1_000.0);
    }
    let at = match rates.iter().position(|(known, ..)| known == source) {
        Some(at) => at,
        None => {
            rates.push((source.to_owned(), now, 0));
            rates.len() - 1
        }
    };
    let (_, start, count) = &mut rates[at];
    if now - *start >= 1_000.0 {
        *start = now;
        *count = 0;
    }
    *count += 1;
    if *count == MAX_UPDATES_PER_SECOND + 1 {
        crate::warn(&format!(
            "flotilla: {source} made more than {MAX_UPDATES_PER_SECOND} store updates in a second; \
             further ones are refused until the second is over"
        ));
    }
    *count <= MAX_UPDATES_PER_SECOND
}

/// The state with `patch`'s fields replaced, if the result still keeps to the schema and its
/// size limit. The patch is read once, as JSON text: what is measured is what is applied.
fn merge(state: &JsValue, patch: &JsValue, schema: Schema) -> Result<JsValue, String> {
    if !patch.is_object() || js_sys::Array::is_array(patch) {
        return Err("a patch must be a JSON object".into());
    }
    let text = JSON::stringify(patch)
        .ok()
        .and_then(|t| t.as_string())
        .ok_or("the patch is not JSON")?;
    if text.len() > MAX_PATCH_BYTES as usize {
        return Err(format!("the patch is over {MAX_PATCH_BYTES} bytes"));
    }
    let patch = JSON::parse(&text).map_err(|_| "the patch is not JSON")?;
    if !patch.is_object() || js_sys::Array::is_array(&patch) {
        return Err("a patch must be a JSON object".into());
    }
    let merged = Object::new();
    Object::assign(&merged, state.unchecked_ref());
    Object::assign(&merged, patch.unchecked_ref());
    let merged: JsValue = merged.into();
    let size = JSON::stringify(&merged)
        .map(|t| t.length())
        .unwrap_or(u32::MAX);
    if size > MAX_STATE_BYTES {
        return Err(format!(
            "the state would be {size} bytes, over {MAX_STATE_BYTES}"
        ));
    }
    (schema.check)(&merged)?;
    Ok(merged)
}

impl Runtime {
    /// The bus every event travels on.
    pub(crate) fn bus(&self) -> EventTarget {
        get(&self.object, "bus").unchecked_into()
    }

    /// The last event of each kind, by bus name.
    pub(crate) fn retained(&self) -> Map {
        get(&self.object, "retained").unchecked_into()
    }

    /// Calls `store[name](args...)`.
    pub(crate) fn store_call(&self, name: &str, args: &[JsValue]) -> JsValue {
        let store = get(&self.object, "store");
        let Ok(function) = get(&store, name).dyn_into::<Function>() else {
            return JsValue::UNDEFINED;
        };
        let args: js_sys::Array = args.iter().collect();
        function.apply(&store, &args).unwrap_or_default()
    }
}
