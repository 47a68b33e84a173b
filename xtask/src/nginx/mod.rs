//! An nginx configuration for Flotilla's origins: the shell's static site (`cargo xtask page`)
//! and every module's deploy folder, each on its own loopback port, with the headers the
//! development server sends (`crate::serve`): the CSP, CORS, `Timing-Allow-Origin`,
//! `application/wasm`, `immutable` hashed files, `no-cache` + `ETag` for manifests, registry
//! and pages, precompressed code (`gzip_static`, and `brotli_static` when Debian's module is
//! installed) with `Vary: Accept-Encoding`, dot paths refused, routed paths answered with the
//! page and unknown paths with `404.html`. Module origins send `Use-As-Dictionary` with
//! deployed code and answer a request naming a dictionary a stored delta exists for
//! (`Available-Dictionary`, `dcb` accepted) with it: a `map` turns the header's base64 text
//! into the delta's path (`versions/<id>/.deltas/<base64>/<file>`, each `/` a folder level, as
//! `crate::delta` stores it) and `try_files` serves it, or the file itself.
//!
//! It runs unprivileged: `daemon off`, pid, logs and temporary files in its own folder.

mod locations;
mod process;
mod render;
mod routes;

use std::net::SocketAddr;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use flotilla_contract::Registry;

pub use process::{check, Nginx, NGINX};
pub use render::render;

/// Where Debian's `libnginx-mod-http-brotli-static` puts its module.
pub const BROTLI_MODULE: &str = "/usr/lib/nginx/modules/ngx_http_brotli_static_module.so";

/// `CDN-Cache-Control` (RFC 9213) of manifests, registry and pages: a CDN edge keeps them one
/// second and may answer from a stale copy for four more while it revalidates (docs/scaling.md).
pub const CDN_CACHE_CONTROL: &str = "max-age=1, stale-while-revalidate=4";

/// The configuration file's name in its folder.
pub const CONF_FILE: &str = "nginx.conf";

/// One origin: what is served where.
#[derive(Debug, Clone)]
pub struct Site {
    /// The app it serves (a comment in the file).
    pub name: String,
    /// Loopback address and port to listen on.
    pub listen: SocketAddr,
    /// The folder served.
    pub root: PathBuf,
}

/// Everything the configuration is made from.
#[derive(Debug, Clone)]
pub struct Config {
    /// The folder holding the file, its pid, logs and temporary files.
    pub dir: PathBuf,
    /// The shell's static site (`cargo xtask page`).
    pub shell: Site,
    /// The registry the page uses: its CSP and routes.
    pub registry: Registry,
    /// Each module's origin (its deploy folder).
    pub modules: Vec<Site>,
    /// The user worker processes run as when nginx is started by root (`user`); ignored
    /// otherwise.
    pub user: Option<String>,
    /// The brotli_static module to load, if any.
    pub brotli: Option<PathBuf>,
    /// `CDN-Cache-Control` for manifests, registry and pages (RFC 9213; a CDN tier in front
    /// reads it, browsers ignore it), if any.
    pub cdn_cache_control: Option<String>,
}

impl Config {
    /// Debian's brotli_static module, when it is installed.
    pub fn brotli_if_installed() -> Option<PathBuf> {
        Path::new(BROTLI_MODULE)
            .exists()
            .then(|| PathBuf::from(BROTLI_MODULE))
    }

    /// `root` when this process runs as root (workers could not read these folders as
    /// `nobody`), none otherwise.
    pub fn user_for_this_process() -> Option<String> {
        use std::os::unix::fs::MetadataExt;
        let uid = std::fs::metadata("/proc/self").map(|m| m.uid()).ok()?;
        (uid == 0).then(|| "root".to_owned())
    }

    /// Path of the configuration file.
    pub fn file(&self) -> PathBuf {
        self.dir.join(CONF_FILE)
    }
}

/// Writes the configuration to `config.dir` (with its `logs/`, `tmp/` and `run/` folders);
/// returns the file's path.
pub fn write(config: &Config) -> Result<PathBuf> {
    let text = render(config)?;
    for sub in ["logs", "tmp", "run"] {
        let dir = config.dir.join(sub);
        std::fs::create_dir_all(&dir).with_context(|| format!("creating {}", dir.display()))?;
    }
    let file = config.file();
    std::fs::write(&file, text).with_context(|| format!("writing {}", file.display()))?;
    Ok(file)
}

#[cfg(test)]
mod tests;
