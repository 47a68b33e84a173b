//! Where `cargo xtask deploy` publishes: an origin folder (what `cargo xtask run` and nginx
//! serve) or an S3-compatible bucket (`s3://bucket/prefix`), with the same guarantees.

use std::path::{Path, PathBuf};

use anyhow::Result;

use crate::bucket::Bucket;
use crate::deploy;

/// A deploy target.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    /// An origin folder (`target/deploy/<module>` by default).
    Folder(PathBuf),
    /// A bucket and prefix, `s3://bucket/prefix`.
    Bucket(String),
}

impl Target {
    /// `s3://…` is a bucket; anything else a folder.
    pub fn parse(text: &str) -> Target {
        if text.starts_with("s3://") {
            Target::Bucket(text.to_owned())
        } else {
            Target::Folder(PathBuf::from(text))
        }
    }

    /// Publishes the build in `dist` as a new version and makes it current; returns its id.
    /// A folder gets deltas against its last `deltas` versions; a bucket none (a static
    /// bucket cannot answer `Available-Dictionary`).
    pub async fn publish(&self, dist: &Path, deltas: usize) -> Result<String> {
        match self {
            Target::Folder(dir) => deploy::publish_with(dir, dist, deltas),
            Target::Bucket(url) => Bucket::open(url, &[])?.publish(dist).await,
        }
    }

    /// Switches back to `to`, or to the version before the current one; returns the id.
    pub async fn rollback(&self, to: Option<&str>) -> Result<String> {
        match self {
            Target::Folder(dir) => deploy::rollback(dir, to),
            Target::Bucket(url) => Bucket::open(url, &[])?.rollback(to).await,
        }
    }
}

impl std::fmt::Display for Target {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Target::Folder(dir) => write!(f, "{}", dir.display()),
            Target::Bucket(url) => f.write_str(url),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ok_s3_urls_are_buckets_and_the_rest_folders() {
        assert_eq!(Target::parse("s3://b/p"), Target::Bucket("s3://b/p".into()));
        assert_eq!(Target::parse("out/x"), Target::Folder("out/x".into()));
    }
}
