//! Fetches a module's glue and wasm with their integrity, imports the verified glue and
//! initialises the wasm; then checks the exports the manifest promises.

use std::rc::Rc;

use flotilla_contract::abi::{
    ABI_EXPORT, CRASH_EVENT, RELEASE_EXPORT, SUPPORTED_ABI_VERSIONS, TRAP_EXPORT,
};
use flotilla_contract::text::Listed;
use flotilla_contract::Manifest;
use js_sys::{Function, Promise, Reflect};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{AbortSignal, Element, RequestCache};

use super::http::{self, Failure};
use crate::error::HostError;
use crate::js;

#[wasm_bindgen(inline_js = r#"
export async function import_glue(source, is_text) {
  const url = is_text ? URL.createObjectURL(new Blob([source], { type: "text/javascript" })) : source;
  try { return await import(url); } finally { URL.revokeObjectURL(url); }
}
export async function init_wasm(namespace, wasm) {
  if (typeof namespace.default !== "function") throw "no init";
  const exports = await namespace.default({ module_or_path: wasm });
  return exports?.memory instanceof WebAssembly.Memory ? exports.memory : undefined;
}
export async function sha384(response) {
  const digest = await crypto.subtle.digest("SHA-384", await response.arrayBuffer());
  return "sha384-" + btoa(String.fromCharCode(...new Uint8Array(digest)));
}
"#)]
extern "C" {
    /// The ES module namespace of the glue at `source` (a `blob:` URL), or of glue text
    /// `source` (through a `blob:` URL of its own); the URL is revoked once imported.
    #[wasm_bindgen(catch)]
    async fn import_glue(source: &str, is_text: bool) -> Result<JsValue, JsValue>;

    /// Runs the glue's init on the wasm response: the instance's memory, if it exports one.
    #[wasm_bindgen(catch)]
    async fn init_wasm(namespace: &JsValue, wasm: &web_sys::Response) -> Result<JsValue, JsValue>;

    /// `sha384-<base64>` of the response's body, computed by the browser.
    #[wasm_bindgen(catch)]
    async fn sha384(response: &web_sys::Response) -> Result<JsValue, JsValue>;
}

/// Follows a trap's error text: what it means, and how to see more.
const TRAP_HINT: &str = "(the wasm trapped: a panic in a build that aborts on panic, or a stack \
                         overflow; a stable build, FLOTILLA_RUST=stable, shows panic messages)";

/// An initialised module instance and its mount function; clones share the instance (a
/// module can be mounted again from it, e.g. when its route is entered again). When the last
/// clone goes, the host is done with the instance: the glue is told to let go of it.
#[derive(Clone)]
pub struct ModuleCode {
    instance: Rc<Instance>,
}

struct Instance {
    mount: Function,
    /// The glue's trap guard (builds made by `cargo xtask` have one).
    on_trap: Option<Function>,
    /// The glue's release (builds made by `cargo xtask` have one).
    release: Option<Function>,
    js_url: String,
    memory: Option<js_sys::WebAssembly::Memory>,
    /// Whether its glue was the one `boot.js` module-preloaded (parsed while the shell started).
    preparsed: bool,
}

impl Drop for Instance {
    fn drop(&mut self) {
        if let Some(release) = &self.release {
            let _ = release.call0(&JsValue::NULL);
        }
    }
}

/// An instance the host is done with, as the page's figures count it.
pub struct Retiring {
    /// Its linear memory when retired.
    pub wasm_bytes: u64,
    /// Its memory, until the browser collects it.
    pub memory: Option<js_sys::WeakRef<js_sys::WebAssembly::Memory>>,
    /// Whether its glue lets go of it (builds made by `cargo xtask`).
    pub releasable: bool,
}

/// A component mounted by a module; unmounting removes its DOM.
pub struct MountHandle {
    handle: JsValue,
}

/// A module's verified glue and wasm response, not yet run.
pub struct Fetched {
    glue: Glue,
    wasm: web_sys::Response,
    js_url: String,
    wasm_url: String,
    /// How many of the two files `boot.js` had preloaded.
    pub preloaded: u32,
}

/// A module's verified glue: the `blob:` URL `boot.js` made of it and module-preloaded (parsed
/// while the shell started), or its text.
enum Glue {
    Preparsed(String),
    Text(String),
}

