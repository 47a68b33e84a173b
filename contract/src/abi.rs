//! Names and versions that the host and every module agree on.

/// Version of the mount ABI this crate implements; a manifest declares the one its module speaks.
pub const ABI_VERSION: u32 = 1;

/// ABI versions a host built from this crate can mount.
pub const SUPPORTED_ABI_VERSIONS: &[u32] = &[ABI_VERSION];

/// Manifest schema versions this crate can read.
pub const SUPPORTED_SCHEMA_VERSIONS: &[u32] = &[1];

/// File name under which a module's build publishes its manifest.
pub const MANIFEST_FILE: &str = "mf-manifest.json";

/// Export that every module's glue has, returning the ABI version it was built against.
pub const ABI_EXPORT: &str = "flotilla_abi";

/// Keys of the mount context object the host passes to a module's mount function.
pub mod context {
    /// Name of the module, as the registry calls it.
    pub const MODULE: &str = "module";
    /// Absolute URL (ending in `/`) of the folder holding the module's code, against which it
    /// resolves its own files (images, data).
    pub const ASSET_BASE: &str = "assetBase";
    /// Module-specific properties (a plain JSON object).
    pub const PROPS: &str = "props";
    /// Optional: the host's name for this one mount (`header-app#3`), echoed in crash reports
    /// so a host can tell a new instance's panic from the running one's.
    pub const INSTANCE: &str = "instance";
}

/// Name of the DOM event a module dispatches on `window` when it panics; its detail is
/// `{ module, instance, message }`.
pub const CRASH_EVENT: &str = "flotilla:crash";

/// Attribute that marks the element a module renders into when it runs standalone.
pub const STANDALONE_ATTR: &str = "data-flotilla-standalone";
