//! One slot's row: what runs there, and its override form. What a user types stays while the
//! row re-renders (the input is not driven by state).

use flotilla_contract::text::Tenths;
use web_sys::HtmlInputElement;
use yew::prelude::*;

use crate::page_api::{self, Applied, SlotRow};

/// Properties of a [`Row`].
#[derive(Properties, PartialEq)]
pub struct RowProps {
    /// The slot as the page API last described it.
    pub row: SlotRow,
}

/// A slot's row in the panel.
#[function_component(Row)]
pub fn row(props: &RowProps) -> Html {
    let row = &props.row;
    let input = use_node_ref();
    let message = use_state(String::new);
    let slot = row.slot.clone();

    let apply = {
        let (input, message, slot) = (input.clone(), message.setter(), slot.clone());
        Callback::from(move |event: SubmitEvent| {
            event.prevent_default();
            let url = input
                .cast::<HtmlInputElement>()
                .map(|i| i.value().trim().to_owned())
                .unwrap_or_default();
            message.set(format!("Swapping to {url}…"));
            let (message, slot) = (message.clone(), slot.clone());
            wasm_bindgen_futures::spawn_local(async move {
                message.set(match page_api::set_override(&slot, &url).await {
                    Ok(Applied {
                        version,
                        not_saved: None,
                    }) => format!("Now running {version} from {url}"),
                    Ok(Applied {
                        version,
                        not_saved: Some(why),
                    }) => format!("Now running {version}, but not saved for the next load: {why}"),
                    Err(why) => why,
                });
            });
        })
    };
    let reset = {
        let (message, slot) = (message.setter(), slot.clone());
        Callback::from(move |_: MouseEvent| {
            message.set("Override removed; back to the registry's manifest…".into());
            let (message, slot) = (message.clone(), slot.clone());
            wasm_bindgen_futures::spawn_local(async move {
                message.set(match page_api::reset_override(&slot).await {
                    Ok(applied) => format!(
                        "Now running {} from the registry's manifest",
                        applied.version
                    ),
                    Err(why) => why,
                });
            });
        })
    };

    let m = row.mounted.as_ref();
    let cell = |text: Option<String>| html! { <td>{ text.unwrap_or_default() }</td> };
    let timings = m.map(|m| {
        let t = m.timings;
        format!(
            "manifest={} fetch={} init={} mount={} preloaded={}",
            Tenths(t.manifest),
            Tenths(t.fetch),
            Tenths(t.init),
            Tenths(t.mount),
            m.preloaded
        )
    });
    html! {
        <tr class="flotilla-devtools__row" data-slot={slot.clone()}
            data-overridden={row.overridden.then_some("true")}>
            <td>{ &slot }</td>
            { cell(m.map(|m| m.module.clone())) }
            <td class="flotilla-devtools__version">{ m.map(|m| m.version.clone()).unwrap_or_default() }</td>
            { cell(m.map(|m| m.origin.clone())) }
            <td class="flotilla-devtools__state">{ &row.state }</td>
            <td class="flotilla-devtools__timings">{ timings.unwrap_or_default() }</td>
            { cell(m.map(|m| (m.bytes as u64).to_string())) }
            <td>
                <form class="flotilla-devtools__override" onsubmit={apply}>
                    <span class="flotilla-devtools__badge" hidden={!row.overridden}>{ "overridden" }</span>
                    <input type="url" ref={input} aria-label={format!("Manifest URL for {slot}")}
                           placeholder={row.registry_manifest.clone()} />
                    <button type="submit" class="flotilla-devtools__apply">{ "Apply" }</button>
                    <button type="button" class="flotilla-devtools__reset" hidden={!row.overridden}
                            onclick={reset}>{ "Reset" }</button>
                </form>
                <p class="flotilla-devtools__message" role="status">{ (*message).clone() }</p>
            </td>
        </tr>
    }
}
