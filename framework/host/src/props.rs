//! A module's props as the host holds them: the object the registry's JSON parsed into, so the
//! host carries no JSON map type (a `serde_json::Map` cost the shell about 9 KB of code).

use flotilla_wire::{Value, Wire, WireError};
use js_sys::Object;
use wasm_bindgen::JsValue;

/// The registry as the host reads it.
pub type Registry = flotilla_contract::registry::Registry<Props>;
/// One module of the registry as the host reads it.
pub type Remote = flotilla_contract::registry::Remote<Props>;

/// A registry entry's `props`: a JSON object, as parsed (anything else is refused when the
/// registry is read). Each mount is written a copy of its own, so no instance sees what
/// another one did to its props. Two `Props` are equal only when they are the same object.
#[derive(Debug, Clone, PartialEq)]
pub struct Props(JsValue);

impl Default for Props {
    fn default() -> Self {
        Props(Object::new().into())
    }
}

impl Wire for Props {
    fn read(value: Value) -> Result<Self, WireError> {
        if value.is_plain_object() {
            Ok(Props(value.into_js()))
        } else {
            Err(value.wrong("a JSON object"))
        }
    }

    /// A deep copy, for one mount.
    fn write(&self) -> JsValue {
        flotilla_bus::copy(&self.0)
    }
}
