//! Mount and unmount through the ABI, in headless Chromium (`cargo xtask test`).

use flotilla_module::{MountContext, Mounted};
use wasm_bindgen_test::*;

use crate::Header;

wasm_bindgen_test_configure!(run_in_browser);

async fn next_frame() {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        web_sys::window()
            .unwrap()
            .set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, 10)
            .unwrap();
    });
    wasm_bindgen_futures::JsFuture::from(promise).await.unwrap();
}

#[wasm_bindgen_test]
async fn mounts_title_and_build_then_unmounts_cleanly() {
    let document = web_sys::window().unwrap().document().unwrap();
    let host = document.create_element("div").unwrap();
    document.body().unwrap().append_child(&host).unwrap();

    let mut mounted = Mounted::mount_with::<Header>(
        host.clone(),
        MountContext::new("header-app", "http://127.0.0.1:1/"),
    );
    next_frame().await;
    let title = host.query_selector("h1").unwrap().expect("a title");
    assert_eq!(title.text_content().unwrap(), "Flotilla");
    let build = host.query_selector(".fl-header__build").unwrap().unwrap();
    assert_eq!(
        build.text_content().unwrap(),
        format!("header-app v{}", crate::header::VERSION)
    );

    mounted.unmount();
    next_frame().await;
    assert_eq!(
        host.child_element_count(),
        0,
        "unmount leaves nothing behind"
    );
    mounted.unmount(); // a second unmount is harmless
}
