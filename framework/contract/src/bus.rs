//! The wire shape of the page's bus and store, shared by every side; the schemas (which
//! events exist, what the state holds) belong to the page's modules, not to this crate.
//!
//! Compatibility rule for a schema: it only ever gains fields, each with a default, and its
//! version goes up by one; a reader ignores fields it does not know, and a missing field takes
//! its default. An incompatible change needs a new event name.

use serde::{Deserialize, Serialize};

/// Global name of the runtime object the host installs (bus, retained events, store).
pub const RUNTIME_GLOBAL: &str = "__flotillaRuntime";

/// DOM event type of a shared-state change.
pub const STATE_EVENT: &str = "flotilla:state";

/// Largest store patch (as JSON text) the runtime accepts.
pub const MAX_PATCH_BYTES: u32 = 4096;

/// Largest whole shared state (as JSON text): a patch that would grow it past this is refused.
pub const MAX_STATE_BYTES: u32 = 16 * 1024;

/// Most store updates one source may make in a second; more are refused with a warning.
pub const MAX_UPDATES_PER_SECOND: u32 = 50;

/// Largest bus event (its `detail` as JSON text) a reader reads; larger ones are ignored.
pub const MAX_EVENT_BYTES: u32 = 16 * 1024;

/// An event that can be published on the bus (it travels with `flotilla_wire::Wire`, which
/// the bus asks for besides).
pub trait BusEvent: 'static {
    /// Name on the bus; the DOM event type is `flotilla:<NAME>`.
    const NAME: &'static str;
    /// Schema version this crate writes.
    const VERSION: u32;
}

/// The page's shared state as one module reads it: every field has a default (it travels
/// with `flotilla_wire::Wire`, which the store asks for besides).
pub trait SharedState: Default + Clone + PartialEq + 'static {}

/// DOM event type of a bus event.
pub fn dom_event_type(name: &str) -> String {
    format!("flotilla:{name}")
}

/// What travels in a bus event's `detail`: schema version, sender and data.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "wire", derive(flotilla_wire::Wire))]
pub struct Envelope<T> {
    /// Schema version the sender wrote.
    pub v: u32,
    /// Module that sent it, as the registry calls it.
    pub source: String,
    /// The event itself.
    pub data: T,
}

/// What travels in a [`STATE_EVENT`]'s `detail`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "wire", derive(flotilla_wire::Wire))]
pub struct StateChange<S> {
    /// Revision: one more for every accepted update.
    pub rev: u32,
    /// Module whose update this was.
    pub source: String,
    /// The whole state after the update.
    pub state: S,
}
