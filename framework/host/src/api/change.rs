//! `flotilla.swap`, `flotilla.setOverride` and `flotilla.resetOverride`: one change of a slot,
//! answered as a promise (one copy of the code for all three).

use flotilla_contract::ErrorCode;
use futures::future::LocalBoxFuture;
use js_sys::{Object, Promise};
use wasm_bindgen::JsValue;

use super::{error_with_code, failed, gone, set};
use crate::error::lazy_code;
use crate::host::{Change, Host, OverrideError};
use crate::lazy::ChunkMissing;

/// Makes `change` to `slot`; the promise resolves to `{ version, changed }` for a swap,
/// `{ version, saved }` (and `why` when not saved) for an override, or rejects with an `Error`
/// (FLO-208 when the code that answers could not be fetched).
pub(super) fn promise(host: Option<Host>, slot: String, change: Change) -> Promise {
    wasm_bindgen_futures::future_to_promise(async move {
        match answering(host, slot, change).await {
            Ok(answer) => answer.await,
            Err(_missing) => {
                let message = lazy_code("changing a slot from `window.flotilla`");
                Err(error_with_code(ErrorCode::LazyCode, &message).into())
            }
        }
    })
}

crate::lazy_fn! {
    /// The answer to `change` (its code is in the `api` chunk).
    fn answering[api](
        host: Option<Host>,
        slot: String,
        change: Change,
    ) -> Result<LocalBoxFuture<'static, Result<JsValue, JsValue>>, ChunkMissing> {
        Ok(Box::pin(answer(host, slot, change)))
    }
}

async fn answer(host: Option<Host>, slot: String, change: Change) -> Result<JsValue, JsValue> {
    let host = host.ok_or_else(gone)?;
    let swap = matches!(change, Change::Swap(_));
    let answer = Object::new();
    match host.change(&slot, change).await {
        Ok(swapped) => {
            set(&answer, "version", &swapped.version.into());
            if swap {
                set(&answer, "changed", &swapped.changed.into());
            } else {
                set(&answer, "saved", &true.into());
            }
        }
        Err(OverrideError::NotSaved { version, why }) => {
            set(&answer, "version", &version.into());
            set(&answer, "saved", &false.into());
            set(&answer, "why", &why.into());
        }
        Err(OverrideError::Failed(failure)) => return Err(failed(&failure).into()),
        Err(refused) => return Err(js_sys::Error::new(&refused.to_string()).into()),
    }
    Ok(answer.into())
}
