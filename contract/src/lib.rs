//! The contract between a Flotilla host (the shell) and its modules.
//!
//! - [`manifest`]: what a module publishes about one build (`mf-manifest.json`), and its checks.
//! - [`registry`]: what a page loads (`remotes.json`): which module goes into which slot.
//! - [`policy`]: timeouts and retries a host applies while loading a module.
//! - [`events`]: typed bus events and the shared state modules exchange, with versions.
//! - [`abi`]: the names and versions both sides of the mount call agree on.
//! - `runtime` (feature `runtime`, wasm32): the page's bus and store, for host and modules.
//! - `module` (feature `module`, wasm32): how a Yew component is exposed as `mount(host, context)`.
#![deny(missing_docs)]

pub mod abi;
pub mod error;
pub mod events;
pub mod manifest;
pub mod policy;
#[cfg(feature = "json")]
pub mod registry;
mod validate;

#[cfg(feature = "module")]
pub mod module;
#[cfg(feature = "runtime")]
pub mod runtime;

pub use error::{ContractError, Problem};
pub use manifest::Manifest;
pub use policy::LoadPolicy;
#[cfg(feature = "json")]
pub use registry::Registry;
