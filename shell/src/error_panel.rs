//! The error panel the shell shows wherever something could not be loaded (a slot, the
//! registry, the override panel): the error's code, what failed, why, and the way back.

use web_sys::Element;

use crate::dom::El;

/// `<div class="flotilla-error {class}" role="alert" data-code>`: the code and `title`, then
/// `message`, then `buttons`.
pub fn render(
    class: &str,
    code: &str,
    title: &str,
    message: &str,
    buttons: impl IntoIterator<Item = El>,
) -> Element {
    let panel = El::new("div")
        .class(&format!("flotilla-error {class}"))
        .attr("role", "alert")
        .attr("data-code", code)
        .child(
            El::new("p")
                .class("flotilla-error__title")
                .child(El::new("code").class("flotilla-error__code").text(code))
                .text(&format!(" {title}")),
        )
        .child(El::new("p").class("flotilla-error__message").text(message));
    buttons.into_iter().fold(panel, El::child).build()
}
