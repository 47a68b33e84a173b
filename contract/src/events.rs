//! What modules tell each other: typed bus events and the shared state, with their versions.
//!
//! Both travel as JSON-shaped objects over the DOM, so modules built at different times
//! interoperate. Compatibility rule: a schema only ever gains fields, each with a default, and
//! its version goes up by one; a reader ignores fields it does not know, and a missing field
//! takes its default. An incompatible change needs a new event name.

use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};

/// An event that can be published on the bus.
pub trait BusEvent: Serialize + DeserializeOwned + 'static {
    /// Name on the bus; the DOM event type is `flotilla:<NAME>`.
    const NAME: &'static str;
    /// Schema version this crate writes.
    const VERSION: u32;
}

/// DOM event type of a bus event.
pub fn dom_event_type(name: &str) -> String {
    format!("flotilla:{name}")
}

/// DOM event type of a shared-state change.
pub const STATE_EVENT: &str = "flotilla:state";

/// Schema version of [`SharedState`] this crate writes.
pub const STATE_VERSION: u32 = 1;

/// What travels in a bus event's `detail`: schema version, sender and data.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Envelope<T> {
    /// Schema version the sender wrote.
    pub v: u32,
    /// Module that sent it, as the registry calls it.
    pub source: String,
    /// The event itself.
    pub data: T,
}

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

/// The page's shared state, owned by the host; every module reads it and may change it.
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
