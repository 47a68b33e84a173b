//! `cargo xtask <command>`: Flotilla's one entry point for setting up, running and testing.

use anyhow::Result;
use clap::{Parser, Subcommand};
use std::net::IpAddr;
use xtask::{apps, build, deploy, fuzz, lint, serve, sizes, testsuite, tools};

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
        /// Port of the shell page.
        #[arg(long, default_value_t = apps::SHELL.port)]
        shell_port: u16,
        /// Port of header-app's origin.
        #[arg(long, default_value_t = apps::MODULES[0].port)]
        header_port: u16,
        /// Port of home-app's origin.
        #[arg(long, default_value_t = apps::MODULES[1].port)]
        home_port: u16,
        /// Serve the existing build without rebuilding.
        #[arg(long)]
        no_build: bool,
    },
    /// Builds one module and publishes it as a new version on its origin (`cargo xtask run`
    /// serves it); open pages pick it up by their update policy. Nothing else is rebuilt.
    Deploy {
        /// The module (header-app, home-app).
        module: String,
        /// Build it as this version (the module shows it); the crate's version otherwise.
        #[arg(long)]
        version: Option<String>,
    },
    /// Points a module's manifest back at the previous version, or at `version`.
    Rollback {
        /// The module.
        module: String,
        /// A version (`1.0.0`) or version id (`1.0.0-1a2b3c4d`) deployed before.
        version: Option<String>,
    },
    /// Installs what is missing and runs every test; ends with the pass/fail counts.
    Test,
    /// Installs what is missing and builds every module and the shell in release.
    Build {
        /// Also build the test fixture modules (chaos-app).
        #[arg(long)]
        fixtures: bool,
    },
    /// Prints code bytes per app (raw, gzip, brotli) against the budgets.
    Sizes,
    /// Measures page loads in headless Chromium (loopback and 9 Mbit/s, 85 ms RTT) and sizes.
    Bench {
        /// Fresh browser profiles per network profile.
        #[arg(long, default_value_t = 5)]
        runs: usize,
        /// Measure the existing build without rebuilding.
        #[arg(long)]
        no_build: bool,
    },
    /// Fuzzes the manifest and registry parsers with cargo fuzz (installs nightly, cargo-fuzz).
    Fuzz {
        /// Seconds per target.
        #[arg(long, default_value_t = 60)]
        seconds: u32,
    },
    /// Installs the toolchain (and Chromium) without building.
    Install,
    /// Checks formatting and runs clippy (-D warnings) for the native and wasm32 targets.
    Lint,
}

#[tokio::main]
async fn main() -> Result<()> {
    match Cli::parse().command {
        Cmd::Run {
            host,
            shell_port,
            header_port,
            home_port,
            no_build,
        } => {
            let tools = tools::ensure_build_tools()?;
            if !no_build {
                build::all(&tools)?;
            }
            // Each module's origin serves its deploy folder; this build is its newest version.
            let mut module_dirs = Vec::new();
            for app in apps::MODULES {
                let id = deploy::publish(&app.deploy_dir(), &app.dist_dir())?;
                println!("  {:<11} version {id} is current", app.name);
                module_dirs.push(app.deploy_dir());
            }
            let config = serve::StackConfig {
                host,
                shell_port,
                module_ports: vec![header_port, home_port],
                module_dirs,
            };
            let stack = serve::start(&config, |_| {}).await?;
            for (name, addr) in &stack.modules {
                println!("  {name:<11} http://{addr}/ (standalone page and manifest)");
            }
            println!("\nFlotilla is up: {}\n(Ctrl-C stops it)", stack.shell_url());
            tokio::signal::ctrl_c().await?;
            println!("stopping");
            drop(stack);
            Ok(())
        }
        Cmd::Deploy { module, version } => {
            let app = known_module(&module)?;
            let tools = tools::ensure_build_tools()?;
            let dist = match &version {
                Some(v) => build::module_version(&tools, app, v)?,
                None => {
                    build::app_release(&tools, app)?;
                    app.dist_dir()
                }
            };
            let id = deploy::publish(&app.deploy_dir(), &dist)?;
            println!(
                "{module}: version {id} deployed to {}",
                app.deploy_dir().display()
            );
            Ok(())
        }
        Cmd::Rollback { module, version } => {
            let app = known_module(&module)?;
            let id = deploy::rollback(&app.deploy_dir(), version.as_deref())?;
            println!("{module}: rolled back to {id}");
            Ok(())
        }
        Cmd::Test => {
            let tools = tools::ensure_build_tools()?;
            let browser = tools::ensure_browser()?;
            let counts =
                tokio::task::spawn_blocking(move || testsuite::run(&tools, &browser)).await??;
            println!("\n{} passed, {} failed", counts.passed, counts.failed);
            if counts.failed > 0 {
                std::process::exit(1);
            }
            Ok(())
        }
        Cmd::Build { fixtures } => {
            let tools = tools::ensure_build_tools()?;
            build::all(&tools)?;
            if fixtures {
                build::fixtures(&tools)?;
            }
            sizes::report()?;
            Ok(())
        }
        Cmd::Sizes => {
            let over = sizes::report()?;
            if !over.is_empty() {
                println!("over budget: {}", over.join("; "));
            }
            Ok(())
        }
        Cmd::Bench { runs, no_build } => {
            let tools = tools::ensure_build_tools()?;
            let browser = tools::ensure_browser()?;
            if !no_build {
                build::all(&tools)?;
                build::fixtures(&tools)?;
            }
            let status = std::process::Command::new("cargo")
                .current_dir(apps::root())
                .args([
                    "run",
                    "--quiet",
                    "--package",
                    "flotilla-e2e",
                    "--bin",
                    "bench",
                    "--",
                ])
                .arg(runs.to_string())
                .env("FLOTILLA_CHROMIUM", &browser.chromium)
                .env("FLOTILLA_CHROMEDRIVER", &browser.chromedriver)
                .status()?;
            anyhow::ensure!(status.success(), "bench failed ({status})");
            Ok(())
        }
        Cmd::Lint => {
            tools::ensure_build_tools()?;
            lint::run()
        }
        Cmd::Fuzz { seconds } => fuzz::run(seconds),
        Cmd::Install => {
            tools::ensure_build_tools()?;
            tools::ensure_browser()?;
            Ok(())
        }
    }
}

fn known_module(name: &str) -> Result<&'static apps::App> {
    apps::MODULES
        .iter()
        .find(|m| m.name == name)
        .ok_or_else(|| {
            let known: Vec<&str> = apps::MODULES.iter().map(|m| m.name).collect();
            anyhow::anyhow!("no module {name:?}; the modules are {}", known.join(", "))
        })
}
