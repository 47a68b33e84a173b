//! `flotilla.setOverride` and `flotilla.resetOverride`.

use js_sys::Object;
use wasm_bindgen::JsValue;

use super::{failed, gone, set};
use crate::host::{Host, OverrideError};

/// Sets the slot's override to `url`, or resets it (`None`): `{ version, saved }` (and `why`
/// when not saved), or an `Error`.
pub(super) async fn to(
    host: Option<Host>,
    slot: String,
    url: Option<String>,
) -> Result<JsValue, JsValue> {
    let host = host.ok_or_else(gone)?;
    let (version, not_saved) = match url {
        Some(url) => match host.set_override(&slot, &url).await {
            Ok(swapped) => (swapped.version, None),
            Err(OverrideError::NotSaved { version, why }) => (version, Some(why)),
            Err(OverrideError::Failed(failure)) => return Err(failed(&failure).into()),
            Err(refused) => return Err(js_sys::Error::new(&refused.to_string()).into()),
        },
        None => match host.reset_override(&slot).await {
            Ok(swapped) => (swapped.version, None),
            Err(failure) => return Err(failed(&failure).into()),
        },
    };
    let answer = Object::new();
    set(&answer, "version", &version.into());
    set(&answer, "saved", &not_saved.is_none().into());
    if let Some(why) = not_saved {
        set(&answer, "why", &why.into());
    }
    Ok(answer.into())
}
