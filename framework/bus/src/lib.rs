//! The page's runtime that modules share: an event bus and a store, carried over the DOM.
//!
//! The host installs it once per page as `globalThis.__flotillaRuntime` (an `EventTarget` for
//! the bus, the last event of each kind, and the store's `get`/`update` functions, whose state
//! lives in the installer's instance). A module's own page gets a stand-in with the same
//! behaviour from the standalone harness (`framework/module/standalone.js`). Nothing
//! Rust-level is shared: every message is a JSON-shaped object, read with flotilla-wire
//! against the reader's own schema, so modules built at different times interoperate;
//! whatever cannot be read is ignored with a console warning. Which events exist and what the
//! state holds is the page's schema, not this crate's.
#![deny(missing_docs)]

pub mod bus;
mod runtime;
pub mod store;
mod subscription;

pub use runtime::{copy, install, Schema};
pub use subscription::Subscription;

fn warn(message: &str) {
    web_sys::console::warn_1(&message.into());
}
