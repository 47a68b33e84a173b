//! `cargo xtask load`: wrk against a module origin's manifest, served by the development
//! server and by nginx, with `If-None-Match` (304s) and without (200s); prints a table.

use std::net::SocketAddr;
use std::time::Duration;

use anyhow::{Context, Result};
use flotilla_contract::abi::MANIFEST_FILE;

use crate::load::{self, Figure, Settings};
use crate::nginx::{self, Config, Nginx, Site};
use crate::{deploy, serve, tools, workspace};

/// Runs the four measurements, `seconds` each, on the first module's release build.
pub async fn run(seconds: u32) -> Result<()> {
    let ws = workspace::current()?;
    let wrk = tools::ensure_wrk()?;
    tools::ensure_nginx()?;
    let app = ws.modules().next().context("the workspace has no module")?;
    let dist = app.dist_dir();
    anyhow::ensure!(
        dist.join(MANIFEST_FILE).exists(),
        "{} has no {MANIFEST_FILE}: run `cargo xtask build` first",
        dist.display()
    );
    let dir = ws.target.join("load");
    let _ = std::fs::remove_dir_all(&dir);
    let origin = dir.join("origin");
    deploy::publish(&origin, &dist)?;

    let any: SocketAddr = "127.0.0.1:0".parse()?;
    let (dev, server) = serve::serve_dir(any, &origin).await?;
    let nginx_addr = std::net::TcpListener::bind(any)?.local_addr()?;
    let shell_root = dir.join("shell");
    std::fs::create_dir_all(&shell_root)?;
    let registry = serve::default_registry(&[(app, nginx_addr)]);
    let config = Config {
        dir: dir.join("nginx"),
        shell: Site {
            name: "shell".into(),
            listen: std::net::TcpListener::bind(any)?.local_addr()?,
            root: shell_root,
        },
        registry,
        modules: vec![Site {
            name: app.name.clone(),
            listen: nginx_addr,
            root: origin,
        }],
        user: Config::user_for_this_process(),
        brotli: Config::brotli_if_installed(),
        cdn_cache_control: None,
    };
    nginx::write(&config)?;
    let nginx = Nginx::start(&config.dir, &[nginx_addr])?;
    // A manifest changed less than two seconds ago is hashed on every request (serve::etag).
    tokio::time::sleep(Duration::from_millis(2_100)).await;

    let settings = Settings {
        threads: 2,
        connections: 64,
        seconds,
    };
    let mut figures = Vec::new();
    for (name, addr) in [("development server", dev), ("nginx", nginx_addr)] {
        let url = format!("http://{addr}/{MANIFEST_FILE}");
        let etag = load::etag(addr, &format!("/{MANIFEST_FILE}"))?;
        for (status, etag) in [(304, Some(etag)), (200, None)] {
            eprintln!("xtask: wrk {name}, {status}s, {seconds} s");
            let (wrk, url) = (wrk.clone(), url.clone());
            let (per_second, latency) = tokio::task::spawn_blocking(move || {
                load::run(&wrk, &url, etag.as_deref(), settings)
            })
            .await??;
            figures.push(Figure {
                server: name.into(),
                status,
                per_second,
                latency,
            });
        }
    }
    drop(nginx);
    server.abort();
    println!(
        "\nManifest of {} ({} bytes)\n\n{}",
        app.name,
        std::fs::metadata(dist.join(MANIFEST_FILE))?.len(),
        load::table(&figures, settings)
    );
    Ok(())
}
