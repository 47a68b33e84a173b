//! Page-wide figures: what module swaps leave behind, and when the host and each load ran.
//!
//! What module swaps leave behind: an ES module and its wasm instance cannot be unloaded: the
//! browser's module map keeps every imported glue module, and with it its instance and linear
//! memory. So every unmounted instance stays in memory until the page reloads; the host counts
//! them, so a UI can suggest a reload once there are many.

/// Instances unmounted since the page loaded, and their linear memory.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Retired {
    /// How many.
    pub instances: u32,
    /// Their linear memory when they were initialised, in bytes.
    pub wasm_bytes: u64,
}

impl Retired {
    /// The totals with one more instance of `wasm_bytes`.
    pub fn plus(self, wasm_bytes: u64) -> Self {
        Retired {
            instances: self.instances + 1,
            wasm_bytes: self.wasm_bytes + wasm_bytes,
        }
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
