//! The mount context: what a host hands a module's mount function.

use serde::{Deserialize, Serialize};

/// What the host tells a module when it mounts it. Travels as a plain object; `P` is how a
/// side holds the props (in the browser, host and module alike, the JS object itself).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "wire", derive(flotilla_wire::Wire))]
#[serde(rename_all = "camelCase")]
pub struct MountContext<P> {
    /// Name of the module, as the registry calls it.
    pub module: String,
    /// Absolute URL (ending in `/`) of the folder holding the module's code, against which it
    /// resolves its own files (images, data).
    pub asset_base: String,
    /// The host's name for this one mount (`header-app#3`), echoed in crash reports so a host
    /// can tell a new instance's panic from the running one's. Older hosts send none.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub instance: Option<String>,
    /// A secret of this one mount, echoed in crash reports: a host acts only on a report that
    /// carries it, so no other script can make it unmount a module by forging one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub token: Option<String>,
    /// Module-specific properties (a plain JSON object).
    #[serde(default)]
    pub props: P,
}
