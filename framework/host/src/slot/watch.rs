//! The update clock: one timer for the whole page that asks every watched slot to check its
//! manifest (a conditional request: 304 when unchanged), on a common tick (see
//! [`super::schedule`]), a few checks at a time, paused while the tab is hidden.

use flotilla_contract::policy::WatchPolicy;
use futures::channel::{mpsc, oneshot};
use futures::future::LocalBoxFuture;
use futures::StreamExt;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

use super::schedule::Schedule;
use super::task::Command;
use crate::js::{self, sleep};
use crate::lazy::ChunkMissing;

/// Most checks in flight at once: a page of many modules does not open a connection per module
/// on every tick.
const CHECKS_IN_FLIGHT: usize = 6;

/// Asks each of `slots` to check its manifest every `policy.interval_ms` (longer for a slot
/// whose checks fail), all on one clock, until every slot's task is gone. The checks' code is
/// fetched when the first one is due (the `watch` chunk); if it cannot be, the next tick tries
/// again.
pub(crate) fn spawn(slots: Vec<mpsc::UnboundedSender<Command>>, policy: WatchPolicy) {
    if slots.is_empty() {
        return;
    }
    wasm_bindgen_futures::spawn_local(async move {
        let phase = js_sys::Math::random();
        let mut schedule = Schedule::new(policy, slots.len(), js::now(), phase);
        loop {
            let Some(tick) = next_tick(&schedule).await else {
                return;
            };
            match watching(slots.clone(), schedule.clone(), tick).await {
                Ok(watch) => return watch.await,
                Err(missing) => {
                    let error = missing.error("checking for updates");
                    crate::report::warn(error);
                    for i in schedule.due(tick) {
                        schedule.checked(i, tick, false);
                    }
                }
            }
        }
    });
}

crate::lazy_fn! {
    /// The checks from `tick` on (their code is in the `watch` chunk).
    fn watching[watch](
        slots: Vec<mpsc::UnboundedSender<Command>>,
        schedule: Schedule,
        tick: f64,
    ) -> Result<LocalBoxFuture<'static, ()>, ChunkMissing> {
        Ok(Box::pin(run(slots, schedule, tick)))
    }
}

/// Checks the slots due at `tick`, then at each next tick, until no slot is left.
async fn run(slots: Vec<mpsc::UnboundedSender<Command>>, mut schedule: Schedule, mut tick: f64) {
    loop {
        let due = schedule.due(tick);
        let answers: Vec<(usize, Answer)> = futures::stream::iter(due)
            .map(|i| {
                let slot = slots[i].clone();
                async move { (i, check(&slot).await) }
            })
            .buffer_unordered(CHECKS_IN_FLIGHT)
            .collect()
            .await;
        for (i, answer) in answers {
            match answer {
                Answer::Ok => {
                    schedule.checked(i, tick, true);
                }
                Answer::Failed(error) => {
                    let delay = schedule.checked(i, tick, false);
                    let next = format!("; next check in {delay} ms");
                    crate::report::warn_with("checking for updates failed: ".into(), error, next);
                }
                Answer::Gone => schedule.drop_slot(i),
            }
        }
        match next_tick(&schedule).await {
            Some(next) => tick = next,
            None => return,
        }
    }
}

/// Waits for the schedule's next tick while the page is visible; `None` when no slot is left.
async fn next_tick(schedule: &Schedule) -> Option<f64> {
    let next = schedule.next_tick().filter(|_| !schedule.is_empty())?;
    let wait = (next - js::now()).clamp(0.0, f64::from(u32::MAX));
    sleep(wait.ceil() as u32).await;
    visible().await;
    Some(js::now().max(next))
}

/// How one slot's check went.
enum Answer {
    Ok,
    Failed(std::rc::Rc<crate::error::HostError>),
    Gone,
}

async fn check(slot: &mpsc::UnboundedSender<Command>) -> Answer {
    let (reply, answer) = oneshot::channel();
    if slot.unbounded_send(Command::Check { reply }).is_err() {
        return Answer::Gone;
    }
    match answer.await {
        Ok(Ok(())) => Answer::Ok,
        Ok(Err(error)) => Answer::Failed(error),
        Err(_) => Answer::Gone,
    }
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
