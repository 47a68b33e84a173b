//! Developer overrides of a slot's manifest URL, kept in `localStorage` like
//! import-map-overrides (and read by `boot.js` to preload them), accepted only for origins on
//! the registry's allow-list.

use flotilla_contract::text::Quoted;

use js_sys::{Object, Reflect, JSON};
use wasm_bindgen::JsValue;

use crate::js;
use crate::props::{Registry, Remote};

/// `localStorage` key: a JSON object from slot name to manifest URL.
pub const STORAGE_KEY: &str = "flotilla:overrides";

fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok().flatten()
}

/// Every saved override: an object from slot name to manifest URL, kept as the JSON it is
/// stored as (no Rust map: its code costs the shell kilobytes); empty when none is readable.
fn all() -> Object {
    storage()
        .and_then(|s| s.get_item(STORAGE_KEY).ok().flatten())
        .and_then(|text| JSON::parse(&text).ok())
        .filter(|value| value.is_object() && !js_sys::Array::is_array(value))
        .map(Object::from)
        .unwrap_or_default()
}

/// The saved override of `slot`, if there is one.
fn get(slot: &str) -> Option<String> {
    Reflect::get(&all(), &JsValue::from_str(slot))
        .ok()?
        .as_string()
}

fn save(overrides: &Object) -> Result<(), String> {
    let storage = storage().ok_or("localStorage is not available")?;
    let text = String::from(JSON::stringify(overrides).map_err(|e| js::describe(&e))?);
    storage
        .set_item(STORAGE_KEY, &text)
        .map_err(|e| format!("localStorage refused it ({})", js::describe(&e)))
}

/// Saves `url` as the override of `slot`; says why not if the browser refused.
pub fn set(slot: &str, url: &str) -> Result<(), String> {
    let overrides = all();
    Reflect::set(&overrides, &slot.into(), &url.into()).map_err(|e| js::describe(&e))?;
    save(&overrides)
}

/// Removes the override of `slot`.
pub fn reset(slot: &str) {
    let overrides = all();
    let key = JsValue::from_str(slot);
    if Object::has_own(&overrides, &key) && Reflect::delete_property(&overrides, &key).is_ok() {
        if let Err(why) = save(&overrides) {
            js::warn(&format!("flotilla: override of {slot} not removed: {why}"));
        }
    }
}

/// Why a URL may not be used as an override (formatted only when shown).
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum Refusal {
    /// The URL is not an absolute http(s) URL.
    #[error("{} is not an absolute http(s) URL", Quoted(.0))]
    NotHttp(String),
    /// The URL's origin is not on the registry's allow-list.
    #[error("origin {0} is not on the allow-list (allowed_origins in remotes.json)")]
    NotAllowed(String),
}

/// Why `url` may not be used as an override, if it may not.
pub fn refusal(url: &str, registry: &Registry) -> Option<Refusal> {
    let Some(origin) = js::http_origin(url) else {
        return Some(Refusal::NotHttp(url.to_owned()));
    };
    (!registry.allows(&origin)).then_some(Refusal::NotAllowed(origin))
}

/// The manifest URL a slot starts from: its saved override if that is still allowed, else
/// the registry's. Says whether it is an override.
pub fn initial_url(remote: &Remote, registry: &Registry) -> (String, bool) {
    match get(&remote.slot) {
        Some(url) => match refusal(&url, registry) {
            None => (url, true),
            Some(why) => {
                crate::report::ignored_override(remote.slot.clone(), why);
                (remote.manifest.clone(), false)
            }
        },
        None => (remote.manifest.clone(), false),
    }
}
