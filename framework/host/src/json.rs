//! JSON text in through the browser's own `JSON` and serde-wasm-bindgen, values out as plain
//! JS objects, so the host carries no JSON parser or printer of its own.

use serde::de::DeserializeOwned;
use serde::Serialize;

use crate::js;

/// Parses `text` into `T`; the error says what was wrong (syntax or shape).
pub fn from_text<T: DeserializeOwned>(text: &str) -> Result<T, String> {
    let value = js_sys::JSON::parse(text).map_err(|e| js::describe(&e))?;
    serde_wasm_bindgen::from_value(value).map_err(|e| e.to_string())
}

/// `value` as a plain JS value (objects, not `Map`s), for a call across the boundary.
pub fn to_js<T: Serialize + ?Sized>(value: &T) -> Result<wasm_bindgen::JsValue, String> {
    value
        .serialize(&serde_wasm_bindgen::Serializer::json_compatible())
        .map_err(|e| e.to_string())
}
