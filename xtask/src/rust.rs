//! Which Rust compiles an app's release wasm. The pinned nightly rebuilds the standard library
//! for size, aborts on panic without formatting a message and drops `Debug` formatting and
//! panic locations (14-19 % fewer bytes, and less for the browser to compile); stable keeps
//! panic messages. Messages shown to people therefore never use `{:?}` in wasm crates
//! (`flotilla_contract::text` quotes values instead). A build uses stable when the
//! app's `rust = "stable"` says so, when `FLOTILLA_RUST=stable` is set, or when the nightly
//! cannot be installed.

use std::fs;
use std::path::Path;
use std::process::Command;

use anyhow::{Context, Result};
use serde::Deserialize;

/// The nightly that release builds use.
pub const NIGHTLY: &str = "nightly-2026-05-20";

/// Environment variable that makes every build use stable (`FLOTILLA_RUST=stable`).
pub const RUST_VAR: &str = "FLOTILLA_RUST";

/// File in an app's cargo target folder naming the Rust of its last release build.
const RECORD_FILE: &str = "flotilla-rust";

/// The wasm stack every app gets; `.cargo/config.toml` sets the same for stable builds, and
/// nightly builds replace that list of flags.
pub const STACK_FLAGS: &str = "-C link-arg=-zstack-size=262144";

/// What a split build adds (`crate::split`): the linker keeps its relocations, which the
/// split reads. Only there: in another build they stop wasm-opt from shrinking the wasm.
const SPLIT_FLAGS: &str = "-C link-arg=--emit-relocs";

/// The cargo variable holding the flags of wasm builds.
const WASM_RUSTFLAGS: &str = "CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUSTFLAGS";

/// A Rust toolchain for release builds.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Rust {
    /// The pinned nightly, standard library built for size, `panic = immediate-abort`, no
    /// `Debug` output (`-Zfmt-debug=none`) and no panic locations.
    #[default]
    Nightly,
    /// The toolchain `cargo xtask` runs on; panics keep their messages.
    Stable,
}

impl Rust {
    /// What an app that asks for `wanted` gets when builds may use `available`.
    pub fn for_app(wanted: Rust, available: Rust) -> Rust {
        if wanted == Rust::Stable || available == Rust::Stable {
            Rust::Stable
        } else {
            Rust::Nightly
        }
    }

    /// Name for progress lines.
    pub fn label(self) -> &'static str {
        match self {
            Rust::Nightly => NIGHTLY,
            Rust::Stable => "stable",
        }
    }

    /// Sets `cmd` (trunk, or cargo) up to compile with this toolchain. Stable keeps the
    /// toolchain rustup runs `cargo xtask` on (`RUSTUP_TOOLCHAIN` as inherited).
    pub fn configure(self, cmd: &mut Command) {
        if self == Rust::Nightly {
            cmd.env("RUSTUP_TOOLCHAIN", NIGHTLY);
        }
        for (name, value) in self.env() {
            match value {
                Some(value) => cmd.env(name, value),
                None => cmd.env_remove(name),
            };
        }
    }

    /// [`Rust::configure`] for a split build: the same flags and [`SPLIT_FLAGS`].
    pub fn configure_split(self, cmd: &mut Command) {
        self.configure(cmd);
        let flags = match self
            .env()
            .into_iter()
            .find(|(name, _)| *name == WASM_RUSTFLAGS)
        {
            Some((_, Some(flags))) => flags,
            _ => STACK_FLAGS.to_owned(),
        };
        cmd.env(WASM_RUSTFLAGS, format!("{flags} {SPLIT_FLAGS}"));
    }

    /// The cargo variables `configure` sets (`Some`) and removes (`None`).
    pub fn env(self) -> Vec<(&'static str, Option<String>)> {
        let nightly = self == Rust::Nightly;
        let when = |value: String| nightly.then_some(value);
        vec![
            (
                "CARGO_UNSTABLE_BUILD_STD",
                when("std,panic_abort".to_owned()),
            ),
            (
                "CARGO_UNSTABLE_BUILD_STD_FEATURES",
                when("optimize_for_size".to_owned()),
            ),
            (
                WASM_RUSTFLAGS,
                when(format!(
                    "{STACK_FLAGS} -Cpanic=immediate-abort -Zunstable-options \
                     -Zfmt-debug=none -Zlocation-detail=none"
                )),
            ),
        ]
    }
}

/// Notes in the cargo target folder `dir` that its last build used `rust`.
pub fn record(dir: &Path, rust: Rust) -> Result<()> {
    let file = dir.join(RECORD_FILE);
    fs::write(&file, rust.label()).with_context(|| format!("writing {}", file.display()))
}

/// The Rust the last build in the cargo target folder `dir` used, if it says.
pub fn recorded(dir: &Path) -> Option<Rust> {
    match fs::read_to_string(dir.join(RECORD_FILE)).ok()?.trim() {
        NIGHTLY => Some(Rust::Nightly),
        "stable" => Some(Rust::Stable),
        _ => None,
    }
}

