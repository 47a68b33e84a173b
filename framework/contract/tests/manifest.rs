//! Manifest parsing and validation against fixture files in `tests/data/`.

use flotilla_contract::{ContractError, Manifest, Problem};

fn load(name: &str) -> Result<Manifest, ContractError> {
    let path = format!("{}/tests/data/{name}", env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    Manifest::from_json(&text)
}

/// Asserts that the fixture is refused for the named field, and returns the message.
fn refused_at(name: &str, field: &str) -> String {
    let err = load(name).expect_err(name);
    assert_eq!(err.field_path(), Some(field), "{name}: {err}");
    let message = err.to_string();
    assert!(
        message.contains(field),
        "{name}: message {message:?} does not name {field}"
    );
    message
}

#[test]
fn ok_valid_manifest_reads_every_field() {
    let m = load("valid.json").unwrap();
    assert_eq!(m.name, "header-app");
    assert_eq!(m.version, "1.0.0");
    assert_eq!(m.exposes[0].export, "mount");
    assert_eq!(m.assets.js.file, "header-app-0a1b2c.js");
    assert_eq!(m.assets.wasm.size, 120_000);
    assert_eq!(m.assets.css.len(), 1);
    assert_eq!(
        m.exposed(Some("Header")).map(|e| e.export.as_str()),
        Some("mount")
    );
    assert_eq!(m.exposed(None).map(|e| e.name.as_str()), Some("Header"));
    assert!(m.exposed(Some("Footer")).is_none());
}

#[test]
fn ok_css_is_optional() {
    assert!(load("no_css_field.json").unwrap().assets.css.is_empty());
}

#[test]
fn ok_round_trips_through_json() {
    let m = load("valid.json").unwrap();
    let text = serde_json::to_string(&m).unwrap();
    assert_eq!(Manifest::from_json(&text).unwrap(), m);
}

#[test]
fn err_unsupported_schema_names_versions() {
    let err = load("bad_schema.json").unwrap_err();
    assert_eq!(
        err,
        ContractError::UnsupportedSchema {
            found: 7,
            supported: vec![1]
        }
    );
    assert_eq!(
        err.to_string(),
        "`schema_version` is 7; this host reads [1]"
    );
}

#[test]
fn err_unsupported_abi_names_versions() {
    let err = load("bad_abi.json").unwrap_err();
    assert_eq!(
        err,
        ContractError::UnsupportedAbi {
            found: 2,
            supported: vec![1]
        }
    );
}

#[test]
fn err_identity_fields() {
    refused_at("bad_name.json", "name");
    refused_at("bad_version.json", "version");
    refused_at("bad_build_time.json", "build_time");
}

#[test]
fn err_exposes() {
    let msg = refused_at("no_exposes.json", "exposes");
    assert!(msg.contains("must not be empty"));
    let msg = refused_at("dup_exposes.json", "exposes[1].name");
    assert!(msg.contains("\"Header\" appears twice"));
    refused_at("bad_export.json", "exposes[0].export");
}

#[test]
fn err_code_urls_must_be_plain_relative_paths() {
    let msg = refused_at("js_url_scheme.json", "assets.js.file");
    assert!(msg.contains("javascript:alert(1).js"), "{msg}");
    refused_at("data_url.json", "assets.wasm.file");
    refused_at("path_escape.json", "assets.wasm.file");
    refused_at("absolute_path.json", "assets.js.file");
    let msg = refused_at("wrong_extension.json", "assets.wasm.file");
    assert!(msg.contains(".wasm"), "{msg}");
}

#[test]
fn err_integrity_must_be_sha384() {
    refused_at("md5_integrity.json", "assets.wasm.integrity");
    refused_at("short_integrity.json", "assets.js.integrity");
    refused_at("css_integrity.json", "assets.css[0].integrity");
    refused_at("zero_size.json", "assets.js.size");
}

#[test]
fn err_missing_field_is_named() {
    let err = load("missing_wasm.json").unwrap_err();
    assert!(matches!(err, ContractError::Malformed(_)), "{err:?}");
    assert!(err.to_string().contains("missing field `wasm`"), "{err}");
}

#[test]
fn err_truncated_text_is_malformed() {
    let err = load("truncated.json").unwrap_err();
    assert!(matches!(err, ContractError::Malformed(_)), "{err:?}");
    assert!(err.to_string().contains("EOF"), "{err}");
}

#[test]
fn err_oversized_text_is_refused_before_parsing() {
    let text = format!("{{\"pad\":\"{}\"}}", "x".repeat(70 * 1024));
    let err = Manifest::from_json(&text).unwrap_err();
    assert!(
        matches!(err, ContractError::TooLarge { limit: 65536, .. }),
        "{err:?}"
    );
}

#[test]
fn err_field_problem_is_readable() {
    let p = Problem::Format {
        expected: "a thing",
        found: "other".into(),
    };
    assert_eq!(p.to_string(), "expected a thing, found \"other\"");
}
