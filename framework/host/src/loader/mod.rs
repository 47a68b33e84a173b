//! The load pipeline, one straight line: allow-list -> manifest -> code (glue, wasm and CSS
//! fetched at once) -> init. Each step hands the next what it checked; nothing is fetched twice.
//!
//! Nothing runs before it is checked: the manifest is validated, the glue and the wasm are
//! fetched with their `sha384` integrity, and the glue is imported from the verified bytes.

mod code;
mod http;
mod manifest;
mod patience;

use flotilla_contract::{LoadPolicy, Manifest};
use futures::future::LocalBoxFuture;

pub use code::{ModuleCode, MountHandle, Retiring};
pub use patience::timed;

use crate::error::{Failure, HostError, LoadPhase};
use crate::js;
use crate::props::Registry;
use crate::stats::{Span, Spans};

/// A manifest fetched from an allowed origin and validated: what the code step starts from.
#[derive(Debug, Clone, PartialEq)]
pub struct CheckedManifest {
    /// Absolute URL it was fetched from.
    pub url: String,
    /// The validated manifest.
    pub manifest: Manifest,
    /// Absolute URL of the manifest's folder; asset paths in the manifest are relative to it.
    pub base: String,
    /// Whether `boot.js` had already fetched it.
    pub preloaded: bool,
    /// How long fetching and validating took, in milliseconds.
    pub ms: f64,
    /// When fetching and validating ran.
    pub span: Span,
}

impl CheckedManifest {
    /// Whether `other` describes the same code (same glue and wasm bytes).
    pub fn same_build(&self, other: &Manifest) -> bool {
        same_build(&self.manifest, other)
    }
}

/// Whether two manifests describe the same code.
pub fn same_build(a: &Manifest, b: &Manifest) -> bool {
    a.assets.js.integrity == b.assets.js.integrity
        && a.assets.wasm.integrity == b.assets.wasm.integrity
}

/// How long each phase of a load took, in milliseconds.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Timings {
    /// Fetching and validating the manifest.
    pub manifest: f64,
    /// Fetching and verifying the code.
    pub fetch: f64,
    /// Importing the glue, compiling and instantiating the wasm.
    pub init: f64,
    /// Waiting for the styles (loading since the code began, or since the code was ready
    /// when a module was on screen) and mounting.
    pub mount: f64,
    /// When each phase ran, on the page's clock.
    pub spans: Spans,
}

/// A module ready to mount (again: clones share the initialised code).
#[derive(Clone)]
pub struct Loaded {
    /// The manifest it was loaded from.
    pub checked: CheckedManifest,
    /// Absolute URL of the folder holding the module's code: the module's own files (images,
    /// data) are relative to it. The manifest's folder, unless the code lives in a version
    /// folder below it (`versions/<id>/`, as `cargo xtask deploy` lays it out).
    pub asset_base: String,
    /// The initialised module code.
    pub code: ModuleCode,
    /// Phase timings so far.
    pub timings: Timings,
    /// How many fetches were served by `boot.js`'s preloads.
    pub preloaded: u32,
}

/// Fetches and validates the manifest at `url`: only origins the registry allows are
/// contacted, within `policy`'s timeout and retries. (Boxed, as [`code`] is: slots and tools
/// share one copy of the pipeline's code.)
pub fn manifest<'a>(
    url: &'a str,
    registry: &'a Registry,
    policy: &'a LoadPolicy,
) -> LocalBoxFuture<'a, Result<CheckedManifest, Failure>> {
    Box::pin(manifest_inner(url, registry, policy))
}

async fn manifest_inner(
    url: &str,
    registry: &Registry,
    policy: &LoadPolicy,
) -> Result<CheckedManifest, Failure> {
    let start = js::now();
    let url = checked_url(url, registry)?;
    let (manifest, preloaded) = patience::phase(policy, LoadPhase::Manifest, &url, |signal| {
        let url = url.clone();
        async move { manifest::fetch(&url, &signal).await }
    })
    .await?;
    let base = js::resolve("./", &url).unwrap_or_else(|| url.clone());
    let span = Span::since(start);
    Ok(CheckedManifest {
        url,
        manifest,
        base,
        preloaded,
        ms: span.ms(),
        span,
    })
}

