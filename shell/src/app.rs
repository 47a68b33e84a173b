//! The shell's root component: follows the host's events and renders every slot's status,
//! the registry's error, the override panel, the reload hint and the footer.

use std::rc::Rc;

use flotilla_host::{Host, HostError, HostEvent, LongTask, Retired, SlotStatus};
use yew::prelude::*;

use crate::devtools::Devtools;
use crate::reload_hint::ReloadHint;
use crate::slot_view::{SlotPanel, SwapNotice, UpdatePrompt};
use crate::summary;

/// Properties of [`App`].
#[derive(Properties, PartialEq)]
pub struct AppProps {
    /// The page's host runtime.
    pub host: Host,
}

/// What the host last said: the registry's error, every slot, the retired instances.
#[derive(Default, PartialEq)]
struct View {
    registry_error: Option<HostError>,
    slots: Rc<Vec<SlotStatus>>,
    retired: Retired,
    last_long_task: Option<LongTask>,
}

enum Action {
    Host(Box<HostEvent>),
    Seed(Option<HostError>, Vec<SlotStatus>, Retired),
    RetryRegistry,
}

impl View {
    fn apply(&mut self, event: HostEvent) {
        match event {
            HostEvent::RegistryFailed(error) => self.registry_error = Some(error),
            HostEvent::Started(slots) => {
                self.registry_error = None;
                self.slots = Rc::new(slots);
            }
            HostEvent::Slot(status) => {
                let mut slots = (*self.slots).clone();
                match slots.iter_mut().find(|s| s.slot == status.slot) {
                    Some(known) => *known = status,
                    None => slots.push(status),
                }
                self.slots = Rc::new(slots);
            }
            HostEvent::Retired(retired) => self.retired = retired,
            HostEvent::LongTask(task) => self.last_long_task = Some(task),
        }
    }
}

impl Reducible for View {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        let mut next = View {
            registry_error: self.registry_error.clone(),
            slots: self.slots.clone(),
            retired: self.retired,
            last_long_task: self.last_long_task.clone(),
        };
        match action {
            Action::Host(event) => next.apply(*event),
            Action::Seed(error, slots, retired) => {
                next = View {
                    registry_error: error,
                    slots: Rc::new(slots),
                    retired,
                    last_long_task: None,
                }
            }
            Action::RetryRegistry => next.registry_error = None,
        }
        Rc::new(next)
    }
}

/// The page's UI over the host.
#[function_component(App)]
pub fn app(props: &AppProps) -> Html {
    let view = use_reducer(View::default);
    {
        let dispatch = view.dispatcher();
        use_effect_with(props.host.clone(), move |host| {
            let error = host.registry().and_then(Result::err);
            dispatch.dispatch(Action::Seed(error, host.slots(), host.retired()));
            let subscription = host.subscribe(move |event| {
                dispatch.dispatch(Action::Host(Box::new(event.clone())));
            });
            move || drop(subscription)
        });
    }
    let host = &props.host;
    if let Some(error) = &view.registry_error {
        let retry = {
            let (host, dispatch) = (host.clone(), view.dispatcher());
            move |_| {
                dispatch.dispatch(Action::RetryRegistry);
                host.retry_registry();
            }
        };
        let code = error.code().as_str();
        return html! {
            <div class="flotilla-error flotilla-error--page" role="alert" data-code={code}>
                <p class="flotilla-error__title">
                    <code class="flotilla-error__code">{ code }</code>{ " The page's module list could not be loaded" }
                </p>
                <p class="flotilla-error__message">{ error.to_string() }</p>
                <button class="flotilla-error__retry" onclick={retry}>{ "Retry" }</button>
            </div>
        };
    }
    let Some(Ok(registry)) = host.registry() else {
        return html! {};
    };
    let slots = view.slots.iter().map(|status| slot(host, status));
    html! {
        <>
            { for slots }
            <Devtools host={host.clone()} slots={view.slots.clone()} long_task={view.last_long_task.clone()} />
            <ReloadHint retired={view.retired} after={registry.updates.suggest_reload_after} />
            <footer class="flotilla-footer" aria-live="polite">{ summary::line(&view.slots) }</footer>
        </>
    }
}

/// One slot's status, rendered into its status area inside the slot (outside the module).
fn slot(host: &Host, status: &SlotStatus) -> Html {
    let slot = status.slot.clone();
    let module: AttrValue = status.module.clone().into();
    let on_retry = {
        let (host, slot) = (host.clone(), slot.clone());
        Callback::from(move |()| host.retry(&slot))
    };
    let on_update = {
        let (host, slot) = (host.clone(), slot.clone());
        Callback::from(move |()| host.apply_update(&slot))
    };
    let on_dismiss = {
        let (host, slot) = (host.clone(), slot.clone());
        Callback::from(move |()| host.dismiss_notice(&slot))
    };
    let panel = html! {
        <>
            <SlotPanel module={module.clone()} phase={status.phase.clone()} {on_retry} />
            if let Some(version) = &status.offered {
                <UpdatePrompt module={module.clone()} version={version.clone()} {on_update} />
            }
            if let Some(failure) = &status.notice {
                <SwapNotice failure={failure.clone()} {on_dismiss} />
            }
        </>
    };
    match host.status_area(&slot) {
        Some(area) => create_portal(panel, area),
        // The page has no element for the slot: show the error in the shell's own root.
        None => panel,
    }
}