/// Fetches the glue and the wasm with their integrity; a failure says why (unreachable, HTTP,
/// other bytes). The browser checks the bytes before either promise resolves.
pub async fn fetch(
    manifest: &Manifest,
    asset_base: &str,
    cache: RequestCache,
    signal: &AbortSignal,
) -> Result<Fetched, HostError> {
    let (js, wasm) = (&manifest.assets.js, &manifest.assets.wasm);
    let js_url = asset_url(&js.file, asset_base)?;
    let wasm_url = asset_url(&wasm.file, asset_base)?;

    // Both downloads start at once.
    let (wasm_fetch, wasm_hit) = verified_fetch(&wasm_url, &wasm.integrity, cache, signal);
    let (js_fetch, js_hit) = verified_fetch(&js_url, &js.integrity, cache, signal);

    let Ok(js_response) = http::response(js_fetch).await else {
        return Err(diagnose(&js_url, &js.integrity, signal).await);
    };
    let Ok(wasm_response) = http::response(wasm_fetch).await else {
        return Err(diagnose(&wasm_url, &wasm.integrity, signal).await);
    };
    // The text is read only when `boot.js` did not make a module of it already.
    let glue = match js::preparsed_module(&format!("{js_url}#{}", js.integrity)) {
        Some(url) => Glue::Preparsed(url),
        None => match http::text(&js_response).await {
            Ok(text) => Glue::Text(text),
            Err(_) => return Err(diagnose(&js_url, &js.integrity, signal).await),
        },
    };
    Ok(Fetched {
        glue,
        wasm: wasm_response,
        js_url,
        wasm_url,
        preloaded: js_hit as u32 + wasm_hit as u32,
    })
}

/// Starts downloading the module's stylesheets with their integrity, so they arrive with the
/// code; the `<link>`s added once the code is ready take them from the preload. Not awaited:
/// a stylesheet that never arrives is the mount phase's timeout.
pub fn preload_styles(manifest: &Manifest, asset_base: &str) {
    each_style(manifest, asset_base, http::preload_style);
}

/// Fetches the module's stylesheets into the HTTP cache, for a mount on a later route.
pub fn prefetch_styles(manifest: &Manifest, asset_base: &str) {
    each_style(manifest, asset_base, http::start_like_link);
}

/// Starts each stylesheet of `manifest` with `start(url, integrity)`.
fn each_style(manifest: &Manifest, asset_base: &str, start: fn(&str, &str)) {
    for css in &manifest.assets.css {
        if let Ok(url) = asset_url(&css.file, asset_base) {
            start(&url, &css.integrity);
        }
    }
}

/// Imports the verified glue, initialises the wasm and checks the ABI and `export`.
pub async fn init(fetched: Fetched, export: &str) -> Result<ModuleCode, HostError> {
    let Fetched {
        glue,
        wasm,
        js_url,
        wasm_url,
        ..
    } = fetched;
    let preparsed = matches!(glue, Glue::Preparsed(_));
    let namespace = import_verified(glue, &js_url).await?;
    let memory = init_wasm(&namespace, &wasm)
        .await
        .map_err(|e| HostError::InitFailed {
            url: wasm_url,
            cause: js::describe(&e),
        })?
        .dyn_into::<js_sys::WebAssembly::Memory>()
        .ok();

    check_abi(&namespace, &js_url)?;
    let mount = function(&namespace, export).ok_or_else(|| HostError::ExportMissing {
        url: js_url.clone(),
        export: export.to_owned(),
    })?;
    let instance = Instance {
        mount,
        on_trap: function(&namespace, TRAP_EXPORT),
        release: function(&namespace, RELEASE_EXPORT),
        js_url,
        memory,
        preparsed,
    };
    Ok(ModuleCode {
        instance: Rc::new(instance),
    })
}

impl ModuleCode {
    /// Calls the module's mount function on `host` with `context` as a plain object.
    pub fn mount(&self, host: &Element, context: &JsValue) -> Result<MountHandle, String> {
        let handle = self
            .instance
            .mount
            .call2(&JsValue::NULL, host, context)
            .map_err(|e| js::describe(&e))?;
        Ok(MountHandle { handle })
    }

    /// Has the glue's trap guard report a trap of the instance as a crash of the mount
    /// `instance` (with its `token`), the way the module's panic hook reports a panic. A
    /// build without the guard reports panics only.
    pub fn report_traps(&self, module: &str, instance: &str, token: &str) {
        if let Some(on_trap) = &self.instance.on_trap {
            let reporter = js::trap_reporter(CRASH_EVENT, module, instance, token, TRAP_HINT);
            let _ = on_trap.call1(&JsValue::NULL, &reporter);
        }
    }

