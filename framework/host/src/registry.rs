//! Fetches the page's registry (`remotes.json`, next to the page).

use flotilla_contract::registry::REGISTRY_FILE;
use flotilla_contract::ContractError;

use crate::props::Registry;

use crate::error::HostError;
use crate::loader::http_get_text;
use crate::{js, wire};

/// Absolute URL of the registry, resolved against the page.
pub fn url() -> String {
    next_to_page(REGISTRY_FILE)
}

/// `path` resolved against the page's base URL (as a link on the page would be).
pub fn next_to_page(path: &str) -> String {
    let base = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.base_uri().ok().flatten())
        .unwrap_or_default();
    js::resolve(path, &base).unwrap_or_else(|| path.to_owned())
}

/// The registry from the page's snapshot, validated, if the page carries one: read at once,
/// so the slots start before anything else the page does.
pub fn from_snapshot() -> Option<Result<Registry, HostError>> {
    let url = url();
    let text = js::snapshot_text(&url)?;
    Some(parse(&text).map_err(|error| HostError::RegistryInvalid { url, error }))
}

/// Fetches and validates the registry.
pub async fn fetch() -> Result<Registry, HostError> {
    let url = url();
    let text = http_get_text(&url)
        .await
        .map_err(|cause| HostError::Registry {
            url: url.clone(),
            cause,
        })?;
    parse(&text).map_err(|error| HostError::RegistryInvalid { url, error })
}

/// Parses and validates registry text; the error names the field that is wrong.
fn parse(text: &str) -> Result<Registry, ContractError> {
    Registry::parse_with(text, wire::registry)
}
