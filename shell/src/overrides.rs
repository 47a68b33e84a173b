//! Developer overrides of a slot's manifest URL, kept in `localStorage` like
//! import-map-overrides, and accepted only for origins on the registry's allow-list.

use std::collections::BTreeMap;

use flotilla_contract::registry::Remote;

use crate::js;

/// `localStorage` key: a JSON object from slot name to manifest URL.
pub const STORAGE_KEY: &str = "flotilla:overrides";

fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok().flatten()
}

/// Every saved override, by slot.
pub fn all() -> BTreeMap<String, String> {
    storage()
        .and_then(|s| s.get_item(STORAGE_KEY).ok().flatten())
        .and_then(|text| serde_json::from_str(&text).ok())
        .unwrap_or_default()
}

fn save(overrides: &BTreeMap<String, String>) {
    if let (Some(storage), Ok(text)) = (storage(), serde_json::to_string(overrides)) {
        let _ = storage.set_item(STORAGE_KEY, &text);
    }
}

/// Saves `url` as the override of `slot`.
pub fn set(slot: &str, url: &str) {
    let mut overrides = all();
    overrides.insert(slot.to_owned(), url.to_owned());
    save(&overrides);
}

/// Removes the override of `slot`.
pub fn reset(slot: &str) {
    let mut overrides = all();
    overrides.remove(slot);
    save(&overrides);
}

/// Why `url` may not be used as an override, if it may not.
pub fn refusal(url: &str, allowed: &[String]) -> Option<String> {
    let Some(origin) = js::origin(url).filter(|o| o != "null") else {
        return Some(format!("{url:?} is not an absolute http(s) URL"));
    };
    let listed = allowed.iter().any(|a| a.trim_end_matches('/') == origin);
    (!listed).then(|| {
        format!("origin {origin} is not on the allow-list (allowed_origins in remotes.json)")
    })
}

/// The manifest URL a slot starts from: its saved override if that is still allowed, else
/// the registry's. Says whether it is an override.
pub fn initial_url(remote: &Remote, allowed: &[String]) -> (String, bool) {
    match all().remove(&remote.slot) {
        Some(url) => match refusal(&url, allowed) {
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

/// Marks `slot`'s element as overridden (`data-overridden`), so the page shows it.
pub fn mark(slot: &str, overridden: bool) {
    if let Some(element) = js::slot_element(slot) {
        let _ = if overridden {
            element.set_attribute("data-overridden", "true")
        } else {
            element.remove_attribute("data-overridden")
        };
    }
}
