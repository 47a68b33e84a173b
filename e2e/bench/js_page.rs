//! The yardstick: the same header and random image as a webpack 5 Module Federation page with
//! React 18 (`e2e/bench/js-federation`, which `cargo xtask bench` builds into
//! `target/bench/js-federation`). Host page and both remotes are served on their own loopback
//! origins by the same server as Flotilla's modules (precompressed, same cache headers), and
//! loaded cold and warm in the same runs as Flotilla's page, so the two are compared side by
//! side.

use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use flotilla_e2e::{serve_folder, ws};
use serde_json::json;
use tokio::task::JoinHandle;

use crate::OnScreen;

/// The same moment as Flotilla's on-screen time: the components' own mount marks, the image
/// in the page's document.
pub const ON_SCREEN: OnScreen = OnScreen {
    header_mark: "js:header:mounted",
    content_mark: "js:image:mounted",
    shadow_host: None,
    img: ".fl-image__frame img",
};

/// Bytes of code (scripts, wasm, style sheets) the page downloaded, as sent (compressed), by
/// the time given (ms after navigation start): what it took to put header and image on screen,
/// not what it prefetched for later.
pub const CODE_BYTES: &str = "
    return performance.getEntriesByType('resource')
        .filter((e) => /\\.(js|wasm|css)$/.test(new URL(e.name).pathname) && e.responseEnd <= arguments[0])
        .reduce((sum, e) => sum + e.encodedBodySize, 0);";

/// Where `cargo xtask bench` builds the page.
pub fn built() -> PathBuf {
    xtask::js_federation::out_dir(ws())
}

/// The page, served.
pub struct JsPage {
    /// The host page's URL.
    pub url: String,
    tasks: Vec<JoinHandle<()>>,
    _dir: tempfile::TempDir,
}

impl Drop for JsPage {
    fn drop(&mut self) {
        for task in &self.tasks {
            task.abort();
        }
    }
}

impl JsPage {
    /// Serves the build at `built` (None when there is none: the figures are left out).
    pub async fn serve(built: &Path) -> Result<Option<JsPage>> {
        if !built.join("host/index.html").is_file() {
            return Ok(None);
        }
        let dir = tempfile::tempdir()?;
        xtask::files::copy_dir(built, dir.path())?;
        let (header, header_task) = serve_folder(&dir.path().join("fl_header")).await;
        let (image, image_task) = serve_folder(&dir.path().join("fl_image")).await;
        let index = dir.path().join("host/index.html");
        let html = std::fs::read_to_string(&index)
            .with_context(|| format!("reading {}", index.display()))?;
        let remotes = json!({ "fl_header": format!("{header}/"), "fl_image": format!("{image}/") });
        std::fs::write(&index, html.replace("/*REMOTES*/{}", &remotes.to_string()))?;
        xtask::precompress::dir(dir.path())?;
        let (host, host_task) = serve_folder(&dir.path().join("host")).await;
        Ok(Some(JsPage {
            url: format!("{host}/"),
            tasks: vec![header_task, image_task, host_task],
            _dir: dir,
        }))
    }
}
