//! Writing a struct as a plain object.

use js_sys::{Object, Reflect};
use wasm_bindgen::JsValue;

use crate::Wire;

/// A plain object being written field by field (what `#[derive(Wire)]` generates).
pub struct ObjectWriter(Object);

impl ObjectWriter {
    /// An empty object.
    #[allow(clippy::new_without_default)]
    pub fn new() -> Self {
        ObjectWriter(Object::new())
    }

    /// Sets field `key` to `value`, written.
    pub fn field<T: Wire>(&self, key: &str, value: &T) {
        self.raw(key, &value.write());
    }

    /// Sets field `key` to a JS value as it is.
    pub fn raw(&self, key: &str, value: &JsValue) {
        let _ = Reflect::set(&self.0, &key.into(), value);
    }

    /// The object.
    pub fn into_js(self) -> JsValue {
        self.0.into()
    }
}
