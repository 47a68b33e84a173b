//! A slot of the page: loads its module, mounts it, and shows what went wrong if it fails.

mod crash;
mod host;
mod view;

use std::cell::RefCell;
use std::rc::Rc;

use flotilla_contract::abi::context as keys;
use flotilla_contract::registry::Remote;
use flotilla_contract::LoadPolicy;
use yew::prelude::*;

use crate::error::{HostError, LoadPhase};
use crate::js;
use crate::loader::{self, Failure, Loaded};
use crate::swap::{self, SwapRequest};
use host::SlotHost;
use view::{Phase, SlotStatus, SwapNotice};

/// Properties of [`Slot`].
#[derive(Properties, PartialEq)]
pub struct SlotProps {
    /// The registry entry of the module.
    pub remote: Remote,
    /// Origins modules may be loaded from.
    pub allowed: Rc<Vec<String>>,
    /// Timeouts and retries.
    pub policy: LoadPolicy,
    /// Told `(module, state)` whenever the slot's state changes.
    pub on_state: Callback<(String, String)>,
}

/// Loads the registry entry's module into its page slot; Retry/Restart loads it afresh, and
/// `flotilla.swap` replaces it with another version while it keeps running.
#[function_component(Slot)]
pub fn slot(props: &SlotProps) -> Html {
    let host = use_memo(props.remote.slot.clone(), |slot| {
        SlotHost::attach(slot).map(|h| Rc::new(RefCell::new(h)))
    });
    let phase = use_state(|| Phase::Loading);
    let attempt = use_state(|| 0u32);
    // The manifest the slot loads: the registry's, until a swap succeeds.
    let manifest = use_mut_ref(|| props.remote.manifest.clone());
    let mounted = use_mut_ref(|| None::<String>);
    let notice = use_state(|| None::<Failure>);

    {
        let (host, phase, allowed, policy) = (
            host.clone(),
            phase.clone(),
            props.allowed.clone(),
            props.policy,
        );
        let (manifest, mounted) = (manifest.clone(), mounted.clone());
        let mut remote = props.remote.clone();
        use_effect_with(*attempt, move |attempt| {
            let again = *attempt > 0;
            remote.manifest = manifest.borrow().clone();
            if let Ok(host) = (*host).clone() {
                phase.set(Phase::Loading);
                wasm_bindgen_futures::spawn_local(async move {
                    match load_and_mount(&host, &remote, &allowed, &policy, again).await {
                        Ok(version) => {
                            *mounted.borrow_mut() = Some(version);
                            phase.set(Phase::Mounted);
                        }
                        Err(failure) => {
                            let error = &failure.error;
                            js::warn(&format!(
                                "flotilla: [{}] {}: {error}",
                                remote.name,
                                error.code()
                            ));
                            phase.set(Phase::Failed(failure));
                        }
                    }
                });
            }
        });
    }

    {
        let (host, phase, allowed, policy, notice) = (
            host.clone(),
            phase.clone(),
            props.allowed.clone(),
            props.policy,
            notice.clone(),
        );
        let (manifest, mounted) = (manifest.clone(), mounted.clone());
        let remote = props.remote.clone();
        use_effect_with(props.remote.slot.clone(), move |slot| {
            let on_swap = Callback::from(move |request: SwapRequest| {
                let Ok(host) = (*host).clone() else {
                    return;
                };
                let unchanged = *manifest.borrow() == request.manifest_url;
                if let (true, Some(version)) = (unchanged, mounted.borrow().clone()) {
                    request.done(&version, false);
                    return;
                }
                let mut remote = remote.clone();
                remote.manifest = request.manifest_url.clone();
                let (allowed, phase, notice) = (allowed.clone(), phase.clone(), notice.clone());
                let (manifest, mounted) = (manifest.clone(), mounted.clone());
                host.borrow().set_data("swap", "pending");
                wasm_bindgen_futures::spawn_local(async move {
                    let result = load_and_mount(&host, &remote, &allowed, &policy, false).await;
                    host.borrow().set_data("swap", "");
                    match result {
                        Ok(version) => {
                            *manifest.borrow_mut() = remote.manifest.clone();
                            *mounted.borrow_mut() = Some(version.clone());
                            notice.set(None);
                            phase.set(Phase::Mounted);
                            request.done(&version, true);
                        }
                        Err(failure) => {
                            js::warn(&format!(
                                "flotilla: [{}] swap to {} failed, the old version stays: {} {}",
                                remote.name,
                                remote.manifest,
                                failure.error.code(),
                                failure.error
                            ));
                            request.failed(&failure.error);
                            notice.set(Some(failure));
                        }
                    }
                });
            });
            swap::register(slot, on_swap);
            let slot = slot.clone();
            move || swap::unregister(&slot)
        });
    }

    {
        let (host, phase, mounted) = (host.clone(), phase.clone(), mounted.clone());
        use_effect_with(props.remote.name.clone(), move |name| {
            let module = name.clone();
            let listener = crash::listen(move |instance, cause| {
                // Only the instance on screen; a new one that panics while mounting is
                // reported by its mount, and the old one stays.
                let Ok(host) = &*host else {
                    return;
                };
                if host.borrow().instance() != Some(instance.as_str()) {
                    return;
                }
                host.borrow_mut().unmount();
                *mounted.borrow_mut() = None;
                let module = module.clone();
                phase.set(Phase::Failed(HostError::Crashed { module, cause }.into()));
            });
            move || drop(listener)
        });
    }

    {
        let (host, on_state, module) = (
            host.clone(),
            props.on_state.clone(),
            props.remote.name.clone(),
        );
        use_effect_with((*phase).clone(), move |phase| {
            let state = match phase {
                Phase::Failed(f) => format!("{} ({})", phase.name(), f.error.code()),
                _ => phase.name().to_owned(),
            };
            on_state.emit((module, state));
            if let Ok(host) = &*host {
                host.borrow().set_data("state", phase.name());
                let (code, attempts) = match phase {
                    Phase::Failed(f) => (f.error.code(), f.attempts.to_string()),
                    _ => ("", String::new()),
                };
                host.borrow().set_data("error-code", code);
                host.borrow().set_data("attempts", &attempts);
            }
        });
    }

    let on_retry = {
        let attempt = attempt.clone();
        Callback::from(move |()| attempt.set(*attempt + 1))
    };
    let on_dismiss = {
        let notice = notice.clone();
        Callback::from(move |()| notice.set(None))
    };
    let status = html! {
        <>
            <SlotStatus module={props.remote.name.clone()} phase={(*phase).clone()} {on_retry} />
            if let Some(failure) = &*notice {
                <SwapNotice failure={failure.clone()} {on_dismiss} />
            }
        </>
    };
    match &*host {
        Ok(host) => create_portal(status, host.borrow().status_element()),
        Err(error) => {
            let on_retry = Callback::noop();
            let phase = Phase::Failed(error.clone().into());
            html! { <SlotStatus module={props.remote.name.clone()} {phase} {on_retry} /> }
        }
    }
}

