//! Watches a slot's manifest for a new build: conditional requests (an unchanged manifest is
//! a 304), backing off while checks fail, paused while the tab is hidden.

use std::cell::Cell;
use std::rc::Rc;

use flotilla_contract::policy::WatchPolicy;
use flotilla_contract::Manifest;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

use super::driver::Driver;
use crate::js;
use crate::loader::sleep;

/// Checks every `policy.interval_ms` until `alive` is false; calls `on_new` with each new build.
pub fn spawn(
    driver: Driver,
    policy: WatchPolicy,
    alive: Rc<Cell<bool>>,
    on_new: impl Fn(Manifest) + 'static,
) {
    wasm_bindgen_futures::spawn_local(async move {
        let mut failures = 0;
        loop {
            sleep(policy.delay_ms(failures)).await;
            if !alive.get() {
                return;
            }
            visible().await;
            match driver.check().await {
                Ok(found) => {
                    failures = 0;
                    if let Some(manifest) = found {
                        on_new(manifest);
                    }
                }
                Err(error) => {
                    failures += 1;
                    js::warn(&format!(
                        "flotilla: checking for updates failed ({} {error}); next check in {} ms",
                        error.code(),
                        policy.delay_ms(failures)
                    ));
                }
            }
        }
    });
}

/// Resolves at once when the page is visible, else when it becomes visible.
async fn visible() {
    let Some(document) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    while document.hidden() {
        let shown = js_sys::Promise::new(&mut |resolve, _| {
            let once = Closure::once_into_js(move || {
                let _ = resolve.call0(&wasm_bindgen::JsValue::NULL);
            });
            let options = web_sys::AddEventListenerOptions::new();
            options.set_once(true);
            let _ = document.add_event_listener_with_callback_and_add_event_listener_options(
                "visibilitychange",
                once.unchecked_ref(),
                &options,
            );
        });
        let _ = JsFuture::from(shown).await;
    }
}
