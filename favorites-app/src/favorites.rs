//! The favorites list: every image saved in home-app, with its credit, and a way to remove one.

use demo_schema::{SharedState, StatePatch};
use flotilla_module::bus::store;
use flotilla_module::{use_shared_state, ModuleProps};
use yew::prelude::*;

/// Lists the page's saved images (the shared store's `favorites`).
#[function_component(Favorites)]
pub fn favorites(props: &ModuleProps) -> Html {
    let shared = use_shared_state::<SharedState>();
    let module = props.context.module.clone();
    let items = shared.favorites.iter().map(|f| {
        let remove = {
            let (module, url) = (module.clone(), f.url.clone());
            move |_: MouseEvent| remove_favorite(&module, &url)
        };
        html! {
            <li class="fl-favorites__item" key={f.url.clone()}>
                <img class="fl-favorites__thumb" src={f.url.clone()} alt={f.title.clone()} />
                <span class="fl-favorites__credit">{ &f.credit }</span>
                <button class="fl-favorites__remove" aria-label={format!("Remove {}", f.title)}
                        onclick={remove}>{ "Remove" }</button>
            </li>
        }
    });
    html! {
        <section class="fl-favorites" data-module="favorites-app"
                 data-theme={shared.theme.as_str()}>
            <h2 class="fl-favorites__title">{ "Favorites" }</h2>
            if shared.favorites.is_empty() {
                <p class="fl-favorites__empty">{ "Nothing saved yet: press Save under an image." }</p>
            } else {
                <ul class="fl-favorites__list">{ for items }</ul>
            }
        </section>
    }
}

/// Removes the image at `url` from the page's favorites.
fn remove_favorite(module: &str, url: &str) {
    let favorites = store::state::<SharedState>().without_favorite(url);
    store::update(
        module,
        &StatePatch {
            favorites: Some(favorites),
            ..Default::default()
        },
    );
}
