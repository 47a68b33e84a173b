//! A few lines of DOM building. The shell's UI is a handful of panels and buttons: written
//! against the DOM directly, it costs a few KB, where a UI framework would cost the shell
//! ~55 KB brotli at startup (measured with Yew).

use web_sys::{Document, Element};

use crate::actions::Action;

/// The page's document.
pub fn document() -> Document {
    web_sys::window()
        .and_then(|w| w.document())
        .expect("the shell runs in a page")
}

/// An element under construction.
pub struct El(Element);

impl El {
    /// A new `<tag>`.
    pub fn new(tag: &str) -> El {
        El(document().create_element(tag).expect("a valid tag name"))
    }

    /// Sets the `class` attribute.
    pub fn class(self, class: &str) -> El {
        self.0.set_class_name(class);
        self
    }

    /// Sets an attribute.
    pub fn attr(self, name: &str, value: &str) -> El {
        let _ = self.0.set_attribute(name, value);
        self
    }

    /// Appends text.
    pub fn text(self, text: &str) -> El {
        let _ = self.0.append_with_str_1(text);
        self
    }

    /// Appends a child.
    pub fn child(self, child: impl Into<Element>) -> El {
        let _ = self.0.append_with_node_1(&child.into());
        self
    }

    /// Makes a click on it (or inside it) perform `action` for `slot` (see [`crate::actions`]).
    pub fn action(self, action: Action, slot: &str) -> El {
        self.attr("data-flotilla-action", action.as_str())
            .attr("data-slot", slot)
    }

    /// The element.
    pub fn build(self) -> Element {
        self.0
    }
}

impl From<El> for Element {
    fn from(el: El) -> Element {
        el.0
    }
}

/// Replaces `parent`'s children with `children`.
pub fn show(parent: &Element, children: impl IntoIterator<Item = Element>) {
    parent.set_text_content(None);
    for child in children {
        let _ = parent.append_with_node_1(&child);
    }
}
