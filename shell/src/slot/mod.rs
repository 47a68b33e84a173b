//! A slot of the page: loads its module, mounts it, swaps and updates it, and shows what went
//! wrong if it fails.

mod crash;
mod driver;
mod host;
mod mount;
mod view;
mod watch;

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use flotilla_contract::policy::{UpdateMode, WatchPolicy};
use flotilla_contract::registry::Remote;
use flotilla_contract::{LoadPolicy, Manifest};
use yew::prelude::*;

use crate::error::HostError;
use crate::js;
use crate::loader::Failure;
use crate::swap::{self, SwapRequest};
use driver::Driver;
use host::SlotHost;
use view::{Phase, SlotStatus, SwapNotice, UpdatePrompt};

/// Properties of [`Slot`].
#[derive(Properties, PartialEq)]
pub struct SlotProps {
    /// The registry entry of the module.
    pub remote: Remote,
    /// The manifest to load first (the registry's, or a developer's override).
    pub manifest_url: String,
    /// Origins modules may be loaded from.
    pub allowed: Rc<Vec<String>>,
    /// Timeouts and retries.
    pub policy: LoadPolicy,
    /// How often the manifest is checked for a new build.
    pub watch: WatchPolicy,
    /// Told `(module, state)` whenever the slot's state changes.
    pub on_state: Callback<(String, String)>,
}

/// Loads the registry entry's module into its page slot; Retry/Restart loads it afresh,
/// `flotilla.swap` replaces it while it keeps running, and new builds are applied or offered.
#[function_component(Slot)]
pub fn slot(props: &SlotProps) -> Html {
    let host = use_memo(props.remote.slot.clone(), |slot| {
        SlotHost::attach(slot).map(|h| Rc::new(RefCell::new(h)))
    });
    let driver = use_memo((), |_| {
        (*host).clone().ok().map(|host| {
            Driver::new(
                host,
                props.remote.clone(),
                props.allowed.clone(),
                props.policy,
                props.manifest_url.clone(),
            )
        })
    });
    let phase = use_state(|| Phase::Loading);
    let attempt = use_state(|| 0u32);
    let notice = use_state(|| None::<Failure>);
    let available = use_state(|| None::<Manifest>);

    // First load, Retry and Restart.
    {
        let (driver, phase, name) = (driver.clone(), phase.clone(), props.remote.name.clone());
        use_effect_with(*attempt, move |attempt| {
            let again = *attempt > 0;
            if let Some(driver) = (*driver).clone() {
                phase.set(Phase::Loading);
                wasm_bindgen_futures::spawn_local(async move {
                    match driver.load(again).await {
                        Ok(_) => phase.set(Phase::Mounted),
                        Err(failure) => {
                            report(&name, &failure.error);
                            phase.set(Phase::Failed(failure));
                        }
                    }
                });
            }
        });
    }

    // Swaps: from `flotilla.swap`, the override panel, automatic updates, the Update button.
    let on_swap = {
        let (driver, phase, notice, available, name) = (
            driver.clone(),
            phase.clone(),
            notice.clone(),
            available.clone(),
            props.remote.name.clone(),
        );
        use_callback((), move |request: SwapRequest, _| {
            let Some(driver) = (*driver).clone() else {
                return;
            };
            let (phase, notice, available, name) = (
                phase.clone(),
                notice.clone(),
                available.clone(),
                name.clone(),
            );
            wasm_bindgen_futures::spawn_local(async move {
                match driver.swap(&request.manifest_url).await {
                    Ok(Some(manifest)) => {
                        notice.set(None);
                        available.set(None);
                        phase.set(Phase::Mounted);
                        request.done(&manifest.version, true);
                    }
                    Ok(None) => {
                        let mounted = driver.current.borrow().mounted.clone();
                        let version = mounted.map(|m| m.version).unwrap_or_default();
                        request.done(&version, false);
                    }
                    Err(failure) => {
                        js::warn(&format!(
                            "flotilla: [{name}] swap to {} failed; the old version stays",
                            request.manifest_url
                        ));
                        report(&name, &failure.error);
                        request.failed(&failure.error);
                        notice.set(Some(failure));
                    }
                }
            });
        })
    };
    {
        let on_swap = on_swap.clone();
        use_effect_with(props.remote.slot.clone(), move |slot| {
            swap::register(slot, on_swap);
            let slot = slot.clone();
            move || swap::unregister(&slot)
        });
    }

    // Hot update: watch the manifest and apply (auto) or offer (prompt) a new build.
    {
        let (driver, available, on_swap) = (driver.clone(), available.clone(), on_swap.clone());
        let (mode, watch_policy) = (props.remote.update, props.watch);
        use_effect_with((), move |_| {
            let alive = Rc::new(Cell::new(true));
            if let (Some(driver), true) = ((*driver).clone(), mode != UpdateMode::Off) {
                let current = driver.current.clone();
                watch::spawn(driver, watch_policy, alive.clone(), move |manifest| {
                    if mode == UpdateMode::Auto {
                        let url = current.borrow().manifest_url.clone();
                        on_swap.emit(SwapRequest::internal(url));
                    } else {
                        available.set(Some(manifest));
                    }
                });
            }
            move || alive.set(false)
        });
    }

    // A panic of the instance on screen: unmount it, offer Restart.
    {
        let (driver, phase) = (driver.clone(), phase.clone());
        use_effect_with(props.remote.name.clone(), move |name| {
            let module = name.clone();
            let listener = crash::listen(move |instance, cause| {
                // Only the instance on screen; a new one that panics while mounting is
                // reported by its mount, and the old one stays.
                let Some(driver) = &*driver else {
                    return;
                };
                if driver.host.borrow().instance() != Some(instance.as_str()) {
                    return;
                }
                driver.host.borrow_mut().unmount();
                driver.crashed();
                let module = module.clone();
                phase.set(Phase::Failed(HostError::Crashed { module, cause }.into()));
            });
            move || drop(listener)
        });
    }

    // The slot element's data attributes and the shell's summary follow the phase.
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
    let on_update = {
        let (driver, on_swap) = (driver.clone(), on_swap.clone());
        Callback::from(move |()| {
            if let Some(driver) = &*driver {
                let url = driver.current.borrow().manifest_url.clone();
                on_swap.emit(SwapRequest::internal(url));
            }
        })
    };
    let module = props.remote.name.clone();
    let status = html! {
        <>
            <SlotStatus module={module.clone()} phase={(*phase).clone()} {on_retry} />
            if let Some(manifest) = &*available {
                <UpdatePrompt module={module.clone()} version={manifest.version.clone()} {on_update} />
            }
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
            html! { <SlotStatus {module} {phase} {on_retry} /> }
        }
    }
}

fn report(module: &str, error: &HostError) {
    js::warn(&format!("flotilla: [{module}] {}: {error}", error.code()));
}
