//! The shell's root component: reads the registry and gives every module its slot.

use std::rc::Rc;

use flotilla_contract::Registry;
use yew::prelude::*;

use crate::devtools::Devtools;
use crate::error::HostError;
use crate::overrides;
use crate::registry;
use crate::slot::Slot;
use crate::stats::{self, Retired};
use crate::summary::{Report, Summary};

/// Loads the registry, then one [`Slot`] per module; the registry's failure has its own Retry.
#[function_component(App)]
pub fn app() -> Html {
    let registry = use_state(|| None::<Result<Rc<Registry>, HostError>>);
    let attempt = use_state(|| 0u32);
    let summary = use_reducer(Summary::default);
    let retired = use_state(Retired::default);
    {
        let retired = retired.clone();
        use_effect_with((), move |_| {
            stats::on_retire(Callback::from(move |r| retired.set(r)))
        });
    }
    {
        let registry = registry.clone();
        use_effect_with(*attempt, move |_| {
            registry.set(None);
            wasm_bindgen_futures::spawn_local(async move {
                registry.set(Some(registry::fetch().await.map(Rc::new)));
            });
        });
    }
    match &*registry {
        None => html! {},
        Some(Err(error)) => {
            let retry = attempt.clone();
            html! {
                <div class="flotilla-error flotilla-error--page" role="alert" data-code={error.code()}>
                    <p class="flotilla-error__title">
                        <code class="flotilla-error__code">{ error.code() }</code>{ " The page's module list could not be loaded" }
                    </p>
                    <p class="flotilla-error__message">{ error.to_string() }</p>
                    <button class="flotilla-error__retry" onclick={move |_| retry.set(*retry + 1)}>{ "Retry" }</button>
                </div>
            }
        }
        Some(Ok(registry)) => {
            let allowed = Rc::new(registry.allowed_origins.clone());
            let policy = registry.loading;
            let watch = registry.updates;
            let on_state = {
                let summary = summary.dispatcher();
                Callback::from(move |(module, state)| summary.dispatch(Report(module, state)))
            };
            let slots = registry.remotes.iter().map(|remote| {
                let (manifest_url, overridden) = overrides::initial_url(remote, &allowed);
                overrides::mark(&remote.slot, overridden);
                html! {
                    <Slot key={remote.name.clone()} remote={remote.clone()}
                        {manifest_url} allowed={allowed.clone()}
                        {policy} {watch} on_state={on_state.clone()} />
                }
            });
            let remotes = Rc::new(registry.remotes.clone());
            html! {
                <>
                    { for slots }
                    <Devtools {remotes} allowed={allowed.clone()} />
                    <ReloadHint retired={*retired} after={watch.suggest_reload_after} />
                    <footer class="flotilla-footer" aria-live="polite">{ summary.line() }</footer>
                </>
            }
        }
    }
}

/// Properties of [`ReloadHint`].
#[derive(Properties, PartialEq)]
struct ReloadHintProps {
    retired: Retired,
    after: u32,
}

/// Suggests a reload once many replaced instances hold memory the page cannot free.
#[function_component(ReloadHint)]
fn reload_hint(props: &ReloadHintProps) -> Html {
    let Retired {
        instances,
        wasm_bytes,
    } = props.retired;
    if props.after == 0 || instances < props.after {
        return html! {};
    }
    let reload = |_| {
        if let Some(w) = web_sys::window() {
            let _ = w.location().reload();
        }
    };
    let mb = wasm_bytes as f64 / 1_048_576.0;
    html! {
        <p class="flotilla-reload" role="status">
            { format!("{instances} module instances were replaced since this page loaded; \
                       browsers cannot unload them, and they still hold about {mb:.1} MB. ") }
            <button class="flotilla-reload__button" onclick={reload}>{ "Reload to free it" }</button>
        </p>
    }
}
