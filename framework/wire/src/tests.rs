//! The derive and the readers, in headless Chromium (`cargo xtask test`).

use wasm_bindgen::JsValue;
use wasm_bindgen_test::*;

use crate::{from_js, from_text, to_js, Wire, WireError};

wasm_bindgen_test_configure!(run_in_browser);

#[derive(Debug, Clone, Copy, PartialEq, Default, Wire)]
#[wire(rename_all = "lowercase")]
enum Theme {
    #[default]
    Light,
    Dark,
    #[wire(rename = "high-contrast")]
    HighContrast,
}

#[derive(Debug, Clone, PartialEq, Wire)]
#[wire(rename_all = "camelCase")]
struct Shown<T> {
    image_url: String,
    caption: Option<String>,
    #[wire(default)]
    theme: Theme,
    #[wire(default, skip_serializing_if = "Vec::is_empty")]
    tags: Vec<String>,
    size: u64,
    data: T,
}

#[derive(Debug, Clone, PartialEq, Wire)]
#[wire(default, deny_unknown_fields)]
struct Policy {
    every_ms: u32,
    on: bool,
}

impl Default for Policy {
    fn default() -> Self {
        Policy {
            every_ms: 500,
            on: true,
        }
    }
}

fn json<T: Wire>(value: &T) -> String {
    js_sys::JSON::stringify(&to_js(value))
        .unwrap()
        .as_string()
        .unwrap()
}

fn error<T: Wire + std::fmt::Debug>(text: &str) -> String {
    from_text::<T>(text).unwrap_err().to_string()
}

#[wasm_bindgen_test]
fn a_struct_reads_what_it_wrote() {
    let shown = Shown {
        image_url: "http://127.0.0.1:1/a.jpg".into(),
        caption: None,
        theme: Theme::HighContrast,
        tags: vec![],
        size: 9_007_199_254_740_991,
        data: Policy::default(),
    };
    let text = json(&shown);
    assert_eq!(
        text,
        r#"{"imageUrl":"http://127.0.0.1:1/a.jpg","theme":"high-contrast","size":9007199254740991,"data":{"everyMs":500,"on":true}}"#
            .replace("everyMs", "every_ms"),
        "camelCase keys, None and an empty list left out"
    );
    assert_eq!(from_text::<Shown<Policy>>(&text).unwrap(), shown);
    assert_eq!(from_js::<Shown<Policy>>(to_js(&shown)).unwrap(), shown);
}

#[wasm_bindgen_test]
fn absent_fields_take_their_defaults_and_null_is_none() {
    let shown: Shown<Policy> =
        from_text(r#"{"imageUrl": "u", "caption": null, "size": 1, "data": {"on": false}}"#)
            .unwrap();
    assert_eq!(shown.caption, None);
    assert_eq!(shown.theme, Theme::Light);
    assert_eq!(shown.tags, Vec::<String>::new());
    assert_eq!(
        shown.data,
        Policy {
            every_ms: 500,
            on: false
        }
    );
}

#[wasm_bindgen_test]
fn errors_name_the_field_and_what_was_found() {
    let base = r#"{"imageUrl": "u", "size": 1, "data": {}}"#;
    for (from, to, message) in [
        (r#""imageUrl": "u""#, r#""imageUrl": 7"#, "field `imageUrl`: expected a string, found the number 7"),
        (r#""imageUrl": "u", "#, "", "field `imageUrl` is missing"),
        (r#""size": 1"#, r#""size": 1.5"#, "field `size`: expected a whole number from 0 to 9007199254740991, found the number 1.5"),
        (r#""size": 1"#, r#""size": -1"#, "field `size`: expected a whole number"),
        (r#""size": 1"#, r#""size": 1, "theme": "dim""#, r#"field `theme`: expected one of "light", "dark", "high-contrast", found the string "dim""#),
        (r#""size": 1"#, r#""size": 1, "tags": ["a", null]"#, "field `tags[1]`: expected a string, found null"),
        (r#""data": {}"#, r#""data": {"every": 1}"#, "field `data`: unknown field `every`, expected one of every_ms, on"),
        (r#""data": {}"#, r#""data": {"on": "yes"}"#, r#"field `data.on`: expected true or false, found the string "yes""#),
        (r#""data": {}"#, r#""data": []"#, "field `data`: expected an object, found a list []"),
    ] {
        assert!(base.contains(from), "{from}");
        let text = base.replacen(from, to, 1);
        let got = error::<Shown<Policy>>(&text);
        assert!(got.contains(message), "{text}: {got}");
    }
    assert!(error::<Policy>("[1]").contains("the document: expected an object, found a list [1]"));
    assert!(error::<Policy>("{").starts_with("SyntaxError: "));
}

#[wasm_bindgen_test]
fn an_inherited_property_is_not_a_field() {
    let error: WireError =
        from_text::<Shown<Policy>>(r#"{"constructor": "x", "size": 1, "data": {}}"#).unwrap_err();
    assert_eq!(error.to_string(), "field `imageUrl` is missing");
    let not_object = from_js::<Policy>(JsValue::from_str("x")).unwrap_err();
    assert!(not_object.to_string().contains("found the string \"x\""));
}

#[derive(Debug, PartialEq, Wire)]
#[serde(bound = "", rename_all = "camelCase", deny_unknown_fields)]
struct Spelled {
    r#type: String,
    _lead_in: Option<u32>,
}

#[derive(Debug, Clone, Copy, PartialEq, Wire)]
#[serde(rename_all = "camelCase")]
enum Kind {
    FooBar,
    Baz,
}

#[wasm_bindgen_test]
fn names_are_spelled_as_serde_spells_them() {
    let read: Spelled = from_text(r#"{"type": "t", "leadIn": 3}"#).unwrap();
    assert_eq!(
        read,
        Spelled {
            r#type: "t".into(),
            _lead_in: Some(3)
        }
    );
    // `bound` does not swallow the attributes after it.
    let error = error::<Spelled>(r#"{"type": "t", "extra": 1}"#);
    assert!(error.contains("unknown field `extra`"), "{error}");
    assert_eq!(from_text::<Kind>(r#""fooBar""#).unwrap(), Kind::FooBar);
    assert_eq!(json(&Kind::Baz), r#""baz""#);
}

#[wasm_bindgen_test]
fn undefined_is_absent() {
    let object = js_sys::Object::new();
    let set = |key: &str, value: JsValue| {
        js_sys::Reflect::set(&object, &key.into(), &value).unwrap();
    };
    set("imageUrl", JsValue::UNDEFINED);
    set("caption", JsValue::UNDEFINED);
    set("size", JsValue::from(1));
    set("data", js_sys::Object::new().into());
    let error = from_js::<Shown<Policy>>(object.clone().into()).unwrap_err();
    assert_eq!(error.to_string(), "field `imageUrl` is missing");
    set("imageUrl", JsValue::from_str("u"));
    let shown = from_js::<Shown<Policy>>(object.into()).unwrap();
    assert_eq!(shown.caption, None);
}
