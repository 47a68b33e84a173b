//! Suggests a reload once many replaced instances hold memory the page cannot free (their glue
//! was not built by `cargo xtask`, so it cannot let go of them).

use flotilla_host::Retired;
use web_sys::Element;

use crate::actions::Action;
use crate::dom::El;

/// "N module instances replaced … could not be released …; Reload to free it", once `after`
/// (not 0) instances that their glue could not let go of were replaced.
pub fn render(retired: Retired, after: u32) -> Option<Element> {
    let Retired {
        kept: instances,
        kept_bytes: wasm_bytes,
        ..
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
                "{instances} module instance{s} replaced since this page loaded \
                 could not be released, and still hold about {mb} MB. ",
                s = if instances == 1 { "" } else { "s" },
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
