//! The host's side of the wire: the registry, manifests and crash reports it receives, read
//! with flotilla-wire from what the browser's `JSON.parse` made (or an event's detail) into the
//! contract's types, and the mount context it sends, written as a plain object. No serde in
//! the host's code. Errors name the field (``field `remotes[1].slot`: expected a string,
//! found the number 7``).

#[cfg(all(test, target_arch = "wasm32"))]
mod tests;

use flotilla_contract::context::MountContext;
use flotilla_contract::crash::CrashReport;
use flotilla_contract::Manifest;
use wasm_bindgen::JsValue;

use crate::props::{Props, Registry};

/// Parses registry text (`JSON.parse`) and reads it; not yet validated.
pub(crate) fn registry(text: &str) -> Result<Registry, String> {
    Ok(flotilla_wire::from_text(text)?)
}

/// Parses manifest text (`JSON.parse`) and reads it; not yet validated.
pub(crate) fn manifest(text: &str) -> Result<Manifest, String> {
    Ok(flotilla_wire::from_text(text)?)
}

/// Reads a crash event's detail.
pub(crate) fn crash_report(detail: JsValue) -> Result<CrashReport, String> {
    Ok(flotilla_wire::from_js(detail)?)
}

/// `context` as the plain object a mount function receives (camelCase fields), with its own
/// copy of the props.
pub(crate) fn mount_context(context: &MountContext<Props>) -> JsValue {
    flotilla_wire::to_js(context)
}
