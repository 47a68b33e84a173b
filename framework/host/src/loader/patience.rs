//! Per-phase timeouts (which abort the phase's fetches) and retries with backoff and jitter.

use std::cell::RefCell;
use std::future::Future;

use flotilla_contract::LoadPolicy;
use futures::future::{select, Either, LocalBoxFuture};
use web_sys::{AbortController, AbortSignal};

use crate::error::{Failure, HostError, LoadPhase};

/// Runs one phase: each attempt gets the phase's timeout and an abort signal for its fetches;
/// transient failures are retried as `policy.retry` says, others are returned at once.
pub async fn phase<T, F, Fut>(
    policy: &LoadPolicy,
    phase: LoadPhase,
    url: &str,
    mut attempt: F,
) -> Result<T, Failure>
where
    F: FnMut(AbortSignal) -> Fut,
    Fut: Future<Output = Result<T, HostError>>,
{
    // One copy of the retry loop serves every phase: it sees attempts that leave their value
    // here.
    let value = RefCell::new(None);
    let value_ref = &value;
    retrying(policy, phase, url, &mut |signal| {
        let work = attempt(signal);
        Box::pin(async move {
            *value_ref.borrow_mut() = Some(work.await?);
            Ok(())
        })
    })
    .await?;
    Ok(value
        .into_inner()
        .expect("a phase that succeeded left its value"))
}

/// The retry loop of [`phase`].
async fn retrying<'a>(
    policy: &LoadPolicy,
    phase: LoadPhase,
    url: &str,
    attempt: &mut dyn FnMut(AbortSignal) -> LocalBoxFuture<'a, Result<(), HostError>>,
) -> Result<(), Failure> {
    let ms = phase.timeout(&policy.timeouts);
    let retry = policy.retry;
    let mut made = 0;
    loop {
        made += 1;
        let result = within(ms, attempt).await.unwrap_or_else(|| {
            Err(HostError::Timeout {
                phase,
                url: url.to_owned(),
                ms,
            })
        });
        match result {
            Err(error) if error.is_transient() && made < retry.attempts => {
                let delay = retry.delay_ms(made, js_sys::Math::random());
                let next = format!("; retry {made} in {delay} ms");
                crate::report::warn_with(String::new(), error, next);
                sleep(delay).await;
            }
            result => {
                return result.map_err(|error| Failure {
                    error: error.into(),
                    attempts: made,
                })
            }
        }
    }
}

/// Runs a phase that is never retried (init, mount) within its timeout.
pub async fn timed<T>(
    policy: &LoadPolicy,
    phase: LoadPhase,
    url: &str,
    work: impl Future<Output = Result<T, HostError>>,
) -> Result<T, HostError> {
    let ms = phase.timeout(&policy.timeouts);
    match select(Box::pin(work), Box::pin(sleep(ms))).await {
        Either::Left((result, _)) => result,
        Either::Right(_) => Err(HostError::Timeout {
            phase,
            url: url.to_owned(),
            ms,
        }),
    }
}

/// Runs `attempt`, or aborts its signal and returns `None` after `ms` milliseconds.
async fn within<'a>(
    ms: u32,
    attempt: &mut dyn FnMut(AbortSignal) -> LocalBoxFuture<'a, Result<(), HostError>>,
) -> Option<Result<(), HostError>> {
    let controller = AbortController::new().ok()?;
    let work = attempt(controller.signal());
    match select(work, Box::pin(sleep(ms))).await {
        Either::Left((value, _)) => Some(value),
        Either::Right(_) => {
            controller.abort();
            None
        }
    }
}

pub use crate::js::sleep;
