//! Bus event and shared-state schemas: what old and new modules can read of each other.

use demo_schema::{ImageShown, SharedState, StatePatch, Theme};
use flotilla_contract::bus::Envelope;
use serde_json::json;

#[test]
fn ok_a_newer_event_with_unknown_fields_is_read() {
    let wire = json!({
        "v": 2, "source": "home-app",
        "data": { "title": "Coffee", "credit": "CC0", "url": "http://x/c.jpg", "license": "CC0-1.0" }
    });
    let e: Envelope<ImageShown> = serde_json::from_value(wire).unwrap();
    assert_eq!(e.v, 2);
    assert_eq!(e.data.title, "Coffee");
}

#[test]
fn err_an_event_missing_a_field_is_refused_by_name() {
    let wire = json!({ "v": 1, "source": "x", "data": { "title": 5 } });
    let err = serde_json::from_value::<Envelope<ImageShown>>(wire).unwrap_err();
    assert!(err.to_string().contains("expected a string"), "{err}");
}

#[test]
fn ok_state_reads_older_and_newer_shapes() {
    let older: SharedState = serde_json::from_value(json!({ "theme": "dark" })).unwrap();
    assert_eq!(older.theme, Theme::Dark);
    assert_eq!(older.images_viewed, 0, "missing field takes its default");
    let newer: SharedState =
        serde_json::from_value(json!({ "images_viewed": 3, "user": "ada", "font": 2 })).unwrap();
    assert_eq!(newer.images_viewed, 3);
    assert_eq!(newer.theme, Theme::Light);
}

#[test]
fn err_state_with_a_bad_theme_is_refused() {
    let err = serde_json::from_value::<SharedState>(json!({ "theme": "purple" })).unwrap_err();
    assert!(err.to_string().contains("purple"), "{err}");
}

#[test]
fn ok_patch_carries_only_what_changes() {
    let patch = StatePatch {
        theme: Some(Theme::Dark),
        ..Default::default()
    };
    assert_eq!(
        serde_json::to_value(&patch).unwrap(),
        json!({ "theme": "dark" })
    );
    assert_eq!(Theme::Dark.toggled(), Theme::Light);
}