    /// Bytes of linear memory the instance has now (it only grows).
    pub fn memory_bytes(&self) -> u64 {
        self.instance
            .memory
            .as_ref()
            .and_then(|m| m.buffer().dyn_into::<js_sys::ArrayBuffer>().ok())
            .map(|b| u64::from(b.byte_length()))
            .unwrap_or_default()
    }

    /// Whether its glue was parsed while the shell started (`boot.js`'s module preload).
    pub fn preparsed(&self) -> bool {
        self.instance.preparsed
    }

    /// URL of the module's glue, for messages.
    pub fn url(&self) -> &str {
        &self.instance.js_url
    }

    /// What retiring this instance leaves: its memory now, weakly held, and whether its glue
    /// lets go of it when the last clone goes.
    pub fn retiring(&self) -> Retiring {
        Retiring {
            wasm_bytes: self.memory_bytes(),
            memory: self.instance.memory.as_ref().map(js_sys::WeakRef::new),
            releasable: self.instance.release.is_some(),
        }
    }
}

impl MountHandle {
    /// Asks the module to unmount; a crashed module may throw, which is reported.
    pub fn unmount(&self) -> Result<(), String> {
        let unmount = function(&self.handle, "unmount").ok_or("handle has no unmount")?;
        unmount
            .call0(&self.handle)
            .map(|_| ())
            .map_err(|e| js::describe(&e))
    }
}

fn asset_url(file: &str, base: &str) -> Result<String, HostError> {
    js::resolve(file, base).ok_or_else(|| HostError::CodeUnreachable {
        url: format!("{base}{file}"),
        cause: "not a valid URL".into(),
    })
}

/// The preloaded fetch for `url` with this integrity, or a new one.
fn verified_fetch(
    url: &str,
    integrity: &str,
    cache: RequestCache,
    signal: &AbortSignal,
) -> (Promise, bool) {
    let preloaded = match cache {
        RequestCache::Default => js::preloaded(&format!("{url}#{integrity}")),
        _ => None,
    };
    match preloaded {
        Some(promise) => (promise, true),
        None => (
            http::start(url, Some(integrity), cache, Some(signal)),
            false,
        ),
    }
}

fn function(target: &JsValue, name: &str) -> Option<Function> {
    Reflect::get(target, &JsValue::from_str(name))
        .ok()?
        .dyn_into()
        .ok()
}

/// Imports the verified glue from a blob URL, so the bytes that run are the bytes verified: the
/// one `boot.js` made and module-preloaded, or a new one of its text.
async fn import_verified(glue: Glue, js_url: &str) -> Result<JsValue, HostError> {
    let imported = match &glue {
        Glue::Preparsed(url) => import_glue(url, false).await,
        Glue::Text(text) => import_glue(text, true).await,
    };
    imported.map_err(|e| HostError::InitFailed {
        url: js_url.to_owned(),
        cause: js::describe(&e),
    })
}

fn check_abi(namespace: &JsValue, js_url: &str) -> Result<(), HostError> {
    let missing = || HostError::ExportMissing {
        url: js_url.to_owned(),
        export: format!(
            "{ABI_EXPORT}() returning one of {}",
            Listed(SUPPORTED_ABI_VERSIONS)
        ),
    };
    let abi = function(namespace, ABI_EXPORT).ok_or_else(missing)?;
    let version = abi
        .call0(&JsValue::NULL)
        .ok()
        .and_then(|v| v.as_f64())
        .ok_or_else(missing)?;
    if SUPPORTED_ABI_VERSIONS
        .iter()
        .any(|&v| f64::from(v) == version)
    {
        Ok(())
    } else {
        Err(missing())
    }
}

/// Works out why a verified fetch failed: unreachable, HTTP error, or other bytes.
async fn diagnose(url: &str, expected: &str, signal: &AbortSignal) -> HostError {
    let fetch = http::start(url, None, RequestCache::NoStore, Some(signal));
    let response = match http::response(fetch).await {
        Ok(response) => response,
        Err(Failure::Network(cause)) => {
            return HostError::CodeUnreachable {
                url: url.to_owned(),
                cause,
            }
        }
        Err(Failure::Http(status)) => {
            return HostError::CodeHttp {
                url: url.to_owned(),
                status,
            }
        }
    };
    let actual = sha384(&response).await.ok().and_then(|a| a.as_string());
    match actual {
        Some(actual) if actual != expected => HostError::IntegrityMismatch {
            url: url.to_owned(),
            expected: expected.to_owned(),
            actual,
        },
        _ => HostError::CodeUnreachable {
            url: url.to_owned(),
            cause: "the download failed".into(),
        },
    }
}
