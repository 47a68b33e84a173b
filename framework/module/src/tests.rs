//! A DOM view through the mount ABI's handle, in headless Chromium.

use wasm_bindgen::JsValue;
use wasm_bindgen_test::*;
use web_sys::Element;

use crate::{MountContext, Mounted, View};

wasm_bindgen_test_configure!(run_in_browser);

/// A view that shows its module's name and how many contexts it was handed.
struct Badge {
    el: Element,
    contexts: u32,
}

impl View for Badge {
    fn mount(host: Element, context: MountContext) -> Self {
        let el = host.owner_document().unwrap().create_element("p").unwrap();
        el.set_text_content(Some(&format!("{} 1", context.module)));
        host.append_child(&el).unwrap();
        Badge { el, contexts: 1 }
    }

    fn update(&mut self, context: MountContext) {
        self.contexts += 1;
        let text = format!("{} {}", context.module, self.contexts);
        self.el.set_text_content(Some(&text));
    }

    fn unmount(&mut self) {
        self.el.remove();
    }
}

fn host() -> Element {
    let document = web_sys::window().unwrap().document().unwrap();
    let host = document.create_element("div").unwrap();
    document.body().unwrap().append_child(&host).unwrap();
    host
}

fn context(json: &str) -> JsValue {
    js_sys::JSON::parse(json).unwrap()
}

#[wasm_bindgen_test]
fn a_view_mounts_takes_a_new_context_and_unmounts_through_the_handle() {
    let host = host();
    let sent = context(r#"{"module":"badge-app","assetBase":"http://127.0.0.1:1/badge/"}"#);
    let mut mounted = Mounted::mount_view::<Badge>(host.clone(), &sent).unwrap();
    assert_eq!(host.text_content().unwrap(), "badge-app 1");

    mounted.update(&sent).unwrap();
    assert_eq!(host.text_content().unwrap(), "badge-app 2");

    mounted.unmount();
    assert_eq!(
        host.child_element_count(),
        0,
        "unmount removes what mount added"
    );
    assert!(
        mounted.update(&sent).is_err(),
        "an update after unmount is refused"
    );
}

#[wasm_bindgen_test]
fn a_view_is_not_mounted_with_a_context_it_cannot_read() {
    let host = host();
    let bad = context(r#"{"module":7,"assetBase":"http://127.0.0.1:1/"}"#);
    let Err(error) = Mounted::mount_view::<Badge>(host.clone(), &bad) else {
        panic!("a context whose module is a number was accepted");
    };
    let message = js_sys::Error::from(JsValue::from(error)).message();
    assert!(
        String::from(message).contains("module"),
        "the error names the field"
    );
    assert_eq!(host.child_element_count(), 0);
}
