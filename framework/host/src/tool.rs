//! Tools: modules a UI opens on demand, outside the registry's slots (the override panel).
//! A tool comes from the page's own origin, through the same verified pipeline as any module
//! (manifest -> code -> init) and the same mount as a slot's, into an element the UI gives,
//! in the page's DOM. Nothing of it is fetched before it is opened. A tool that crashes once
//! open is reported to whoever opened it, and its next opening loads a fresh instance.

use std::cell::Cell;
use std::rc::Rc;

use flotilla_contract::policy::{Prefetch, UpdateMode};
use flotilla_contract::LoadPolicy;
use futures::future::LocalBoxFuture;
use web_sys::Element;

use crate::error::{Failure, HostError};
use crate::host::Host;
use crate::lazy::ChunkMissing;
use crate::loader::{self, MountHandle};
use crate::props::{Registry, Remote};
use crate::slot::{listen_for_crashes, start_mount, CrashListener, MountId, Pending};
use crate::{js, registry};

/// A tool mounted by [`Host::open_tool`]; [`Tool::close`] (or dropping it) unmounts it.
pub struct Tool {
    handle: MountHandle,
    wrapper: Element,
    /// Set when its instance crashed: a dead instance is not asked to unmount.
    crashed: Rc<Cell<bool>>,
    _crashes: Option<CrashListener>,
    /// Module name, as its manifest says.
    pub module: String,
    /// Its version.
    pub version: String,
}

impl Host {
    /// Loads the module whose manifest is at `path` (resolved against the page, as
    /// `remotes.json` is; the page's own origin only) and mounts it, with its styles, into a
    /// new element at the end of `into`. On failure nothing of it stays in `into`. Opened
    /// again, it mounts the instance it loaded the first time (nothing is fetched again).
    /// `on_crash` hears of a crash of the mounted instance ([`HostError::Crashed`]), after its
    /// element was removed; the [`Tool`] then only needs dropping.
    /// The code that opens a tool is fetched the first time one is opened (FLO-208 when it
    /// cannot be).
    pub async fn open_tool(
        &self,
        path: &str,
        into: &Element,
        on_crash: impl Fn(HostError) + 'static,
    ) -> Result<Tool, Failure> {
        let on_crash: Box<dyn Fn(HostError)> = Box::new(on_crash);
        match opening(self.clone(), path.to_owned(), into.clone(), on_crash).await {
            Ok(opening) => opening.await,
            Err(missing) => Err(missing.error("opening a tool").into()),
        }
    }

    async fn open_tool_now(
        &self,
        path: &str,
        into: &Element,
        on_crash: Box<dyn Fn(HostError)>,
    ) -> Result<Tool, Failure> {
        let url = registry::next_to_page(path);
        let origin = js::http_origin(&url).filter(|o| Some(o) == page_origin().as_ref());
        let Some(origin) = origin else {
            return Err(HostError::OriginNotAllowed {
                origin: js::origin(&url).unwrap_or_else(|| "(not an http(s) URL)".into()),
                url,
            }
            .into());
        };
        let policy = match self.registry() {
            Some(Ok(registry)) => registry.loading,
            _ => LoadPolicy::default(),
        };
        let loaded = match self.tool_code(&url) {
            Some(loaded) => loaded,
            None => {
                let own = own_origin_only(origin, policy);
                let checked = loader::manifest(&url, &own, &policy).await?;
                let loaded = loader::code(checked, None, &policy, false).await?;
                self.keep_tool_code(&url, loaded.clone());
                loaded
            }
        };
        let manifest = &loaded.checked.manifest;
        let remote = Remote {
            name: manifest.name.clone(),
            manifest: url.clone(),
            slot: manifest.name.clone(),
            expose: None,
            props: Default::default(),
            update: UpdateMode::Off,
            routes: Vec::new(),
            prefetch: Prefetch::None,
            keep_alive: false,
        };
        let pending = Pending::new(&loaded.checked, into);
        let (handle, id) = match start_mount(&pending, &remote, &loaded, &policy).await {
            Ok(mounted) => mounted,
            Err(error) => {
                // A crashed instance fails every mount: the next opening loads a fresh one.
                self.forget_tool_code(&url);
                return Err(error.into());
            }
        };
        let (crashed, wrapper) = (Rc::new(Cell::new(false)), pending.show());
        let crashes = self.watch_tool(url, id, (crashed.clone(), wrapper.clone()), on_crash);
        Ok(Tool {
            handle,
            wrapper,
            crashed,
            _crashes: crashes,
            module: remote.name,
            version: manifest.version.clone(),
        })
    }

    /// Listens for the crash reports of the tool's mount `id`. The first marks it crashed; then,
    /// out of the crashing call, its element goes, its code is forgotten (the next opening
    /// loads a fresh instance) and `on_crash` hears why.
    fn watch_tool(
        &self,
        url: String,
        id: MountId,
        dead: (Rc<Cell<bool>>, Element),
        on_crash: impl Fn(HostError) + 'static,
    ) -> Option<CrashListener> {
        let host = self.clone();
        let on_crash = Rc::new(on_crash);
        listen_for_crashes(move |report| {
            let (crashed, wrapper) = &dead;
            if !id.sent(&report) || crashed.replace(true) {
                return;
            }
            let (host, url, wrapper, on_crash) =
                (host.clone(), url.clone(), wrapper.clone(), on_crash.clone());
            wasm_bindgen_futures::spawn_local(async move {
                wrapper.remove();
                host.forget_tool_code(&url);
                on_crash(HostError::Crashed {
                    module: report.module,
                    cause: report.message,
                });
            });
        })
    }
}

impl Tool {
    /// Unmounts the tool and removes its element.
    pub fn close(self) {
        drop(self);
    }
}

impl Drop for Tool {
    fn drop(&mut self) {
        if self.crashed.get() {
            return;
        }
        if let Err(cause) = self.handle.unmount() {
            js::warn(&format!(
                "flotilla: unmounting {} failed: {cause}",
                self.module
            ));
        }
        self.wrapper.remove();
    }
}

/// The page's origin (`http(s)` only).
fn page_origin() -> Option<String> {
    let href = web_sys::window()?.location().href().ok()?;
    js::http_origin(&href)
}

/// A registry that allows `origin` only: what the load pipeline checks a tool's URLs against.
fn own_origin_only(origin: String, loading: LoadPolicy) -> Registry {
    Registry {
        remotes: Vec::new(),
        allowed_origins: vec![origin],
        loading,
        updates: Default::default(),
        offline: Default::default(),
    }
}

crate::lazy_fn! {
    /// The future that opens a tool for `host` (its code is in the `tool` chunk).
    fn opening[tool](
        host: Host,
        path: String,
        into: Element,
        on_crash: Box<dyn Fn(HostError)>,
    ) -> Result<LocalBoxFuture<'static, Result<Tool, Failure>>, ChunkMissing> {
        Ok(Box::pin(async move { host.open_tool_now(&path, &into, on_crash).await }))
    }
}
