//! What a slot shows while its module is not on screen: a skeleton, or the error and a way
//! back; and, over a running module, a failed swap's notice or an update on offer.

use flotilla_host::{Failure, SlotPhase};
use yew::prelude::*;

/// Properties of [`SlotPanel`].
#[derive(Properties, PartialEq)]
pub struct StatusProps {
    /// Module name, as the registry calls it.
    pub module: AttrValue,
    /// Current phase.
    pub phase: SlotPhase,
    /// Asked when the user presses Retry or Restart.
    pub on_retry: Callback<()>,
}

/// The skeleton or error panel of one slot.
#[function_component(SlotPanel)]
pub fn slot_panel(props: &StatusProps) -> Html {
    match &props.phase {
        SlotPhase::Loading => html! {
            <div class="flotilla-skeleton" role="status" aria-label={format!("Loading {}", props.module)}>
                <div class="flotilla-skeleton__bar"></div>
                <div class="flotilla-skeleton__bar flotilla-skeleton__bar--short"></div>
            </div>
        },
        SlotPhase::Mounted => html! {},
        SlotPhase::Failed(Failure { error, attempts }) => {
            let on_retry = props.on_retry.clone();
            let tries = (*attempts > 1).then(|| format!(" (tried {attempts} times)"));
            let (title, action) = if error.is_crash() {
                (format!("{} crashed", props.module), "Restart")
            } else {
                (format!("{} could not be loaded", props.module), "Retry")
            };
            html! {
                <div class="flotilla-error" role="alert" data-code={error.code().as_str()}>
                    <p class="flotilla-error__title">
                        <code class="flotilla-error__code">{ error.code().as_str() }</code>{ " " }{ title }
                    </p>
                    <p class="flotilla-error__message">{ error.to_string() }{ tries }</p>
                    <button class="flotilla-error__retry" onclick={move |_| on_retry.emit(())}>
                        { action }
                    </button>
                </div>
            }
        }
    }
}

/// Properties of [`SwapNotice`].
#[derive(Properties, PartialEq)]
pub struct NoticeProps {
    /// Why the swap failed.
    pub failure: Failure,
    /// Asked when the user dismisses the notice.
    pub on_dismiss: Callback<()>,
}

/// A failed swap: the old version is still mounted, so this is a notice, not an error panel.
#[function_component(SwapNotice)]
pub fn swap_notice(props: &NoticeProps) -> Html {
    let error = &props.failure.error;
    let on_dismiss = props.on_dismiss.clone();
    html! {
        <div class="flotilla-notice" role="status" data-code={error.code().as_str()}>
            <code class="flotilla-error__code">{ error.code().as_str() }</code>
            { format!(" Update failed; the current version keeps running. {error}") }
            <button class="flotilla-notice__dismiss" onclick={move |_| on_dismiss.emit(())}>
                { "Dismiss" }
            </button>
        </div>
    }
}

/// Properties of [`UpdatePrompt`].
#[derive(Properties, PartialEq)]
pub struct PromptProps {
    /// Module name.
    pub module: AttrValue,
    /// The version on offer.
    pub version: AttrValue,
    /// Asked when the user accepts.
    pub on_update: Callback<()>,
}

/// "A new version is available — Update", for slots whose update policy is `prompt`.
#[function_component(UpdatePrompt)]
pub fn update_prompt(props: &PromptProps) -> Html {
    let on_update = props.on_update.clone();
    html! {
        <div class="flotilla-update" role="status" data-version={props.version.clone()}>
            { format!("{} {} is available.", props.module, props.version) }
            <button class="flotilla-update__apply" onclick={move |_| on_update.emit(())}>
                { "Update" }
            </button>
        </div>
    }
}
