//! Deploys to an S3-compatible bucket (`s3://bucket/prefix`), through `object_store`, with the
//! guarantees of a folder origin (`crate::deploy`):
//!
//! ```text
//! <prefix>/versions/<id>/…              every file of the build, each written once (never
//!                                       overwritten: checked, then PUT with If-None-Match: *)
//! <prefix>/versions/<id>/.live/…        its manifest and page as served from the root; written
//!                                       after its files, so it marks the version complete
//! <prefix>/index.html                   the current version's standalone page
//! <prefix>/mf-manifest.json             the switch: one PUT, written last
//! <prefix>/deployments.json             the deploy log (what `rollback` reads)
//! ```
//! A failed upload stops before the manifest is written, so the previous version stays live;
//! publishing again resumes (objects already there with the same bytes are kept).
//! Endpoint and credentials come from the usual variables: `AWS_ENDPOINT_URL`,
//! `AWS_ACCESS_KEY_ID`, `AWS_SECRET_ACCESS_KEY`, `AWS_REGION`, `AWS_ALLOW_HTTP`.

mod objects;

use std::path::Path;
use std::sync::Arc;
use std::time::Duration;

use anyhow::{bail, Context, Result};
use flotilla_contract::abi::MANIFEST_FILE;
use object_store::aws::AmazonS3Builder;
use object_store::path::Path as Key;
use object_store::{ObjectStore, RetryConfig};

use crate::deploy::{self, Log, LIVE, LOG_FILE, PAGE, VERSIONS};

/// One module's origin in a bucket.
#[derive(Debug, Clone)]
pub struct Bucket {
    store: Arc<dyn ObjectStore>,
    prefix: String,
    /// The target as given (`s3://bucket/prefix`).
    pub url: String,
}

impl Bucket {
    /// The bucket and prefix of `url` (`s3://bucket/prefix`), configured from the `AWS_*`
    /// environment, then from `settings` (`("aws_endpoint", "http://…")`, …) when given.
    pub fn open(url: &str, settings: &[(&str, &str)]) -> Result<Bucket> {
        let rest = url
            .strip_prefix("s3://")
            .with_context(|| format!("{url}: a bucket target is s3://bucket/prefix"))?;
        let (bucket, prefix) = rest.split_once('/').unwrap_or((rest, ""));
        if bucket.is_empty() {
            bail!("{url}: no bucket name");
        }
        let mut builder = AmazonS3Builder::from_env()
            .with_bucket_name(bucket)
            // A stopped server fails the deploy in seconds, not after minutes of retries.
            .with_retry(RetryConfig {
                max_retries: 2,
                retry_timeout: Duration::from_secs(10),
                ..RetryConfig::default()
            });
        for (key, value) in settings {
            let key = key
                .parse()
                .map_err(|e| anyhow::anyhow!("{key}: not an S3 setting ({e})"))?;
            builder = builder.with_config(key, *value);
        }
        let store = builder
            .build()
            .with_context(|| format!("{url}: cannot configure the S3 client"))?;
        Ok(Bucket {
            store: Arc::new(store),
            prefix: prefix.trim_matches('/').to_owned(),
            url: url.to_owned(),
        })
    }

    /// The key of `rel` under the prefix.
    fn key(&self, rel: &str) -> Key {
        if self.prefix.is_empty() {
            Key::from(rel)
        } else {
            Key::from(format!("{}/{rel}", self.prefix))
        }
    }

    /// Publishes the build in `dist` as a new immutable version, then points the manifest at
    /// it. Returns the version id.
    pub async fn publish(&self, dist: &Path) -> Result<String> {
        let manifest = deploy::read_manifest(&dist.join(MANIFEST_FILE))?;
        let id = deploy::version_id(&manifest);
        let version = format!("{VERSIONS}/{id}");
        let (live_manifest, live_page) = deploy::live_files(dist, &id)?;
        let complete = self.key(&format!("{version}/{LIVE}/{MANIFEST_FILE}"));
        if !objects::exists(&self.store, &complete).await? {
            let mut files = Vec::new();
            crate::files::walk(dist, &mut |p| files.push(p.to_path_buf()))?;
            files.sort();
            for file in files {
                let rel = file
                    .strip_prefix(dist)?
                    .to_string_lossy()
                    .replace('\\', "/");
                let bytes =
                    std::fs::read(&file).with_context(|| format!("reading {}", file.display()))?;
                objects::create(&self.store, &self.key(&format!("{version}/{rel}")), bytes).await?;
            }
            if let Some(page) = &live_page {
                let key = self.key(&format!("{version}/{LIVE}/{PAGE}"));
                objects::create(&self.store, &key, page.clone().into_bytes()).await?;
            }
            objects::create(&self.store, &complete, live_manifest.clone().into_bytes()).await?;
        }
        self.switch(&id, &manifest.version, "deploy").await?;
        Ok(id)
    }

    /// Points the manifest back at `to` (an id, or a version), or at the version before the
    /// current one. Returns the id now current.
    pub async fn rollback(&self, to: Option<&str>) -> Result<String> {
        let id = self.read_log().await?.rollback_target(to)?;
        let live = self.key(&format!("{VERSIONS}/{id}/{LIVE}/{MANIFEST_FILE}"));
        let text = objects::read(&self.store, &live)
            .await?
            .with_context(|| format!("version {id} is listed in {LOG_FILE} but {live} is gone"))?;
        let manifest = flotilla_contract::Manifest::from_json(&String::from_utf8_lossy(&text))
            .with_context(|| format!("{live} is invalid"))?;
        self.switch(&id, &manifest.version, "rollback").await?;
        Ok(id)
    }

    /// The deploy log (empty when nothing was deployed).
    pub async fn read_log(&self) -> Result<Log> {
        match objects::read(&self.store, &self.key(LOG_FILE)).await? {
            Some(bytes) => serde_json::from_slice(&bytes)
                .with_context(|| format!("{}: {LOG_FILE} is corrupt", self.url)),
            None => Ok(Log::default()),
        }
    }

    /// The manifest the bucket's root serves now, if any.
    pub async fn current_manifest(&self) -> Result<Option<flotilla_contract::Manifest>> {
        let Some(bytes) = objects::read(&self.store, &self.key(MANIFEST_FILE)).await? else {
            return Ok(None);
        };
        let manifest = flotilla_contract::Manifest::from_json(&String::from_utf8_lossy(&bytes))
            .with_context(|| format!("{}/{MANIFEST_FILE} is invalid", self.url))?;
        Ok(Some(manifest))
    }

    /// Copies version `id`'s page, then its manifest (one PUT: the switch), to the root, and
    /// logs the switch.
    async fn switch(&self, id: &str, version: &str, action: &str) -> Result<()> {
        let live = format!("{VERSIONS}/{id}/{LIVE}");
        if let Some(page) = objects::read(&self.store, &self.key(&format!("{live}/{PAGE}"))).await?
        {
            objects::replace(&self.store, &self.key(PAGE), page).await?;
        }
        let manifest = objects::read(&self.store, &self.key(&format!("{live}/{MANIFEST_FILE}")))
            .await?
            .with_context(|| format!("{}/{live}/{MANIFEST_FILE} is missing", self.url))?;
        objects::replace(&self.store, &self.key(MANIFEST_FILE), manifest).await?;
        let mut log = self.read_log().await?;
        log.record(id, version, action);
        let text = serde_json::to_string_pretty(&log)? + "\n";
        objects::replace(&self.store, &self.key(LOG_FILE), text.into_bytes()).await
    }
}
