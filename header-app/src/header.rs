//! The header component.

use flotilla_contract::module::ModuleProps;
use yew::prelude::*;

/// This module's own version, shown small so a swap can be seen.
pub const VERSION: &str = env!("CARGO_PKG_VERSION");

/// The page header: product title, tagline and the module's build.
#[function_component(Header)]
pub fn header(props: &ModuleProps) -> Html {
    let module = &props.context.module;
    html! {
        <header class="fl-header" data-module="header-app" data-version={VERSION}>
            <h1 class="fl-header__title">{ "Flotilla" }</h1>
            <span class="fl-header__tagline">{ "Rust microfrontends, composed at runtime" }</span>
            <small class="fl-header__build">{ format!("{module} v{VERSION}") }</small>
        </header>
    }
}
