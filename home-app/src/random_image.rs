//! The "Random Image" component: an image, its credit and a "Get Another Image" button.

use std::rc::Rc;

use demo_schema::{Favorite, ImageShown, SharedState, StatePatch};
use flotilla_module::bus::{bus, store};
use flotilla_module::{use_shared_state, ModuleProps};
use yew::prelude::*;

use crate::photo::Photo;
use crate::source::Source;

/// What the component shows.
#[derive(Debug, Clone, PartialEq, Default)]
struct State {
    /// The photograph on screen.
    shown: Option<Photo>,
    /// A photograph picked and loading; shown once its image has loaded.
    pending: Option<Photo>,
    /// Asking the source for the next photograph.
    picking: bool,
    /// Why the last attempt failed.
    error: Option<String>,
}

enum Action {
    Pick,
    Picked(Photo),
    Loaded,
    Failed(String),
}

impl Reducible for State {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        let mut s = (*self).clone();
        match action {
            Action::Pick => {
                s.picking = true;
                s.error = None;
            }
            Action::Picked(photo) => {
                s.picking = false;
                // The same image again fires no load event: it is already on screen.
                if s.shown.as_ref() != Some(&photo) {
                    s.pending = Some(photo);
                }
            }
            Action::Loaded => s.shown = s.pending.take().or(s.shown),
            Action::Failed(message) => {
                s.picking = false;
                s.pending = None;
                s.error = Some(message);
            }
        }
        Rc::new(s)
    }
}

impl State {
    fn busy(&self) -> bool {
        self.picking || self.pending.is_some()
    }
}

/// Shows a random photograph and picks another on request.
#[function_component(RandomImage)]
pub fn random_image(props: &ModuleProps) -> Html {
    let state = use_reducer(State::default);
    let shared = use_shared_state::<SharedState>();

    let next = {
        let state = state.clone();
        let context = props.context.clone();
        Callback::from(move |_: ()| {
            let current = state.shown.as_ref().map(|p| p.url.clone());
            state.dispatch(Action::Pick);
            let state = state.clone();
            let source = Source::from_context(&context);
            wasm_bindgen_futures::spawn_local(async move {
                match source.pick(current.as_deref()).await {
                    Ok(photo) => state.dispatch(Action::Picked(photo)),
                    Err(message) => state.dispatch(Action::Failed(message)),
                }
            });
        })
    };

    {
        // The first photograph, and a new one whenever the props name another source.
        let next = next.clone();
        use_effect_with(Source::from_context(&props.context), move |_| next.emit(()));
    }

    let on_load = {
        let state = state.clone();
        let module = props.context.module.clone();
        Callback::from(move |_: Event| {
            // The image that loaded is the pending one: now it is on screen.
            if let Some(photo) = &state.pending {
                announce(&module, photo);
            }
            state.dispatch(Action::Loaded)
        })
    };
    let on_error = {
        let state = state.clone();
        Callback::from(move |_: Event| {
            let url = state
                .pending
                .as_ref()
                .map(|p| p.url.clone())
                .unwrap_or_default();
            state.dispatch(Action::Failed(format!("could not load image {url}")))
        })
    };

    let saved = state
        .shown
        .as_ref()
        .is_some_and(|p| shared.favorites.iter().any(|f| f.url == p.url));
    let save = {
        let (module, shown) = (props.context.module.clone(), state.shown.clone());
        move |_: MouseEvent| {
            if let Some(photo) = &shown {
                save_favorite(&module, photo);
            }
        }
    };

    let visible = state.pending.as_ref().or(state.shown.as_ref());
    let busy = if state.busy() { "true" } else { "false" };
    // One status element: its text, and `role="alert"` when it tells of a failure.
    let (status, role) = match &state.error {
        Some(error) => (error.as_str(), Some("alert")),
        None if state.busy() => ("Loading…", None),
        None => ("", None),
    };

    html! {
        <section class="fl-image" aria-busy={busy} data-module="home-app"
                 data-theme={shared.theme.as_str()}>
            <h2 class="fl-image__title">{ "Random Image" }</h2>
            <div class="fl-image__frame">
                if let Some(photo) = visible {
                    <img src={photo.url.clone()} alt={photo.title.clone()}
                         onload={on_load} onerror={on_error} />
                }
            </div>
            <p class="fl-image__credit">
                if let Some(photo) = &state.shown {
                    <a href={photo.link.clone()} target="_blank" rel="noopener">{ photo.credit() }</a>
                }
            </p>
            <p class="fl-image__status" role={role}>{ status }</p>
            <div class="fl-image__actions">
                <button class="fl-image__button" disabled={state.busy()}
                        onclick={move |_| next.emit(())}>{ "Get Another Image" }</button>
                <button class="fl-image__save" disabled={state.shown.is_none() || saved}
                        aria-pressed={if saved { "true" } else { "false" }} onclick={save}>
                    { if saved { "Saved" } else { "Save" } }
                </button>
            </div>
        </section>
    }
}

/// Tells the page a new image is on screen: an `image-shown` event, one more image viewed.
fn announce(module: &str, photo: &Photo) {
    let event = ImageShown {
        title: photo.title.clone(),
        credit: photo.credit(),
        url: photo.url.clone(),
    };
    bus::publish(module, &event);
    let images_viewed = Some(
        store::state::<SharedState>()
            .images_viewed
            .saturating_add(1),
    );
    store::update(
        module,
        &StatePatch {
            images_viewed,
            ..Default::default()
        },
    );
}

/// Adds the photograph on screen to the page's favorites (the shared store).
fn save_favorite(module: &str, photo: &Photo) {
    let favorites = store::state::<SharedState>().with_favorite(Favorite {
        title: photo.title.clone(),
        credit: photo.credit(),
        url: photo.url.clone(),
    });
    store::update(
        module,
        &StatePatch {
            favorites: Some(favorites),
            ..Default::default()
        },
    );
}
