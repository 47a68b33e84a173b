//! A slot of the page: loads its module, mounts it, and shows what went wrong if it fails.

mod crash;
mod host;
mod view;

use std::cell::RefCell;
use std::rc::Rc;

use flotilla_contract::abi::context as keys;
use flotilla_contract::registry::Remote;
use yew::prelude::*;

use crate::error::HostError;
use crate::js;
use crate::loader::{self, Loaded};
use host::SlotHost;
use view::{Phase, SlotStatus};

/// Properties of [`Slot`].
#[derive(Properties, PartialEq)]
pub struct SlotProps {
    /// The registry entry of the module.
    pub remote: Remote,
    /// Origins modules may be loaded from.
    pub allowed: Rc<Vec<String>>,
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
        let (host, phase, remote, allowed) = (
            host.clone(),
            phase.clone(),
            props.remote.clone(),
            props.allowed.clone(),
        );
        use_effect_with(*attempt, move |_| {
            if let Ok(host) = (*host).clone() {
                phase.set(Phase::Loading);
                wasm_bindgen_futures::spawn_local(async move {
                    match load_and_mount(&host, &remote, &allowed).await {
                        Ok(()) => phase.set(Phase::Mounted),
                        Err(error) => {
                            js::warn(&format!(
                                "flotilla: [{}] {}: {error}",
                                remote.name,
                                error.code()
                            ));
                            phase.set(Phase::Failed(error));
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
                phase.set(Phase::Failed(HostError::Crashed { module, cause }));
            });
            move || drop(listener)
        });
    }

    {
        let host = host.clone();
        use_effect_with((*phase).clone(), move |phase| {
            if let Ok(host) = &*host {
                host.borrow().set_data("state", phase.name());
                let code = match phase {
                    Phase::Failed(e) => e.code(),
                    _ => "",
                };
                host.borrow().set_data("error-code", code);
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
            html! { <SlotStatus module={props.remote.name.clone()} phase={Phase::Failed(error.clone())} {on_retry} /> }
        }
    }
}

/// Loads the module, then mounts it in place of whatever the slot showed.
async fn load_and_mount(
    host: &Rc<RefCell<SlotHost>>,
    remote: &Remote,
    allowed: &[String],
) -> Result<(), HostError> {
    let loaded = loader::load(remote, allowed).await?;
    let pending = host.borrow().prepare(&loaded);
    pending.styles_ready().await;
    let started = js::now();
    match loaded
        .code
        .mount(pending.root(), &context_json(remote, &loaded))
    {
        Ok(handle) => {
            let mount_ms = js::now() - started;
            let mut host = host.borrow_mut();
            host.commit(pending, handle);
            host.set_data("module", &loaded.manifest.name);
            host.set_data("version", &loaded.manifest.version);
            host.set_data(
                "origin",
                &js::origin(&loaded.asset_base).unwrap_or_default(),
            );
            host.set_data(
                "load-ms",
                &format!(
                    "manifest={:.1} code={:.1} mount={:.1} preloaded={}",
                    loaded.timings.manifest, loaded.timings.code, mount_ms, loaded.preloaded
                ),
            );
            js::mark(&format!("flotilla:{}:mounted", remote.name));
            Ok(())
        }
        Err(cause) => {
            pending.discard();
            Err(HostError::MountFailed {
                module: remote.name.clone(),
                cause: format!("{cause} (in {})", loaded.code.url()),
            })
        }
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
