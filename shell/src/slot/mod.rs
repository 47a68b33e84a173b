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
use host::SlotHost;
use view::{Phase, SlotStatus};

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

/// Loads the registry entry's module into its page slot; Retry/Restart loads it afresh.
#[function_component(Slot)]
pub fn slot(props: &SlotProps) -> Html {
    let host = use_memo(props.remote.slot.clone(), |slot| {
        SlotHost::attach(slot).map(|h| Rc::new(RefCell::new(h)))
    });
    let phase = use_state(|| Phase::Loading);
    let attempt = use_state(|| 0u32);

    {
        let (host, phase, remote, allowed, policy) = (
            host.clone(),
            phase.clone(),
            props.remote.clone(),
            props.allowed.clone(),
            props.policy,
        );
        use_effect_with(*attempt, move |attempt| {
            let again = *attempt > 0;
            if let Ok(host) = (*host).clone() {
                phase.set(Phase::Loading);
                wasm_bindgen_futures::spawn_local(async move {
                    match load_and_mount(&host, &remote, &allowed, &policy, again).await {
                        Ok(()) => phase.set(Phase::Mounted),
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
        let (host, phase) = (host.clone(), phase.clone());
        use_effect_with(props.remote.name.clone(), move |name| {
            let module = name.clone();
            let listener = crash::listen(name.clone(), move |cause| {
                if let Ok(host) = &*host {
                    host.borrow_mut().unmount();
                }
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
    let status = html! {
        <SlotStatus module={props.remote.name.clone()} phase={(*phase).clone()} {on_retry} />
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
) -> Result<(), Failure> {
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
    let mounted = crash::during(remote.name.clone(), || {
        loaded
            .code
            .mount(pending.root(), &context_json(remote, &loaded))
    });
    let handle = match mounted {
        Ok(handle) => handle,
        Err(error) => {
            pending.discard();
            return Err(mount_error(remote, &loaded, error).into());
        }
    };
    let mount_ms = js::now() - started;
    let mut host = host.borrow_mut();
    host.commit(pending, handle);
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
    Ok(())
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

/// The mount context object the module receives, as JSON text.
fn context_json(remote: &Remote, loaded: &Loaded) -> String {
    let mut context = serde_json::Map::new();
    context.insert(keys::MODULE.into(), remote.name.clone().into());
    context.insert(keys::ASSET_BASE.into(), loaded.asset_base.clone().into());
    context.insert(keys::PROPS.into(), remote.props.clone().into());
    serde_json::Value::Object(context).to_string()
}
