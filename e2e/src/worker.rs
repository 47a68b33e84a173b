//! The page's service worker (the offline tier), seen from the page: its state, what it keeps.

use anyhow::{Context, Result};
use serde::Deserialize;
use serde_json::{json, Value};

use crate::cdp::Cdp;
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
}

/// Asks the active worker of the page for its state (after it is ready).
const HELLO: &str = "return (async () => { \
    const ready = await navigator.serviceWorker.ready; \
    const worker = navigator.serviceWorker.controller ?? ready.active; \
    const channel = new MessageChannel(); \
    const reply = new Promise((resolve) => { channel.port1.onmessage = (e) => resolve(e.data); }); \
    worker.postMessage({ type: 'flotilla:hello' }, [channel.port2]); \
    return await reply; })();";

/// One look at a worker takeover in progress: asks for an update every 3 s until the new
/// worker controls the page, and says what each of the registration's workers is doing.
const TAKEOVER: &str = "const t = window.__flotillaTakeover; \
    const now = performance.now(); \
    if (!t.changed && now - t.asked > 3000) { \
      t.asked = now; \
      navigator.serviceWorker.getRegistration().then((r) => r?.update()).catch((e) => { t.error = String(e); }); \
    } \
    return navigator.serviceWorker.getRegistration().then((r) => ({ \
      changed: t.changed, error: t.error ?? null, \
      installing: r?.installing?.state ?? null, waiting: r?.waiting?.state ?? null, \
      active: r?.active?.state ?? null })); ";

/// The page's worker seen from the page.
impl Browser {
    /// The state of the page's worker, once one is active.
    pub async fn worker_state(&self) -> Result<WorkerState> {
        let value = self.eval(HELLO, vec![]).await?;
        serde_json::from_value(value.clone()).with_context(|| format!("worker said {value}"))
    }

    /// Hands the worker `(url, integrity)` pairs to keep, as the page does after its first
    /// load (`flotilla:keep`), and waits until it says it is done.
    pub async fn hand_to_worker(&self, files: &[(String, String)]) -> Result<()> {
        self.eval(
            "return new Promise((resolve, reject) => { \
               const channel = new MessageChannel(); \
               channel.port1.onmessage = ({ data }) => resolve(data?.type === 'flotilla:kept'); \
               navigator.serviceWorker.controller.postMessage( \
                 { type: 'flotilla:keep', files: arguments[0] }, [channel.port2]); \
               setTimeout(() => reject(new Error('the worker did not answer')), 20000); });",
            vec![json!(files)],
        )
        .await?;
        Ok(())
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

    /// Asks the browser to look for a new worker script, as it does at each navigation, and
    /// waits until the new worker controls this open page (`controllerchange`). Chromium
    /// activates it once the old worker is idle; while it has not, the page asks again every
    /// few seconds (a check can race the deploy of the script). The error says how far the
    /// registration got.
    pub async fn wait_worker_takeover(&self) -> Result<()> {
        const PATIENCE: std::time::Duration = std::time::Duration::from_secs(60);
        self.eval(
            "window.__flotillaTakeover = { changed: false, asked: 0 }; \
             navigator.serviceWorker.addEventListener('controllerchange', () => { window.__flotillaTakeover.changed = true; }); \
             return true;",
            vec![],
        )
        .await?;
        let started = std::time::Instant::now();
        loop {
            let seen = self.eval(TAKEOVER, vec![]).await?;
            if seen["changed"] == Value::Bool(true) {
                return Ok(());
            }
            if started.elapsed() > PATIENCE {
                anyhow::bail!("the new worker did not take over the page in {PATIENCE:?}: {seen}");
            }
            tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        }
    }

    /// Empties the browser's HTTP cache (the worker's Cache Storage stays).
    pub async fn clear_http_cache(&self) -> Result<()> {
        self.client
            .issue_cmd(Cdp::new("Network.clearBrowserCache"))
            .await?;
        Ok(())
    }

    /// Where the page's first download of each of `urls` came from, as its resource timing
    /// says (`deliveryType`: `cache-storage` when a worker answered from Cache Storage,
    /// `cache` from the HTTP cache, empty from the network; `none` when it was not loaded).
    pub async fn delivered_from(&self, urls: &[String]) -> Result<Vec<(String, String)>> {
        let value = self
            .eval(
                "const entries = performance.getEntriesByType('resource'); \
                 return arguments[0].map((u) => [u, entries.find((e) => e.name === u)?.deliveryType ?? 'none']);",
                vec![json!(urls)],
            )
            .await?;
        Ok(serde_json::from_value(value)?)
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
