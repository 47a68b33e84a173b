//! Fetch with the options Flotilla always wants, and failures sorted by cause.

use js_sys::Promise;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::{
    AbortSignal, HtmlLinkElement, RequestCache, RequestCredentials, RequestInit, RequestMode,
    Response,
};

use crate::js;

/// Why a fetch produced no usable response.
pub enum Failure {
    /// No response at all (refused connection, CORS, DNS, integrity).
    Network(String),
    /// A response with a non-2xx status.
    Http(u16),
}

/// Starts a CORS fetch with same-origin credentials (none go to module origins), as the page's
/// `<link rel="preload" as="fetch" crossorigin="anonymous">` hints request, so a hinted file
/// is downloaded once; `integrity` pins the bytes, `signal` aborts it.
pub fn start(
    url: &str,
    integrity: Option<&str>,
    cache: RequestCache,
    signal: Option<&AbortSignal>,
) -> Promise {
    let init = RequestInit::new();
    init.set_signal(signal);
    init.set_mode(RequestMode::Cors);
    init.set_credentials(RequestCredentials::SameOrigin);
    init.set_cache(cache);
    if let Some(integrity) = integrity {
        init.set_integrity(integrity);
    }
    match web_sys::window() {
        Some(w) => w.fetch_with_str_and_init(url, &init),
        None => Promise::reject(&"no window".into()),
    }
}

/// Starts downloading a stylesheet as `<link rel="preload" as="style" crossorigin="anonymous"
/// integrity>` in the document's head, which the module's `<link rel="stylesheet">` with the
/// same attributes, added later, takes from memory: one request, none at mount (a `fetch`
/// would not match the link, which would read the file again from the HTTP cache).
pub fn preload_style(url: &str, integrity: &str) {
    let Some(document) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    let Some(head) = document.head() else {
        return;
    };
    // A parsed URL has no `"` or `\` left to escape.
    let hint = format!(r#"link[rel=preload][as=style][href="{url}"]"#);
    if let Ok(Some(_)) = head.query_selector(&hint) {
        return; // the page's snapshot hinted it
    }
    let Ok(link) = document.create_element("link") else {
        return;
    };
    let link: HtmlLinkElement = link.unchecked_into();
    link.set_rel("preload");
    link.set_as("style");
    link.set_cross_origin(Some("anonymous"));
    link.set_integrity(integrity);
    link.set_href(url);
    // Failures show at mount, where the stylesheet is awaited.
    let _ = head.append_child(&link);
}

/// Starts a fetch the way `<link crossorigin="anonymous" integrity>` requests (CORS,
/// same-origin credentials), so the link's later request is served from the same cache entry.
pub fn start_like_link(url: &str, integrity: &str) {
    let init = RequestInit::new();
    init.set_mode(RequestMode::Cors);
    init.set_credentials(RequestCredentials::SameOrigin);
    init.set_integrity(integrity);
    let promise = match web_sys::window() {
        Some(w) => w.fetch_with_str_and_init(url, &init),
        None => Promise::reject(&"no window".into()),
    };
    // Failures show at mount, where the stylesheet is awaited.
    wasm_bindgen_futures::spawn_local(async move {
        let _ = JsFuture::from(promise).await;
    });
}

/// Awaits a fetch promise and checks the status.
pub async fn response(promise: Promise) -> Result<Response, Failure> {
    let value = JsFuture::from(promise)
        .await
        .map_err(|e| Failure::Network(js::describe(&e)))?;
    let response: Response = value
        .dyn_into()
        .map_err(|_| Failure::Network("not a Response".into()))?;
    if !response.ok() {
        return Err(Failure::Http(response.status()));
    }
    Ok(response)
}

/// Reads a response body as text.
pub async fn text(response: &Response) -> Result<String, Failure> {
    let promise = response
        .text()
        .map_err(|e| Failure::Network(js::describe(&e)))?;
    JsFuture::from(promise)
        .await
        .map_err(|e| Failure::Network(js::describe(&e)))?
        .as_string()
        .ok_or_else(|| Failure::Network("body is not text".into()))
}

/// Reads a response body as bytes.
pub async fn bytes(response: &Response) -> Result<Vec<u8>, Failure> {
    let promise = response
        .array_buffer()
        .map_err(|e| Failure::Network(js::describe(&e)))?;
    let buffer = JsFuture::from(promise)
        .await
        .map_err(|e| Failure::Network(js::describe(&e)))?;
    Ok(js_sys::Uint8Array::new(&buffer).to_vec())
}

/// Why a body was not read.
pub enum Read {
    /// The download failed.
    Failed(Failure),
    /// The body is longer than allowed: its length, or how much had arrived when reading
    /// stopped.
    TooLarge(usize),
}

/// Reads a response body as text, but never more than `limit` bytes: a longer body is
/// refused by its `Content-Length`, or by counting while it streams in (then cancelled).
pub async fn text_within(response: &Response, limit: usize) -> Result<String, Read> {
    let declared = response
        .headers()
        .get("content-length")
        .ok()
        .flatten()
        .and_then(|v| v.trim().parse::<usize>().ok());
    let Some(body) = response.body() else {
        return Ok(String::new());
    };
    if let Some(length) = declared.filter(|&n| n > limit) {
        let _ = body.cancel();
        return Err(Read::TooLarge(length));
    }
    let reader: web_sys::ReadableStreamDefaultReader = body.get_reader().unchecked_into();
    let failed = |e: wasm_bindgen::JsValue| Read::Failed(Failure::Network(js::describe(&e)));
    let mut bytes = Vec::new();
    loop {
        let chunk = JsFuture::from(reader.read()).await.map_err(failed)?;
        let done = js_sys::Reflect::get(&chunk, &"done".into())
            .ok()
            .and_then(|d| d.as_bool())
            .unwrap_or(true);
        if done {
            break;
        }
        let value: js_sys::Uint8Array = js_sys::Reflect::get(&chunk, &"value".into())
            .map_err(failed)?
            .unchecked_into();
        let total = bytes.len() + value.length() as usize;
        if total > limit {
            let _ = reader.cancel();
            return Err(Read::TooLarge(total));
        }
        bytes.extend(value.to_vec());
    }
    Ok(String::from_utf8_lossy(&bytes).into_owned())
}
