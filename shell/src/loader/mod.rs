//! Loads one module: manifest, then verified code, then an initialised wasm instance.
//!
//! Nothing runs before it is checked: the manifest is validated, the glue and the wasm are
//! fetched with their `sha384` integrity, and the glue is imported from the verified bytes.

mod code;
mod http;
mod manifest;
mod patience;

use flotilla_contract::{registry::Remote, LoadPolicy, Manifest};

pub use code::{ModuleCode, MountHandle};
pub use patience::{sleep, timed, Failure};

use crate::error::{HostError, LoadPhase};
use crate::js;

/// How long each phase of a load took, in milliseconds.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Timings {
    /// Fetching and validating the manifest.
    pub manifest: f64,
    /// Fetching and verifying the code.
    pub fetch: f64,
    /// Importing the glue, compiling and instantiating the wasm.
    pub init: f64,
}

/// A module ready to mount.
pub struct Loaded {
    /// The validated manifest.
    pub manifest: Manifest,
    /// Absolute URL of the manifest's folder; asset paths in the manifest are relative to it.
    pub manifest_base: String,
    /// Absolute URL of the folder holding the module's code: the module's own files (images,
    /// data) are relative to it. The manifest's folder, unless the code lives in a version
    /// folder below it (`versions/<id>/`, as `cargo xtask deploy` lays it out).
    pub asset_base: String,
    /// The initialised module code.
    pub code: ModuleCode,
    /// Phase timings.
    pub timings: Timings,
    /// How many fetches were served by `boot.js`'s preloads.
    pub preloaded: u32,
}

/// Loads the module a registry entry names; only origins in `allowed` are contacted, and
/// each phase keeps to `policy`'s timeout and retries. `again` (the user pressed Retry)
/// bypasses the HTTP cache for the code, which may hold the very bytes that failed.
pub async fn load(
    remote: &Remote,
    allowed: &[String],
    policy: &LoadPolicy,
    again: bool,
) -> Result<Loaded, Failure> {
    let cache = if again {
        web_sys::RequestCache::Reload
    } else {
        web_sys::RequestCache::Default
    };
    let start = js::now();
    let manifest_url = checked_url(&remote.manifest, allowed)?;
    let (manifest, manifest_preloaded) = manifest_phase(&manifest_url, policy).await?;
    let manifest_done = js::now();

    let wanted = remote.expose.as_deref();
    let exposed = manifest
        .exposed(wanted)
        .ok_or_else(|| HostError::ExposeMissing {
            url: manifest_url.clone(),
            name: wanted.unwrap_or_default().to_owned(),
        })?;
    let export = exposed.export.clone();
    let manifest_base = js::resolve("./", &manifest_url).unwrap_or_else(|| manifest_url.clone());
    let code_url = format!("{manifest_base}{}", manifest.assets.wasm.file);
    let asset_base = js::resolve("./", &code_url).unwrap_or_else(|| manifest_base.clone());
    let fetched = patience::phase(policy, LoadPhase::Fetch, &code_url, |signal| {
        let (manifest, base) = (&manifest, manifest_base.clone());
        async move { code::fetch(manifest, &base, cache, &signal).await }
    })
    .await?;
    let fetched_done = js::now();
    let preloaded = manifest_preloaded as u32 + fetched.preloaded;

    let init = code::init(fetched, &export);
    let code = patience::timed(policy, LoadPhase::Init, &code_url, init).await?;
    let done = js::now();

    Ok(Loaded {
        manifest,
        manifest_base,
        asset_base,
        code,
        timings: Timings {
            manifest: manifest_done - start,
            fetch: fetched_done - manifest_done,
            init: done - fetched_done,
        },
        preloaded,
    })
}

/// Fetches and validates the manifest at `url` (origin allow-listed, timeout and retries as
/// `policy` says), without loading its code: what a watcher or a swap checks first.
pub async fn manifest_at(
    url: &str,
    allowed: &[String],
    policy: &LoadPolicy,
) -> Result<Manifest, Failure> {
    let url = checked_url(url, allowed)?;
    Ok(manifest_phase(&url, policy).await?.0)
}

async fn manifest_phase(url: &str, policy: &LoadPolicy) -> Result<(Manifest, bool), Failure> {
    patience::phase(policy, LoadPhase::Manifest, url, |signal| {
        let url = url.to_owned();
        async move { manifest::fetch(&url, &signal).await }
    })
    .await
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
    let promise = js::preloaded(url).unwrap_or_else(|| http::start(url, None, cache, None));
    let describe = |f: http::Failure| match f {
        http::Failure::Network(cause) => cause,
        http::Failure::Http(status) => format!("HTTP {status}"),
    };
    let response = http::response(promise).await.map_err(describe)?;
    http::text(&response).await.map_err(describe)
}