/// The toolchain builds may use: stable when `FLOTILLA_RUST=stable`, else the pinned nightly
/// (installed with rust-src and the wasm32 target when missing), else stable with a warning.
pub fn ensure() -> Rust {
    if std::env::var(RUST_VAR).is_ok_and(|v| v.eq_ignore_ascii_case("stable")) {
        eprintln!("xtask: {RUST_VAR}=stable: release builds use stable Rust");
        return Rust::Stable;
    }
    if install_nightly() {
        return Rust::Nightly;
    }
    eprintln!(
        "xtask: warning: Rust {NIGHTLY} could not be installed; release builds use stable \
         (larger wasm, same behaviour)"
    );
    Rust::Stable
}

/// Installs the pinned nightly with rust-src and the wasm32 target unless it has them, and the
/// crates its standard library builds from; whether it has them now.
pub fn install_nightly() -> bool {
    if nightly_ready() {
        return fetch_std_dependencies();
    }
    eprintln!("xtask: installing Rust {NIGHTLY} with rust-src and wasm32 (about 1 minute)");
    let installed = Command::new("rustup")
        .args(["toolchain", "install", NIGHTLY, "--profile", "minimal"])
        .args([
            "--component",
            "rust-src",
            "--target",
            "wasm32-unknown-unknown",
        ])
        .status()
        .is_ok_and(|s| s.success());
    installed && nightly_ready() && fetch_std_dependencies()
}

/// Downloads the crates the nightly's standard library depends on (its `library/Cargo.lock`),
/// which trunk's offline builds with `-Zbuild-std` need and a bare machine lacks; nothing to
/// download once they are in cargo's cache. Whether they are there.
fn fetch_std_dependencies() -> bool {
    let Ok(out) = Command::new("rustc")
        .args([&format!("+{NIGHTLY}"), "--print", "sysroot"])
        .output()
    else {
        return false;
    };
    let sysroot = String::from_utf8_lossy(&out.stdout).trim().to_owned();
    let manifest = Path::new(&sysroot).join("lib/rustlib/src/rust/library/Cargo.toml");
    let fetched = Command::new("cargo")
        .arg(format!("+{NIGHTLY}"))
        .args(["fetch", "--quiet", "--manifest-path"])
        .arg(&manifest)
        .status()
        .is_ok_and(|s| s.success());
    if !fetched {
        eprintln!(
            "xtask: warning: could not download the crates of {NIGHTLY}'s standard library \
             ({})",
            manifest.display()
        );
    }
    out.status.success() && fetched
}

/// Whether the pinned nightly has the standard library's source and the wasm32 target.
fn nightly_ready() -> bool {
    let Ok(out) = Command::new("rustup")
        .args(["component", "list", "--installed", "--toolchain", NIGHTLY])
        .output()
    else {
        return false;
    };
    let listed = String::from_utf8_lossy(&out.stdout);
    out.status.success()
        && listed.lines().any(|l| l.starts_with("rust-src"))
        && listed
            .lines()
            .any(|l| l.starts_with("rust-std-wasm32-unknown-unknown"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ok_an_app_gets_nightly_only_when_it_and_the_machine_allow_it() {
        use Rust::*;
        assert_eq!(Rust::for_app(Nightly, Nightly), Nightly);
        assert_eq!(Rust::for_app(Stable, Nightly), Stable);
        assert_eq!(Rust::for_app(Nightly, Stable), Stable);
    }

    #[test]
    fn ok_nightly_keeps_the_stack_size_of_the_cargo_config() {
        let config =
            std::fs::read_to_string(crate::workspace::root().join(".cargo/config.toml")).unwrap();
        let listed: Vec<String> = STACK_FLAGS.split(' ').map(|f| format!("\"{f}\"")).collect();
        assert!(config.contains(&listed.join(", ")), "{config}");
        let flags = Rust::Nightly
            .env()
            .into_iter()
            .find(|(name, _)| name.ends_with("RUSTFLAGS"))
            .and_then(|(_, value)| value)
            .unwrap();
        assert!(flags.starts_with(STACK_FLAGS), "{flags}");
    }

    #[test]
    fn ok_a_recorded_build_reads_back() {
        let dir = tempfile::tempdir().unwrap();
        assert_eq!(recorded(dir.path()), None);
        for rust in [Rust::Stable, Rust::Nightly] {
            record(dir.path(), rust).unwrap();
            assert_eq!(recorded(dir.path()), Some(rust));
        }
    }

    #[test]
    fn ok_nightly_names_its_toolchain_and_stable_keeps_the_inherited_one() {
        let set = |rust: Rust| {
            let mut cmd = Command::new("trunk");
            rust.configure(&mut cmd);
            cmd.get_envs()
                .find(|(name, _)| *name == "RUSTUP_TOOLCHAIN")
                .map(|(_, value)| value.map(|v| v.to_string_lossy().into_owned()))
        };
        assert_eq!(set(Rust::Nightly), Some(Some(NIGHTLY.to_owned())));
        assert_eq!(set(Rust::Stable), None);
    }

    #[test]
    fn ok_stable_removes_every_nightly_variable() {
        assert!(Rust::Stable.env().iter().all(|(_, value)| value.is_none()));
        assert!(Rust::Nightly.env().iter().all(|(_, value)| value.is_some()));
    }
}
