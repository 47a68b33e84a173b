//! Fetches a module's manifest and validates it against the contract.

use flotilla_contract::manifest::MAX_MANIFEST_BYTES;
use flotilla_contract::{ContractError, Manifest};
use web_sys::{AbortSignal, RequestCache};

use super::http::{self, Failure, Read};
use crate::error::HostError;
use crate::{js, wire};

/// Reads the manifest at `url` from the page's snapshot, else fetches it, and validates it;
/// says whether it came from the snapshot or `boot.js` had preloaded it.
pub async fn fetch(url: &str, signal: &AbortSignal) -> Result<(Manifest, bool), HostError> {
    let (text, was_preloaded) = match js::snapshot_text(url) {
        Some(text) => (text, true),
        None => download(url, signal).await?,
    };
    let manifest = Manifest::parse_with(&text, wire::manifest).map_err(|error| match error {
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

/// The manifest's text from `boot.js`'s fetch or a new one; whether it was preloaded.
async fn download(url: &str, signal: &AbortSignal) -> Result<(String, bool), HostError> {
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
    refuse_other_origin(url, &response)?;
    let text = match http::text_within(&response, MAX_MANIFEST_BYTES).await {
        Ok(text) => text,
        Err(Read::Failed(failure)) => return Err(failed(failure)),
        Err(Read::TooLarge(bytes)) => {
            return Err(HostError::ManifestInvalid {
                url: url.to_owned(),
                error: ContractError::TooLarge {
                    bytes,
                    limit: MAX_MANIFEST_BYTES,
                },
            })
        }
    };
    Ok((text, was_preloaded))
}

/// A manifest is used only from the origin it is listed under: one that redirected to another
/// origin (even an allowed one) would be read as the first origin's.
fn refuse_other_origin(url: &str, response: &web_sys::Response) -> Result<(), HostError> {
    if !response.redirected() {
        return Ok(());
    }
    let target = response.url();
    if js::origin(&target) == js::origin(url) {
        return Ok(());
    }
    Err(HostError::Redirected {
        url: url.to_owned(),
        target,
    })
}
