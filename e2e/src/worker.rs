//! The page's service worker (the offline tier), seen from the page: its state, what it keeps.

use anyhow::{Context, Result};
use serde::Deserialize;
use serde_json::{json, Value};

use crate::Browser;

/// The cache of verified code the worker keeps (`sw.js`'s `CODE`).
pub const CODE_CACHE: &str = "flotilla-code-v1";
/// The cache of last good pages, registry and manifests (`sw.js`'s `LAST`).
pub const LAST_CACHE: &str = "flotilla-last-v1";
/// The text the page shows while the worker answers from its copies.
pub const OFFLINE_NOTE: &str = "offline: showing the last known versions";

/// What the worker says of itself (`flotilla:hello`).
#[derive(Debug, Clone, Deserialize)]
pub struct WorkerState {
    /// The shell build the worker came with.
    pub build: String,
    /// URLs whose last request was answered from a copy, or failed.
    pub failing: Vec<String>,
    /// Code requests answered from the cache and from the network since the worker started.
    pub served: Served,
}

/// Code requests by where they were answered from.
#[derive(Debug, Clone, Copy, Default, Deserialize)]
pub struct Served {
    /// From the worker's cache.
    pub cache: u64,
    /// From the network.
    pub network: u64,
}

/// Asks the active worker of the page for its state (after it is ready).
const HELLO: &str = "return (async () => { \
    const ready = await navigator.serviceWorker.ready; \
    const worker = navigator.serviceWorker.controller ?? ready.active; \
    const channel = new MessageChannel(); \
    const reply = new Promise((resolve) => { channel.port1.onmessage = (e) => resolve(e.data); }); \
    worker.postMessage({ type: 'flotilla:hello' }, [channel.port2]); \
    return await reply; })();";

/// The page's worker seen from the page.
impl Browser {
    /// The state of the page's worker, once one is active.
    pub async fn worker_state(&self) -> Result<WorkerState> {
        let value = self.eval(HELLO, vec![]).await?;
        serde_json::from_value(value.clone()).with_context(|| format!("worker said {value}"))
    }

    /// URLs in the worker's code cache.
    pub async fn cached_code(&self) -> Result<Vec<String>> {
        let value = self
            .eval(
                "return (async () => { const c = await caches.open(arguments[0]); \
                 return (await c.keys()).map((r) => r.url); })();",
                vec![json!(CODE_CACHE)],
            )
            .await?;
        Ok(serde_json::from_value(value)?)
    }

    /// Waits until the worker controls the page and its code cache holds every one of `urls`.
    pub async fn wait_cached(&self, urls: &[String]) -> Result<()> {
        self.wait_kept(CODE_CACHE, urls).await
    }

    /// Waits until the worker controls the page and holds a last good copy of every one of
    /// `urls` (manifests, which it keeps after the code they name).
    pub async fn wait_last_copies(&self, urls: &[String]) -> Result<()> {
        self.wait_kept(LAST_CACHE, urls).await
    }

    async fn wait_kept(&self, cache: &str, urls: &[String]) -> Result<()> {
        self.wait_for(
            &format!("the worker to control the page and keep {urls:?}"),
            "return (async () => { \
               if (!navigator.serviceWorker.controller) return false; \
               const c = await caches.open(arguments[0]); \
               const kept = new Set((await c.keys()).map((r) => r.url)); \
               return arguments[1].every((u) => kept.has(u)); })();",
            vec![json!(cache), json!(urls)],
        )
        .await
        .map(|_| ())
    }

    /// Whether the page shows the offline note.
    pub async fn offline_note(&self) -> Result<bool> {
        let value = self
            .eval(
                "return document.getElementById('flotilla-offline')?.textContent ?? '';",
                vec![],
            )
            .await?;
        Ok(value == Value::String(OFFLINE_NOTE.to_owned()))
    }
}
