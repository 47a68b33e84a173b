//! Console lines for failures. A failure's message (its `Display`: module, URL, cause) is
//! formatted by code the page fetches when the first failure happens (the `report` chunk of
//! a split build), not by startup code; if that code cannot be loaded, the line still has the
//! error's code.

use crate::error::HostError;
use crate::lazy::ChunkMissing;

/// Warns `flotilla: {code}: {message}` on the console, after the current task.
pub fn warn(error: HostError) {
    warn_with(String::new(), error, String::new());
}

/// Warns `flotilla: {before}{code}: {message}{after}` on the console, after the current task.
pub(crate) fn warn_with(before: String, error: HostError, after: String) {
    wasm_bindgen_futures::spawn_local(async move {
        if written(&before, &error, &after).await.is_err() {
            crate::js::warn(&format!(
                "flotilla: {before}{} (its message could not be loaded){after}",
                error.code()
            ));
        }
    });
}

crate::lazy_fn! {
    /// Formats and writes the line (its code is in the `report` chunk).
    fn written[report](before: &str, error: &HostError, after: &str) -> Result<(), ChunkMissing> {
        crate::js::warn(&format!("flotilla: {before}{}: {error}{after}", error.code()));
        Ok(())
    }
}
