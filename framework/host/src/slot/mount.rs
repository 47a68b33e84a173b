//! Mounting loaded code into a slot, in place of whatever it showed.

use flotilla_contract::context::MountContext;
use flotilla_contract::LoadPolicy;
use futures::future::LocalBoxFuture;

use super::crash::{self, MountId};
use super::dom::{Pending, SlotDom};
use crate::error::{Failure, HostError, LoadPhase};
use crate::events::MountedInfo;
use crate::js;
use crate::loader::{self, Loaded, MountHandle};
use crate::props::Remote;

/// Waits for the module's styles in the hidden element `pending` (prepared from the same
/// manifest), calls its mount function, lets its first render run, and only then replaces what
/// the slot showed; returns what now runs. Any failure leaves the slot as it was.
pub async fn mount(
    dom: &mut SlotDom,
    pending: Pending,
    remote: &Remote,
    loaded: Loaded,
    policy: &LoadPolicy,
) -> Result<MountedInfo, Failure> {
    let started = js::now();
    let (handle, id) = start(&pending, remote, &loaded, policy).await?;
    let mut timings = loaded.timings;
    timings.spans.mount = crate::stats::Span::since(started);
    timings.mount = timings.spans.mount.ms();
    let memory = loaded.code.memory_bytes();
    dom.commit(pending, handle, id);
    let manifest = &loaded.checked.manifest;
    let a = &manifest.assets;
    let bytes = [&a.js, &a.wasm]
        .into_iter()
        .chain(&a.css)
        .map(|f| f.size)
        .sum();
    js::mark(&format!("flotilla:{}:mounted", remote.name));
    Ok(MountedInfo {
        module: manifest.name.clone(),
        version: manifest.version.clone(),
        origin: js::origin(&loaded.asset_base).unwrap_or_default(),
        manifest_url: loaded.checked.url.clone(),
        timings,
        preloaded: loaded.preloaded,
        preparsed: loaded.code.preparsed(),
        bytes,
        wasm_memory: memory,
    })
}

/// Waits for the styles in `pending`, then calls the module's mount function on its root and
/// lets its first render run: the mount of a slot, and of a tool (boxed: one copy for both).
pub fn start<'a>(
    pending: &'a Pending,
    remote: &'a Remote,
    loaded: &'a Loaded,
    policy: &'a LoadPolicy,
) -> LocalBoxFuture<'a, Result<(MountHandle, MountId), HostError>> {
    Box::pin(start_inner(pending, remote, loaded, policy))
}

async fn start_inner(
    pending: &Pending,
    remote: &Remote,
    loaded: &Loaded,
    policy: &LoadPolicy,
) -> Result<(MountHandle, MountId), HostError> {
    let _window = crate::longtasks::mounting(&remote.name);
    let styles = async {
        pending.styles_ready().await;
        Ok(())
    };
    loader::timed(policy, LoadPhase::Mount, &loaded.checked.base, styles).await?;
    let id = MountId::next(&remote.name);
    let context = context(remote, loaded, &id);
    loaded.code.report_traps(&remote.name, &id.name, &id.token);
    match crash::settled_mount(&id, || loaded.code.mount(pending.root(), &context)).await {
        Ok(handle) => Ok((handle, id)),
        Err(error) => Err(mount_error(remote, loaded, error)),
    }
}

/// A panic reported during the mount call is a crash; anything else thrown is a mount failure.
fn mount_error(remote: &Remote, loaded: &Loaded, error: crash::Thrown) -> HostError {
    let module = remote.name.clone();
    match error {
        crash::Thrown::Panic(cause) => HostError::Crashed { module, cause },
        crash::Thrown::Error(cause) => HostError::MountFailed {
            module,
            cause: format!("{cause} (in {})", loaded.code.url()),
        },
    }
}

/// The mount context the module receives.
fn context(remote: &Remote, loaded: &Loaded, id: &MountId) -> wasm_bindgen::JsValue {
    crate::wire::mount_context(&MountContext {
        module: remote.name.clone(),
        asset_base: loaded.asset_base.clone(),
        instance: Some(id.name.clone()),
        token: Some(id.token.clone()),
        props: remote.props.clone(),
    })
}
