//! The demo's own schema: what its modules tell each other over the page's bus and store.
//!
//! Not part of the Flotilla contract: another page brings its own schema, and a module that
//! knows nothing of this one still loads and works. Compatibility rule (see
//! `flotilla_contract::bus`): schemas only gain fields with defaults.

use flotilla_contract::bus::{self, BusEvent};
use serde::{Deserialize, Serialize};

/// home-app shows an image (after it has loaded).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
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
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
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

/// The demo page's shared state; every module reads it and may change it.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct SharedState {
    /// Colour scheme every module follows.
    pub theme: Theme,
    /// Images shown since the page was opened.
    pub images_viewed: u32,
}

/// A change to the shared state: the fields that are set replace the current ones.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct StatePatch {
    /// New theme.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub theme: Option<Theme>,
    /// New count of images viewed.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub images_viewed: Option<u32>,
}

impl bus::SharedState for SharedState {}
