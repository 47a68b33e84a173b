//! JSON-shaped JS values (what `JSON.parse` makes, an event's `detail`) read into Rust types
//! and written back, field by field, with the browser's own `JSON` and `Reflect`: what
//! Flotilla's wasm sides use instead of serde and serde-wasm-bindgen, whose generated code and
//! error formatting cost every app several kilobytes. Errors name the field that is wrong
//! (``field `remotes[1].slot`: expected a string, found the number 7``).
//!
//! ```ignore
//! #[derive(flotilla_wire::Wire)]
//! #[serde(rename_all = "camelCase")]   // or #[wire(...)]: the same attributes serde knows
//! struct Shown { title: String, image_url: Option<String> }
//!
//! let shown: Shown = flotilla_wire::from_js(detail)?;
//! let detail = flotilla_wire::to_js(&shown);
//! ```
//!
//! This crate is a boundary: its API takes and returns `JsValue`, so the crates above it need
//! not.
#![deny(missing_docs)]

// The derive names this crate by its path, inside it too.
extern crate self as flotilla_wire;

mod error;
mod impls;
mod read;
mod write;

pub use error::WireError;
pub use flotilla_wire_derive::Wire;
pub use read::{Fields, Value};
#[doc(hidden)]
pub use wasm_bindgen::JsValue;
pub use write::ObjectWriter;

/// A type that travels as a JSON-shaped JS value.
pub trait Wire: Sized {
    /// Reads `value`; the error names the field that is wrong.
    fn read(value: Value) -> Result<Self, WireError>;
    /// Writes `self` as a plain JS value (objects, lists, strings, numbers, booleans).
    fn write(&self) -> JsValue;
}

/// Reads a JS value (an event's detail, a parsed document) as `T`.
pub fn from_js<T: Wire>(value: JsValue) -> Result<T, WireError> {
    T::read(Value::root(value))
}

/// Parses JSON text with the browser's `JSON.parse` and reads it as `T`.
pub fn from_text<T: Wire>(text: &str) -> Result<T, WireError> {
    T::read(read::parse(text)?)
}

/// `value` as a plain JS value.
pub fn to_js<T: Wire>(value: &T) -> JsValue {
    value.write()
}

#[cfg(all(test, target_arch = "wasm32"))]
mod tests;
