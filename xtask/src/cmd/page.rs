//! `cargo xtask page`: writes the shell as a static site, for a host without server logic
//! (object storage, a plain file server): the shell's build, `remotes.json`, and an
//! `index.html` carrying the composition snapshot taken now from the module origins, at `/` and
//! at each literal route (`favorites/index.html`), each preloading only its own modules' code.
//!
//! The snapshot ages from the moment it is written; that is safe (versions are immutable and
//! the update watcher brings newer ones), and a manifest that could not be fetched is left out
//! of it: the page then fetches that one itself, as it does with no snapshot at all.

use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::path::Path;

use anyhow::{Context, Result};
use flotilla_contract::registry::REGISTRY_FILE;
use flotilla_contract::Registry;

use crate::serve::{self, snapshot};
use crate::workspace::{self, Workspace};

/// Writes the static site to `out` (`target/static/shell` by default) with `registry_file`'s
/// registry, or the one `cargo xtask run` serves (modules at their declared ports).
pub async fn run(registry_file: Option<&Path>, out: Option<&Path>) -> Result<()> {
    let ws = workspace::current()?;
    let registry = match registry_file {
        Some(path) => {
            let text = std::fs::read_to_string(path)
                .with_context(|| format!("reading {}", path.display()))?;
            Registry::from_json(&text).with_context(|| format!("{} is invalid", path.display()))?
        }
        None => standard_registry(ws),
    };
    let out = out.map_or_else(|| ws.target.join("static/shell"), Path::to_path_buf);
    let left_out = write_site(&ws.shell()?.dist_dir(), &registry, &out).await?;
    for why in &left_out {
        println!("  left out of the snapshot (the page fetches it itself): {why}");
    }
    println!(
        "static shell written to {} ({} of {} manifests in the snapshot)",
        out.display(),
        registry.remotes.len() - left_out.len(),
        registry.remotes.len()
    );
    Ok(())
}

/// Copies the shell's build in `shell_dist` to `out` and writes `remotes.json` and the page
/// with the snapshot; returns what was left out of the snapshot, and why.
pub async fn write_site(shell_dist: &Path, registry: &Registry, out: &Path) -> Result<Vec<String>> {
    let page = std::fs::read_to_string(shell_dist.join("index.html"))
        .with_context(|| format!("{} has no index.html: build first", shell_dist.display()))?;
    // Not the page, nor its precompressed copies, which would be served without the snapshot.
    crate::files::copy_dir_except(shell_dist, out, &|p| {
        p.to_string_lossy().starts_with("index.html")
    })?;
    let (manifests, left_out) = snapshot::take(registry).await;
    std::fs::write(
        out.join(REGISTRY_FILE),
        serde_json::to_string_pretty(registry)? + "\n",
    )?;
    std::fs::write(
        out.join("index.html"),
        snapshot::render(&page, "/", registry, &manifests),
    )?;
    // Each literal route gets its own page, `<route>/index.html`, with the hints of that route's
    // modules (a static host answers `/favorites` with `/favorites/index.html`); a path that
    // only a parameter route covers gets `/`'s page from the host's fallback.
    for route in literal_routes(registry) {
        let dir = out.join(route.trim_start_matches('/'));
        std::fs::create_dir_all(&dir)?;
        std::fs::write(
            dir.join("index.html"),
            snapshot::render(&page, &route, registry, &manifests),
        )?;
    }
    Ok(left_out)
}

/// The routes of the registry other than `/` that name one path each (no `:param`, no `*`).
pub fn literal_routes(registry: &Registry) -> Vec<String> {
    let mut routes: Vec<String> = registry
        .remotes
        .iter()
        .flat_map(|r| &r.routes)
        .map(|r| r.trim_end_matches('/').to_owned())
        .filter(|r| !r.is_empty() && !r.contains(':') && !r.contains('*'))
        .collect();
    routes.sort();
    routes.dedup();
    routes
}

/// The registry `cargo xtask run` serves: each module on 127.0.0.1 at its declared port.
fn standard_registry(ws: &Workspace) -> Registry {
    let modules: Vec<_> = ws
        .modules()
        .map(|app| {
            let port = app.port.unwrap_or_default();
            (app, SocketAddr::new(IpAddr::V4(Ipv4Addr::LOCALHOST), port))
        })
        .collect();
    serve::default_registry(&modules)
}

#[cfg(test)]
mod tests {
    use super::*;
    use flotilla_contract::registry::Remote;

    #[test]
    fn literal_routes_are_the_pages_to_write() {
        let remote = |routes: &[&str]| Remote {
            name: "m".into(),
            manifest: "http://127.0.0.1:1/mf-manifest.json".into(),
            slot: "s".into(),
            expose: None,
            props: Default::default(),
            update: Default::default(),
            routes: routes.iter().map(|r| r.to_string()).collect(),
            prefetch: Default::default(),
            keep_alive: false,
        };
        let registry = Registry {
            remotes: vec![
                remote(&[]),
                remote(&["/", "/b/", "/photos/:id"]),
                remote(&["/a/c", "/b", "/files/*"]),
            ],
            allowed_origins: vec![],
            loading: Default::default(),
            updates: Default::default(),
            offline: Default::default(),
        };
        assert_eq!(literal_routes(&registry), ["/a/c", "/b"]);
    }
}
