//! `cargo xtask fuzz`: the parsers under `cargo fuzz`, for a bounded time per target.

use anyhow::Result;

/// Installs the pinned nightly and cargo-fuzz if missing, then fuzzes every target for `seconds` each.
pub fn run(seconds: u32) -> Result<()> {
    crate::fuzz::run(seconds)
}
