//! Developer overrides of a slot's manifest URL, kept in `localStorage` like
//! import-map-overrides (and read by `boot.js` to preload them), accepted only for origins on
//! the registry's allow-list.

use std::collections::BTreeMap;

use flotilla_contract::registry::Remote;
use flotilla_contract::text::Quoted;
use flotilla_contract::Registry;

use crate::{js, json};

/// `localStorage` key: a JSON object from slot name to manifest URL.
pub const STORAGE_KEY: &str = "flotilla:overrides";

fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok().flatten()
}

/// Every saved override, by slot.
pub fn all() -> BTreeMap<String, String> {
    storage()
        .and_then(|s| s.get_item(STORAGE_KEY).ok().flatten())
        .and_then(|text| json::from_text(&text).ok())
        .unwrap_or_default()
}

fn save(overrides: &BTreeMap<String, String>) -> Result<(), String> {
    let storage = storage().ok_or("localStorage is not available")?;
    let text = json::to_text(overrides)?;
    storage
        .set_item(STORAGE_KEY, &text)
        .map_err(|e| format!("localStorage refused it ({})", js::describe(&e)))
}

/// Saves `url` as the override of `slot`; says why not if the browser refused.
pub fn set(slot: &str, url: &str) -> Result<(), String> {
    let mut overrides = all();
    overrides.insert(slot.to_owned(), url.to_owned());
    save(&overrides)
}

/// Removes the override of `slot`.
pub fn reset(slot: &str) {
    let mut overrides = all();
    if overrides.remove(slot).is_some() {
        if let Err(why) = save(&overrides) {
            js::warn(&format!("flotilla: override of {slot} not removed: {why}"));
        }
    }
}

/// Why `url` may not be used as an override, if it may not.
pub fn refusal(url: &str, registry: &Registry) -> Option<String> {
    let Some(origin) = js::http_origin(url) else {
        return Some(format!("{} is not an absolute http(s) URL", Quoted(url)));
    };
    (!registry.allows(&origin)).then(|| {
        format!("origin {origin} is not on the allow-list (allowed_origins in remotes.json)")
    })
}

/// The manifest URL a slot starts from: its saved override if that is still allowed, else
/// the registry's. Says whether it is an override.
pub fn initial_url(remote: &Remote, registry: &Registry) -> (String, bool) {
    match all().remove(&remote.slot) {
        Some(url) => match refusal(&url, registry) {
            None => (url, true),
            Some(why) => {
                js::warn(&format!(
                    "flotilla: override of {} ignored: {why}",
                    remote.slot
                ));
                (remote.manifest.clone(), false)
            }
        },
        None => (remote.manifest.clone(), false),
    }
}
