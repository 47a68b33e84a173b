//! The JavaScript boundary: imports, preloaded responses and error text. `JsValue` stops here.

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

#[wasm_bindgen(inline_js = r#"
export function dyn_import(url) { return import(url); }
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
const dispatch = EventTarget.prototype.dispatchEvent;
export function trap_reporter(event, module, instance, token, hint) {
  return (message) => dispatch.call(globalThis,
    new CustomEvent(event, { detail: { module, instance, token, message: `${message} ${hint}` } }));
}
"#)]
extern "C" {
    /// `import(url)`: the ES module namespace, or the import's error.
    #[wasm_bindgen(catch)]
    pub fn dyn_import(url: &str) -> Result<js_sys::Promise, JsValue>;

    /// Takes the response `boot.js` started fetching under `key`, if any.
    fn take_preloaded(key: &str) -> JsValue;

    /// Takes the blob: URL of the glue `boot.js` module-preloaded under `key`, if any.
    fn take_module(key: &str) -> Option<String>;

    /// Takes the text the page's composition snapshot holds for URL `key`, if any.
    fn take_snapshot_text(key: &str) -> JsValue;

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
const DESCRIBED_CHARS: usize = 200;

/// Readable text of a thrown JS value: `Name: message` for errors, the text of a string, else
/// the value's type and its JSON, shortened.
pub fn describe(value: &JsValue) -> String {
    if let Some(error) = value.dyn_ref::<js_sys::Error>() {
        let name = String::from(error.name());
        let message = String::from(error.message());
        return if message.is_empty() {
            name
        } else {
            format!("{name}: {message}")
        };
    }
    if let Some(text) = value.as_string() {
        return text;
    }
    // Another value: its type (an object's constructor) and, shortened, its JSON.
    let constructor = value
        .is_object()
        .then(|| js_sys::Reflect::get(value, &"constructor".into()).ok())
        .flatten()
        .and_then(|c| js_sys::Reflect::get(&c, &"name".into()).ok())
        .and_then(|name| name.as_string())
        .filter(|name| !name.is_empty());
    let kind = constructor
        .or_else(|| value.js_typeof().as_string())
        .unwrap_or_default();
    match js_sys::JSON::stringify(value)
        .ok()
        .and_then(|j| j.as_string())
    {
        Some(json) if json.chars().count() > DESCRIBED_CHARS => {
            let short: String = json.chars().take(DESCRIBED_CHARS).collect();
            format!("a thrown {kind}: {short}…")
        }
        Some(json) => format!("a thrown {kind}: {json}"),
        None => format!("a thrown {kind}"),
    }
}

/// Milliseconds since navigation start.
pub fn now() -> f64 {
    web_sys::window()
        .and_then(|w| w.performance())
        .map(|p| p.now())
        .unwrap_or_default()
}

/// Records a `performance.mark` (visible in devtools and to the benchmark).
pub fn mark(name: &str) {
    if let Some(p) = web_sys::window().and_then(|w| w.performance()) {
        let _ = p.mark(name);
    }
}

/// `new URL(relative, base).href`, or `None` when it does not parse.
pub fn resolve(relative: &str, base: &str) -> Option<String> {
    web_sys::Url::new_with_base(relative, base)
        .ok()
        .map(|u| u.href())
}

/// The origin (`scheme://host:port`) of an absolute URL.
pub fn origin(url: &str) -> Option<String> {
    web_sys::Url::new(url).ok().map(|u| u.origin())
}

/// The origin of an absolute `http:` or `https:` URL; `None` for any other scheme (`blob:`,
/// `data:`, `javascript:` … whose origin a URL parser may still report).
pub fn http_origin(url: &str) -> Option<String> {
    let url = web_sys::Url::new(url).ok()?;
    matches!(url.protocol().as_str(), "http:" | "https:").then(|| url.origin())
}

/// Writes a warning to the console.
pub fn warn(message: &str) {
    web_sys::console::warn_1(&JsValue::from_str(message));
}

/// The page element of slot `slot` (`[data-flotilla-slot="<slot>"]`).
pub fn slot_element(slot: &str) -> Option<web_sys::Element> {
    use flotilla_contract::abi::SLOT_ATTR;
    web_sys::window()?
        .document()?
        .query_selector(&format!("[{SLOT_ATTR}=\"{slot}\"]"))
        .ok()
        .flatten()
}

/// 128 random bits from the browser's CSPRNG, as hex.
pub fn random_token() -> String {
    let mut bytes = [0u8; 16];
    if let Some(crypto) = web_sys::window().and_then(|w| w.crypto().ok()) {
        let _ = crypto.get_random_values_with_u8_array(&mut bytes);
    }
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Resolves once the microtasks queued so far have run.
pub async fn microtasks() {
    let _ =
        wasm_bindgen_futures::JsFuture::from(js_sys::Promise::resolve(&JsValue::UNDEFINED)).await;
}

/// Waits `ms` milliseconds (a `setTimeout`).
pub async fn sleep(ms: u32) {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        if let Some(window) = web_sys::window() {
            let _ = window.set_timeout_with_callback_and_timeout_and_arguments_0(
                &resolve,
                i32::try_from(ms).unwrap_or(i32::MAX),
            );
        }
    });
    let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
}
