//! The registry a page loads (`remotes.json`): which module is mounted into which slot.

use serde::{Deserialize, Serialize};

use crate::error::ContractError;
use crate::policy::{LoadPolicy, OfflinePolicy, Prefetch, UpdateMode, WatchPolicy};

/// File name under which the shell's origin serves the registry.
pub const REGISTRY_FILE: &str = "remotes.json";

/// Properties as the tooling holds them: a JSON object.
pub type JsonProps = serde_json::Map<String, serde_json::Value>;

/// Every module the page mounts, and the origins modules may come from. `P` is how a side
/// holds each module's props, which only the module reads: a JSON map in the tooling, the
/// parsed object itself in a host (no JSON map type in its code).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "wire", derive(flotilla_wire::Wire))]
#[serde(bound(deserialize = "P: Deserialize<'de> + Default"))]
pub struct Registry<P = JsonProps> {
    /// Modules, in the order their slots appear.
    pub remotes: Vec<Remote<P>>,
    /// Origins (`http://127.0.0.1:3000`) from which manifests and code may be loaded.
    #[serde(default)]
    pub allowed_origins: Vec<String>,
    /// Timeouts and retries; defaults when absent.
    #[serde(default)]
    pub loading: LoadPolicy,
    /// How often manifests are checked for new versions; defaults when absent.
    #[serde(default)]
    pub updates: WatchPolicy,
    /// The offline tier (service worker); on, with defaults, when absent.
    #[serde(default)]
    pub offline: OfflinePolicy,
}

/// One module of the page.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "wire", derive(flotilla_wire::Wire))]
pub struct Remote<P = JsonProps> {
    /// Module name, e.g. `header-app`.
    pub name: String,
    /// Absolute URL of the module's manifest.
    pub manifest: String,
    /// Name of the page slot (`data-flotilla-slot`) the module is mounted into.
    pub slot: String,
    /// Exposed component to mount; the manifest's first one when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expose: Option<String>,
    /// Properties handed to the component at mount: a JSON object.
    #[serde(default)]
    pub props: P,
    /// What to do when the manifest names a new version: `auto`, `prompt` (default) or `off`.
    #[serde(default)]
    pub update: UpdateMode,
    /// Path patterns on which the module is active (see [`crate::route`]); always active when
    /// empty. Off its routes it is not mounted, and not fetched until prefetched or visited.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub routes: Vec<String>,
    /// When the code of a module off the current route is fetched ahead: `idle` (default),
    /// `hover` (a link to one of its routes is hovered or focused) or `none`.
    #[serde(default)]
    pub prefetch: Prefetch,
    /// Off its routes, the module stays mounted in its hidden slot (qiankun's keep-alive), so
    /// what it shows and holds (inputs, scroll, fetched data) is there at once when a route
    /// of its comes back, with no new mount; `false` (default): it is unmounted, and mounted
    /// afresh from the code kept.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub keep_alive: bool,
}

impl<P> Remote<P> {
    /// Whether the module is active on `path`.
    pub fn active_on(&self, path: &str) -> bool {
        crate::route::active(&self.routes, path)
    }
}

impl Registry {
    /// Parses and validates registry text; the error names the field that is wrong.
    pub fn from_json(text: &str) -> Result<Self, ContractError> {
        Self::parse_with(text, |t| serde_json::from_str(t).map_err(|e| e.to_string()))
    }
}

impl<P> Registry<P> {
    /// Parses registry text with `parse` (serde_json for the tooling, the browser's
    /// `JSON.parse` in the host), validates it and puts its allowed origins in the one form
    /// [`Registry::allows`] compares.
    pub fn parse_with(
        text: &str,
        parse: impl FnOnce(&str) -> Result<Registry<P>, String>,
    ) -> Result<Self, ContractError> {
        let mut registry = parse(text).map_err(ContractError::Malformed)?;
        crate::validate::registry(&registry)?;
        for origin in &mut registry.allowed_origins {
            *origin = canonical_origin(origin);
        }
        Ok(registry)
    }

    /// Whether modules may be loaded from `origin` (`scheme://host[:port]`, as a URL parser
    /// gives it). The one allow-list check: the host and `boot.js` compare the same forms.
    pub fn allows(&self, origin: &str) -> bool {
        let origin = canonical_origin(origin);
        self.allowed_origins
            .iter()
            .any(|allowed| canonical_origin(allowed) == origin)
    }
}

/// An origin in the form the allow-list compares: lower case, no trailing `/`.
pub fn canonical_origin(origin: &str) -> String {
    origin.trim_end_matches('/').to_ascii_lowercase()
}
