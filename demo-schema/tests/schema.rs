//! Bus event and shared-state schemas: what old and new modules can read of each other, read
//! and written as the bus does (flotilla-wire), in headless Chromium (`cargo xtask test`).
#![cfg(target_arch = "wasm32")]

use demo_schema::{ImageShown, SharedState, StatePatch, Theme};
use flotilla_contract::bus::Envelope;
use flotilla_wire::from_text;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

#[wasm_bindgen_test]
fn ok_a_newer_event_with_unknown_fields_is_read() {
    let wire = r#"{
        "v": 2, "source": "home-app",
        "data": { "title": "Coffee", "credit": "CC0", "url": "http://x/c.jpg", "license": "CC0-1.0" }
    }"#;
    let e: Envelope<ImageShown> = from_text(wire).unwrap();
    assert_eq!(e.v, 2);
    assert_eq!(e.data.title, "Coffee");
}

#[wasm_bindgen_test]
fn err_an_event_missing_a_field_is_refused_by_name() {
    let wire = r#"{ "v": 1, "source": "x", "data": { "title": 5 } }"#;
    let err = from_text::<Envelope<ImageShown>>(wire).unwrap_err();
    assert_eq!(
        err.to_string(),
        "field `data.title`: expected a string, found the number 5"
    );
    let wire = r#"{ "v": 1, "source": "x", "data": { "title": "t", "credit": "c" } }"#;
    let err = from_text::<Envelope<ImageShown>>(wire).unwrap_err();
    assert_eq!(err.to_string(), "field `data.url` is missing");
}

#[wasm_bindgen_test]
fn ok_state_reads_older_and_newer_shapes() {
    let older: SharedState = from_text(r#"{ "theme": "dark" }"#).unwrap();
    assert_eq!(older.theme, Theme::Dark);
    assert_eq!(older.images_viewed, 0, "missing field takes its default");
    let newer: SharedState =
        from_text(r#"{ "images_viewed": 3, "user": "ada", "font": 2 }"#).unwrap();
    assert_eq!(newer.images_viewed, 3);
    assert_eq!(newer.theme, Theme::Light);
}

#[wasm_bindgen_test]
fn err_state_with_a_bad_theme_is_refused() {
    let err = from_text::<SharedState>(r#"{ "theme": "purple" }"#).unwrap_err();
    assert_eq!(
        err.to_string(),
        r#"field `theme`: expected one of "light", "dark", found the string "purple""#
    );
}

#[wasm_bindgen_test]
fn ok_patch_carries_only_what_changes() {
    let patch = StatePatch {
        theme: Some(Theme::Dark),
        ..Default::default()
    };
    let text = js_sys::JSON::stringify(&flotilla_wire::to_js(&patch)).unwrap();
    assert_eq!(String::from(text), r#"{"theme":"dark"}"#);
    assert_eq!(Theme::Dark.toggled(), Theme::Light);
}

#[wasm_bindgen_test]
fn a_full_list_of_favorites_fits_one_patch() {
    let favorites = (0..demo_schema::MAX_FAVORITES)
        .map(|n| demo_schema::Favorite {
            title: format!("A photograph with a long enough title, number {n}"),
            credit: "Someone Somewhere, CC BY-SA 4.0, via Wikimedia Commons".into(),
            url: format!("http://127.0.0.1:3001/images/catalog/photograph-number-{n}.jpg"),
        })
        .collect();
    let patch = StatePatch {
        favorites: Some(favorites),
        ..Default::default()
    };
    let bytes = js_sys::JSON::stringify(&flotilla_wire::to_js(&patch))
        .unwrap()
        .length();
    assert!(
        bytes < flotilla_contract::bus::MAX_PATCH_BYTES,
        "{bytes} bytes"
    );
}
