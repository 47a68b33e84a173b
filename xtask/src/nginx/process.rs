//! Runs Debian's nginx on a written configuration: `nginx -t`, and a foreground server that
//! stops (gracefully, then for good) when dropped.

use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Duration;

use anyhow::{bail, Context, Result};

use crate::daemon::Daemon;

/// The nginx binary Debian installs.
pub const NGINX: &str = "/usr/sbin/nginx";

fn command(dir: &Path) -> Command {
    let mut cmd = Command::new(NGINX);
    cmd.arg("-p")
        .arg(dir)
        .arg("-e")
        .arg(dir.join("logs/error.log"))
        .arg("-c")
        .arg(dir.join(super::CONF_FILE));
    cmd
}

/// Runs `nginx -t` on the configuration in `dir`; the error carries nginx's own words.
pub fn check(dir: &Path) -> Result<()> {
    let out = command(dir)
        .arg("-t")
        .output()
        .with_context(|| format!("running {NGINX} -t (is nginx installed? cargo xtask install)"))?;
    if !out.status.success() {
        bail!(
            "nginx -t refused {}: {}",
            dir.join(super::CONF_FILE).display(),
            String::from_utf8_lossy(&out.stderr).trim()
        );
    }
    Ok(())
}

/// A running nginx.
#[derive(Debug)]
pub struct Nginx {
    daemon: Daemon,
    /// Its folder (configuration, logs).
    pub dir: PathBuf,
}

impl Nginx {
    /// Starts nginx on the configuration in `dir` and waits until every address in `listen`
    /// accepts connections.
    pub fn start(dir: &Path, listen: &[SocketAddr]) -> Result<Nginx> {
        let child = command(dir)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .with_context(|| format!("starting {NGINX} (is nginx installed?)"))?;
        let mut nginx = Nginx {
            daemon: Daemon::new(child),
            dir: dir.to_path_buf(),
        };
        let log = dir.join("logs/error.log");
        let error_log = || std::fs::read_to_string(&log).unwrap_or_default();
        nginx
            .daemon
            .wait_listening("nginx", listen, Duration::from_secs(10), error_log)?;
        Ok(nginx)
    }

    /// The error log's text so far.
    pub fn error_log(&self) -> String {
        std::fs::read_to_string(self.dir.join("logs/error.log")).unwrap_or_default()
    }

    /// The access log's text so far.
    pub fn access_log(&self) -> String {
        std::fs::read_to_string(self.dir.join("logs/access.log")).unwrap_or_default()
    }
}
