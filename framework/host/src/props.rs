//! A module's props as the host holds them: the object the registry's JSON parsed into, so the
//! host carries no JSON map type (a `serde_json::Map` cost the shell about 9 KB of code).

use js_sys::{Array, Object};
use serde::de::Error as _;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use wasm_bindgen::JsValue;

/// The registry as the host reads it.
pub type Registry = flotilla_contract::registry::Registry<Props>;
/// One module of the registry as the host reads it.
pub type Remote = flotilla_contract::registry::Remote<Props>;

/// A registry entry's `props`: a JSON object, as parsed. Each mount gets a copy of its own,
/// so no instance sees what another one did to its props. It serializes only through
/// serde-wasm-bindgen (as the host's `json::to_js` does; another serializer would write a heap
/// index), and two `Props` are equal only when they are the same object.
#[derive(Debug, Clone, PartialEq)]
pub struct Props(JsValue);

impl Default for Props {
    fn default() -> Self {
        Props(Object::new().into())
    }
}

impl Serialize for Props {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serde_wasm_bindgen::preserve::serialize(&flotilla_bus::copy(&self.0), serializer)
    }
}

impl<'de> Deserialize<'de> for Props {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let value: JsValue = serde_wasm_bindgen::preserve::deserialize(deserializer)?;
        if value.is_object() && !Array::is_array(&value) {
            Ok(Props(value))
        } else {
            Err(D::Error::custom("props must be a JSON object"))
        }
    }
}
