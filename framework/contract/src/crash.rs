//! What a module tells the host when it panics.

use serde::{Deserialize, Serialize};

/// The detail of a [`crate::abi::CRASH_EVENT`]: which mount panicked, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "wire", derive(flotilla_wire::Wire))]
pub struct CrashReport {
    /// Module name, as the registry calls it.
    pub module: String,
    /// The mount's instance name (`header-app#3`); the module name for hosts that gave none.
    #[serde(default)]
    pub instance: Option<String>,
    /// The mount's secret token ([`crate::context::MountContext::token`]).
    #[serde(default)]
    pub token: Option<String>,
    /// The panic message.
    #[serde(default)]
    pub message: String,
}

impl CrashReport {
    /// The instance the report names (the module, when it names none).
    pub fn instance(&self) -> &str {
        self.instance.as_deref().unwrap_or(&self.module)
    }
}
