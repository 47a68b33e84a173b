//! A few lines of DOM building: the panel's UI is one table, written against the DOM directly
//! instead of a UI framework (the shell's own UI is made the same way). Its listeners are
//! `flotilla_module::bus::Subscription`s, removed when dropped.

use web_sys::Element;

/// A new `<tag>` with `class` (none when empty) and `text`.
pub fn el(tag: &str, class: &str, text: &str) -> Element {
    let document = web_sys::window()
        .and_then(|w| w.document())
        .expect("the panel runs in a page");
    let el = document.create_element(tag).expect("a valid tag name");
    if !class.is_empty() {
        el.set_class_name(class);
    }
    if !text.is_empty() {
        el.set_text_content(Some(text));
    }
    el
}

/// Appends `children` to `parent`; returns `parent`.
pub fn with(parent: Element, children: &[&Element]) -> Element {
    for child in children {
        let _ = parent.append_with_node_1(child);
    }
    parent
}

/// Sets attribute `name` to `value`, or removes it when `None`.
pub fn set(el: &Element, name: &str, value: Option<&str>) {
    let _ = match value {
        Some(value) => el.set_attribute(name, value),
        None => el.remove_attribute(name),
    };
}

/// Shows or hides `el` (its `hidden` attribute).
pub fn hide(el: &Element, hidden: bool) {
    set(el, "hidden", hidden.then_some(""));
}

/// Sets `el`'s text unless it is already that (keeps a text selection across refreshes).
pub fn text(el: &Element, text: &str) {
    if el.text_content().as_deref() != Some(text) {
        el.set_text_content(Some(text));
    }
}
