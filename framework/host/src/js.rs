//! The JavaScript boundary: imports, preloaded responses and error text. `JsValue` stops here.

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

#[wasm_bindgen(inline_js = r#"
export function take_preloaded(key) {
  const preloads = globalThis.__flotillaPreload;
  return typeof preloads?.take === "function" ? preloads.take(key) : undefined;
}
export function take_module(key) {
  const preloads = globalThis.__flotillaPreload;
  return typeof preloads?.module === "function" ? preloads.module(key) : undefined;
}
export function take_snapshot_text(key) {
  const preloads = globalThis.__flotillaPreload;
  return typeof preloads?.text === "function" ? preloads.text(key) : undefined;
}
export function describe(value, max) {
  if (value instanceof Error) return value.message ? `${value.name}: ${value.message}` : value.name;
  if (typeof value === "string") return value;
  let kind, json;
  try { kind = typeof value === "object" && value?.constructor?.name; } catch {}
  kind ||= typeof value;
  try { json = JSON.stringify(value); } catch {}
  if (typeof json !== "string") return `a thrown ${kind}`;
  const chars = [...json];
  return `a thrown ${kind}: ${chars.length > max ? chars.slice(0, max).join("") + "…" : json}`;
}
export function resolve(relative, base) {
  try { return new URL(relative, base).href; } catch {}
}
export function origin(url, http_only) {
  try {
    const u = new URL(url);
    if (!http_only || u.protocol === "http:" || u.protocol === "https:") return u.origin;
  } catch {}
}
export function random_token() {
  return Array.from(crypto.getRandomValues(new Uint8Array(16)), b => b.toString(16).padStart(2, "0")).join("");
}
export function sleep(ms) { return new Promise(resolve => setTimeout(resolve, Math.min(ms, 2147483647))); }
const dispatch = EventTarget.prototype.dispatchEvent;
export function trap_reporter(event, module, instance, token, hint) {
  return (message) => dispatch.call(globalThis,
    new CustomEvent(event, { detail: { module, instance, token, message: `${message} ${hint}` } }));
}
"#)]
extern "C" {
    /// Takes the response `boot.js` started fetching under `key`, if any.
    fn take_preloaded(key: &str) -> JsValue;

    /// Takes the blob: URL of the glue `boot.js` module-preloaded under `key`, if any.
    fn take_module(key: &str) -> Option<String>;

    /// Takes the text the page's composition snapshot holds for URL `key`, if any.
    fn take_snapshot_text(key: &str) -> JsValue;

    #[wasm_bindgen(js_name = describe)]
    fn js_describe(value: &JsValue, max: u32) -> String;

    #[wasm_bindgen(js_name = resolve)]
    fn js_resolve(relative: &str, base: &str) -> Option<String>;

    #[wasm_bindgen(js_name = origin)]
    fn js_origin(url: &str, http_only: bool) -> Option<String>;

    /// 128 random bits from the browser's CSPRNG, as hex.
    pub fn random_token() -> String;

    #[wasm_bindgen(js_name = sleep)]
    fn js_sleep(ms: u32) -> js_sys::Promise;

    /// A function of a message that dispatches `event` on `window` with a crash report for
    /// this mount (`module`, `instance`, `token`) and that message, followed by `hint`.
    pub fn trap_reporter(
        event: &str,
        module: &str,
        instance: &str,
        token: &str,
        hint: &str,
    ) -> js_sys::Function;
}

// The page's globals.
#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(js_namespace = performance, js_name = now)]
    fn performance_now() -> f64;

    #[wasm_bindgen(catch, js_namespace = performance, js_name = mark)]
    fn performance_mark(name: &str) -> Result<JsValue, JsValue>;

    #[wasm_bindgen(catch, js_namespace = document, js_name = querySelector)]
    fn query_selector(selector: &str) -> Result<Option<web_sys::Element>, JsValue>;
}

/// The page snapshot's text of the registry or manifest at `url`, taken once: read without
/// waiting for a fetch or a body.
pub fn snapshot_text(url: &str) -> Option<String> {
    take_snapshot_text(url).as_string()
}

/// The blob: URL of the verified glue `boot.js` module-preloaded under `url#integrity`, once.
pub fn preparsed_module(key: &str) -> Option<String> {
    take_module(key).filter(|url| url.starts_with("blob:"))
}

/// The preloaded response promise for `key` (a URL, or `url#integrity` for code).
pub fn preloaded(key: &str) -> Option<js_sys::Promise> {
    take_preloaded(key).dyn_into::<js_sys::Promise>().ok()
}

/// Characters of a thrown non-error value's JSON a message shows.
const DESCRIBED_CHARS: u32 = 200;

/// Readable text of a thrown JS value: `Name: message` for errors, the text of a string, else
/// the value's type (an object's constructor) and its JSON, shortened.
pub fn describe(value: &JsValue) -> String {
    js_describe(value, DESCRIBED_CHARS)
}

/// Milliseconds since navigation start.
pub fn now() -> f64 {
    performance_now()
}

/// Records a `performance.mark` (visible in devtools and to the benchmark).
pub fn mark(name: &str) {
    let _ = performance_mark(name);
}

/// `new URL(relative, base).href`, or `None` when it does not parse.
pub fn resolve(relative: &str, base: &str) -> Option<String> {
    js_resolve(relative, base)
}

/// The origin (`scheme://host:port`) of an absolute URL.
pub fn origin(url: &str) -> Option<String> {
    js_origin(url, false)
}

/// The origin of an absolute `http:` or `https:` URL; `None` for any other scheme (`blob:`,
/// `data:`, `javascript:` … whose origin a URL parser may still report).
pub fn http_origin(url: &str) -> Option<String> {
    js_origin(url, true)
}

/// Writes a warning to the console.
pub fn warn(message: &str) {
    web_sys::console::warn_1(&JsValue::from_str(message));
}

/// The page element of slot `slot` (`[data-flotilla-slot="<slot>"]`).
pub fn slot_element(slot: &str) -> Option<web_sys::Element> {
    use flotilla_contract::abi::SLOT_ATTR;
    query_selector(&format!("[{SLOT_ATTR}=\"{slot}\"]"))
        .ok()
        .flatten()
}

/// Resolves once the microtasks queued so far have run.
pub async fn microtasks() {
    let _ =
        wasm_bindgen_futures::JsFuture::from(js_sys::Promise::resolve(&JsValue::UNDEFINED)).await;
}

/// Waits `ms` milliseconds (a `setTimeout`).
pub async fn sleep(ms: u32) {
    let _ = wasm_bindgen_futures::JsFuture::from(js_sleep(ms)).await;
}
