//! Every error code a Flotilla host shows, with its title and meaning. Docs and logs refer to
//! these codes; they never change meaning. The README's table is checked against this list.

use std::fmt;

/// A stable error code (`FLO-203`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum ErrorCode {
    /// FLO-100: the registry could not be loaded or is invalid.
    Registry,
    /// FLO-101: a manifest is unreachable.
    ManifestUnreachable,
    /// FLO-102: a manifest answered an HTTP error.
    ManifestHttp,
    /// FLO-103: a manifest is invalid.
    ManifestInvalid,
    /// FLO-104: a manifest's schema or ABI version is not supported.
    Unsupported,
    /// FLO-105: an origin is not on the allow-list.
    OriginNotAllowed,
    /// FLO-106: the page has no slot of that name.
    SlotMissing,
    /// FLO-107: the manifest does not expose the component asked for.
    ExposeMissing,
    /// FLO-108: the manifest did not arrive in time.
    ManifestTimeout,
    /// FLO-109: a swap's manifest is another module's than the slot's.
    WrongModule,
    /// FLO-110: the manifest redirected to another origin.
    Redirected,
    /// FLO-201: a code file is unreachable.
    CodeUnreachable,
    /// FLO-202: a code file answered an HTTP error.
    CodeHttp,
    /// FLO-203: a code file failed its integrity check.
    IntegrityMismatch,
    /// FLO-204: importing the glue or initialising the wasm failed.
    InitFailed,
    /// FLO-205: the glue lacks the ABI or mount export.
    ExportMissing,
    /// FLO-206: the code did not arrive in time.
    FetchTimeout,
    /// FLO-207: initialising took too long.
    InitTimeout,
    /// FLO-208: a part of the host's own code, fetched on first use, could not be loaded.
    LazyCode,
    /// FLO-301: the module's mount function threw.
    MountFailed,
    /// FLO-302: the module panicked, or its wasm trapped.
    Crashed,
    /// FLO-303: the module's styles did not load in time.
    MountTimeout,
}

impl ErrorCode {
    /// Every code, in order.
    pub const ALL: [ErrorCode; 22] = [
        ErrorCode::Registry,
        ErrorCode::ManifestUnreachable,
        ErrorCode::ManifestHttp,
        ErrorCode::ManifestInvalid,
        ErrorCode::Unsupported,
        ErrorCode::OriginNotAllowed,
        ErrorCode::SlotMissing,
        ErrorCode::ExposeMissing,
        ErrorCode::ManifestTimeout,
        ErrorCode::WrongModule,
        ErrorCode::Redirected,
        ErrorCode::CodeUnreachable,
        ErrorCode::CodeHttp,
        ErrorCode::IntegrityMismatch,
        ErrorCode::InitFailed,
        ErrorCode::ExportMissing,
        ErrorCode::FetchTimeout,
        ErrorCode::InitTimeout,
        ErrorCode::LazyCode,
        ErrorCode::MountFailed,
        ErrorCode::Crashed,
        ErrorCode::MountTimeout,
    ];

