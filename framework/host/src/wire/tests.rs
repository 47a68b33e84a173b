//! The wire readers against serde's (the tooling's) on the same text, in headless Chromium
//! (`cargo xtask test`): same values when both read, both refusing when one does, and errors
//! that name the field.

use flotilla_contract::registry::JsonProps;
use flotilla_contract::{ContractError, Manifest};
use wasm_bindgen::JsValue;
use wasm_bindgen_test::*;

use crate::props::Registry;

wasm_bindgen_test_configure!(run_in_browser);

macro_rules! fixtures {
    ($($name:literal),* $(,)?) => {
        [$(($name, include_str!(concat!("../../../contract/tests/data/", $name)))),*]
    };
}

/// Every manifest fixture of the contract's tests.
const MANIFESTS: [(&str, &str); 21] = fixtures!(
    "absolute_path.json",
    "bad_abi.json",
    "bad_build_time.json",
    "bad_export.json",
    "bad_name.json",
    "bad_schema.json",
    "bad_version.json",
    "css_integrity.json",
    "data_url.json",
    "dup_exposes.json",
    "js_url_scheme.json",
    "md5_integrity.json",
    "missing_wasm.json",
    "no_css_field.json",
    "no_exposes.json",
    "path_escape.json",
    "short_integrity.json",
    "truncated.json",
    "valid.json",
    "wrong_extension.json",
    "zero_size.json",
);

const REGISTRY: &str = r#"{
  "remotes": [
    { "name": "header-app", "manifest": "http://127.0.0.1:3000/mf-manifest.json", "slot": "header",
      "update": "auto", "prefetch": "hover", "routes": ["/", "/saved/*"], "expose": null,
        "keep_alive": true },
    { "name": "home-app", "manifest": "http://127.0.0.1:3001/mf-manifest.json", "slot": "content",
      "expose": "RandomImage", "props": { "source": "catalog", "nested": { "list": [1, 2.5, null, "x"] } },
      "a_field_from_a_newer_registry": true }
  ],
  "allowed_origins": ["http://127.0.0.1:3000", "http://127.0.0.1:3001/"],
  "loading": { "timeouts": { "manifest_ms": 800 }, "retry": { "attempts": 1, "max_delay_ms": 900 } },
  "updates": { "interval_ms": 1000, "suggest_reload_after": 0 },
  "offline": { "enabled": false }
}"#;

