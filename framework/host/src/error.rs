//! The host runtime's one error type: every way loading or running a module can fail, each
//! with its stable code from the contract.

use std::fmt;
use std::rc::Rc;

use flotilla_contract::policy::Timeouts;
use flotilla_contract::text::Quoted;
use flotilla_contract::{ContractError, ErrorCode};

/// The phases of loading a module, each with its own timeout.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LoadPhase {
    /// Fetching and reading the manifest.
    Manifest,
    /// Fetching and verifying the glue and the wasm.
    Fetch,
    /// Importing the glue, compiling and instantiating the wasm.
    Init,
    /// Loading styles and mounting.
    Mount,
}

impl LoadPhase {
    /// The phase's timeout in `timeouts`.
    pub fn timeout(self, timeouts: &Timeouts) -> u32 {
        match self {
            LoadPhase::Manifest => timeouts.manifest_ms,
            LoadPhase::Fetch => timeouts.fetch_ms,
            LoadPhase::Init => timeouts.init_ms,
            LoadPhase::Mount => timeouts.mount_ms,
        }
    }
}

impl fmt::Display for LoadPhase {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            LoadPhase::Manifest => "fetching the manifest",
            LoadPhase::Fetch => "downloading the code",
            LoadPhase::Init => "initialising the code",
            LoadPhase::Mount => "mounting",
        })
    }
}

/// Why a slot (or the whole registry) is not showing its module.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum HostError {
    /// The registry (`remotes.json`) could not be fetched or read.
    #[error("registry {url} could not be loaded: {cause}")]
    Registry { url: String, cause: String },
    /// The registry is not valid (bad JSON, or a field is wrong).
    #[error("registry {url} could not be loaded: {error}")]
    RegistryInvalid { url: String, error: ContractError },
    /// The manifest's origin did not answer.
    #[error("manifest {url} is unreachable: {cause}")]
    ManifestUnreachable { url: String, cause: String },
    /// The manifest's origin answered with an HTTP error.
    #[error("manifest {url} answered HTTP {status}")]
    ManifestHttp { url: String, status: u16 },
    /// The manifest is not valid (bad JSON, too large, or a field is wrong).
    #[error("manifest {url} is invalid: {error}")]
    ManifestInvalid { url: String, error: ContractError },
    /// The manifest's schema or ABI version is not one this shell supports.
    #[error("manifest {url} is not supported: {error}")]
    Unsupported { url: String, error: ContractError },
    /// The manifest's origin redirected the request to another origin.
    #[error("manifest {url} redirected to {target}; a manifest is used only from its own origin")]
    Redirected { url: String, target: String },
    /// The manifest is another module's than the one the registry names for the slot.
    #[error(
        "manifest {url} is {found}'s; the slot runs {expected} (a swap keeps the slot's module)"
    )]
    WrongModule {
        url: String,
        expected: String,
        found: String,
    },
    /// The module's origin is not on the shell's allow-list.
    #[error("{url} is refused: origin {origin} is not allowed")]
    OriginNotAllowed { url: String, origin: String },
    /// A phase took longer than its timeout (`loading.timeouts` in the registry).
    #[error("{phase} {url} took longer than {ms} ms")]
    Timeout {
        phase: LoadPhase,
        url: String,
        ms: u32,
    },
    /// The page has no element for the slot the registry names.
    #[error("the page has no slot named {} (data-flotilla-slot)", Quoted(.slot))]
    SlotMissing { slot: String },
    /// The manifest does not expose the component the registry asks for.
    #[error("manifest {url} exposes no component named {}", Quoted(.name))]
    ExposeMissing { url: String, name: String },
    /// A code file's origin did not answer.
    #[error("{url} is unreachable: {cause}")]
    CodeUnreachable { url: String, cause: String },
    /// A code file's origin answered with an HTTP error.
    #[error("{url} answered HTTP {status}")]
    CodeHttp { url: String, status: u16 },
    /// A code file's bytes do not match the manifest's integrity.
    #[error("{url} failed its integrity check: expected {expected}, got {actual}")]
    IntegrityMismatch {
        url: String,
        expected: String,
        actual: String,
    },
    /// Importing the glue or initialising the wasm failed.
    #[error("{url} failed to initialise: {cause}")]
    InitFailed { url: String, cause: String },
    /// The module's glue lacks an export the manifest promises, or speaks another ABI.
    #[error("{url} does not export {export}")]
    ExportMissing { url: String, export: String },
    /// The module's mount function failed.
    #[error("{module} failed to mount: {cause}")]
    MountFailed { module: String, cause: String },
    /// The module panicked, or its wasm trapped, after it was mounted.
    #[error("{module} crashed: {cause}")]
    Crashed { module: String, cause: String },
    /// A chunk of the page's own code, fetched on first use, could not be loaded.
    #[error("{}", lazy_code(part))]
    LazyCode { part: &'static str },
}

