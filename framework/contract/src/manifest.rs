//! The manifest a module publishes for one build (`mf-manifest.json`).

use serde::{Deserialize, Serialize};

use crate::error::ContractError;

/// Largest manifest, in bytes, that a host reads; anything larger is refused unparsed.
pub const MAX_MANIFEST_BYTES: usize = 64 * 1024;

/// One build of one module: what it is, what it exposes and which files make it up.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "wire", derive(flotilla_wire::Wire))]
pub struct Manifest {
    /// Version of this manifest format (see [`crate::abi::SUPPORTED_SCHEMA_VERSIONS`]).
    pub schema_version: u32,
    /// Module name, e.g. `header-app`.
    pub name: String,
    /// Module version (semver), e.g. `1.2.0`.
    pub version: String,
    /// Mount ABI version the module speaks (see [`crate::abi::ABI_VERSION`]).
    pub abi_version: u32,
    /// When the build ran, RFC 3339 in UTC (`2026-11-23T10:00:00Z`).
    pub build_time: String,
    /// Components the module exposes; a registry entry picks one by name.
    pub exposes: Vec<Exposed>,
    /// Files of the build, relative to the manifest's URL.
    pub assets: Assets,
}

/// One component a module exposes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "wire", derive(flotilla_wire::Wire))]
pub struct Exposed {
    /// Name the registry uses, e.g. `Header`.
    pub name: String,
    /// Name of the glue's exported mount function for this component.
    pub export: String,
}

/// The files a module's build ships.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "wire", derive(flotilla_wire::Wire))]
pub struct Assets {
    /// The wasm-bindgen JS glue (an ES module).
    pub js: Asset,
    /// The wasm binary.
    pub wasm: Asset,
    /// Stylesheets the module needs, applied inside its slot only.
    #[serde(default)]
    pub css: Vec<Asset>,
}

/// One shipped file and the hash of its bytes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "wire", derive(flotilla_wire::Wire))]
pub struct Asset {
    /// Path relative to the manifest, e.g. `header-app-1f2e.js`.
    pub file: String,
    /// Subresource Integrity of the file: `sha384-<base64>`.
    pub integrity: String,
    /// Size of the file in bytes.
    pub size: u64,
}

impl Manifest {
    /// Parses and validates manifest text; the error names the field that is wrong.
    #[cfg(feature = "json")]
    pub fn from_json(text: &str) -> Result<Self, ContractError> {
        Self::parse_with(text, |t| serde_json::from_str(t).map_err(|e| e.to_string()))
    }

    /// Refuses text over [`MAX_MANIFEST_BYTES`], parses it with `parse` (serde_json for the
    /// tooling, the browser's `JSON.parse` in the host) and validates every field.
    pub fn parse_with(
        text: &str,
        parse: impl FnOnce(&str) -> Result<Manifest, String>,
    ) -> Result<Self, ContractError> {
        if text.len() > MAX_MANIFEST_BYTES {
            return Err(ContractError::TooLarge {
                bytes: text.len(),
                limit: MAX_MANIFEST_BYTES,
            });
        }
        let manifest = parse(text).map_err(ContractError::Malformed)?;
        manifest.validate()?;
        Ok(manifest)
    }

    /// Checks every field; the first problem found is returned with the field's path.
    pub fn validate(&self) -> Result<(), ContractError> {
        crate::validate::manifest(self)
    }

    /// Finds an exposed component by name, or the first one when `name` is `None`.
    pub fn exposed(&self, name: Option<&str>) -> Option<&Exposed> {
        match name {
            Some(name) => self.exposes.iter().find(|e| e.name == name),
            None => self.exposes.first(),
        }
    }
}