    /// The code as shown: `FLO-203`.
    pub fn as_str(self) -> &'static str {
        self.describe().0
    }

    /// What the code means.
    pub fn meaning(self) -> &'static str {
        self.describe().1
    }

    /// Its most common cause, for whoever reads the code in a log.
    pub fn typical_cause(self) -> &'static str {
        self.describe().2
    }

    fn describe(self) -> (&'static str, &'static str, &'static str) {
        use ErrorCode::*;
        match self {
            Registry => (
                "FLO-100",
                "the registry (`remotes.json`) could not be loaded or is invalid",
                "shell origin misconfigured",
            ),
            ManifestUnreachable => (
                "FLO-101",
                "manifest unreachable",
                "module origin down, CORS missing",
            ),
            ManifestHttp => (
                "FLO-102",
                "manifest answered an HTTP error (status given)",
                "wrong URL, not deployed yet",
            ),
            ManifestInvalid => (
                "FLO-103",
                "manifest invalid: not JSON, over 64 KiB, or a field is wrong (field named)",
                "broken deploy, hand edit",
            ),
            Unsupported => (
                "FLO-104",
                "manifest schema or ABI version not supported (versions named)",
                "module built with a newer contract",
            ),
            OriginNotAllowed => (
                "FLO-105",
                "origin not on the allow-list (`allowed_origins`); nothing is fetched from it",
                "registry points elsewhere",
            ),
            SlotMissing => (
                "FLO-106",
                "the page has no slot of that name",
                "registry and `index.html` disagree",
            ),
            ExposeMissing => (
                "FLO-107",
                "the manifest does not expose the component the registry asks for",
                "renamed component",
            ),
            ManifestTimeout => (
                "FLO-108",
                "the manifest did not arrive within `loading.timeouts.manifest_ms` (after retries)",
                "origin hangs, overloaded",
            ),
            WrongModule => (
                "FLO-109",
                "a swap or override names a manifest of another module than the slot's registry entry",
                "wrong URL pasted into the override panel",
            ),
            Redirected => (
                "FLO-110",
                "the manifest redirected to another origin (even an allowed one); it is used only from its own origin",
                "origin misconfigured or compromised",
            ),
            CodeUnreachable => (
                "FLO-201",
                "a code file is unreachable",
                "module origin went down mid-load",
            ),
            CodeHttp => (
                "FLO-202",
                "a code file answered an HTTP error",
                "manifest deployed before its files",
            ),
            IntegrityMismatch => (
                "FLO-203",
                "a code file failed its integrity check (expected and actual hash given)",
                "tampering, partial upload, stale CDN",
            ),
            InitFailed => (
                "FLO-204",
                "importing the glue or initialising the wasm failed",
                "corrupt build",
            ),
            ExportMissing => (
                "FLO-205",
                "the glue lacks `flotilla_abi()` or the exposed mount export",
                "not built with `expose!`",
            ),
            FetchTimeout => (
                "FLO-206",
                "the code did not arrive within `loading.timeouts.fetch_ms` (after retries)",
                "slow origin, huge wasm",
            ),
            InitTimeout => (
                "FLO-207",
                "import + compile + instantiate took longer than `loading.timeouts.init_ms`",
                "very slow device",
            ),
            LazyCode => (
                "FLO-208",
                "a part of the page's own code that it fetches on first use (swapping a module, checking for or applying an update, an override asked through `window.flotilla`, opening the override panel, a prefetch) could not be loaded; the next use tries again",
                "shell origin down, or a new shell deployed while the page was open (reload)",
            ),
            MountFailed => (
                "FLO-301",
                "the module's mount function threw (its error given)",
                "bad props",
            ),
            Crashed => (
                "FLO-302",
                "the module panicked or its wasm trapped, at mount or later (the panic message; from a build that aborts on panic `RuntimeError: unreachable (the wasm trapped: …)`, which says how to get the message); Restart",
                "bug in the module",
            ),
            MountTimeout => (
                "FLO-303",
                "the module's styles did not load within `loading.timeouts.mount_ms`",
                "CSS origin hangs",
            ),
        }
    }

    /// The README's error table: one Markdown row per code.
    pub fn markdown_table() -> String {
        let mut table = String::from("| code | meaning | typical cause |\n|---|---|---|\n");
        for code in ErrorCode::ALL {
            table.push_str(&format!(
                "| {} | {} | {} |\n",
                code.as_str(),
                code.meaning(),
                code.typical_cause()
            ));
        }
        table
    }
}

impl fmt::Display for ErrorCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::ErrorCode;

    #[test]
    fn ok_codes_are_unique_and_ordered() {
        let codes: Vec<&str> = ErrorCode::ALL.iter().map(|c| c.as_str()).collect();
        let mut sorted = codes.clone();
        sorted.sort();
        sorted.dedup();
        assert_eq!(codes, sorted);
    }

    #[test]
    fn ok_readme_error_table_matches_the_codes() {
        let readme =
            std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../../README.md"))
                .expect("README.md at the workspace root");
        let table = ErrorCode::markdown_table();
        assert!(
            readme.contains(&table),
            "README.md's error table differs from flotilla_contract::ErrorCode; it should read:\n\n{table}"
        );
    }
}