/// FLO-208's message: written where startup code reports it, which formats no other error
/// (the rest of the messages are code fetched on the first failure, see [`crate::report`]).
pub(crate) fn lazy_code(part: &str) -> String {
    format!(
        "the page's code for {part} could not be loaded (it is fetched on first use, from the \
         shell's origin: reload the page if a new shell was deployed since)"
    )
}

impl HostError {
    /// Stable code, explained in the README's error table.
    pub fn code(&self) -> ErrorCode {
        match self {
            HostError::Registry { .. } | HostError::RegistryInvalid { .. } => ErrorCode::Registry,
            HostError::ManifestUnreachable { .. } => ErrorCode::ManifestUnreachable,
            HostError::ManifestHttp { .. } => ErrorCode::ManifestHttp,
            HostError::ManifestInvalid { .. } => ErrorCode::ManifestInvalid,
            HostError::Unsupported { .. } => ErrorCode::Unsupported,
            HostError::OriginNotAllowed { .. } => ErrorCode::OriginNotAllowed,
            HostError::Redirected { .. } => ErrorCode::Redirected,
            HostError::WrongModule { .. } => ErrorCode::WrongModule,
            HostError::Timeout { phase, .. } => match phase {
                LoadPhase::Manifest => ErrorCode::ManifestTimeout,
                LoadPhase::Fetch => ErrorCode::FetchTimeout,
                LoadPhase::Init => ErrorCode::InitTimeout,
                LoadPhase::Mount => ErrorCode::MountTimeout,
            },
            HostError::SlotMissing { .. } => ErrorCode::SlotMissing,
            HostError::ExposeMissing { .. } => ErrorCode::ExposeMissing,
            HostError::CodeUnreachable { .. } => ErrorCode::CodeUnreachable,
            HostError::CodeHttp { .. } => ErrorCode::CodeHttp,
            HostError::IntegrityMismatch { .. } => ErrorCode::IntegrityMismatch,
            HostError::InitFailed { .. } => ErrorCode::InitFailed,
            HostError::ExportMissing { .. } => ErrorCode::ExportMissing,
            HostError::MountFailed { .. } => ErrorCode::MountFailed,
            HostError::Crashed { .. } => ErrorCode::Crashed,
            HostError::LazyCode { .. } => ErrorCode::LazyCode,
        }
    }

    /// Whether trying again may help by itself: network errors, timeouts while fetching,
    /// and HTTP 408, 429 and 5xx. Never integrity, validation, init or mount failures.
    pub fn is_transient(&self) -> bool {
        let status_transient = |s: &u16| *s >= 500 || *s == 408 || *s == 429;
        match self {
            HostError::ManifestUnreachable { .. }
            | HostError::CodeUnreachable { .. }
            | HostError::LazyCode { .. } => true,
            HostError::ManifestHttp { status, .. } | HostError::CodeHttp { status, .. } => {
                status_transient(status)
            }
            HostError::Timeout { phase, .. } => {
                matches!(phase, LoadPhase::Manifest | LoadPhase::Fetch)
            }
            _ => false,
        }
    }

    /// Whether Restart (a fresh instance) rather than Retry is the way back.
    pub fn is_crash(&self) -> bool {
        matches!(self, HostError::Crashed { .. })
    }
}

/// A load that failed, and how many attempts its last phase made.
#[derive(Debug, Clone, PartialEq)]
pub struct Failure {
    /// Why it failed (shared: a slot's status, its events and the console line hold the same
    /// error, and copying one is a count, not a deep clone).
    pub error: Rc<HostError>,
    /// Attempts made by the phase that failed (1 when it was not retried).
    pub attempts: u32,
}

impl From<HostError> for Failure {
    fn from(error: HostError) -> Self {
        Failure {
            error: Rc::new(error),
            attempts: 1,
        }
    }
}

impl From<Rc<HostError>> for Failure {
    fn from(error: Rc<HostError>) -> Self {
        Failure { error, attempts: 1 }
    }
}

impl Failure {
    /// Whether Restart (a fresh instance) rather than Retry is the way back.
    pub fn is_crash(&self) -> bool {
        self.error.is_crash()
    }
}

impl fmt::Display for Failure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.error)?;
        if self.attempts > 1 {
            write!(f, " (tried {} times)", self.attempts)?;
        }
        Ok(())
    }
}
