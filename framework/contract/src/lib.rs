//! The contract between a Flotilla host and its modules: only what crosses the boundary.
//!
//! - [`manifest`]: what a module publishes about one build (`mf-manifest.json`), and its checks.
//! - [`registry`]: what a page loads (`remotes.json`): which module goes into which slot.
//! - [`policy`]: timeouts, retries and update watching a host applies.
//! - [`route`]: the path patterns on which a remote is active.
//! - [`abi`]: the names and versions both sides of the mount call agree on.
//! - [`context`]: what a host hands a module at mount; [`crash`]: what a module reports when
//!   it panics.
//! - [`bus`]: the wire shape of bus events and shared-state changes (schemas live elsewhere).
//! - [`codes`]: every error code a host shows, with its title and meaning.
//! - [`text`]: quoting values in messages without `Debug`.
//!
//! Pure Rust and serde: no browser types, so it builds for the host, modules and tooling alike.
#![deny(missing_docs)]

pub mod abi;
pub mod bus;
pub mod codes;
pub mod context;
pub mod crash;
pub mod error;
pub mod manifest;
pub mod policy;
#[cfg(feature = "json")]
pub mod registry;
pub mod route;
pub mod text;
mod validate;

pub use codes::ErrorCode;
pub use error::{ContractError, Problem};
pub use manifest::Manifest;
pub use policy::LoadPolicy;
#[cfg(feature = "json")]
pub use registry::Registry;
