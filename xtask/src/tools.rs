//! Installs the pinned toolchain when it is missing; skips what is already there.

use std::path::{Path, PathBuf};
use std::process::Command;

use anyhow::{bail, Context, Result};

use crate::workspace;

const TRUNK: &str = "0.21.14";
const WASM_BINDGEN: &str = "0.2.130";
const BINARYEN: &str = "132.0.0";
const ESBUILD: &str = "0.28.2";

/// Paths of the installed tools.
#[derive(Debug, Clone, Default)]
pub struct Toolchain {
    /// Folder holding `wasm-opt`, put first on `PATH` for trunk.
    pub binaryen_bin: PathBuf,
    /// The esbuild binary, which minifies the JS of release builds.
    pub esbuild: PathBuf,
    /// The Rust that release builds may use.
    pub rust: crate::rust::Rust,
}

impl Toolchain {
    /// `PATH` with binaryen and cargo's bin folder first.
    pub fn path_env(&self) -> String {
        let cargo_bin = home_cargo_bin();
        let old = std::env::var("PATH").unwrap_or_default();
        format!(
            "{}:{}:{old}",
            self.binaryen_bin.display(),
            cargo_bin.display()
        )
    }
}

fn home_cargo_bin() -> PathBuf {
    std::env::var_os("CARGO_HOME")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(std::env::var("HOME").unwrap_or_default()).join(".cargo"))
        .join("bin")
}

fn output(program: &str, args: &[&str]) -> Option<String> {
    let out = Command::new(program).args(args).output().ok()?;
    out.status
        .success()
        .then(|| String::from_utf8_lossy(&out.stdout).into_owned())
}

/// Runs `cmd`, saying `what` it does first; the error names it.
pub(crate) fn run(what: &str, cmd: &mut Command) -> Result<()> {
    eprintln!("xtask: {what}");
    let status = cmd
        .status()
        .with_context(|| format!("could not start: {what}"))?;
    if !status.success() {
        bail!("failed ({status}): {what}");
    }
    Ok(())
}

/// Ensures the wasm32 target, trunk, wasm-bindgen-cli, wasm-opt and esbuild are installed, and
/// the pinned nightly when it can be (see [`crate::rust`]).
pub fn ensure_build_tools() -> Result<Toolchain> {
    let targets = output("rustup", &["target", "list", "--installed"]).unwrap_or_default();
    if !targets
        .lines()
        .any(|t| t.trim() == "wasm32-unknown-unknown")
    {
        run(
            "installing the wasm32-unknown-unknown target",
            Command::new("rustup").args(["target", "add", "wasm32-unknown-unknown"]),
        )?;
    }
    let trunk = home_cargo_bin().join("trunk");
    let has_trunk = output(trunk.to_str().unwrap_or("trunk"), &["--version"])
        .is_some_and(|v| v.contains(TRUNK));
    if !has_trunk {
        run(
            &format!("installing trunk {TRUNK} (about 7 minutes)"),
            Command::new("cargo").args(["install", "--locked", "trunk", "--version", TRUNK]),
        )?;
    }
    let bindgen = home_cargo_bin().join("wasm-bindgen");
    let has_bindgen = output(bindgen.to_str().unwrap_or("wasm-bindgen"), &["--version"])
        .is_some_and(|v| v.contains(WASM_BINDGEN));
    if !has_bindgen {
        // No --locked: its lock file pins a crate version the registry no longer has.
        run(
            &format!("installing wasm-bindgen-cli {WASM_BINDGEN} (about 3 minutes)"),
            Command::new("cargo").args(["install", "wasm-bindgen-cli", "--version", WASM_BINDGEN]),
        )?;
    }
    let tools_dir = workspace::root().join(".tools");
    let binaryen_bin = tools_dir.join("node_modules/binaryen/bin");
    let wasm_opt = binaryen_bin.join("wasm-opt");
    let has_opt = output(wasm_opt.to_str().unwrap_or_default(), &["--version"])
        .is_some_and(|v| v.contains("version 132"));
    if !has_opt {
        std::fs::create_dir_all(&tools_dir)?;
        run(
            &format!("installing wasm-opt (binaryen {BINARYEN} from npm)"),
            Command::new("npm")
                .args(["install", "--no-audit", "--no-fund", "--prefix"])
                .arg(&tools_dir)
                .arg(format!("binaryen@{BINARYEN}")),
        )?;
    }
    let esbuild = ensure_esbuild(&tools_dir)?;
    Ok(Toolchain {
        binaryen_bin,
        esbuild,
        rust: crate::rust::ensure(),
    })
}

/// Installs esbuild from npm into `tools_dir` unless the pinned version is there; returns its
/// binary.
fn ensure_esbuild(tools_dir: &Path) -> Result<PathBuf> {
    // The package's bin is the platform's native binary once its install script ran, a node
    // launcher otherwise: either runs as is.
    let esbuild = tools_dir.join("node_modules/.bin/esbuild");
    let has = output(esbuild.to_str().unwrap_or_default(), &["--version"])
        .is_some_and(|v| v.trim() == ESBUILD);
    if !has {
        std::fs::create_dir_all(tools_dir)?;
        run(
            &format!("installing esbuild {ESBUILD} from npm"),
            Command::new("npm")
                .args([
                    "install",
                    "--no-audit",
                    "--no-fund",
                    "--save-exact",
                    "--prefix",
                ])
                .arg(tools_dir)
                .arg(format!("esbuild@{ESBUILD}")),
        )?;
    }
    Ok(esbuild)
}

