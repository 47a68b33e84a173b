//! Flotilla's host runtime: everything a page needs to compose itself from separately built
//! and deployed wasm modules, with no UI of its own and no UI framework.
//!
//! - [`Host`]: reads the registry, runs one task per slot and exposes `window.flotilla`.
//! - `loader`: the one load pipeline (allow-list -> manifest -> code -> init), verified.
//! - `slot`: each slot's DOM, task (load, swap, check, crash), mounting and update watch.
//! - [`events`]: the typed stream a UI subscribes to ([`HostEvent`], [`SlotStatus`]).
//! - `surface`: the one place that writes slot state into the DOM (`data-*` attributes).
//! - [`overrides`]: developer overrides of a slot's manifest URL (`localStorage`).
//! - `router`: navigation (links, history) and prefetch; slots mount by their routes.
//! - [`Tool`]: a module opened on demand outside the slots (the override panel).
//! - [`lazy`]: code fetched on first use ([`lazy_fn!`]), in the `split` build.
//! - [`report`]: failures on the console, their messages formatted by code fetched on the first.
//!
//! ```ignore
//! let host = flotilla_host::Host::start(flotilla_host::HostOptions::default());
//! let _subscription = host.subscribe(|event| {
//!     if let flotilla_host::HostEvent::Slot(status) = event {
//!         web_sys::console::log_1(&format!("{}: {}", status.slot, status.phase.name()).into());
//!     }
//! });
//! ```

mod api;
mod error;
pub mod events;
mod host;
mod js;
pub mod lazy;
mod loader;
pub mod longtasks;
pub mod overrides;
mod props;
mod registry;
pub mod report;
mod router;
mod slot;
mod stats;
mod surface;
mod tool;
mod wire;

pub use error::{Failure, HostError, LoadPhase};
pub use events::{EventSubscription, HostEvent, MountedInfo, SlotPhase, SlotStatus};
pub use flotilla_bus::Schema;
pub use host::{Composition, Host, HostOptions, OverrideError};
pub use loader::Timings;
pub use longtasks::LongTask;
pub use props::{Props, Registry, Remote};
pub use slot::Swapped;
pub use stats::{Retired, Span, Spans, Startup};
pub use tool::Tool;

/// What [`lazy_fn!`] expands to under the `split` feature.
#[doc(hidden)]
#[cfg(feature = "split")]
pub use wasm_split_helpers as __split;

/// Talc instead of Rust's default dlmalloc (the `talc` feature, on by default): smaller, faster.
#[cfg(all(
    feature = "talc",
    target_family = "wasm",
    not(target_feature = "atomics")
))]
#[global_allocator]
static ALLOCATOR: talc::wasm::WasmDynamicTalc = talc::wasm::new_wasm_dynamic_allocator();
