//! Mount, image, error state and unmount through the ABI, in headless Chromium.

use flotilla_module::{MountContext, Mounted};
use wasm_bindgen_test::*;

use crate::RandomImage;

wasm_bindgen_test_configure!(run_in_browser);

async fn wait_until(what: &str, check: impl Fn() -> bool) {
    for _ in 0..300 {
        if check() {
            return;
        }
        let promise = js_sys::Promise::new(&mut |resolve, _| {
            web_sys::window()
                .unwrap()
                .set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, 10)
                .unwrap();
        });
        wasm_bindgen_futures::JsFuture::from(promise).await.unwrap();
    }
    panic!("timed out waiting for {what}");
}

#[wasm_bindgen_test]
async fn picks_a_catalog_photo_under_the_asset_base_and_reports_a_failed_load() {
    let document = web_sys::window().unwrap().document().unwrap();
    let host = document.create_element("div").unwrap();
    document.body().unwrap().append_child(&host).unwrap();
    // Nothing listens on port 1: the image cannot load, so the error state must show.
    let base = "http://127.0.0.1:1/assets/";
    let mut mounted =
        Mounted::mount_with::<RandomImage>(host.clone(), MountContext::new("home-app", base));

    wait_until("an image element", || {
        host.query_selector("img").ok().flatten().is_some()
    })
    .await;
    let img = host.query_selector("img").unwrap().unwrap();
    let src = img.get_attribute("src").unwrap();
    assert!(
        src.starts_with("http://127.0.0.1:1/assets/images/"),
        "{src}"
    );
    assert!(!img.get_attribute("alt").unwrap().is_empty());
    assert_eq!(
        host.query_selector("h2")
            .unwrap()
            .unwrap()
            .text_content()
            .unwrap(),
        "Random Image"
    );

    let alert = || host.query_selector("[role=alert]").ok().flatten();
    wait_until("the error state", || alert().is_some()).await;
    let message = alert().unwrap().text_content().unwrap();
    assert!(
        message.contains("could not load image") && message.contains(&src),
        "{message}"
    );
    let button = host.query_selector("button").unwrap().unwrap();
    assert_eq!(
        button.get_attribute("disabled"),
        None,
        "the button is usable after a failure"
    );

    mounted.unmount();
    wait_until("an empty host", || host.child_element_count() == 0).await;
}
