//! The host's side of the wire: the registry, manifests and crash reports it receives, read
//! from what the browser's `JSON.parse` made (or an event's detail) field by field into the
//! contract's types, and the mount context it sends, written as a plain object. No serde in
//! the host: its generated readers and a JS deserializer cost the shell about 10 KB. Errors
//! name the field (`field `remotes[1].slot`: expected a string, found the number 7`).

mod context;
mod crash;
mod manifest;
mod read;
mod registry;
#[cfg(all(test, target_arch = "wasm32"))]
mod tests;

pub(crate) use context::mount_context;
pub(crate) use crash::crash_report;

use flotilla_contract::Manifest;

use crate::props::Registry;

/// Parses registry text (`JSON.parse`) and reads it; not yet validated.
pub(crate) fn registry(text: &str) -> Result<Registry, String> {
    registry::registry(read::parse(text)?)
}

/// Parses manifest text (`JSON.parse`) and reads it; not yet validated.
pub(crate) fn manifest(text: &str) -> Result<Manifest, String> {
    manifest::manifest(read::parse(text)?)
}
