//! A JSON-shaped JS value read field by field; every error names the field's path.

use js_sys::{Array, Object, Reflect, JSON};
use wasm_bindgen::{JsCast, JsValue};

use crate::{Wire, WireError};

/// Largest whole number a JS number holds exactly (2^53 - 1).
const MAX_SAFE_INTEGER: f64 = 9_007_199_254_740_991.0;

/// Characters of a wrong value's JSON an error shows.
const SHOWN_CHARS: usize = 60;

/// Parses JSON text with the browser's `JSON.parse` into a value to read from its root.
pub(crate) fn parse(text: &str) -> Result<Value, WireError> {
    JSON::parse(text).map(Value::root).map_err(|e| {
        let error = e.unchecked_into::<js_sys::Error>();
        WireError::new(format!(
            "{}: {}",
            String::from(error.name()),
            String::from(error.message())
        ))
    })
}

/// One value, and where it sits in the document.
pub struct Value {
    value: JsValue,
    path: String,
}

impl Value {
    /// The whole document (or event detail).
    pub fn root(value: JsValue) -> Self {
        Value {
            value,
            path: String::new(),
        }
    }

    /// The error for a value that is not `expected`.
    pub fn wrong(&self, expected: &str) -> WireError {
        WireError::new(format!(
            "{}: expected {expected}, found {}",
            place(&self.path),
            found(&self.value)
        ))
    }

    /// A plain object (not a list, not null), to read its fields.
    pub fn object(self) -> Result<Fields, WireError> {
        if self.is_plain_object() {
            Ok(Fields(self))
        } else {
            Err(self.wrong("an object"))
        }
    }

    /// Whether it is a plain object (not a list, not null).
    pub fn is_plain_object(&self) -> bool {
        self.value.is_object() && !Array::is_array(&self.value)
    }

    /// Whether it is `null` or `undefined`.
    pub fn is_null(&self) -> bool {
        self.value.is_null() || self.value.is_undefined()
    }

    /// A string.
    pub fn string(self) -> Result<String, WireError> {
        self.value.as_string().ok_or_else(|| self.wrong("a string"))
    }

    /// `true` or `false`.
    pub fn bool(self) -> Result<bool, WireError> {
        self.value
            .as_bool()
            .ok_or_else(|| self.wrong("true or false"))
    }

    /// A number.
    pub fn f64(self) -> Result<f64, WireError> {
        self.value.as_f64().ok_or_else(|| self.wrong("a number"))
    }

    /// A whole number from 0 to `u32::MAX`.
    pub fn u32(self) -> Result<u32, WireError> {
        self.whole(f64::from(u32::MAX), "a whole number from 0 to 4294967295")
            .map(|n| n as u32)
    }

    /// A whole number from 0 to 2^53 - 1 (what a JS number holds exactly).
    pub fn u64(self) -> Result<u64, WireError> {
        self.whole(
            MAX_SAFE_INTEGER,
            "a whole number from 0 to 9007199254740991",
        )
        .map(|n| n as u64)
    }

    fn whole(&self, max: f64, expected: &str) -> Result<f64, WireError> {
        match self.value.as_f64() {
            Some(n) if (0.0..=max).contains(&n) && n.fract() == 0.0 => Ok(n),
            _ => Err(self.wrong(expected)),
        }
    }

    /// Which of the strings `names` it is (its index).
    pub fn variant(self, names: &[&str]) -> Result<usize, WireError> {
        let text = self.value.as_string();
        names
            .iter()
            .position(|name| Some(*name) == text.as_deref())
            .ok_or_else(|| {
                let mut expected = String::from("one of ");
                for (i, name) in names.iter().enumerate() {
                    if i > 0 {
                        expected.push_str(", ");
                    }
                    expected.push('"');
                    expected.push_str(name);
                    expected.push('"');
                }
                self.wrong(&expected)
            })
    }

    /// A list, each item read by `item`.
    pub fn list<T>(
        self,
        item: impl Fn(Value) -> Result<T, WireError>,
    ) -> Result<Vec<T>, WireError> {
        let Some(array) = self.value.dyn_ref::<Array>() else {
            return Err(self.wrong("a list"));
        };
        array
            .iter()
            .enumerate()
            .map(|(i, value)| {
                item(Value {
                    value,
                    path: format!("{}[{i}]", self.path),
                })
            })
            .collect()
    }

    /// The JS value itself.
    pub fn into_js(self) -> JsValue {
        self.value
    }
}

/// The fields of an object.
pub struct Fields(Value);

impl Fields {
    /// The field `key` if the object has it as its own and it is not `undefined` (an inherited
    /// property such as `constructor` is not a field; `undefined`, which JSON cannot carry,
    /// is absent, as serde-wasm-bindgen read it).
    fn get(&self, key: &str) -> Option<Value> {
        let object = self.0.value.unchecked_ref::<Object>();
        if !Object::has_own(object, &key.into()) {
            return None;
        }
        let value = Reflect::get(object, &key.into()).unwrap_or(JsValue::UNDEFINED);
        if value.is_undefined() {
            return None;
        }
        let path = if self.0.path.is_empty() {
            key.to_owned()
        } else {
            format!("{}.{key}", self.0.path)
        };
        Some(Value { value, path })
    }

    /// The field `key`; an error if it is absent.
    pub fn required<T: Wire>(&self, key: &str) -> Result<T, WireError> {
        match self.get(key) {
            Some(value) => T::read(value),
            None if self.0.path.is_empty() => {
                Err(WireError::new(format!("field `{key}` is missing")))
            }
            None => Err(WireError::new(format!(
                "field `{}.{key}` is missing",
                self.0.path
            ))),
        }
    }

    /// The field `key`; `default()` if it is absent.
    pub fn or_else<T: Wire>(&self, key: &str, default: impl FnOnce() -> T) -> Result<T, WireError> {
        self.get(key).map_or_else(|| Ok(default()), T::read)
    }

    /// Refuses a field not in `known` (where a typo would otherwise silently keep a default).
    pub fn only(&self, known: &[&str]) -> Result<(), WireError> {
        let object = self.0.value.unchecked_ref::<Object>();
        for key in Object::keys(object).iter().filter_map(|k| k.as_string()) {
            if !known.contains(&key.as_str()) {
                return Err(WireError::new(format!(
                    "{}: unknown field `{key}`, expected one of {}",
                    place(&self.0.path),
                    known.join(", ")
                )));
            }
        }
        Ok(())
    }
}

/// Where a value sits, for an error.
fn place(path: &str) -> String {
    if path.is_empty() {
        "the document".to_owned()
    } else {
        format!("field `{path}`")
    }
}

/// What a wrong value is, for an error: its kind and, shortened, its JSON.
fn found(value: &JsValue) -> String {
    let kind = if value.is_null() {
        return "null".to_owned();
    } else if Array::is_array(value) {
        "a list"
    } else if value.is_object() {
        "an object"
    } else if value.is_string() {
        "the string"
    } else if let Some(b) = value.as_bool() {
        return b.to_string();
    } else if value.as_f64().is_some() {
        "the number"
    } else {
        return "nothing".to_owned();
    };
    let json = JSON::stringify(value)
        .ok()
        .and_then(|j| j.as_string())
        .unwrap_or_default();
    match json.char_indices().nth(SHOWN_CHARS) {
        Some((cut, _)) => format!("{kind} {}…", &json[..cut]),
        None => format!("{kind} {json}"),
    }
}
