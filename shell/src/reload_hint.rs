//! Suggests a reload once many replaced instances hold memory the page cannot free.

use flotilla_host::Retired;
use web_sys::Element;

use crate::actions::Action;
use crate::dom::El;

/// "N module instances were replaced …; Reload to free it", once `after` (not 0) instances
/// were replaced.
pub fn render(retired: Retired, after: u32) -> Option<Element> {
    let Retired {
        instances,
        wasm_bytes,
    } = retired;
    if after == 0 || instances < after {
        return None;
    }
    let mb = flotilla_contract::text::Tenths(wasm_bytes as f64 / 1_048_576.0);
    Some(
        El::new("p")
            .class("flotilla-reload")
            .attr("role", "status")
            .text(&format!(
                "{instances} module instances were replaced since this page loaded; \
                 browsers cannot unload them, and they still hold about {mb} MB. "
            ))
            .child(
                El::new("button")
                    .class("flotilla-reload__button")
                    .action(Action::Reload, "")
                    .text("Reload to free it"),
            )
            .build(),
    )
}
