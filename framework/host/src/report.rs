//! Console lines for failures and ignored overrides. A failure's message (its `Display`:
//! module, URL, cause) is formatted by code the page fetches when the first failure happens
//! (the `report` chunk of a split build), not by startup code; if that code cannot be loaded,
//! the line still has the error's code.

use std::rc::Rc;

use crate::error::HostError;
use crate::lazy::ChunkMissing;
use crate::overrides::Refusal;

/// Warns `flotilla: {code}: {message}` on the console, after the current task.
pub fn warn(error: impl Into<Rc<HostError>>) {
    warn_shared(String::new(), error.into(), String::new());
}

/// Warns `flotilla: {before}{code}: {message}{after}` on the console, after the current task.
pub(crate) fn warn_with(before: String, error: impl Into<Rc<HostError>>, after: String) {
    warn_shared(before, error.into(), after);
}

fn warn_shared(before: String, error: Rc<HostError>, after: String) {
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

/// Warns `flotilla: override of {slot} ignored: {why}` on the console, after the current task.
pub(crate) fn ignored_override(slot: String, why: Refusal) {
    wasm_bindgen_futures::spawn_local(async move {
        if override_line(&slot, &why).await.is_err() {
            crate::js::warn(&format!(
                "flotilla: override of {slot} ignored (the reason could not be loaded)"
            ));
        }
    });
}

crate::lazy_fn! {
    /// Formats and writes the line (its code is in the `report` chunk).
    fn override_line[report](slot: &str, why: &Refusal) -> Result<(), ChunkMissing> {
        crate::js::warn(&format!("flotilla: override of {slot} ignored: {why}"));
        Ok(())
    }
}
