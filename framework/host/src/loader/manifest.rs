//! Fetches a module's manifest and validates it against the contract.

use flotilla_contract::{ContractError, Manifest};
use web_sys::{AbortSignal, RequestCache};

use super::http::{self, Failure};
use crate::error::HostError;
use crate::js;

/// Fetches and validates the manifest at `url`; says whether `boot.js` had preloaded it.
pub async fn fetch(url: &str, signal: &AbortSignal) -> Result<(Manifest, bool), HostError> {
    let preloaded = js::preloaded(url);
    let was_preloaded = preloaded.is_some();
    let promise =
        preloaded.unwrap_or_else(|| http::start(url, None, RequestCache::NoCache, Some(signal)));
    let failed = |f: Failure| match f {
        Failure::Network(cause) => HostError::ManifestUnreachable {
            url: url.to_owned(),
            cause,
        },
        Failure::Http(status) => HostError::ManifestHttp {
            url: url.to_owned(),
            status,
        },
    };
    let response = http::response(promise).await.map_err(failed)?;
    let text = http::text(&response).await.map_err(failed)?;
    let manifest = Manifest::from_json(&text).map_err(|error| match error {
        ContractError::UnsupportedSchema { .. } | ContractError::UnsupportedAbi { .. } => {
            HostError::Unsupported {
                url: url.to_owned(),
                error,
            }
        }
        error => HostError::ManifestInvalid {
            url: url.to_owned(),
            error,
        },
    })?;
    Ok((manifest, was_preloaded))
}
