//! Loads one module: manifest, then verified code, then an initialised wasm instance.
//!
//! Nothing runs before it is checked: the manifest is validated, the glue and the wasm are
//! fetched with their `sha384` integrity, and the glue is imported from the verified bytes.

mod code;
mod http;
mod manifest;

use flotilla_contract::{registry::Remote, Manifest};

pub use code::{ModuleCode, MountHandle};

use crate::error::HostError;
use crate::js;

/// How long each phase of a load took, in milliseconds.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Timings {
    /// Fetching and validating the manifest.
    pub manifest: f64,
    /// Fetching, verifying, importing and initialising the code.
    pub code: f64,
}

/// A module ready to mount.
pub struct Loaded {
    /// The validated manifest.
    pub manifest: Manifest,
    /// Absolute URL of the manifest's folder: the module's asset base.
    pub asset_base: String,
    /// The initialised module code.
    pub code: ModuleCode,
    /// Phase timings.
    pub timings: Timings,
    /// How many fetches were served by `boot.js`'s preloads.
    pub preloaded: u32,
}

/// Loads the module a registry entry names; only origins in `allowed` are contacted.
pub async fn load(remote: &Remote, allowed: &[String]) -> Result<Loaded, HostError> {
    let start = js::now();
    let manifest_url = checked_url(&remote.manifest, allowed)?;
    let (manifest, manifest_preloaded) = manifest::fetch(&manifest_url).await?;
    let manifest_done = js::now();

    let wanted = remote.expose.as_deref();
    let exposed = manifest
        .exposed(wanted)
        .ok_or_else(|| HostError::ExposeMissing {
            url: manifest_url.clone(),
            name: wanted.unwrap_or_default().to_owned(),
        })?;
    let export = exposed.export.clone();
    let asset_base = js::resolve("./", &manifest_url).unwrap_or_else(|| manifest_url.clone());
    let (code, code_preloaded) = code::load(&manifest, &asset_base, &export).await?;
    let done = js::now();

    Ok(Loaded {
        manifest,
        asset_base,
        code,
        timings: Timings {
            manifest: manifest_done - start,
            code: done - manifest_done,
        },
        preloaded: manifest_preloaded as u32 + code_preloaded,
    })
}

/// Resolves `url` and checks that its origin is allowed.
fn checked_url(url: &str, allowed: &[String]) -> Result<String, HostError> {
    let origin = js::origin(url).ok_or_else(|| HostError::OriginNotAllowed {
        url: url.to_owned(),
        origin: "(not an absolute URL)".into(),
    })?;
    if !allowed.iter().any(|a| a.trim_end_matches('/') == origin) {
        return Err(HostError::OriginNotAllowed {
            url: url.to_owned(),
            origin,
        });
    }
    Ok(js::resolve(url, url).unwrap_or_else(|| url.to_owned()))
}

/// GETs a same-origin text resource (preloaded by `boot.js` if it was); the error says why not.
pub async fn http_get_text(url: &str, cache: web_sys::RequestCache) -> Result<String, String> {
    let promise = js::preloaded(url).unwrap_or_else(|| http::start(url, None, cache));
    let describe = |f: http::Failure| match f {
        http::Failure::Network(cause) => cause,
        http::Failure::Http(status) => format!("HTTP {status}"),
    };
    let response = http::response(promise).await.map_err(describe)?;
    http::text(&response).await.map_err(describe)
}
