//! The override panel (like import-map-overrides, built in): opened with `?devtools` or
//! Ctrl+Shift+F. Lists every slot's module, version, origin, state, phase timings and bytes,
//! and sets a manifest URL override per slot: kept in `localStorage`, applied live by a swap,
//! used again on the next load, and refused for origins not on the allow-list.

use std::rc::Rc;

use flotilla_contract::registry::Remote;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;
use web_sys::{HtmlInputElement, KeyboardEvent};
use yew::prelude::*;

use crate::{js, overrides, swap};

/// Properties of [`Devtools`].
#[derive(Properties, PartialEq)]
pub struct DevtoolsProps {
    /// Every registry entry.
    pub remotes: Rc<Vec<Remote>>,
    /// Origins overrides may point at.
    pub allowed: Rc<Vec<String>>,
}

/// The panel, hidden until asked for.
#[function_component(Devtools)]
pub fn devtools(props: &DevtoolsProps) -> Html {
    let open = use_state(opened_by_url);
    let tick = use_state(|| 0u32);
    {
        let open = open.clone();
        use_effect_with((), move |_| {
            let listener = Closure::<dyn FnMut(KeyboardEvent)>::new(move |e: KeyboardEvent| {
                if e.ctrl_key() && e.shift_key() && e.key().eq_ignore_ascii_case("f") {
                    e.prevent_default();
                    open.set(!*open);
                }
            });
            let window = web_sys::window();
            if let Some(w) = &window {
                let _ = w
                    .add_event_listener_with_callback("keydown", listener.as_ref().unchecked_ref());
            }
            move || {
                if let Some(w) = window {
                    let _ = w.remove_event_listener_with_callback(
                        "keydown",
                        listener.as_ref().unchecked_ref(),
                    );
                }
            }
        });
    }
    // While open, re-read the slots' state twice a second.
    {
        let tick = tick.clone();
        use_effect_with(*open, move |open| {
            let alive = Rc::new(std::cell::Cell::new(*open));
            if *open {
                let alive = alive.clone();
                wasm_bindgen_futures::spawn_local(async move {
                    while alive.get() {
                        crate::loader::sleep(500).await;
                        tick.set(js::now() as u32);
                    }
                });
            }
            move || alive.set(false)
        });
    }
    if !*open {
        return html! {};
    }
    let close = {
        let open = open.clone();
        move |_| open.set(false)
    };
    let rows = props.remotes.iter().map(|remote| {
        html! { <Row key={remote.slot.clone()} remote={remote.clone()} allowed={props.allowed.clone()} tick={*tick} /> }
    });
    html! {
        <aside class="flotilla-devtools" aria-label="Flotilla override panel">
            <header class="flotilla-devtools__head">
                <strong>{ "Flotilla devtools" }</strong>
                <span>{ " Ctrl+Shift+F toggles · overrides live in localStorage" }</span>
                <button class="flotilla-devtools__close" onclick={close}>{ "Close" }</button>
            </header>
            <table class="flotilla-devtools__slots">
                <thead><tr>
                    <th>{ "slot" }</th><th>{ "module" }</th><th>{ "version" }</th>
                    <th>{ "origin" }</th><th>{ "state" }</th><th>{ "load (ms)" }</th>
                    <th>{ "bytes" }</th><th>{ "manifest override" }</th>
                </tr></thead>
                <tbody>{ for rows }</tbody>
            </table>
        </aside>
    }
}

fn opened_by_url() -> bool {
    web_sys::window()
        .and_then(|w| w.location().search().ok())
        .is_some_and(|q| {
            q.trim_start_matches('?')
                .split('&')
                .any(|p| p == "devtools" || p.starts_with("devtools="))
        })
}

/// A `data-*` attribute of a slot element.
fn slot_data(slot: &str, key: &str) -> String {
    js::slot_element(slot)
        .and_then(|e| e.get_attribute(&format!("data-{key}")))
        .unwrap_or_default()
}

#[derive(Properties, PartialEq)]
struct RowProps {
    remote: Remote,
    allowed: Rc<Vec<String>>,
    /// Changes whenever the panel re-reads the slots, so the row renders again.
    tick: u32,
}

