//! Harness for the end-to-end tests: the real servers on loopback and a headless Chromium
//! driven through chromedriver (WebDriver), one fresh browser profile per test.

use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::process::Stdio;
use std::time::{Duration, Instant};

use anyhow::{bail, Context, Result};
use fantoccini::elements::Element;
use fantoccini::{Client, ClientBuilder, Locator};
use flotilla_contract::Registry;
use serde_json::{json, Value};
use tokio::process::{Child, Command};
use xtask::serve::{self, Stack, StackConfig};
use xtask::workspace::{self, App, Workspace};

pub mod cdp;
pub mod chaos;
pub mod hosting;
pub mod http;
pub mod network;
pub mod s3;
pub mod table;
pub mod worker;

/// How long a test waits for the page to reach a state.
pub const PATIENCE: Duration = Duration::from_secs(20);

/// The workspace under test, discovered once.
pub fn ws() -> &'static Workspace {
    workspace::current().expect("the workspace's apps are discovered")
}

/// A module (or fixture module) of the workspace by name.
pub fn module(name: &str) -> &'static App {
    ws().module(name).expect("known module")
}

/// Starts the shell and every module on free loopback ports, with the registry changed by
/// `customize`.
pub async fn stack_with(customize: impl FnOnce(&mut Registry)) -> Stack {
    serve::start(ws(), &StackConfig::ephemeral(), customize)
        .await
        .expect("servers start (run `cargo xtask build` first)")
}

/// Like [`stack_with`], with the servers' configuration changed by `configure` first (e.g. no
/// composition snapshot in the page).
pub async fn stack_configured(
    configure: impl FnOnce(&mut StackConfig),
    customize: impl FnOnce(&mut Registry),
) -> Stack {
    let mut config = StackConfig::ephemeral();
    configure(&mut config);
    serve::start(ws(), &config, customize)
        .await
        .expect("servers start (run `cargo xtask build` first)")
}

/// Starts the standard stack on free loopback ports.
pub async fn stack() -> Stack {
    stack_with(|_| {}).await
}

/// A copy of a module's build in a temporary folder, to be broken or changed by a test.
pub struct ModuleCopy {
    /// The temporary folder.
    pub dir: tempfile::TempDir,
}

impl ModuleCopy {
    /// Copies the release build of `name`.
    pub fn of(name: &str) -> Self {
        Self::from_dir(&module(name).dist_dir())
    }

    /// Copies any build folder (e.g. a build of another version).
    pub fn from_dir(build: &Path) -> Self {
        let dir = tempfile::tempdir().expect("temp dir");
        copy_dir(build, dir.path()).expect("copy build");
        ModuleCopy { dir }
    }

    /// Path of a file in the copy.
    pub fn path(&self, rel: &str) -> PathBuf {
        self.dir.path().join(rel)
    }

    /// The manifest of the copy, parsed.
    pub fn manifest(&self) -> flotilla_contract::Manifest {
        let text = std::fs::read_to_string(self.path("mf-manifest.json")).expect("manifest");
        flotilla_contract::Manifest::from_json(&text).expect("valid manifest")
    }

    /// Serves the copy on a free loopback port; returns its origin.
    pub async fn serve(&self) -> (String, tokio::task::JoinHandle<()>) {
        serve_folder(self.dir.path()).await
    }
}

/// Serves any folder as a module origin on a free loopback port; returns its origin.
pub async fn serve_folder(dir: &Path) -> (String, tokio::task::JoinHandle<()>) {
    let any: SocketAddr = "127.0.0.1:0".parse().unwrap();
    let (addr, task) = serve::serve_dir(any, dir).await.expect("serve folder");
    (format!("http://{addr}"), task)
}

/// Copies a folder tree, overwriting files that exist.
pub use xtask::files::copy_dir;

/// A copy of the workspace's sources (not its build output) in a temporary folder.
pub struct WorkspaceCopy {
    /// The temporary folder: the copy's root.
    pub dir: tempfile::TempDir,
}

