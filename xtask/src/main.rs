//! `cargo xtask <command>`: Flotilla's one entry point for setting up, running and testing.
//! This file only reads the command line; each command lives in `cmd/`.

use std::net::IpAddr;
use std::path::PathBuf;

use anyhow::Result;
use clap::{Parser, Subcommand};
use xtask::scaffold::Ui;
use xtask::{cmd, ports};

#[derive(Parser)]
#[command(
    name = "cargo xtask",
    about = "Flotilla: build, serve and test Rust microfrontends"
)]
struct Cli {
    #[command(subcommand)]
    command: Cmd,
}

#[derive(Subcommand)]
enum Cmd {
    /// Installs what is missing, builds everything, serves each module on its own origin.
    Run {
        /// Address to bind (loopback).
        #[arg(long, default_value = "127.0.0.1")]
        host: IpAddr,
        /// Allow a --host other than loopback: the development servers are then reachable
        /// from the network.
        #[arg(long)]
        public: bool,
        /// Serve app NAME (a module, or `shell`) on PORT instead of the port its Cargo.toml
        /// declares; repeatable.
        #[arg(long = "port", value_name = "NAME=PORT", value_parser = ports::parse_flag)]
        ports: Vec<(String, u16)>,
        /// Serve the existing build without rebuilding.
        #[arg(long)]
        no_build: bool,
    },
    /// Builds one module and publishes it as a new version on its origin (`cargo xtask run`
    /// serves it); open pages pick it up by their update policy. Nothing else is rebuilt.
    Deploy {
        /// The module (a crate of this workspace); or give --path.
        #[arg(required_unless_present = "path", conflicts_with = "path")]
        module: Option<String>,
        /// Deploy the module crate in this folder instead: a crate with a workspace of its
        /// own (its Cargo.toml, lock file and [profile.release]), e.g. in another repository.
        #[arg(long)]
        path: Option<PathBuf>,
        /// Where to publish: an origin folder (default `target/deploy/<module>`) or a bucket,
        /// `s3://bucket/prefix` (endpoint and credentials from AWS_ENDPOINT_URL,
        /// AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_REGION, AWS_ALLOW_HTTP).
        #[arg(long, alias = "origin", value_name = "FOLDER|s3://BUCKET/PREFIX")]
        to: Option<String>,
        /// Build it as this version (the module shows it); the crate's version otherwise.
        #[arg(long)]
        version: Option<String>,
        /// Precompute `dcb` deltas of the new code against the last N versions (folders only;
        /// served to browsers that hold an older version as a dictionary). 0: none.
        #[arg(long, value_name = "N", default_value_t = xtask::delta::DEFAULT_COUNT)]
        deltas: usize,
    },
    /// Scaffolds a module crate: Cargo.toml with its metadata, Trunk.toml, standalone page,
    /// README and a component; adds it to the workspace (and its slot to the page).
    New {
        /// The module's name, kebab-case (e.g. footer-app).
        name: String,
        /// The page slot it mounts into; added to index.html.
        #[arg(long)]
        slot: Option<String>,
        /// Make it outside this workspace, in this folder: its own workspace and lock file,
        /// depending on this checkout's contract by path (`deploy --path` builds it).
        #[arg(long)]
        path: Option<PathBuf>,
        /// Write its UI against the DOM (a `flotilla_module::View`) instead of as a Yew
        /// component: no Yew in its build.
        #[arg(long)]
        view: bool,
    },
    /// Writes the shell as a static site (its build, remotes.json, and a page carrying the
    /// composition snapshot taken now from the module origins) for a host without server logic.
    Page {
        /// The registry to write (default: the one `cargo xtask run` serves).
        #[arg(long)]
        registry: Option<PathBuf>,
        /// Output folder (default `target/static/shell`).
        #[arg(long)]
        out: Option<PathBuf>,
    },
    /// Writes an nginx configuration for the shell's static site and every module's deploy
    /// folder on loopback, with the development server's headers; checks it with `nginx -t`.
    Nginx {
        /// Output folder (default `target/nginx`): nginx.conf, remotes.json, logs.
        #[arg(long)]
        out: Option<PathBuf>,
        /// The shell's static site (default `target/static/shell`, from `cargo xtask page`).
        #[arg(long)]
        shell: Option<PathBuf>,
        /// Serve app NAME (a module, or `shell`) on PORT instead of its declared port.
        #[arg(long = "port", value_name = "NAME=PORT", value_parser = ports::parse_flag)]
        ports: Vec<(String, u16)>,
    },
    /// Points a module's manifest back at the previous version, or at `version`.
    Rollback {
        /// The module.
        module: String,
        /// A version (`1.0.0`) or version id (`1.0.0-1a2b3c4d`) deployed before.
        version: Option<String>,
        /// The deploy target: an origin folder (default `target/deploy/<module>`) or
        /// `s3://bucket/prefix`.
        #[arg(long, value_name = "FOLDER|s3://BUCKET/PREFIX")]
        to: Option<String>,
    },
    /// Installs what is missing and runs every test; ends with the pass/fail counts.
    Test,
    /// Installs what is missing and builds every module and the shell in release.
    Build {
        /// Also build the test fixtures (fixture modules, extra versions the tests deploy).
        #[arg(long)]
        fixtures: bool,
    },
    /// Prints code bytes per app (raw, gzip, brotli of wasm + JS + CSS) against the regression
    /// ceilings and the target budgets; fails when an app is over its ceiling.
    Sizes {
        /// Also show what each crate costs every app (its share of the code).
        #[arg(long)]
        crates: bool,
    },
    /// Measures page loads in headless Chromium (loopback and 9 Mbit/s, 85 ms RTT) and sizes.
    Bench {
        /// Fresh browser profiles per network profile.
        #[arg(long, default_value_t = 5)]
        runs: usize,
        /// Measure the existing build without rebuilding.
        #[arg(long)]
        no_build: bool,
        /// Only the bytes an open page downloads for a header update, without deltas and with
        /// them (printed, docs/measurements.md left as it is).
        #[arg(long)]
        delta_only: bool,
    },
    /// Load figures: wrk against a module origin's manifest (development server and nginx,
    /// with If-None-Match and without), on loopback; installs wrk and nginx when missing.
    Load {
        /// Seconds per run.
        #[arg(long, default_value_t = 10)]
        seconds: u32,
    },
    /// Fuzzes the manifest and registry parsers with cargo fuzz (installs nightly, cargo-fuzz).
    Fuzz {
        /// Seconds per target.
        #[arg(long, default_value_t = 60)]
        seconds: u32,
    },
    /// Installs the toolchain, Chromium and the hosting tools (nginx, Varnish, wrk, s3s-fs)
    /// without building.
    Install,
    /// Checks formatting and runs clippy (-D warnings) for the native and wasm32 targets.
    Lint,
}

