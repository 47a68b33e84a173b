//! The header component.

use demo_schema::{ImageShown, SharedState, StatePatch, Theme};
use flotilla_module::bus::store;
use flotilla_module::{use_bus_event, use_route, use_shared_state, ModuleProps};
use yew::prelude::*;

/// This module's own version, shown small so a swap can be seen: the crate's, unless the build
/// set `FLOTILLA_MODULE_VERSION` (`cargo xtask deploy header-app --version 2.0.0`).
pub const VERSION: &str = match option_env!("FLOTILLA_MODULE_VERSION") {
    Some(version) => version,
    None => env!("CARGO_PKG_VERSION"),
};

/// Whether [`VERSION`]'s major version is 2 or more, worked out when the module is built: major
/// version 2 and later look different, so a live update is plain to see.
const IS_V2: bool = {
    let bytes = VERSION.as_bytes();
    let mut major = 0u32;
    let mut i = 0;
    while i < bytes.len() && bytes[i].is_ascii_digit() {
        major = major
            .saturating_mul(10)
            .saturating_add((bytes[i] - b'0') as u32);
        i += 1;
    }
    major >= 2
};

/// The page header: title, what is on screen, images viewed, the theme toggle and the build.
#[function_component(Header)]
pub fn header(props: &ModuleProps) -> Html {
    let module = &props.context.module;
    let shared = use_shared_state::<SharedState>();
    let on_screen = use_bus_event::<ImageShown>();
    let dark = shared.theme == Theme::Dark;
    let path = use_route();
    let link = |href: &'static str, text: String| {
        let current = (path == href).then_some("page");
        html! {
            <a class="fl-header__link" href={href} aria-current={current}>{ text }</a>
        }
    };
    let saved = shared.favorites.len();

    let toggle_theme = {
        let module = module.clone();
        Callback::from(move |_: MouseEvent| {
            let theme = Some(store::state::<SharedState>().theme.toggled());
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

    // The look as a data attribute, not a second class: a class that is not a literal goes
    // through Yew's `Classes`, whose ordered set costs the module about 2 KB brotli.
    let look = if IS_V2 { "v2" } else { "v1" };
    let tagline = if IS_V2 {
        "Rust microfrontends, updated while you watch"
    } else {
        "Rust microfrontends, composed at runtime"
    };
    html! {
        <header class="fl-header" data-look={look} data-module="header-app" data-version={VERSION}
                data-theme={shared.theme.as_str()}>
            <div class="fl-header__top">
                <h1 class="fl-header__title">{ "Flotilla" }</h1>
                <span class="fl-header__tagline">{ tagline }</span>
                <button class="fl-header__theme" aria-pressed={dark.to_string()} onclick={toggle_theme}>
                    { if dark { "Light theme" } else { "Dark theme" } }
                </button>
                <small class="fl-header__build">{ format!("{module} v{VERSION}") }</small>
            </div>
            <nav class="fl-header__nav" aria-label="Pages">
                { link("/", "Home".to_owned()) }
                { link("/favorites", format!("Favorites ({saved})")) }
            </nav>
            <p class="fl-header__status" aria-live="polite">
                <span class="fl-header__now">{ now }</span>
                <span class="fl-header__count">{ viewed }</span>
            </p>
        </header>
    }
}
