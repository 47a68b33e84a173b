//! Watches a slot's manifest for a new build: conditional requests (an unchanged manifest is
//! a 304), backing off while checks fail, paused while the tab is hidden.

use flotilla_contract::policy::WatchPolicy;
use futures::channel::{mpsc, oneshot};
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

use super::task::Command;
use crate::js::{self, sleep};

/// Asks the slot to check its manifest every `policy.interval_ms` (longer while checks fail)
/// until the slot's task is gone.
pub(crate) fn spawn(slot: mpsc::UnboundedSender<Command>, policy: WatchPolicy) {
    wasm_bindgen_futures::spawn_local(async move {
        let mut failures = 0;
        loop {
            sleep(policy.delay_ms(failures)).await;
            visible().await;
            let (reply, answer) = oneshot::channel();
            if slot.unbounded_send(Command::Check { reply }).is_err() {
                return;
            }
            match answer.await {
                Ok(Ok(())) => failures = 0,
                Ok(Err(error)) => {
                    failures += 1;
                    js::warn(&format!(
                        "flotilla: checking for updates failed ({} {error}); next check in {} ms",
                        error.code(),
                        policy.delay_ms(failures)
                    ));
                }
                Err(_) => return,
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
