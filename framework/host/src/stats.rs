//! What module swaps leave behind. An ES module and its wasm instance cannot be unloaded: the
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
