//! Runs Debian's varnishd in the foreground on a written VCL; stops it when dropped.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

use anyhow::{Context, Result};

use super::Route;
use crate::daemon::Daemon;

/// The varnishd binary Debian installs.
pub const VARNISHD: &str = "/usr/sbin/varnishd";

/// A running edge.
#[derive(Debug)]
pub struct Varnish {
    daemon: Daemon,
    /// Its folder (VCL, working directory, output).
    pub dir: PathBuf,
}

impl Varnish {
    /// Writes the VCL for `routes` into `dir`, starts varnishd (no privileges dropped, 64 MB
    /// of memory storage, its own gzip handling off: the origins' precompressed bodies pass
    /// through) and waits until every listener accepts connections.
    pub fn start(dir: &Path, routes: &[Route]) -> Result<Varnish> {
        std::fs::create_dir_all(dir).with_context(|| format!("creating {}", dir.display()))?;
        let vcl = dir.join("edge.vcl");
        std::fs::write(&vcl, super::render(routes))
            .with_context(|| format!("writing {}", vcl.display()))?;
        let log = std::fs::File::create(dir.join("varnishd.log"))?;
        let mut cmd = Command::new(VARNISHD);
        cmd.args(["-F", "-j", "none", "-s", "malloc,64m"])
            .args(["-p", "http_gzip_support=off"])
            .arg("-n")
            .arg(dir.join("work"))
            .arg("-f")
            .arg(&vcl);
        for (i, route) in routes.iter().enumerate() {
            cmd.arg("-a").arg(format!("l{i}={},HTTP", route.listen));
        }
        let child = cmd
            .stdout(log.try_clone()?)
            .stderr(log)
            .spawn()
            .with_context(|| format!("starting {VARNISHD} (is varnish installed?)"))?;
        let mut varnish = Varnish {
            daemon: Daemon::new(child),
            dir: dir.to_path_buf(),
        };
        let listen: Vec<_> = routes.iter().map(|r| r.listen).collect();
        let log = dir.join("varnishd.log");
        let output = || std::fs::read_to_string(&log).unwrap_or_default();
        varnish
            .daemon
            .wait_listening("varnishd", &listen, Duration::from_secs(20), output)?;
        Ok(varnish)
    }

    /// What varnishd printed so far.
    pub fn output(&self) -> String {
        std::fs::read_to_string(self.dir.join("varnishd.log")).unwrap_or_default()
    }
}
