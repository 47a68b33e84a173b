//! The header component.

use flotilla_contract::events::{ImageShown, StatePatch};
use flotilla_contract::module::{use_bus_event, use_shared_state, ModuleProps};
use flotilla_contract::runtime::store;
use yew::prelude::*;

/// This module's own version, shown small so a swap can be seen.
pub const VERSION: &str = env!("CARGO_PKG_VERSION");

/// The page header: title, what is on screen, images viewed, the theme toggle and the build.
#[function_component(Header)]
pub fn header(props: &ModuleProps) -> Html {
    let module = &props.context.module;
    let shared = use_shared_state();
    let on_screen = use_bus_event::<ImageShown>();
    let dark = shared.theme == flotilla_contract::events::Theme::Dark;

    let toggle_theme = {
        let module = module.clone();
        Callback::from(move |_: MouseEvent| {
            let theme = Some(store::state().theme.toggled());
            store::update(
                &module,
                &StatePatch {
                    theme,
                    ..Default::default()
                },
            );
        })
    };
    let now = match &on_screen {
        Some(e) => format!("On screen: {}", e.data.credit),
        None => "Nothing on screen yet".to_owned(),
    };
    let viewed = match shared.images_viewed {
        1 => "1 image viewed".to_owned(),
        n => format!("{n} images viewed"),
    };

    html! {
        <header class="fl-header" data-module="header-app" data-version={VERSION}
                data-theme={shared.theme.as_str()}>
            <div class="fl-header__top">
                <h1 class="fl-header__title">{ "Flotilla" }</h1>
                <span class="fl-header__tagline">{ "Rust microfrontends, composed at runtime" }</span>
                <button class="fl-header__theme" aria-pressed={dark.to_string()} onclick={toggle_theme}>
                    { if dark { "Light theme" } else { "Dark theme" } }
                </button>
                <small class="fl-header__build">{ format!("{module} v{VERSION}") }</small>
            </div>
            <p class="fl-header__status" aria-live="polite">
                <span class="fl-header__now">{ now }</span>
                <span class="fl-header__count">{ viewed }</span>
            </p>
        </header>
    }
}