/// Fetches, verifies and initialises the code `checked` describes, for component `expose`
/// (the first one when `None`). `again` (the user pressed Retry) bypasses the HTTP cache,
/// which may hold the very bytes that failed. Boxed: slots and tools share one copy of it.
pub fn code<'a>(
    checked: CheckedManifest,
    expose: Option<&'a str>,
    policy: &'a LoadPolicy,
    again: bool,
) -> LocalBoxFuture<'a, Result<Loaded, Failure>> {
    Box::pin(code_inner(checked, expose, policy, again))
}

async fn code_inner(
    checked: CheckedManifest,
    expose: Option<&str>,
    policy: &LoadPolicy,
    again: bool,
) -> Result<Loaded, Failure> {
    let cache = if again {
        web_sys::RequestCache::Reload
    } else {
        web_sys::RequestCache::Default
    };
    let manifest = &checked.manifest;
    let exposed = manifest
        .exposed(expose)
        .ok_or_else(|| HostError::ExposeMissing {
            url: checked.url.clone(),
            name: expose.unwrap_or_default().to_owned(),
        })?;
    let export = exposed.export.clone();
    let code_url = code_url(&checked);
    let asset_base = js::resolve("./", &code_url).unwrap_or_else(|| checked.base.clone());

    let started = js::now();
    let fetched = fetch_code(&checked, &code_url, policy, cache).await?;
    let fetched_at = js::now();
    let preloaded = checked.preloaded as u32 + fetched.preloaded;

    let init = code::init(fetched, &export);
    let code = patience::timed(policy, LoadPhase::Init, &code_url, init).await?;
    let done = js::now();
    let timings = Timings {
        manifest: checked.ms,
        fetch: fetched_at - started,
        init: done - fetched_at,
        mount: 0.0,
        spans: Spans {
            manifest: checked.span,
            fetch: Span {
                start: started,
                end: fetched_at,
            },
            init: Span {
                start: fetched_at,
                end: done,
            },
            mount: Span::default(),
        },
    };
    Ok(Loaded {
        checked,
        asset_base,
        code,
        timings,
        preloaded,
    })
}

/// Starts downloading the stylesheets `checked` names, for `<link>`s added later.
pub fn preload_styles(checked: &CheckedManifest) {
    code::preload_styles(&checked.manifest, &checked.base);
}

/// Fetches and verifies the code `checked` describes without running it, so entering the
/// module's route later finds it in the HTTP cache.
pub async fn prefetch(checked: &CheckedManifest, policy: &LoadPolicy) -> Result<(), Failure> {
    code::prefetch_styles(&checked.manifest, &checked.base);
    let code_url = code_url(checked);
    fetch_code(checked, &code_url, policy, web_sys::RequestCache::Default)
        .await
        .map(drop)
}

/// Absolute URL of the wasm `checked` describes.
fn code_url(checked: &CheckedManifest) -> String {
    format!("{}{}", checked.base, checked.manifest.assets.wasm.file)
}

/// The fetch phase, for a load and a prefetch alike: the glue and the wasm, verified.
fn fetch_code<'a>(
    checked: &'a CheckedManifest,
    code_url: &'a str,
    policy: &'a LoadPolicy,
    cache: web_sys::RequestCache,
) -> LocalBoxFuture<'a, Result<code::Fetched, Failure>> {
    Box::pin(patience::phase(
        policy,
        LoadPhase::Fetch,
        code_url,
        move |signal| async move { code::fetch(&checked.manifest, &checked.base, cache, &signal).await },
    ))
}

/// Resolves `url` and checks that the registry allows its origin.
fn checked_url(url: &str, registry: &Registry) -> Result<String, HostError> {
    let origin = js::http_origin(url).ok_or_else(|| HostError::OriginNotAllowed {
        url: url.to_owned(),
        origin: "(not an absolute http(s) URL)".into(),
    })?;
    if !registry.allows(&origin) {
        return Err(HostError::OriginNotAllowed {
            url: url.to_owned(),
            origin,
        });
    }
    Ok(js::resolve(url, url).unwrap_or_else(|| url.to_owned()))
}

/// GETs a same-origin text resource (preloaded by `boot.js` if it was); the error says why not.
pub async fn http_get_text(url: &str) -> Result<String, String> {
    let promise = js::preloaded(url)
        .unwrap_or_else(|| http::start(url, None, web_sys::RequestCache::NoCache, None));
    let describe = |f: http::Failure| match f {
        http::Failure::Network(cause) => cause,
        http::Failure::Http(status) => format!("HTTP {status}"),
    };
    let response = http::response(promise).await.map_err(describe)?;
    http::text(&response).await.map_err(describe)
}
