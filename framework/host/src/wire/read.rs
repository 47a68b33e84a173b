//! A JSON-shaped JS value read field by field; every error names the field's path.

use js_sys::{Array, Object, Reflect, JSON};
use wasm_bindgen::{JsCast, JsValue};

/// What went wrong, naming the field (`field `remotes[1].slot`: expected a string, found 7`).
pub(crate) type Read<T> = Result<T, String>;

/// Largest whole number a JS number holds exactly (2^53 - 1).
const MAX_SAFE_INTEGER: f64 = 9_007_199_254_740_991.0;

/// Characters of a wrong value's JSON an error shows.
const SHOWN_CHARS: usize = 60;

/// Parses JSON text with the browser's `JSON.parse` into a value to read from its root.
pub(crate) fn parse(text: &str) -> Read<Value> {
    JSON::parse(text)
        .map(Value::root)
        .map_err(|e| crate::js::describe(&e))
}

/// One value, and where it sits in the document.
pub(crate) struct Value {
    value: JsValue,
    path: String,
}

impl Value {
    /// The whole document (or event detail).
    pub(crate) fn root(value: JsValue) -> Self {
        Value {
            value,
            path: String::new(),
        }
    }

    /// The error for a value that is not `expected`.
    pub(crate) fn wrong(&self, expected: &str) -> String {
        let place = if self.path.is_empty() {
            "the document".to_owned()
        } else {
            format!("field `{}`", self.path)
        };
        format!("{place}: expected {expected}, found {}", found(&self.value))
    }

    /// A plain object (not a list, not null), to read its fields.
    pub(crate) fn object(self) -> Read<Fields> {
        if self.is_plain_object() {
            Ok(Fields(self))
        } else {
            Err(self.wrong("an object"))
        }
    }

    /// Whether it is a plain object (not a list, not null).
    pub(crate) fn is_plain_object(&self) -> bool {
        self.value.is_object() && !Array::is_array(&self.value)
    }

    /// A string.
    pub(crate) fn string(self) -> Read<String> {
        self.value.as_string().ok_or_else(|| self.wrong("a string"))
    }

    /// `true` or `false`.
    pub(crate) fn bool(self) -> Read<bool> {
        self.value
            .as_bool()
            .ok_or_else(|| self.wrong("true or false"))
    }

    /// A whole number from 0 to `u32::MAX`.
    pub(crate) fn u32(self) -> Read<u32> {
        self.whole(f64::from(u32::MAX), "a whole number from 0 to 4294967295")
            .map(|n| n as u32)
    }

    /// A whole number from 0 to 2^53 - 1 (what a JS number holds exactly).
    pub(crate) fn u64(self) -> Read<u64> {
        self.whole(
            MAX_SAFE_INTEGER,
            "a whole number from 0 to 9007199254740991",
        )
        .map(|n| n as u64)
    }

    fn whole(&self, max: f64, expected: &str) -> Read<f64> {
        match self.value.as_f64() {
            Some(n) if (0.0..=max).contains(&n) && n.fract() == 0.0 => Ok(n),
            _ => Err(self.wrong(expected)),
        }
    }

    /// One of the strings `names`, as the value paired with it.
    pub(crate) fn one_of<T: Copy>(self, names: &[(&str, T)]) -> Read<T> {
        let text = self.value.as_string();
        names
            .iter()
            .find(|(name, _)| Some(*name) == text.as_deref())
            .map(|(_, value)| *value)
            .ok_or_else(|| {
                let listed: Vec<String> = names.iter().map(|(n, _)| format!("\"{n}\"")).collect();
                self.wrong(&format!("one of {}", listed.join(", ")))
            })
    }

    /// A list, each item read by `item`.
    pub(crate) fn list<T>(self, item: impl Fn(Value) -> Read<T>) -> Read<Vec<T>> {
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
    pub(crate) fn into_js(self) -> JsValue {
        self.value
    }
}

/// The fields of an object.
pub(crate) struct Fields(Value);

impl Fields {
    /// The field `key` if the object has it as its own (absent fields are `None`; an inherited
    /// property such as `constructor` is not a field).
    fn get(&self, key: &str) -> Option<Value> {
        let object = self.0.value.unchecked_ref::<Object>();
        if !Object::has_own(object, &key.into()) {
            return None;
        }
        let value = Reflect::get(object, &key.into()).unwrap_or(JsValue::UNDEFINED);
        let path = if self.0.path.is_empty() {
            key.to_owned()
        } else {
            format!("{}.{key}", self.0.path)
        };
        Some(Value { value, path })
    }

    /// The field `key`, read by `read`; an error if it is absent.
    pub(crate) fn required<T>(&self, key: &str, read: impl FnOnce(Value) -> Read<T>) -> Read<T> {
        match self.get(key) {
            Some(value) => read(value),
            None if self.0.path.is_empty() => Err(format!("field `{key}` is missing")),
            None => Err(format!("field `{}.{key}` is missing", self.0.path)),
        }
    }

    /// The field `key`, read by `read`; `T::default()` if it is absent.
    pub(crate) fn or_default<T: Default>(
        &self,
        key: &str,
        read: impl FnOnce(Value) -> Read<T>,
    ) -> Read<T> {
        self.or(key, T::default(), read)
    }

    /// The field `key`, read by `read`; `default` if it is absent.
    pub(crate) fn or<T>(
        &self,
        key: &str,
        default: T,
        read: impl FnOnce(Value) -> Read<T>,
    ) -> Read<T> {
        self.get(key).map_or(Ok(default), read)
    }

    /// The field `key`, read by `read`; `None` if it is absent or `null`.
    pub(crate) fn optional<T>(
        &self,
        key: &str,
        read: impl FnOnce(Value) -> Read<T>,
    ) -> Read<Option<T>> {
        match self.get(key) {
            Some(value) if !value.value.is_null() => read(value).map(Some),
            _ => Ok(None),
        }
    }

    /// Refuses a field not in `known` (for parts of the registry where a typo would otherwise
    /// silently keep a default).
    pub(crate) fn only(&self, known: &[&str]) -> Read<()> {
        let object = self.0.value.unchecked_ref::<Object>();
        for key in Object::keys(object).iter().filter_map(|k| k.as_string()) {
            if !known.contains(&key.as_str()) {
                let place = if self.0.path.is_empty() {
                    "the document".to_owned()
                } else {
                    format!("field `{}`", self.0.path)
                };
                return Err(format!(
                    "{place}: unknown field `{key}`, expected one of {}",
                    known.join(", ")
                ));
            }
        }
        Ok(())
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
    } else if value.as_bool().is_some() {
        return value.as_bool().unwrap_or_default().to_string();
    } else if value.as_f64().is_some() {
        "the number"
    } else {
        return "nothing".to_owned();
    };
    let json = JSON::stringify(value)
        .ok()
        .and_then(|j| j.as_string())
        .unwrap_or_default();
    if json.chars().count() > SHOWN_CHARS {
        let short: String = json.chars().take(SHOWN_CHARS).collect();
        format!("{kind} {short}…")
    } else {
        format!("{kind} {json}")
    }
}
