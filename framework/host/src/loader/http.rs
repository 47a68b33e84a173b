//! Fetch with the options Flotilla always wants, and failures sorted by cause. The requests
//! and the size-limited read are a few lines of JavaScript (fewer, smaller imports than the
//! same steps through `web-sys`); statuses and failures are sorted here.

use js_sys::Promise;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::{AbortSignal, RequestCache, Response};

use crate::js;

#[wasm_bindgen(inline_js = r#"
const init = (integrity, cache, signal) =>
  ({ mode: "cors", credentials: "same-origin", integrity, cache, signal });
export function start(url, integrity, cache, signal) {
  try { return fetch(url, init(integrity, cache, signal)); } catch (e) { return Promise.reject(e); }
}
export function start_like_link(url, integrity) {
  start(url, integrity, "default").catch(() => {});
}
export function preload_style(url, integrity) {
  try {
    const head = document.head;
    if (head.querySelector(`link[rel=preload][as=style][href="${CSS.escape(url)}"]`)) return;
    const link = document.createElement("link");
    Object.assign(link, { rel: "preload", as: "style", crossOrigin: "anonymous", integrity, href: url });
    head.append(link);
  } catch {} // failures show at mount, where the stylesheet is awaited
}
export async function text_within(response, limit) {
  const body = response.body;
  if (!body) return "";
  const declared = Number(response.headers.get("content-length"));
  if (declared > limit) { body.cancel().catch(() => {}); return declared; }
  const reader = body.getReader(), parts = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.length;
    if (total > limit) { reader.cancel().catch(() => {}); return total; }
    parts.push(value);
  }
  return new TextDecoder().decode(await new Blob(parts).arrayBuffer());
}
"#)]
extern "C" {
    #[wasm_bindgen(js_name = start)]
    fn js_start(
        url: &str,
        integrity: &str,
        cache: RequestCache,
        signal: Option<&AbortSignal>,
    ) -> Promise;

    /// Starts a fetch the way `<link crossorigin="anonymous" integrity>` requests (CORS,
    /// same-origin credentials), so the link's later request is served from the same cache
    /// entry. Failures show at mount, where the stylesheet is awaited.
    pub fn start_like_link(url: &str, integrity: &str);

    /// Starts downloading a stylesheet as `<link rel="preload" as="style"
    /// crossorigin="anonymous" integrity>` in the document's head (unless the page's snapshot
    /// hinted it), which the module's `<link rel="stylesheet">` with the same attributes,
    /// added later, takes from memory: one request, none at mount (a `fetch` would not match
    /// the link, which would read the file again from the HTTP cache). Failures show at
    /// mount, where the stylesheet is awaited.
    pub fn preload_style(url: &str, integrity: &str);

    #[wasm_bindgen(js_name = text_within)]
    fn js_text_within(response: &Response, limit: f64) -> Promise;
}

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
    js_start(url, integrity.unwrap_or_default(), cache, signal)
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
    let read = JsFuture::from(js_text_within(response, limit as f64))
        .await
        .map_err(|e| Read::Failed(Failure::Network(js::describe(&e))))?;
    match read.as_string() {
        Some(text) => Ok(text),
        None => Err(Read::TooLarge(read.as_f64().unwrap_or_default() as usize)),
    }
}
