//! Yew hooks over the page's runtime: the shared state and the last event of a kind.

use yew::prelude::*;

use crate::events::{BusEvent, Envelope, SharedState};
use crate::runtime::{bus, store};

/// The page's shared state; the component re-renders whenever it changes.
#[hook]
pub fn use_shared_state() -> SharedState {
    let state = use_state(store::state);
    {
        let state = state.clone();
        use_effect_with((), move |_| {
            // Re-read: the state may have changed between the first render and now.
            state.set(store::state());
            let subscription = store::on_change(move |new| state.set(new));
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
