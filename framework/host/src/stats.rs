//! Page-wide figures: what module swaps leave behind, and when the host and each load ran.
//!
//! What module swaps leave behind: the browser's module map keeps every imported glue module
//! for the page's life. A glue built by `cargo xtask` lets go of its instance when the host is
//! done with it (replaced, crashed), and the browser collects its memory; any other glue keeps
//! its instance, and its memory, until the page reloads. The host counts both, so a UI can
//! suggest a reload once many instances are kept.

use js_sys::WeakRef;
use js_sys::WebAssembly::Memory;

use crate::loader::Retiring;

/// Instances the host was done with since the page loaded, and their linear memory.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Retired {
    /// How many.
    pub instances: u32,
    /// Their linear memory when they were retired, in bytes.
    pub wasm_bytes: u64,
    /// How many of them their glue could not let go of (no
    /// [`flotilla_contract::abi::RELEASE_EXPORT`]): these keep their memory until the page
    /// reloads.
    pub kept: u32,
    /// Those instances' linear memory, in bytes.
    pub kept_bytes: u64,
}

/// The totals, and each retired instance's memory until the browser collects it.
#[derive(Default)]
pub(crate) struct RetiredLog {
    totals: Retired,
    memories: Vec<(WeakRef<Memory>, u64)>,
}

impl RetiredLog {
    /// Counts one more retired instance; returns the new totals.
    pub(crate) fn add(&mut self, retiring: Retiring) -> Retired {
        let t = &mut self.totals;
        t.instances += 1;
        t.wasm_bytes += retiring.wasm_bytes;
        if !retiring.releasable {
            t.kept += 1;
            t.kept_bytes += retiring.wasm_bytes;
        }
        if let Some(memory) = retiring.memory {
            self.memories.push((memory, retiring.wasm_bytes));
        }
        self.totals
    }

    /// The totals.
    pub(crate) fn totals(&self) -> Retired {
        self.totals
    }

    /// Linear memory of retired instances the browser has not collected yet, in bytes (it
    /// collects a released instance at a garbage collection of its own choosing).
    pub(crate) fn held_bytes(&mut self) -> u64 {
        self.memories.retain(|(memory, _)| memory.deref().is_some());
        self.memories.iter().map(|(_, bytes)| bytes).sum()
    }
}

/// When something ran, in `performance.now()` milliseconds: after navigation start, on the
/// same clock as the browser's resource timings and marks.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Span {
    /// When it began.
    pub start: f64,
    /// When it ended.
    pub end: f64,
}

impl Span {
    /// From `start` until now.
    pub(crate) fn since(start: f64) -> Self {
        Span {
            start,
            end: crate::js::now(),
        }
    }

    /// How long it took, in milliseconds.
    pub fn ms(&self) -> f64 {
        self.end - self.start
    }
}

/// When each phase of a slot's load ran (see [`crate::Timings`] for what each phase is).
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Spans {
    /// Fetching (or taking from the page's snapshot) and validating the manifest.
    pub manifest: Span,
    /// Fetching and verifying the code.
    pub fetch: Span,
    /// Importing the glue, compiling and instantiating the wasm.
    pub init: Span,
    /// Loading styles and mounting.
    pub mount: Span,
}

/// When the host started and when it had its registry.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Startup {
    /// When [`crate::Host::start`] was called.
    pub started: f64,
    /// When the registry was read and the slots started loading; `None` until then, or
    /// when it could not be read.
    pub registry: Option<f64>,
}
