//! Names and versions that the host and every module agree on.

/// Version of the mount ABI this crate implements; a manifest declares the one its module speaks.
pub const ABI_VERSION: u32 = 1;

/// ABI versions a host built from this crate can mount.
pub const SUPPORTED_ABI_VERSIONS: &[u32] = &[ABI_VERSION];

/// Manifest schema versions this crate can read.
pub const SUPPORTED_SCHEMA_VERSIONS: &[u32] = &[1];

/// File name under which a module's build publishes its manifest.
pub const MANIFEST_FILE: &str = "mf-manifest.json";

/// Folder of the shell's build that holds the override panel's build (its own manifest, glue,
/// wasm and CSS), next to the page.
pub const DEVTOOLS_DIR: &str = "devtools";

/// Where a page finds the override panel's manifest, relative to the page.
pub const DEVTOOLS_MANIFEST: &str = "devtools/mf-manifest.json";

/// Export that every module's glue has, returning the ABI version it was built against.
pub const ABI_EXPORT: &str = "flotilla_abi";

/// Name of the DOM event a module dispatches on `window` when it panics; its detail is a
/// [`crate::crash::CrashReport`].
pub const CRASH_EVENT: &str = "flotilla:crash";

/// Export that a module's glue has when the build guards it: the host passes it a function,
/// which the glue calls once, with the error's text, when a call into the wasm traps (a panic in
/// a build that aborts on panic, a stack overflow, `unreachable`).
pub const TRAP_EXPORT: &str = "__flotilla_on_trap";

/// Export that a module's glue has when the build guards it: the host calls it once it will
/// never call the instance again (replaced, crashed), and the glue lets go of the instance, its
/// memory and its compiled module, so the browser can collect them; later calls into it (a
/// late timer, a finalizer) do nothing.
pub const RELEASE_EXPORT: &str = "__flotilla_release";

/// Attribute that marks the element a module renders into when it runs standalone.
pub const STANDALONE_ATTR: &str = "data-flotilla-standalone";

/// Attribute of a page element that is a slot: `<div data-flotilla-slot="header">`.
pub const SLOT_ATTR: &str = "data-flotilla-slot";

/// Id of the page's composition snapshot: a `<script type="application/json">` data block
/// holding `{ "registry": …, "manifests": { "<manifest URL>": … } }` (never executed).
pub const SNAPSHOT_ID: &str = "flotilla-snapshot";

/// Event the host dispatches on `window` when the page's path changes (`detail.path`).
pub const ROUTE_EVENT: &str = "flotilla:route";
