//! The override panel (like import-map-overrides, built in): opened with `?devtools` or
//! Ctrl+Shift+F. Lists every slot's module, version, origin, state, phase timings and bytes
//! from the host's events, and sets a manifest URL override per slot through the host: applied
//! live by a swap, kept for the next load, refused for origins not on the allow-list.

use std::rc::Rc;

use flotilla_host::{Host, LongTask, SlotStatus};
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;
use web_sys::{HtmlInputElement, KeyboardEvent};
use yew::prelude::*;

/// Properties of [`Devtools`].
#[derive(Properties, PartialEq)]
pub struct DevtoolsProps {
    /// The page's host.
    pub host: Host,
    /// Every slot's status, in registry order.
    pub slots: Rc<Vec<SlotStatus>>,
    /// The last long task the page suffered.
    pub long_task: Option<LongTask>,
}

/// The panel, hidden until asked for.
#[function_component(Devtools)]
pub fn devtools(props: &DevtoolsProps) -> Html {
    let open = use_state(opened_by_url);
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
    if !*open {
        return html! {};
    }
    let close = {
        let open = open.clone();
        move |_| open.set(false)
    };
    let rows = props.slots.iter().map(|status| {
        html! { <Row key={status.slot.clone()} host={props.host.clone()} status={status.clone()} /> }
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
            if let Some(task) = &props.long_task {
                <p class="flotilla-devtools__long-task" role="status">
                    { format!("Last long task: {:.0} ms, {}", task.ms, task.module.as_ref()
                        .map_or("cause unknown".to_owned(), |m| format!("during {m}'s mount"))) }
                </p>
            }
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

#[derive(Properties, PartialEq)]
struct RowProps {
    host: Host,
    status: SlotStatus,
}

/// One slot: what runs there, and its override field.
#[function_component(Row)]
fn row(props: &RowProps) -> Html {
    let status = &props.status;
    let slot = status.slot.clone();
    let message = use_state(String::new);
    let input = use_node_ref();
    let state = if status.swapping {
        "updating"
    } else {
        status.phase.name()
    };

    let apply = {
        let (host, slot, message, input) = (
            props.host.clone(),
            slot.clone(),
            message.clone(),
            input.clone(),
        );
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let url = input
                .cast::<HtmlInputElement>()
                .map(|i| i.value().trim().to_owned())
                .unwrap_or_default();
            message.set(format!("Swapping to {url}…"));
            let (host, slot, message) = (host.clone(), slot.clone(), message.clone());
            wasm_bindgen_futures::spawn_local(async move {
                let text = match host.set_override(&slot, &url).await {
                    Ok(swapped) => format!("Now running {} from {url}", swapped.version),
                    Err(error) => error.to_string(),
                };
                message.set(text);
            });
        })
    };
    let reset = {
        let (host, slot, message) = (props.host.clone(), slot.clone(), message.clone());
        Callback::from(move |_: MouseEvent| {
            message.set("Override removed; back to the registry's manifest…".into());
            let (host, slot, message) = (host.clone(), slot.clone(), message.clone());
            wasm_bindgen_futures::spawn_local(async move {
                let text = match host.reset_override(&slot).await {
                    Ok(swapped) => format!(
                        "Now running {} from the registry's manifest",
                        swapped.version
                    ),
                    Err(failure) => {
                        format!("Not applied: {} {}", failure.error.code(), failure.error)
                    }
                };
                message.set(text);
            });
        })
    };

    let mounted = status.mounted.as_ref();
    let cell = |f: fn(&flotilla_host::MountedInfo) -> String| mounted.map(f).unwrap_or_default();
    let class = classes!(
        "flotilla-devtools__row",
        status
            .overridden
            .then_some("flotilla-devtools__row--overridden")
    );
    html! {
        <tr {class} data-slot={slot.clone()}>
            <td>{ &slot }</td>
            <td>{ cell(|m| m.module.clone()) }</td>
            <td class="flotilla-devtools__version">{ cell(|m| m.version.clone()) }</td>
            <td>{ cell(|m| m.origin.clone()) }</td>
            <td class="flotilla-devtools__state">{ state }</td>
            <td class="flotilla-devtools__timings">{ cell(|m| {
                let t = m.timings;
                format!("manifest={:.1} fetch={:.1} init={:.1} mount={:.1} preloaded={}",
                    t.manifest, t.fetch, t.init, t.mount, m.preloaded)
            }) }</td>
            <td>{ cell(|m| m.bytes.to_string()) }</td>
            <td>
                <form class="flotilla-devtools__override" onsubmit={apply}>
                    if status.overridden {
                        <span class="flotilla-devtools__badge">{ "overridden" }</span>
                    }
                    <input ref={input} type="url" aria-label={format!("Manifest URL for {slot}")}
                        placeholder={status.registry_manifest.clone()} />
                    <button type="submit" class="flotilla-devtools__apply">{ "Apply" }</button>
                    if status.overridden {
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
