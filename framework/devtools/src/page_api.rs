//! The page API (`window.flotilla`) the panel reads and drives: the one place where JS values
//! are converted.

use flotilla_wire::Wire;
use js_sys::{Function, Promise, Reflect};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

/// One slot, as `flotilla.slots()` describes it.
#[derive(Debug, Clone, PartialEq, Wire)]
#[wire(rename_all = "camelCase")]
pub struct SlotRow {
    /// Slot name.
    pub slot: String,
    /// `loading`, `mounted`, `failed`, `crashed`, `inactive` or `updating`.
    pub state: String,
    /// Whether a developer's override runs there.
    pub overridden: bool,
    /// The registry's manifest URL for the slot.
    pub registry_manifest: String,
    /// What runs there.
    pub mounted: Option<Running>,
}

/// What runs in a slot.
#[derive(Debug, Clone, PartialEq, Wire)]
pub struct Running {
    /// Module name.
    pub module: String,
    /// Its version.
    pub version: String,
    /// Origin of its code.
    pub origin: String,
    /// Bytes of its code and styles.
    pub bytes: f64,
    /// How many of its fetches the page's preloads served.
    pub preloaded: u32,
    /// Milliseconds each phase of its load took.
    pub timings: Timings,
}

/// Milliseconds each phase of a load took.
#[derive(Debug, Clone, Copy, PartialEq, Wire)]
pub struct Timings {
    /// Fetching and validating the manifest.
    pub manifest: f64,
    /// Fetching and verifying the code.
    pub fetch: f64,
    /// Initialising the code.
    pub init: f64,
    /// Styles and mount.
    pub mount: f64,
}

/// A long task the page suffered.
#[derive(Debug, Clone, PartialEq, Wire)]
pub struct LongTask {
    /// How long it blocked the page.
    pub ms: f64,
    /// The module mounting at the time, if one was.
    pub module: Option<String>,
}

#[derive(Wire)]
#[wire(rename_all = "camelCase")]
struct Stats {
    long_tasks: Vec<LongTask>,
}

/// Stops watching the page when dropped.
pub struct Watch {
    stop: Option<Function>,
}

impl Drop for Watch {
    fn drop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.call0(&JsValue::NULL);
        }
    }
}

/// Every slot of the page, in page order; the error says why not.
pub fn slots() -> Result<Vec<SlotRow>, String> {
    let value = call("slots", &[])?;
    flotilla_wire::from_js(value).map_err(|e| format!("flotilla.slots(): {e}"))
}

/// The last long task the page suffered.
pub fn last_long_task() -> Option<LongTask> {
    let stats: Stats = flotilla_wire::from_js(call("stats", &[]).ok()?).ok()?;
    stats.long_tasks.into_iter().last()
}

/// Calls `on_change` after every change the host reports, until the [`Watch`] is dropped.
pub fn watch(on_change: impl Fn() + 'static) -> Watch {
    let callback = wasm_bindgen::closure::Closure::<dyn Fn()>::new(on_change).into_js_value();
    let stop = call("watch", &[callback])
        .ok()
        .and_then(|stop| stop.dyn_into::<Function>().ok());
    Watch { stop }
}

/// An override applied: the version now running, and why it was not saved for the next
/// loads if the browser refused to.
pub struct Applied {
    /// The version now running.
    pub version: String,
    /// Why the override is not kept for the next loads (`None`: kept).
    pub not_saved: Option<String>,
}

/// Points `slot` at the manifest at `url` (kept for the next loads); what runs now, or why not.
pub async fn set_override(slot: &str, url: &str) -> Result<Applied, String> {
    applied(call("setOverride", &[slot.into(), url.into()])).await
}

/// Removes `slot`'s override; what runs now, or why not.
pub async fn reset_override(slot: &str) -> Result<Applied, String> {
    applied(call("resetOverride", &[slot.into()])).await
}

/// What a page API override promise resolves to, or its error's message (with its code).
async fn applied(promise: Result<JsValue, String>) -> Result<Applied, String> {
    let promise: Promise = promise?
        .dyn_into()
        .map_err(|_| "not a promise".to_owned())?;
    match JsFuture::from(promise).await {
        Ok(answer) => {
            let saved = Reflect::get(&answer, &"saved".into())
                .ok()
                .and_then(|s| s.as_bool());
            Ok(Applied {
                version: text(&answer, "version"),
                not_saved: (saved == Some(false)).then(|| text(&answer, "why")),
            })
        }
        Err(error) => {
            let message = text(&error, "message");
            Err(match text(&error, "code") {
                code if code.is_empty() => message,
                _ => format!("Not applied: {message}"),
            })
        }
    }
}

fn text(target: &JsValue, key: &str) -> String {
    Reflect::get(target, &key.into())
        .ok()
        .and_then(|v| v.as_string())
        .unwrap_or_default()
}

/// Calls `flotilla.<name>(…args)`.
fn call(name: &str, args: &[JsValue]) -> Result<JsValue, String> {
    let missing = || format!("this page has no Flotilla host (window.flotilla.{name})");
    let api = Reflect::get(&js_sys::global(), &"flotilla".into()).map_err(|_| missing())?;
    let function: Function = Reflect::get(&api, &name.into())
        .ok()
        .and_then(|f| f.dyn_into().ok())
        .ok_or_else(missing)?;
    let args: js_sys::Array = args.iter().collect();
    function
        .apply(&api, &args)
        .map_err(|e| format!("flotilla.{name}() threw: {}", text(&e, "message")))
}
