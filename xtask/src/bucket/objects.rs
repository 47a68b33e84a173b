//! The few object operations a deploy needs, with errors that name the object.

use std::sync::Arc;

use anyhow::{bail, Context, Result};
use object_store::path::Path as Key;
use object_store::{
    Attribute, Attributes, ObjectStore, ObjectStoreExt, PutMode, PutOptions, PutPayload,
};

/// Whether `key` exists.
pub async fn exists(store: &Arc<dyn ObjectStore>, key: &Key) -> Result<bool> {
    match store.head(key).await {
        Ok(_) => Ok(true),
        Err(object_store::Error::NotFound { .. }) => Ok(false),
        Err(e) => Err(e).with_context(|| format!("looking up {key}")),
    }
}

/// The bytes of `key`, or none when it does not exist.
pub async fn read(store: &Arc<dyn ObjectStore>, key: &Key) -> Result<Option<Vec<u8>>> {
    match store.get(key).await {
        Ok(got) => Ok(Some(
            got.bytes()
                .await
                .with_context(|| format!("reading {key}"))?
                .to_vec(),
        )),
        Err(object_store::Error::NotFound { .. }) => Ok(None),
        Err(e) => Err(e).with_context(|| format!("reading {key}")),
    }
}

/// Writes `bytes` to `key` only if no object is there (checked first, then a conditional PUT,
/// for stores that ignore `If-None-Match`); an object already there with the same bytes is
/// kept (a resumed deploy), one with other bytes is an error.
pub async fn create(store: &Arc<dyn ObjectStore>, key: &Key, bytes: Vec<u8>) -> Result<()> {
    if !exists(store, key).await? {
        let options = PutOptions {
            mode: PutMode::Create,
            attributes: attributes(key.as_ref()),
            ..PutOptions::default()
        };
        match store
            .put_opts(key, PutPayload::from(bytes.clone()), options)
            .await
        {
            Ok(_) => return Ok(()),
            Err(object_store::Error::AlreadyExists { .. }) => {}
            Err(e) => return Err(e).with_context(|| format!("uploading {key}")),
        }
    }
    match read(store, key).await? {
        Some(there) if there == bytes => Ok(()),
        _ => bail!("{key} already exists with other bytes: versions are never overwritten"),
    }
}

/// Writes `bytes` to `key` in one PUT, replacing what is there (the switch, the log).
pub async fn replace(store: &Arc<dyn ObjectStore>, key: &Key, bytes: Vec<u8>) -> Result<()> {
    let options = PutOptions {
        attributes: attributes(key.as_ref()),
        ..PutOptions::default()
    };
    store
        .put_opts(key, PutPayload::from(bytes), options)
        .await
        .with_context(|| format!("writing {key}"))?;
    Ok(())
}

/// `Content-Type` and `Cache-Control` as the origin servers send them, for a bucket served
/// as it is (or behind a CDN).
fn attributes(key: &str) -> Attributes {
    let name = key.trim_end_matches(".br").trim_end_matches(".gz");
    let ext = name.rsplit('.').next().unwrap_or_default();
    let kind = match ext {
        "html" => "text/html; charset=utf-8",
        "js" => "text/javascript",
        "wasm" => "application/wasm",
        "css" => "text/css",
        "json" => "application/json",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "webp" => "image/webp",
        _ => "application/octet-stream",
    };
    let mut attributes = Attributes::new();
    attributes.insert(Attribute::ContentType, kind.into());
    attributes.insert(
        Attribute::CacheControl,
        crate::serve::cache_control_for(&format!("/{name}")).into(),
    );
    attributes
}
