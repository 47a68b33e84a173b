//! What a slot shows when its module is not on screen (the error and a way back; a loading
//! slot's skeleton is the page's CSS) and, over a running module, a failed swap's notice or an
//! update on offer.

use flotilla_host::{Failure, SlotPhase, SlotStatus};
use web_sys::Element;

use crate::actions::Action;
use crate::dom::El;
use crate::error_panel;

/// Everything the slot's status area shows for `status` (nothing while a module runs quietly).
pub fn render(status: &SlotStatus) -> Vec<Element> {
    let mut parts: Vec<Element> = Vec::new();
    parts.extend(panel(status));
    if let Some(version) = &status.offered {
        parts.push(update_prompt(status, version));
    }
    if let Some(failure) = &status.notice {
        parts.push(swap_notice(&status.slot, failure));
    }
    parts
}

/// The error panel of a failed slot.
fn panel(status: &SlotStatus) -> Option<Element> {
    let module = &status.module;
    match &status.phase {
        SlotPhase::Loading | SlotPhase::Mounted | SlotPhase::Inactive => None,
        SlotPhase::Failed(Failure { error, attempts }) => {
            let (title, action) = if error.is_crash() {
                (format!("{module} crashed"), "Restart")
            } else {
                (format!("{module} could not be loaded"), "Retry")
            };
            let tries = if *attempts > 1 {
                format!(" (tried {attempts} times)")
            } else {
                String::new()
            };
            let retry = El::new("button")
                .class("flotilla-error__retry")
                .action(Action::Retry, &status.slot)
                .text(action);
            Some(error_panel::render(
                "",
                error.code().as_str(),
                &title,
                &format!("{error}{tries}"),
                [retry],
            ))
        }
    }
}

/// A failed swap: the old version is still mounted, so this is a notice, not an error panel.
fn swap_notice(slot: &str, failure: &Failure) -> Element {
    let error = &failure.error;
    let code = error.code().as_str();
    El::new("div")
        .class("flotilla-notice")
        .attr("role", "status")
        .attr("data-code", code)
        .child(El::new("code").class("flotilla-error__code").text(code))
        .text(&format!(
            " Update failed; the current version keeps running. {error}"
        ))
        .child(
            El::new("button")
                .class("flotilla-notice__dismiss")
                .action(Action::Dismiss, slot)
                .text("Dismiss"),
        )
        .build()
}

/// "A new version is available — Update", for slots whose update policy is `prompt`.
fn update_prompt(status: &SlotStatus, version: &str) -> Element {
    El::new("div")
        .class("flotilla-update")
        .attr("role", "status")
        .attr("data-version", version)
        .text(&format!("{} {version} is available.", status.module))
        .child(
            El::new("button")
                .class("flotilla-update__apply")
                .action(Action::Update, &status.slot)
                .text("Update"),
        )
        .build()
}
