//! A real S3-compatible server on loopback for the bucket deploy tests: `s3s-fs` (from
//! crates.io; `cargo xtask test` installs it) over a temporary folder, which the tests can stop
//! and start again on the same port and folder.

use std::net::{SocketAddr, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use xtask::bucket::Bucket;

/// The bucket every test uses (a folder in the server's root).
pub const BUCKET: &str = "flotilla";
const KEY: &str = "flotilla-test";
const SECRET: &str = "flotilla-test-secret";

/// A running (or stopped) s3s-fs.
pub struct S3Server {
    child: Option<Child>,
    /// Where it listens.
    pub addr: SocketAddr,
    /// The folder it serves (`<root>/<bucket>/<key>` is an object).
    pub root: tempfile::TempDir,
}

fn binary() -> PathBuf {
    let home = std::env::var_os("CARGO_HOME")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(std::env::var("HOME").unwrap_or_default()).join(".cargo"));
    home.join("bin/s3s-fs")
}

impl S3Server {
    /// Starts s3s-fs on a free loopback port with an empty bucket.
    pub fn start() -> S3Server {
        let root = tempfile::tempdir().expect("temp dir");
        std::fs::create_dir(root.path().join(BUCKET)).expect("bucket folder");
        let mut server = S3Server {
            child: None,
            addr: crate::hosting::free_port(),
            root,
        };
        server.resume();
        server
    }

    /// Starts it again (same port, same folder) after [`S3Server::stop`].
    pub fn resume(&mut self) {
        let child = Command::new(binary())
            .args(["--host", "127.0.0.1", "--port"])
            .arg(self.addr.port().to_string())
            .args(["--access-key", KEY, "--secret-key", SECRET])
            .arg(self.root.path())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("s3s-fs starts (cargo xtask install)");
        self.child = Some(child);
        let started = Instant::now();
        while TcpStream::connect_timeout(&self.addr, Duration::from_millis(200)).is_err() {
            assert!(
                started.elapsed() < Duration::from_secs(10),
                "s3s-fs does not listen on {}",
                self.addr
            );
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    /// Stops it at once (SIGKILL).
    pub fn stop(&mut self) {
        if let Some(mut child) = self.child.take() {
            let _ = child.kill();
            let _ = child.wait();
        }
    }

    /// The bucket target `s3://flotilla/<prefix>` on this server.
    pub fn bucket(&self, prefix: &str) -> Bucket {
        let endpoint = format!("http://{}", self.addr);
        Bucket::open(
            &format!("s3://{BUCKET}/{prefix}"),
            &[
                ("aws_endpoint", &endpoint),
                ("aws_access_key_id", KEY),
                ("aws_secret_access_key", SECRET),
                ("aws_region", "us-east-1"),
                ("aws_allow_http", "true"),
            ],
        )
        .expect("bucket target")
    }

    /// The file holding object `key` of the bucket.
    pub fn object_file(&self, key: &str) -> PathBuf {
        self.root.path().join(BUCKET).join(Path::new(key))
    }
}

impl Drop for S3Server {
    fn drop(&mut self) {
        self.stop();
    }
}