/// Registry texts that both readers refuse (the first is the change, the second its reason).
const BAD_REGISTRIES: [(&str, &str, &str); 13] = [
    (r#""slot": "header","#, r#""slot": 7,"#, "field `remotes[0].slot`: expected a string, found the number 7"),
    (r#""slot": "header","#, "", "field `remotes[0].slot` is missing"),
    (r#""update": "auto""#, r#""update": "sometimes""#, r#"field `remotes[0].update`: expected one of "auto", "prompt", "off", found the string "sometimes""#),
    (r#""manifest_ms": 800"#, r#""manifest_ms": 800.5"#, "field `loading.timeouts.manifest_ms`: expected a whole number"),
    (r#""manifest_ms": 800"#, r#""manifest_ms": -1"#, "field `loading.timeouts.manifest_ms`: expected a whole number"),
    (r#""manifest_ms": 800"#, r#""manifest_ms": 4294967296"#, "field `loading.timeouts.manifest_ms`: expected a whole number"),
    (r#""manifest_ms": 800"#, r#""manifest_ms": null"#, "field `loading.timeouts.manifest_ms`: expected a whole number from 0 to 4294967295, found null"),
    (r#""attempts": 1"#, r#""atempts": 1"#, "field `loading.retry`: unknown field `atempts`, expected one of attempts, base_delay_ms, max_delay_ms"),
    (r#""routes": ["/", "/saved/*"]"#, r#""routes": null"#, "field `remotes[0].routes`: expected a list, found null"),
    (r#""source": "catalog", "nested""#, r#""source": "catalog", "n""#, ""),
    (r#""props": { "source": "catalog", "nested": { "list": [1, 2.5, null, "x"] } }"#, r#""props": [1]"#, "field `remotes[1].props`: expected a JSON object"),
    (r#""enabled": false"#, r#""enabled": "no""#, r#"field `offline.enabled`: expected true or false, found the string "no""#),
    (r#""keep_alive": true"#, r#""keep_alive": 1"#, "field `remotes[0].keep_alive`: expected true or false, found the number 1"),
];

/// The registry as the tooling reads it (serde_json), validated the same way.
fn by_serde_registry(text: &str) -> Result<flotilla_contract::Registry, ContractError> {
    flotilla_contract::Registry::from_json(text)
}

fn by_wire_registry(text: &str) -> Result<Registry, ContractError> {
    Registry::parse_with(text, super::registry)
}

/// The JSON text of `props` as a mount receives them.
fn json_of(props: &crate::props::Props) -> String {
    use flotilla_wire::Wire;
    String::from(js_sys::JSON::stringify(&props.write()).unwrap())
}

/// The host's registry with its props as the tooling holds them, to compare.
fn as_tooling(registry: Registry) -> flotilla_contract::Registry {
    let remotes = registry
        .remotes
        .into_iter()
        .map(|r| flotilla_contract::registry::Remote {
            props: serde_json::from_str::<JsonProps>(&json_of(&r.props)).unwrap(),
            name: r.name,
            manifest: r.manifest,
            slot: r.slot,
            expose: r.expose,
            update: r.update,
            routes: r.routes,
            prefetch: r.prefetch,
            keep_alive: r.keep_alive,
        })
        .collect();
    flotilla_contract::Registry {
        remotes,
        allowed_origins: registry.allowed_origins,
        loading: registry.loading,
        updates: registry.updates,
        offline: registry.offline,
    }
}

#[wasm_bindgen_test]
fn every_manifest_fixture_reads_as_serde_reads_it() {
    for (name, text) in MANIFESTS {
        let by_serde = Manifest::from_json(text);
        let by_wire = Manifest::parse_with(text, super::manifest);
        match (&by_serde, &by_wire) {
            (Ok(a), Ok(b)) => assert_eq!(a, b, "{name}"),
            // Both refuse as malformed; the messages differ (the wire's names the field).
            (Err(ContractError::Malformed(_)), Err(ContractError::Malformed(_))) => {}
            (a, b) => assert_eq!(a, b, "{name}: same validation error"),
        }
    }
    assert!(Manifest::parse_with(MANIFESTS[18].1, super::manifest).is_ok());
}

#[wasm_bindgen_test]
fn a_registry_with_every_field_reads_as_serde_reads_it() {
    let by_serde = by_serde_registry(REGISTRY).unwrap();
    let by_wire = by_wire_registry(REGISTRY).unwrap();
    assert_eq!(as_tooling(by_wire), by_serde);
    assert_eq!(by_serde.remotes[1].props["nested"]["list"][1], 2.5);
    assert_eq!(by_serde.loading.timeouts.manifest_ms, 800);
    assert!(!by_serde.offline.enabled);

    let minimal =
        r#"{"remotes": [{"name": "a", "manifest": "http://127.0.0.1:1/m.json", "slot": "s"}]}"#;
    assert_eq!(
        as_tooling(by_wire_registry(minimal).unwrap()),
        by_serde_registry(minimal).unwrap(),
        "defaults"
    );
}

#[wasm_bindgen_test]
fn a_bad_registry_is_refused_by_both_and_the_wire_names_the_field() {
    for (from, to, message) in BAD_REGISTRIES {
        assert!(REGISTRY.contains(from), "{from}");
        let text = REGISTRY.replacen(from, to, 1);
        let by_wire = by_wire_registry(&text);
        let by_serde = by_serde_registry(&text);
        if message.is_empty() {
            // A change both accept: the readers still agree.
            assert_eq!(as_tooling(by_wire.unwrap()), by_serde.unwrap(), "{to}");
            continue;
        }
        let error = by_wire.expect_err(to).to_string();
        assert!(error.contains(message), "{to}: {error}");
        assert!(by_serde.is_err(), "serde accepts {to}");
    }
    let not_json = by_wire_registry("{\"remotes\": [").unwrap_err().to_string();
    assert!(not_json.contains("SyntaxError"), "{not_json}");
    let list = by_wire_registry("[]").unwrap_err().to_string();
    assert!(
        list.contains("the document: expected an object, found a list"),
        "{list}"
    );
}

#[wasm_bindgen_test]
fn an_inherited_property_is_not_a_field() {
    // `constructor` is on every object's prototype; the reader must not see it as present.
    let text = r#"{"module": "m"}"#;
    let detail = js_sys::JSON::parse(text).unwrap();
    let report = super::crash_report(detail).unwrap();
    assert_eq!(report.instance(), "m");
    assert_eq!(report.message, "");
    assert_eq!(report.token, None);
    let text = r#"{"remotes": [{"name": "a", "manifest": "http://127.0.0.1:1/m.json"}]}"#;
    let error = by_wire_registry(&text.replace("\"name\"", "\"constructor\""))
        .unwrap_err()
        .to_string();
    assert!(
        error.contains("field `remotes[0].name` is missing"),
        "{error}"
    );
}

#[wasm_bindgen_test]
fn the_mount_context_is_a_plain_object_with_its_own_copy_of_the_props() {
    let registry = by_wire_registry(REGISTRY).unwrap();
    let props = &registry.remotes[1].props;
    let context = super::mount_context(&flotilla_contract::context::MountContext {
        module: "home-app".into(),
        asset_base: "http://127.0.0.1:3001/".into(),
        instance: Some("home-app#2".into()),
        token: None,
        props: props.clone(),
    });
    let json = js_sys::JSON::stringify(&context)
        .unwrap()
        .as_string()
        .unwrap();
    let read: flotilla_contract::context::MountContext<JsonProps> =
        serde_json::from_str(&json).unwrap();
    assert_eq!(read.module, "home-app");
    assert_eq!(read.asset_base, "http://127.0.0.1:3001/");
    assert_eq!(read.instance.as_deref(), Some("home-app#2"));
    assert_eq!(read.token, None);
    assert_eq!(read.props["source"], "catalog");

    let given = js_sys::Reflect::get(&context, &"props".into()).unwrap();
    js_sys::Reflect::set(&given, &"source".into(), &JsValue::from_str("changed")).unwrap();
    assert!(
        json_of(props).contains("\"catalog\""),
        "the registry's props are untouched"
    );
}