/// Paths of the browser used by tests and benchmarks.
#[derive(Debug, Clone)]
pub struct Browser {
    /// The Chromium binary.
    pub chromium: PathBuf,
    /// The matching chromedriver.
    pub chromedriver: PathBuf,
}

/// Ensures Debian's Chromium and chromedriver are installed (needs root for apt-get).
pub fn ensure_browser() -> Result<Browser> {
    let browser = Browser {
        chromium: PathBuf::from("/usr/bin/chromium"),
        chromedriver: PathBuf::from("/usr/bin/chromedriver"),
    };
    if browser.chromium.exists() && browser.chromedriver.exists() {
        return Ok(browser);
    }
    run("apt-get update", Command::new("apt-get").arg("update"))?;
    run(
        "installing chromium and chromium-driver",
        Command::new("apt-get")
            .args([
                "install",
                "-y",
                "--no-install-recommends",
                "chromium",
                "chromium-driver",
            ])
            .env("DEBIAN_FRONTEND", "noninteractive"),
    )?;
    if !browser.chromedriver.exists() {
        bail!("chromium-driver installed but /usr/bin/chromedriver is missing");
    }
    Ok(browser)
}

/// Ensures the pinned nightly (the one release builds use) and cargo-fuzz (for `cargo xtask
/// fuzz`).
pub fn ensure_fuzzer() -> Result<()> {
    if !crate::rust::install_nightly() {
        bail!(
            "Rust {} could not be installed (cargo fuzz needs it)",
            crate::rust::NIGHTLY
        );
    }
    if output("cargo", &["fuzz", "--version"]).is_none() {
        run(
            "installing cargo-fuzz (about 1 minute)",
            Command::new("cargo").args(["install", "--locked", "cargo-fuzz"]),
        )?;
    }
    Ok(())
}

/// Installs Debian `packages` with apt-get (needs root) unless `program` exists; runs
/// `apt-get update` first, once per process.
fn ensure_debian(program: &str, packages: &[&str]) -> Result<PathBuf> {
    static UPDATED: std::sync::Once = std::sync::Once::new();
    let path = PathBuf::from(program);
    if path.exists() {
        return Ok(path);
    }
    let mut updated = Ok(());
    UPDATED.call_once(|| updated = run("apt-get update", Command::new("apt-get").arg("update")));
    updated?;
    run(
        &format!("installing {} from Debian", packages.join(" ")),
        Command::new("apt-get")
            .args(["install", "-y", "--no-install-recommends"])
            .args(packages)
            .env("DEBIAN_FRONTEND", "noninteractive"),
    )?;
    if !path.exists() {
        bail!("{} installed but {program} is missing", packages.join(" "));
    }
    Ok(path)
}

/// Ensures Debian's nginx, and its brotli_static module where Debian has it (without it the
/// generated configuration serves gzip only).
pub fn ensure_nginx() -> Result<PathBuf> {
    let nginx = ensure_debian(crate::nginx::NGINX, &["nginx"])?;
    if crate::nginx::Config::brotli_if_installed().is_none() {
        if let Err(e) = ensure_debian(
            crate::nginx::BROTLI_MODULE,
            &["libnginx-mod-http-brotli-static"],
        ) {
            eprintln!("xtask: no brotli_static module for nginx, serving gzip only: {e:#}");
        }
    }
    Ok(nginx)
}

/// Ensures Debian's Varnish (the CDN tier of the tests).
pub fn ensure_varnish() -> Result<PathBuf> {
    ensure_debian("/usr/sbin/varnishd", &["varnish"])
}

/// Ensures Debian's wrk (the load figures).
pub fn ensure_wrk() -> Result<PathBuf> {
    ensure_debian("/usr/bin/wrk", &["wrk"])
}

const S3S_FS: &str = "0.14.1";

/// Ensures `s3s-fs` (an S3-compatible server over a folder, for the bucket deploy tests),
/// from crates.io; returns its binary.
pub fn ensure_s3s_fs() -> Result<PathBuf> {
    let binary = home_cargo_bin().join("s3s-fs");
    let has = output(binary.to_str().unwrap_or_default(), &["--version"])
        .is_some_and(|v| v.contains(S3S_FS));
    if !has {
        // 0.17 needs a newer rustc than this machine's.
        run(
            &format!("installing s3s-fs {S3S_FS} from crates.io (about 3 minutes)"),
            Command::new("cargo").args([
                "install",
                "--locked",
                "s3s-fs",
                "--version",
                S3S_FS,
                "--features",
                "binary",
            ]),
        )?;
    }
    Ok(binary)
}

/// Installs nginx, Varnish, wrk and s3s-fs (production-like hosting, load figures, bucket
/// deploys) when missing.
pub fn ensure_hosting() -> Result<()> {
    ensure_nginx()?;
    ensure_varnish()?;
    ensure_wrk()?;
    ensure_s3s_fs()?;
    Ok(())
}