impl WorkspaceCopy {
    /// Copies every source file of the workspace; build output, tools and git stay behind.
    pub fn new() -> Self {
        let dir = tempfile::tempdir().expect("temp dir");
        let skip = |rel: &Path| {
            rel.components().any(|c| {
                let c = c.as_os_str();
                c == "target" || c == "node_modules" || c == "corpus" || c == "artifacts"
            }) || rel == Path::new(".git")
                || rel == Path::new(".tools")
        };
        xtask::files::copy_dir_except(&ws().root, dir.path(), &skip).expect("copy workspace");
        WorkspaceCopy { dir }
    }

    /// The copy's apps, discovered now; their builds go to the copy's own `target/` (even
    /// when `CARGO_TARGET_DIR` points elsewhere).
    pub fn workspace(&self) -> Workspace {
        let mut copy =
            Workspace::discover(&self.dir.path().join("Cargo.toml")).expect("discover the copy");
        copy.target = self.dir.path().join("target");
        for app in &mut copy.apps {
            app.target = copy.target.clone();
            app.build_dir = copy.target.join("apps").join(&app.name);
        }
        copy
    }
}

impl Default for WorkspaceCopy {
    fn default() -> Self {
        Self::new()
    }
}

/// A page whose registry points one module at a changed copy of its build.
pub struct BrokenPage {
    /// The servers.
    pub stack: Stack,
    /// The browser, on the page.
    pub browser: Browser,
    /// The copy's manifest URL.
    pub manifest_url: String,
    /// The changed copy (kept alive while served).
    pub copy: ModuleCopy,
    _server: tokio::task::JoinHandle<()>,
}

impl BrokenPage {
    /// Copies `module`'s build, lets `change` break it, serves it, and opens the page on it.
    pub async fn open(module: &str, change: impl FnOnce(&ModuleCopy)) -> Self {
        let copy = ModuleCopy::of(module);
        change(&copy);
        let (origin, server) = copy.serve().await;
        let manifest_url = format!("{origin}/mf-manifest.json");
        let stack = stack_with(|r| point(r, module, &manifest_url)).await;
        let browser = Browser::open_at(&stack.shell_url()).await.expect("page");
        BrokenPage {
            stack,
            browser,
            manifest_url,
            copy,
            _server: server,
        }
    }
}

/// A module origin laid out as `cargo xtask deploy` lays it out (versions side by side, the
/// manifest pointing at the current one), in a temporary folder, served on loopback.
pub struct DeployedOrigin {
    /// The origin folder.
    pub dir: tempfile::TempDir,
    /// `http://127.0.0.1:<port>`.
    pub origin: String,
    _server: tokio::task::JoinHandle<()>,
}

impl DeployedOrigin {
    /// Deploys `name`'s release build as the first version and serves the folder.
    pub async fn of(name: &str) -> Self {
        let dir = tempfile::tempdir().expect("temp dir");
        xtask::deploy::publish(dir.path(), &module(name).dist_dir()).expect("deploy v1");
        let (origin, server) = serve_folder(dir.path()).await;
        DeployedOrigin {
            dir,
            origin,
            _server: server,
        }
    }

    /// URL of the manifest.
    pub fn manifest_url(&self) -> String {
        format!("{}/mf-manifest.json", self.origin)
    }

    /// Deploys the build in `dist` as the current version; returns its id.
    pub fn deploy(&self, dist: &Path) -> String {
        xtask::deploy::publish(self.dir.path(), dist).expect("deploy")
    }

    /// Rolls back to the previous version; returns its id.
    pub fn rollback(&self) -> String {
        xtask::deploy::rollback(self.dir.path(), None).expect("rollback")
    }

    /// The manifest the origin serves now.
    pub fn current_manifest(&self) -> flotilla_contract::Manifest {
        let text = std::fs::read_to_string(self.dir.path().join("mf-manifest.json"))
            .expect("a deployed manifest");
        flotilla_contract::Manifest::from_json(&text).expect("a valid manifest")
    }

