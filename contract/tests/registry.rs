//! Registry (`remotes.json`) parsing and validation.

use flotilla_contract::Registry;

const GOOD: &str = r#"{
  "remotes": [
    { "name": "header-app", "manifest": "http://127.0.0.1:3000/mf-manifest.json", "slot": "header" },
    { "name": "home-app", "manifest": "http://127.0.0.1:3001/mf-manifest.json", "slot": "content",
      "expose": "RandomImage", "props": { "source": "catalog" } }
  ],
  "allowed_origins": ["http://127.0.0.1:3000", "http://127.0.0.1:3001"]
}"#;

#[test]
fn ok_registry_reads_remotes_and_props() {
    let r = Registry::from_json(GOOD).unwrap();
    assert_eq!(r.remotes.len(), 2);
    assert_eq!(r.remotes[1].expose.as_deref(), Some("RandomImage"));
    assert_eq!(r.remotes[1].props["source"], "catalog");
    assert!(r.remotes[0].props.is_empty());
}

#[test]
fn err_duplicate_slot_is_named() {
    let text = GOOD.replace("\"slot\": \"content\"", "\"slot\": \"header\"");
    let err = Registry::from_json(&text).unwrap_err();
    assert_eq!(err.field_path(), Some("remotes[1].slot"));
}

#[test]
fn err_manifest_must_be_absolute_http() {
    for bad in [
        "javascript:alert(1)",
        "/mf-manifest.json",
        "ftp://x/m.json",
        "http:///m.json",
    ] {
        let text = GOOD.replace("http://127.0.0.1:3000/mf-manifest.json", bad);
        let err = Registry::from_json(&text).unwrap_err();
        assert_eq!(
            err.field_path(),
            Some("remotes[0].manifest"),
            "{bad}: {err}"
        );
    }
}

#[test]
fn err_empty_registry() {
    let err = Registry::from_json(r#"{"remotes": []}"#).unwrap_err();
    assert_eq!(err.field_path(), Some("remotes"));
}
