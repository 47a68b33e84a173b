//! Yew hooks over the page's runtime: the shared state and the last event of a kind.

use flotilla_bus::{bus, store};
use flotilla_contract::bus::{BusEvent, Envelope, SharedState};
use yew::prelude::*;

/// The page's shared state, read as `S`; the component re-renders whenever it changes.
#[hook]
pub fn use_shared_state<S: SharedState>() -> S {
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
pub fn use_bus_event<E: BusEvent + Clone>() -> Option<Envelope<E>> {
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
