//! `cargo xtask nginx`: writes an nginx configuration serving the shell's static site and
//! every module's deploy folder on loopback, with the development server's headers, and the
//! registry it was made for; checks it with `nginx -t` when nginx is installed.

use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::path::Path;

use anyhow::{Context, Result};
use flotilla_contract::registry::REGISTRY_FILE;

use crate::nginx::{self, Config, Site};
use crate::{ports, serve, workspace};

/// Writes `out/nginx.conf` (default `target/nginx`) and `out/remotes.json`; the shell's site is
/// `shell_root` (default `target/static/shell`, what `cargo xtask page` writes).
pub fn run(
    out: Option<&Path>,
    shell_root: Option<&Path>,
    port_flags: &[(String, u16)],
) -> Result<()> {
    let ws = workspace::current()?;
    let ports = ports::resolve(ws, port_flags)?;
    let at = |name: &str| {
        let port = ports.get(name).copied().unwrap_or_default();
        SocketAddr::new(IpAddr::V4(Ipv4Addr::LOCALHOST), port)
    };
    let out = out.map_or_else(|| ws.target.join("nginx"), Path::to_path_buf);
    std::fs::create_dir_all(&out).with_context(|| format!("creating {}", out.display()))?;
    let out = out.canonicalize()?;
    let modules: Vec<_> = ws.modules().map(|app| (app, at(&app.name))).collect();
    let registry = serve::default_registry(&modules);
    let shell = ws.shell()?;
    let config = Config {
        dir: out.clone(),
        shell: Site {
            name: shell.name.clone(),
            listen: at(&shell.name),
            root: shell_root.map_or_else(|| ws.target.join("static/shell"), Path::to_path_buf),
        },
        registry: registry.clone(),
        modules: modules
            .iter()
            .map(|(app, addr)| Site {
                name: app.name.clone(),
                listen: *addr,
                root: app.deploy_dir(),
            })
            .collect(),
        user: Config::user_for_this_process(),
        brotli: Config::brotli_if_installed(),
        cdn_cache_control: Some(nginx::CDN_CACHE_CONTROL.to_owned()),
    };
    let file = nginx::write(&config)?;
    let registry_file = out.join(REGISTRY_FILE);
    std::fs::write(
        &registry_file,
        serde_json::to_string_pretty(&registry)? + "\n",
    )?;
    let checked = if Path::new(nginx::NGINX).exists() {
        nginx::check(&out)?;
        "nginx -t: ok"
    } else {
        "not checked: nginx is not installed"
    };
    println!(
        "nginx configuration written to {} ({checked})",
        file.display()
    );
    let site = &config.shell;
    println!(
        "  {:<13} http://{}/ serves {} (write it with `cargo xtask page --registry {}`)",
        site.name,
        site.listen,
        site.root.display(),
        registry_file.display()
    );
    for site in &config.modules {
        println!(
            "  {:<13} http://{}/ serves {} (`cargo xtask deploy {}`)",
            site.name,
            site.listen,
            site.root.display(),
            site.name
        );
    }
    println!(
        "run it: {} -p {dir} -e {dir}/logs/error.log -c {}",
        nginx::NGINX,
        file.display(),
        dir = out.display()
    );
    Ok(())
}
