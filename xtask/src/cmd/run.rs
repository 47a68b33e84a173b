//! `cargo xtask run`: installs what is missing, builds everything, serves each module on its
//! own origin and the shell on its own, until Ctrl-C.

use std::net::IpAddr;

use anyhow::{bail, Result};

use crate::serve::{self, StackConfig};
use crate::{build, deploy, ports, tools, workspace};

/// Builds (unless `no_build`), publishes each module's build as its current version, serves.
pub async fn run(
    host: IpAddr,
    public: bool,
    port_flags: &[(String, u16)],
    no_build: bool,
) -> Result<()> {
    check_host(host, public)?;
    let ws = workspace::current()?;
    let mut ports = ports::resolve(ws, port_flags)?;
    let tools = tools::ensure_build_tools()?;
    if !no_build {
        build::all(&tools, ws)?;
    }
    let shell = ws.shell()?;
    let mut config = StackConfig::standard(ws)?;
    config.host = host;
    config.shell_port = ports.remove(&shell.name).unwrap_or_default();
    config.module_ports = ports;
    // Each module's origin serves its deploy folder; this build is its newest version.
    for app in ws.modules() {
        let id = deploy::publish(&app.deploy_dir(), &app.dist_dir())?;
        println!("  {:<11} version {id} is current", app.name);
        config
            .module_dirs
            .insert(app.name.clone(), app.deploy_dir());
    }
    let stack = serve::start(ws, &config, |_| {}).await?;
    for (name, addr) in &stack.modules {
        let placed = match ws.app(name).and_then(|a| a.slot.as_deref()) {
            Some(slot) => format!("slot {slot}"),
            None => "no slot: served, not placed".to_owned(),
        };
        println!("  {name:<11} http://{addr}/ (standalone page and manifest; {placed})");
    }
    println!("\nFlotilla is up: {}\n(Ctrl-C stops it)", stack.shell_url());
    tokio::signal::ctrl_c().await?;
    println!("stopping");
    drop(stack);
    Ok(())
}

/// The servers are for development: only loopback, unless `--public` says otherwise.
pub fn check_host(host: IpAddr, public: bool) -> Result<()> {
    if !host.is_loopback() && !public {
        bail!(
            "--host {host} is not a loopback address: the development servers would be reachable \
             from the network; add --public if that is meant"
        );
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::check_host;

    #[test]
    fn err_a_non_loopback_host_needs_public() {
        let err = check_host("0.0.0.0".parse().unwrap(), false).unwrap_err();
        assert!(err.to_string().contains("--public"), "{err}");
        assert!(check_host("0.0.0.0".parse().unwrap(), true).is_ok());
        assert!(check_host("127.0.0.1".parse().unwrap(), false).is_ok());
        assert!(check_host("::1".parse().unwrap(), false).is_ok());
    }
}