    /// The absolute URLs of the code files (glue, wasm, CSS) the current manifest names.
    pub fn code_urls(&self) -> Vec<String> {
        let m = self.current_manifest();
        let a = &m.assets;
        [&a.js, &a.wasm]
            .into_iter()
            .chain(&a.css)
            .map(|asset| format!("{}/{}", self.origin, asset.file))
            .collect()
    }

    /// Stops serving: connections are refused and open ones closed, as when the origin is down.
    pub fn stop(&mut self) {
        self._server.abort();
    }

    /// Serves the folder again at the same address (after [`DeployedOrigin::stop`]).
    pub async fn restart(&mut self) {
        let addr: SocketAddr = self
            .origin
            .trim_start_matches("http://")
            .parse()
            .expect("a loopback origin");
        let started = Instant::now();
        // The stopped server lets go of its port when its task is next polled.
        let task = loop {
            match serve::serve_dir(addr, self.dir.path()).await {
                Ok((_, task)) => break task,
                Err(e) if started.elapsed() > Duration::from_secs(5) => {
                    panic!("cannot serve {} again: {e:#}", self.origin)
                }
                Err(_) => tokio::time::sleep(Duration::from_millis(50)).await,
            }
        };
        self._server = task;
    }
}

/// The release build of `module` as `version`, made for the tests (`cargo xtask build
/// --fixtures`, from `[package.metadata.flotilla-tests] builds`).
pub fn test_build(name: &str, version: &str) -> PathBuf {
    assert!(
        ws().test_builds
            .iter()
            .any(|b| b.module == name && b.version == version),
        "{name} {version} is not in [package.metadata.flotilla-tests] builds"
    );
    module(name).version_dist_dir(version)
}

/// Points the registry entry of `module` at another manifest URL and allows its origin.
pub fn point(registry: &mut Registry, module: &str, manifest_url: &str) {
    let remote = registry
        .remotes
        .iter_mut()
        .find(|r| r.name == module)
        .expect("module in registry");
    remote.manifest = manifest_url.to_owned();
    let origin = manifest_url
        .split('/')
        .take(3)
        .collect::<Vec<_>>()
        .join("/");
    if !registry.allowed_origins.contains(&origin) {
        registry.allowed_origins.push(origin);
    }
}

/// A headless Chromium session; closing it (or dropping it) ends the browser.
pub struct Browser {
    /// The WebDriver client.
    pub client: Client,
    driver: Child,
    _profile: tempfile::TempDir,
}

/// Script expression: the text of the error panel in slot `arguments[0]` (undefined if none).
const ERROR_PANEL_TEXT: &str =
    "document.querySelector(`[data-flotilla-slot=\"${arguments[0]}\"] .flotilla-error`)?.innerText";

fn env_path(var: &str, default: &str) -> String {
    std::env::var(var).unwrap_or_else(|_| default.to_owned())
}

impl Browser {
    /// Starts chromedriver and a fresh headless Chromium.
    pub async fn open() -> Result<Self> {
        let port = {
            let probe = std::net::TcpListener::bind("127.0.0.1:0")?;
            probe.local_addr()?.port()
        };
        let driver = Command::new(env_path("FLOTILLA_CHROMEDRIVER", "/usr/bin/chromedriver"))
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            // Its own process group, which the Chromium it starts joins: ending the group ends
            // the browser too (killing chromedriver alone leaves Chromium running).
            .process_group(0)
            .kill_on_drop(true)
            .spawn()
            .context("start chromedriver (cargo xtask install)")?;
        let profile = tempfile::tempdir()?;
        let caps = json!({
            "goog:chromeOptions": {
                "binary": env_path("FLOTILLA_CHROMIUM", "/usr/bin/chromium"),
                "args": [
                    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                    "--no-first-run", "--disable-background-networking",
                    "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage",
                    "--window-size=1100,800",
                    format!("--user-data-dir={}", profile.path().display()),
                ]
            }
        });
        let caps = caps.as_object().cloned().unwrap_or_default();
        let url = format!("http://127.0.0.1:{port}");
        let started = Instant::now();
        let client = loop {
            match ClientBuilder::native()
                .capabilities(caps.clone())
                .connect(&url)
                .await
            {
                Ok(client) => break client,
                // A loaded machine (a test building wasm beside) can take a while to start
                // Chromium; chromedriver then says "DevToolsActivePort file doesn't exist".
                Err(e) if started.elapsed() > Duration::from_secs(60) => {
                    bail!("chromedriver at {url} did not start a session: {e}")
                }
                Err(_) => tokio::time::sleep(Duration::from_millis(100)).await,
            }
        };
        Ok(Browser {
            client,
            driver,
            _profile: profile,
        })
    }

