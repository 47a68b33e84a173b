//! A crash report (the detail of a module's crash event) read into the contract's type.

use flotilla_contract::crash::CrashReport;
use wasm_bindgen::JsValue;

use super::read::{Read, Value};

/// Reads a crash event's detail.
pub(crate) fn crash_report(detail: JsValue) -> Read<CrashReport> {
    let fields = Value::root(detail).object()?;
    Ok(CrashReport {
        module: fields.required("module", Value::string)?,
        instance: fields.optional("instance", Value::string)?,
        token: fields.optional("token", Value::string)?,
        message: fields.or_default("message", Value::string)?,
    })
}