/// Loads the module, then mounts it in place of whatever the slot showed.
async fn load_and_mount(
    host: &Rc<RefCell<SlotHost>>,
    remote: &Remote,
    allowed: &[String],
    policy: &LoadPolicy,
    again: bool,
) -> Result<String, Failure> {
    let loaded = loader::load(remote, allowed, policy, again).await?;
    let pending = host.borrow().prepare(&loaded);
    let started = js::now();
    let styles = async {
        pending.styles_ready().await;
        Ok(())
    };
    let css_url = loaded.asset_base.clone();
    if let Err(error) = loader::timed(policy, LoadPhase::Mount, &css_url, styles).await {
        pending.discard();
        return Err(error.into());
    }
    let instance = next_instance(&remote.name);
    let context = context_json(remote, &loaded, &instance);
    let mounted =
        crash::settled_mount(&instance, || loaded.code.mount(pending.root(), &context)).await;
    let handle = match mounted {
        Ok(handle) => handle,
        Err(error) => {
            pending.discard();
            return Err(mount_error(remote, &loaded, error).into());
        }
    };
    let mount_ms = js::now() - started;
    let mut host = host.borrow_mut();
    host.commit(pending, handle, instance);
    host.set_data("module", &loaded.manifest.name);
    host.set_data("version", &loaded.manifest.version);
    host.set_data(
        "origin",
        &js::origin(&loaded.asset_base).unwrap_or_default(),
    );
    let t = loaded.timings;
    host.set_data(
        "load-ms",
        &format!(
            "manifest={:.1} fetch={:.1} init={:.1} mount={:.1} preloaded={}",
            t.manifest, t.fetch, t.init, mount_ms, loaded.preloaded
        ),
    );
    js::mark(&format!("flotilla:{}:mounted", remote.name));
    Ok(loaded.manifest.version)
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

/// A name for one mount, unique in the page: `header-app#3`.
fn next_instance(module: &str) -> String {
    thread_local!(static COUNT: std::cell::Cell<u32> = const { std::cell::Cell::new(0) });
    let n = COUNT.with(|c| {
        c.set(c.get() + 1);
        c.get()
    });
    format!("{module}#{n}")
}

/// The mount context object the module receives, as JSON text.
fn context_json(remote: &Remote, loaded: &Loaded, instance: &str) -> String {
    let mut context = serde_json::Map::new();
    context.insert(keys::INSTANCE.into(), instance.into());
    context.insert(keys::MODULE.into(), remote.name.clone().into());
    context.insert(keys::ASSET_BASE.into(), loaded.asset_base.clone().into());
    context.insert(keys::PROPS.into(), remote.props.clone().into());
    serde_json::Value::Object(context).to_string()
}
