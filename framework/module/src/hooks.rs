//! Yew hooks over the page's runtime: the shared state, the last event of a kind, and the
//! page's path.

use flotilla_bus::{bus, store, Subscription};
use flotilla_contract::abi::ROUTE_EVENT;
use flotilla_contract::bus::{BusEvent, Envelope, SharedState};
use flotilla_wire::Wire;
use yew::prelude::*;

/// The page's shared state, read as `S`; the component re-renders whenever it changes.
#[hook]
pub fn use_shared_state<S: SharedState + Wire>() -> S {
    let state = use_state(store::state::<S>);
    {
        let state = state.clone();
        use_effect_with((), move |_| {
            // Re-read: the state may have changed between the first render and now.
            state.set(store::state::<S>());
            let subscription = store::on_change::<S>(move |new| state.set(new));
            move || drop(subscription)
        });
    }
    (*state).clone()
}

/// The last `E` published on the bus (including one published before this component
/// mounted); the component re-renders on every new one.
#[hook]
pub fn use_bus_event<E: BusEvent + Wire + Clone>() -> Option<Envelope<E>> {
    let last = use_state(|| None::<Envelope<E>>);
    {
        let last = last.clone();
        use_effect_with((), move |_| {
            let subscription = bus::subscribe::<E>(true, move |e| last.set(Some(e)));
            move || drop(subscription)
        });
    }
    (*last).clone()
}

/// The page's path (`/favorites`); the component re-renders when the host navigates
/// (`flotilla:route`). Standalone, it is the module page's own path.
#[hook]
pub fn use_route() -> String {
    let path = use_state(current_path);
    {
        let path = path.clone();
        use_effect_with((), move |_| {
            path.set(current_path());
            let listener = web_sys::window().map(|w| {
                Subscription::listen(w.into(), ROUTE_EVENT.into(), move |_| {
                    path.set(current_path())
                })
            });
            move || drop(listener)
        });
    }
    (*path).clone()
}

fn current_path() -> String {
    web_sys::window()
        .and_then(|w| w.location().pathname().ok())
        .unwrap_or_else(|| "/".into())
}