    /// Starts a fresh browser and navigates to `url`.
    pub async fn open_at(url: &str) -> Result<Self> {
        let browser = Self::open().await?;
        browser.goto(url).await?;
        Ok(browser)
    }

    /// Navigates and waits for the document to load.
    pub async fn goto(&self, url: &str) -> Result<()> {
        self.client
            .goto(url)
            .await
            .with_context(|| format!("goto {url}"))
    }

    /// Runs a script (its body, with `arguments`) and returns its value.
    pub async fn eval(&self, script: &str, args: Vec<Value>) -> Result<Value> {
        Ok(self.client.execute(script, args).await?)
    }

    /// Runs `script` in every page loaded from now on, before the page's own scripts (CDP
    /// `Page.addScriptToEvaluateOnNewDocument`).
    pub async fn before_each_page(&self, script: &str) -> Result<()> {
        self.client
            .issue_cmd(cdp::Cdp {
                cmd: "Page.addScriptToEvaluateOnNewDocument",
                params: json!({ "source": script }),
            })
            .await?;
        Ok(())
    }

    /// From the next page load on, keeps what the page warns on the console, for
    /// [`Self::wait_console_warning`].
    pub async fn record_console_warnings(&self) -> Result<()> {
        self.before_each_page(
            "const kept = []; \
             Object.defineProperty(window, '__flotillaTestWarnings', { value: kept }); \
             const warn = console.warn; \
             console.warn = function (...args) { kept.push(args.map(String).join(' ')); \
                                                 return warn.apply(this, args); };",
        )
        .await
    }

    /// Waits for a console warning containing `text` (see [`Self::record_console_warnings`]).
    pub async fn wait_console_warning(&self, text: &str) -> Result<String> {
        let found = self
            .wait_for(
                &format!("a console warning with {text:?}"),
                "return (window.__flotillaTestWarnings ?? []).find(w => w.includes(arguments[0])) ?? null;",
                vec![json!(text)],
            )
            .await?;
        Ok(found.as_str().unwrap_or_default().to_owned())
    }

    /// Runs a full garbage collection in the page (CDP `HeapProfiler.collectGarbage`).
    pub async fn collect_garbage(&self) -> Result<()> {
        self.client
            .issue_cmd(cdp::Cdp::new("HeapProfiler.collectGarbage"))
            .await?;
        Ok(())
    }

