//! `Wire` for the types JSON has: strings, booleans, whole numbers, numbers, lists, and
//! `Option` (absent, `null` or `undefined` is `None`).

use js_sys::Array;
use wasm_bindgen::JsValue;

use crate::{Value, Wire, WireError};

impl Wire for String {
    fn read(value: Value) -> Result<Self, WireError> {
        value.string()
    }
    fn write(&self) -> JsValue {
        JsValue::from_str(self)
    }
}

impl Wire for bool {
    fn read(value: Value) -> Result<Self, WireError> {
        value.bool()
    }
    fn write(&self) -> JsValue {
        JsValue::from_bool(*self)
    }
}

impl Wire for u32 {
    fn read(value: Value) -> Result<Self, WireError> {
        value.u32()
    }
    fn write(&self) -> JsValue {
        JsValue::from(*self)
    }
}

impl Wire for u64 {
    fn read(value: Value) -> Result<Self, WireError> {
        value.u64()
    }
    fn write(&self) -> JsValue {
        JsValue::from_f64(*self as f64)
    }
}

impl Wire for f64 {
    fn read(value: Value) -> Result<Self, WireError> {
        value.f64()
    }
    fn write(&self) -> JsValue {
        JsValue::from_f64(*self)
    }
}

impl<T: Wire> Wire for Option<T> {
    fn read(value: Value) -> Result<Self, WireError> {
        if value.is_null() {
            Ok(None)
        } else {
            T::read(value).map(Some)
        }
    }
    fn write(&self) -> JsValue {
        self.as_ref().map_or(JsValue::NULL, Wire::write)
    }
}

impl<T: Wire> Wire for Vec<T> {
    fn read(value: Value) -> Result<Self, WireError> {
        value.list(T::read)
    }
    fn write(&self) -> JsValue {
        self.iter().map(Wire::write).collect::<Array>().into()
    }
}