/// One slot: what runs there, and its override field.
#[function_component(Row)]
fn row(props: &RowProps) -> Html {
    let slot = props.remote.slot.clone();
    let message = use_state(String::new);
    let input = use_node_ref();
    let overridden = overrides::all().contains_key(&slot);
    let state = match slot_data(&slot, "swap").as_str() {
        "pending" => "updating".to_owned(),
        _ => slot_data(&slot, "state"),
    };

    let apply = {
        let (slot, message, input, allowed) = (
            slot.clone(),
            message.clone(),
            input.clone(),
            props.allowed.clone(),
        );
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let url = input
                .cast::<HtmlInputElement>()
                .map(|i| i.value().trim().to_owned())
                .unwrap_or_default();
            if let Some(why) = overrides::refusal(&url, &allowed) {
                message.set(format!("Refused: {why}"));
                return;
            }
            message.set(format!("Swapping to {url}…"));
            let (slot, message) = (slot.clone(), message.clone());
            wasm_bindgen_futures::spawn_local(async move {
                match swap_and_describe(&slot, &url).await {
                    Ok(text) => {
                        overrides::set(&slot, &url);
                        overrides::mark(&slot, true);
                        message.set(text);
                    }
                    Err(text) => message.set(text),
                }
            });
        })
    };
    let reset = {
        let (slot, message, registry_url) =
            (slot.clone(), message.clone(), props.remote.manifest.clone());
        Callback::from(move |_: MouseEvent| {
            overrides::reset(&slot);
            overrides::mark(&slot, false);
            message.set("Override removed; back to the registry's manifest…".into());
            let (slot, message, url) = (slot.clone(), message.clone(), registry_url.clone());
            wasm_bindgen_futures::spawn_local(async move {
                let text = swap_and_describe(&slot, &url).await.unwrap_or_else(|e| e);
                message.set(text);
            });
        })
    };

    let class = classes!(
        "flotilla-devtools__row",
        overridden.then_some("flotilla-devtools__row--overridden")
    );
    html! {
        <tr {class} data-slot={slot.clone()}>
            <td>{ &slot }</td>
            <td>{ slot_data(&slot, "module") }</td>
            <td class="flotilla-devtools__version">{ slot_data(&slot, "version") }</td>
            <td>{ slot_data(&slot, "origin") }</td>
            <td class="flotilla-devtools__state">{ state }</td>
            <td class="flotilla-devtools__timings">{ slot_data(&slot, "load-ms") }</td>
            <td>{ slot_data(&slot, "bytes") }</td>
            <td>
                <form class="flotilla-devtools__override" onsubmit={apply}>
                    if let Some(url) = overrides::all().get(&slot) {
                        <span class="flotilla-devtools__badge" title={url.clone()}>{ "overridden" }</span>
                    }
                    // Not a controlled input: the panel re-renders twice a second while open.
                    <input ref={input} type="url" aria-label={format!("Manifest URL for {slot}")}
                        placeholder={props.remote.manifest.clone()} />
                    <button type="submit" class="flotilla-devtools__apply">{ "Apply" }</button>
                    if overridden {
                        <button type="button" class="flotilla-devtools__reset" onclick={reset}>
                            { "Reset" }
                        </button>
                    }
                </form>
                <p class="flotilla-devtools__message" role="status">{ (*message).clone() }</p>
            </td>
        </tr>
    }
}

/// Swaps `slot` to `url`; a sentence saying how it went.
async fn swap_and_describe(slot: &str, url: &str) -> Result<String, String> {
    match wasm_bindgen_futures::JsFuture::from(swap::swap(slot, url)).await {
        Ok(answer) => {
            let version = js_sys::Reflect::get(&answer, &"version".into())
                .ok()
                .and_then(|v| v.as_string())
                .unwrap_or_default();
            Ok(format!("Now running {version} from {url}"))
        }
        Err(error) => Err(format!("Not applied: {}", js::describe(&error))),
    }
}