#[tokio::main]
async fn main() -> Result<()> {
    match Cli::parse().command {
        Cmd::Run {
            host,
            public,
            ports,
            no_build,
        } => cmd::run::run(host, public, &ports, no_build).await,
        Cmd::Deploy {
            module,
            path,
            to,
            version,
            deltas,
        } => match (module, path) {
            (Some(module), _) => {
                cmd::deploy::run(&module, version.as_deref(), to.as_deref(), deltas).await
            }
            (None, Some(path)) => {
                let origin = to.as_deref().map(std::path::Path::new);
                anyhow::ensure!(
                    !to.as_deref().is_some_and(|t| t.starts_with("s3://")),
                    "--path deploys to a folder only (for now): give --to a folder"
                );
                cmd::deploy::run_path(&path, version.as_deref(), origin, deltas)
            }
            (None, None) => unreachable!("clap requires a module or --path"),
        },
        Cmd::New {
            name,
            slot,
            path,
            view,
        } => {
            let ui = if view { Ui::View } else { Ui::Yew };
            cmd::new::run(&name, slot.as_deref(), ui, path.as_deref())
        }
        Cmd::Page { registry, out } => cmd::page::run(registry.as_deref(), out.as_deref()).await,
        Cmd::Nginx { out, shell, ports } => {
            cmd::nginx::run(out.as_deref(), shell.as_deref(), &ports)
        }
        Cmd::Rollback {
            module,
            version,
            to,
        } => cmd::rollback::run(&module, version.as_deref(), to.as_deref()).await,
        Cmd::Test => cmd::test::run().await,
        Cmd::Build { fixtures } => cmd::build::run(fixtures),
        Cmd::Sizes { crates } => cmd::sizes::run(crates),
        Cmd::Bench {
            runs,
            no_build,
            delta_only,
        } => cmd::bench::run(runs, no_build, delta_only),
        Cmd::Load { seconds } => cmd::load::run(seconds).await,
        Cmd::Fuzz { seconds } => cmd::fuzz::run(seconds),
        Cmd::Install => cmd::install::run(),
        Cmd::Lint => cmd::lint::run(),
    }
}