    /// Waits until `script` returns a truthy value and returns that value.
    pub async fn wait_for(&self, what: &str, script: &str, args: Vec<Value>) -> Result<Value> {
        let started = Instant::now();
        loop {
            let value = self.eval(script, args.clone()).await?;
            let truthy = !matches!(&value, Value::Null | Value::Bool(false))
                && value != json!("")
                && value != json!(0);
            if truthy {
                return Ok(value);
            }
            if started.elapsed() > PATIENCE {
                bail!("timed out after {PATIENCE:?} waiting for {what} (last value {value})");
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    /// The `data-*` attribute of a slot element.
    pub async fn slot_data(&self, slot: &str, key: &str) -> Result<String> {
        let v = self
            .eval(
                "return document.querySelector(`[data-flotilla-slot=\"${arguments[0]}\"]`)?.getAttribute(`data-${arguments[1]}`) ?? '';",
                vec![json!(slot), json!(key)],
            )
            .await?;
        Ok(v.as_str().unwrap_or_default().to_owned())
    }

    /// Waits until the slot's `data-state` is `state` (`mounted`, `failed`, `crashed`).
    pub async fn wait_slot(&self, slot: &str, state: &str) -> Result<()> {
        let script = "return document.querySelector(`[data-flotilla-slot=\"${arguments[0]}\"]`)?.dataset.state === arguments[1];";
        self.wait_for(
            &format!("slot {slot} to be {state}"),
            script,
            vec![json!(slot), json!(state)],
        )
        .await
        .map(|_| ())
    }

    /// Waits until the module mounted in `slot` is `version` (the slot's `data-version`).
    pub async fn wait_slot_version(&self, slot: &str, version: &str) -> Result<()> {
        let script = "return document.querySelector(`[data-flotilla-slot=\"${arguments[0]}\"]`)?.dataset.version === arguments[1];";
        self.wait_for(
            &format!("slot {slot} to run {version}"),
            script,
            vec![json!(slot), json!(version)],
        )
        .await
        .map(|_| ())
    }

    /// Finds an element inside the module mounted in `slot` (through its shadow root).
    pub async fn in_slot(&self, slot: &str, css: &str) -> Result<Element> {
        let host = self
            .client
            .find(Locator::Css(&format!(
                "[data-flotilla-slot=\"{slot}\"] .flotilla-slot__module"
            )))
            .await?;
        let shadow = host.shadow_root().await?;
        Ok(shadow.find(Locator::Css(css)).await?)
    }

    /// The text of an element inside the module mounted in `slot`.
    pub async fn slot_text(&self, slot: &str, css: &str) -> Result<String> {
        Ok(self.in_slot(slot, css).await?.text().await?)
    }

    /// Runs `body` with `root` bound to the shadow root of `slot`'s module; returns its value.
    pub async fn in_slot_js(&self, slot: &str, body: &str) -> Result<Value> {
        let script = format!(
            "const root = document.querySelector(`[data-flotilla-slot=\"${{arguments[0]}}\"] .flotilla-slot__module`)?.shadowRoot; if (!root) return null; {body}"
        );
        self.eval(&script, vec![json!(slot)]).await
    }

    /// The text of the slot's error panel (in the page, outside the module).
    pub async fn error_text(&self, slot: &str) -> Result<String> {
        let v = self
            .eval(
                &format!("return {ERROR_PANEL_TEXT} ?? '';"),
                vec![json!(slot)],
            )
            .await?;
        Ok(v.as_str().unwrap_or_default().to_owned())
    }

    /// The text of the error panel in `slot` once the shell's UI shows it (its code is fetched
    /// when the first failure happens, so the panel comes a moment after the slot's state).
    pub async fn wait_error_text(&self, slot: &str) -> Result<String> {
        let v = self
            .wait_for(
                &format!("the error panel in slot {slot}"),
                &format!("return {ERROR_PANEL_TEXT} || null;"),
                vec![json!(slot)],
            )
            .await?;
        Ok(v.as_str().unwrap_or_default().to_owned())
    }

    /// Calls `flotilla.swap(slot, url)` in the page; `{ version, changed }`, or
    /// `{ error: code, message }` when it rejects.
    pub async fn swap(&self, slot: &str, url: &str) -> Result<Value> {
        Ok(self
            .client
            .execute_async(
                "const done = arguments[arguments.length - 1]; \
                 flotilla.swap(arguments[0], arguments[1]).then(done, e => done({ error: e.code, message: e.message }));",
                vec![json!(slot), json!(url)],
            )
            .await?)
    }

    /// Ends the session and the browser.
    pub async fn close(mut self) {
        let _ = self.client.clone().close().await;
        self.end_processes();
        let _ = self.driver.wait().await;
    }

    /// Kills chromedriver's process group: chromedriver and every Chromium process it started.
    fn end_processes(&mut self) {
        if let Some(pid) = self.driver.id().and_then(|id| i32::try_from(id).ok()) {
            // SAFETY: kill(2) with a negative pid signals that process group; no memory is
            // shared. The group is ours until `driver` is reaped, which happens after this.
            unsafe {
                libc::kill(-pid, libc::SIGKILL);
            }
        }
    }
}

/// A test that fails, or ends without `close`, leaves no browser running into the next tests.
impl Drop for Browser {
    fn drop(&mut self) {
        self.end_processes();
    }
}
