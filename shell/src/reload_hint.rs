//! Suggests a reload once many replaced instances hold memory the page cannot free.

use flotilla_host::Retired;
use yew::prelude::*;

/// Properties of [`ReloadHint`].
#[derive(Properties, PartialEq)]
pub struct ReloadHintProps {
    /// Instances replaced so far.
    pub retired: Retired,
    /// How many make the hint appear (0: never).
    pub after: u32,
}

/// "N module instances were replaced …; Reload to free it".
#[function_component(ReloadHint)]
pub fn reload_hint(props: &ReloadHintProps) -> Html {
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
