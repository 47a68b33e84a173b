//! The demo's own schema: what its modules tell each other over the page's bus and store.
//!
//! Not part of the Flotilla contract: another page brings its own schema, and a module that
//! knows nothing of this one still loads and works. Compatibility rule (see
//! `flotilla_contract::bus`): schemas only gain fields with defaults.

use flotilla_contract::bus::{self, BusEvent};
use flotilla_wire::Wire;

/// home-app shows an image (after it has loaded).
#[derive(Debug, Clone, PartialEq, Wire)]
pub struct ImageShown {
    /// What the picture shows.
    pub title: String,
    /// Who made it, and its licence.
    pub credit: String,
    /// Absolute URL of the image.
    pub url: String,
}

impl BusEvent for ImageShown {
    const NAME: &'static str = "image-shown";
    const VERSION: u32 = 1;
}

/// Colour scheme of the page.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Wire)]
#[wire(rename_all = "lowercase")]
pub enum Theme {
    /// Dark text on light ground.
    #[default]
    Light,
    /// Light text on dark ground.
    Dark,
}

impl Theme {
    /// The other theme.
    pub fn toggled(self) -> Self {
        match self {
            Theme::Light => Theme::Dark,
            Theme::Dark => Theme::Light,
        }
    }

    /// `light` or `dark`, for `data-theme` attributes.
    pub fn as_str(self) -> &'static str {
        match self {
            Theme::Light => "light",
            Theme::Dark => "dark",
        }
    }
}

/// An image someone saved (home-app's Save), listed by favorites-app.
#[derive(Debug, Clone, PartialEq, Eq, Wire)]
pub struct Favorite {
    /// What the picture shows.
    pub title: String,
    /// Who made it, and its licence.
    pub credit: String,
    /// Absolute URL of the image.
    pub url: String,
}

/// Most favorites the page keeps (the store's patches are capped at 4 KiB).
pub const MAX_FAVORITES: usize = 12;

/// The demo page's shared state; every module reads it and may change it. It lives as long as
/// the page: navigation, swaps and module restarts keep it; a reload starts afresh.
#[derive(Debug, Clone, PartialEq, Default, Wire)]
#[wire(default)]
pub struct SharedState {
    /// Colour scheme every module follows.
    pub theme: Theme,
    /// Images shown since the page was opened.
    pub images_viewed: u32,
    /// Saved images, oldest first (at most [`MAX_FAVORITES`]).
    pub favorites: Vec<Favorite>,
}

impl SharedState {
    /// The favorites with `favorite` added at the end (once; the oldest dropped past the cap).
    pub fn with_favorite(&self, favorite: Favorite) -> Vec<Favorite> {
        let mut list: Vec<Favorite> = self
            .favorites
            .iter()
            .filter(|f| f.url != favorite.url)
            .cloned()
            .collect();
        list.push(favorite);
        let extra = list.len().saturating_sub(MAX_FAVORITES);
        list.drain(..extra);
        list
    }

    /// The favorites without the one showing `url`.
    pub fn without_favorite(&self, url: &str) -> Vec<Favorite> {
        self.favorites
            .iter()
            .filter(|f| f.url != url)
            .cloned()
            .collect()
    }
}

/// A change to the shared state: the fields that are set replace the current ones.
#[derive(Debug, Clone, PartialEq, Default, Wire)]
pub struct StatePatch {
    /// New theme.
    pub theme: Option<Theme>,
    /// New count of images viewed.
    pub images_viewed: Option<u32>,
    /// The new list of favorites.
    pub favorites: Option<Vec<Favorite>>,
}

impl bus::SharedState for SharedState {}

#[cfg(test)]
mod tests {
    use super::*;

    fn fav(n: usize) -> Favorite {
        Favorite {
            title: format!("t{n}"),
            credit: format!("c{n}"),
            url: format!("http://127.0.0.1:1/{n}.jpg"),
        }
    }

    #[test]
    fn ok_favorites_are_saved_once_capped_and_removed() {
        let mut state = SharedState::default();
        state.favorites = state.with_favorite(fav(1));
        state.favorites = state.with_favorite(fav(1));
        assert_eq!(state.favorites, [fav(1)], "saved once");
        for n in 2..=MAX_FAVORITES + 2 {
            state.favorites = state.with_favorite(fav(n));
        }
        assert_eq!(state.favorites.len(), MAX_FAVORITES);
        assert_eq!(state.favorites[0], fav(3), "the oldest go first");
        state.favorites = state.without_favorite(&fav(5).url);
        assert!(!state.favorites.contains(&fav(5)));
    }
}
