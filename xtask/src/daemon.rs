//! A server process started in the foreground (nginx, varnishd): waits until it listens, and
//! stops it when dropped (SIGTERM, so a master stops its workers; then for good after 5 s).

use std::net::{SocketAddr, TcpStream};
use std::process::{Child, Command};
use std::time::{Duration, Instant};

use anyhow::{bail, Result};

/// A running server process.
#[derive(Debug)]
pub struct Daemon {
    child: Child,
}

impl Daemon {
    /// Takes charge of `child`.
    pub fn new(child: Child) -> Daemon {
        Daemon { child }
    }

    /// Waits until every address in `listen` accepts connections, for at most `limit`; the
    /// error names the server (`name`), the address, and what `output` says it printed.
    pub fn wait_listening(
        &mut self,
        name: &str,
        listen: &[SocketAddr],
        limit: Duration,
        output: impl Fn() -> String,
    ) -> Result<()> {
        let started = Instant::now();
        for addr in listen {
            while TcpStream::connect_timeout(addr, Duration::from_millis(200)).is_err() {
                if let Some(status) = self.child.try_wait()? {
                    bail!("{name} exited ({status}): {}", output());
                }
                if started.elapsed() > limit {
                    bail!("{name} does not listen on {addr}: {}", output());
                }
                std::thread::sleep(Duration::from_millis(50));
            }
        }
        Ok(())
    }
}

impl Drop for Daemon {
    fn drop(&mut self) {
        let _ = Command::new("kill")
            .args(["-TERM", &self.child.id().to_string()])
            .status();
        let started = Instant::now();
        while started.elapsed() < Duration::from_secs(5) {
            if matches!(self.child.try_wait(), Ok(Some(_))) {
                return;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
