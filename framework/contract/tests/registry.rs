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

#[test]
fn ok_loading_policy_defaults_when_absent_and_reads_when_given() {
    let r = Registry::from_json(GOOD).unwrap();
    assert_eq!(r.loading, flotilla_contract::LoadPolicy::default());
    let text = GOOD.replace(
        "\"allowed_origins\"",
        r#""loading": { "timeouts": { "manifest_ms": 800 }, "retry": { "attempts": 1 } }, "allowed_origins""#,
    );
    let r = Registry::from_json(&text).unwrap();
    assert_eq!(r.loading.timeouts.manifest_ms, 800);
    assert_eq!(
        r.loading.timeouts.fetch_ms, 20_000,
        "unset fields keep defaults"
    );
    assert_eq!(r.loading.retry.attempts, 1);
}

#[test]
fn err_loading_policy_out_of_range_or_misspelt_is_named() {
    let with = |loading: &str| {
        GOOD.replace(
            "\"allowed_origins\"",
            &format!("\"loading\": {loading}, \"allowed_origins\""),
        )
    };
    let err = Registry::from_json(&with(r#"{ "timeouts": { "init_ms": 0 } }"#)).unwrap_err();
    assert_eq!(err.field_path(), Some("loading.timeouts.init_ms"), "{err}");
    assert!(err.to_string().contains("0 is outside 1..=120000"), "{err}");
    let err = Registry::from_json(&with(r#"{ "retry": { "attempts": 99 } }"#)).unwrap_err();
    assert_eq!(err.field_path(), Some("loading.retry.attempts"), "{err}");
    let err = Registry::from_json(&with(r#"{ "retry": { "atempts": 2 } }"#)).unwrap_err();
    assert!(err.to_string().contains("atempts"), "{err}");
}

#[test]
fn ok_allow_list_entries_compare_without_trailing_slash_or_case() {
    let text = GOOD.replace(
        "\"http://127.0.0.1:3000\"",
        "\"http://127.0.0.1:3000/\", \"https://Modules.Example\"",
    );
    let r = Registry::from_json(&text).unwrap();
    assert_eq!(r.allowed_origins[0], "http://127.0.0.1:3000");
    assert!(r.allows("http://127.0.0.1:3000"));
    assert!(r.allows("http://127.0.0.1:3001/"));
    assert!(r.allows("https://modules.example"));
    assert!(!r.allows("http://127.0.0.1:3002"));
}

#[test]
fn err_allow_list_entry_with_a_path_is_named() {
    let text = GOOD.replace(
        "\"http://127.0.0.1:3001\"",
        "\"http://127.0.0.1:3001/modules\"",
    );
    let err = Registry::from_json(&text).unwrap_err();
    assert_eq!(err.field_path(), Some("allowed_origins[1]"));
    assert!(err.to_string().contains("no path"), "{err}");
}

#[test]
fn err_allow_list_entry_that_could_widen_a_csp_is_refused() {
    for bad in [
        "http://x; object-src *",
        "http://x;object-src",
        "http://bücher.example",
        "http://x:99999999",
        "http://user@x",
    ] {
        let text = GOOD.replace("\"http://127.0.0.1:3001\"", &format!("{bad:?}"));
        let err = Registry::from_json(&text).unwrap_err();
        assert_eq!(err.field_path(), Some("allowed_origins[1]"), "{bad}");
    }
    for good in [
        "http://[::1]:3001",
        "https://cdn.example.com",
        "http://localhost:3001/",
    ] {
        let text = GOOD.replace("\"http://127.0.0.1:3001\"", &format!("{good:?}"));
        assert!(Registry::from_json(&text).is_ok(), "{good}");
    }
}

#[test]
fn ok_routes_and_prefetch_are_read() {
    let text = GOOD.replace(
        "\"slot\": \"content\",",
        "\"slot\": \"content\", \"routes\": [\"/\", \"/photos/:id\"], \"prefetch\": \"hover\",",
    );
    let r = Registry::from_json(&text).unwrap();
    assert_eq!(r.remotes[1].routes, ["/", "/photos/:id"]);
    assert_eq!(
        r.remotes[1].prefetch,
        flotilla_contract::policy::Prefetch::Hover
    );
    assert!(r.remotes[1].active_on("/photos/7") && !r.remotes[1].active_on("/favorites"));
    assert!(
        r.remotes[0].active_on("/favorites"),
        "no routes: always active"
    );
}

#[test]
fn err_a_bad_route_is_named() {
    let text = GOOD.replace(
        "\"slot\": \"content\",",
        "\"slot\": \"content\", \"routes\": [\"/\", \"favorites\"],",
    );
    let err = Registry::from_json(&text).unwrap_err();
    assert_eq!(err.field_path(), Some("remotes[1].routes[1]"), "{err}");
    let text = GOOD.replace(
        "\"slot\": \"content\",",
        "\"slot\": \"content\", \"prefetch\": \"always\",",
    );
    assert!(Registry::from_json(&text).is_err());
}
