//! One background task per slot: it takes load, swap, check, update and crash commands one
//! at a time, so no two ever race over the slot, and reports every change of its status.

use std::rc::Rc;

use flotilla_contract::crash::CrashReport;
use flotilla_contract::policy::UpdateMode;
use flotilla_contract::Manifest;
use futures::channel::{mpsc, oneshot};
use futures::future::LocalBoxFuture;
use futures::StreamExt;

use super::dom::SlotDom;
use super::mount;
use crate::error::{Failure, HostError};
use crate::events::{SlotPhase, SlotStatus};
use crate::host::Shared;
use crate::js;
use crate::lazy::ChunkMissing;
use crate::loader::{self, same_build, CheckedManifest, Loaded};
use crate::props::Remote;

/// How many failed builds a slot remembers, so none is downloaded again and again.
const MAX_REJECTED: usize = 16;

/// What a slot is asked to do.
pub(crate) enum Command {
    /// Load the current manifest's module (first load, Retry, Restart).
    Load { again: bool },
    /// Replace the module with the one `url` describes; the old one stays on failure.
    Swap {
        url: String,
        /// Marks the slot as running (or no longer running) an override once swapped.
        overridden: Option<bool>,
        reply: Option<oneshot::Sender<Result<Swapped, Failure>>>,
    },
    /// Look for a new build at the current URL; apply or offer it by the update policy.
    Check {
        reply: oneshot::Sender<Result<(), Rc<HostError>>>,
    },
    /// Apply the build on offer (the user pressed Update).
    ApplyUpdate,
    /// An instance panicked; if it is the one on screen, unmount it.
    Crashed(CrashReport),
    /// Forget the last failed swap's notice.
    Dismiss,
    /// The page's path changed: mount the module if its routes match, unmount (or, kept
    /// alive, hide) it if not.
    Route(String),
    /// Fetch and verify the module's code without running it (off its routes).
    Prefetch,
}

/// A swap that succeeded.
#[derive(Debug, Clone, PartialEq)]
pub struct Swapped {
    /// The version now mounted.
    pub version: String,
    /// `false` when that very build was already mounted from that URL.
    pub changed: bool,
}

/// The slot's state, owned by its task.
pub(crate) struct SlotTask {
    shared: Rc<Shared>,
    remote: Remote,
    dom: Result<SlotDom, Rc<HostError>>,
    /// The manifest URL the slot loads: the registry's, an override's, or the last swap's.
    url: String,
    /// The manifest of what runs.
    mounted: Option<Manifest>,
    /// Builds that failed to swap in for a reason retrying cannot fix; never offered again.
    rejected: Vec<Manifest>,
    /// A build checked and offered (policy `prompt`), applied without fetching it again.
    offered: Option<CheckedManifest>,
    /// The code of what runs (or ran, before its route was left): entering the route again
    /// mounts a fresh instance from it, with no download and no init.
    code: Option<Loaded>,
    /// A manifest checked and its code fetched ahead of the route (not run).
    prefetched: Option<CheckedManifest>,
    /// Whether the page's path is one of the module's routes (its slot shown).
    active: bool,
    status: SlotStatus,
}

impl SlotTask {
    /// A task for `remote`, loading from `url`; `active` when its routes match the page's path.
    pub(crate) fn new(
        shared: Rc<Shared>,
        remote: Remote,
        url: String,
        overridden: bool,
        active: bool,
    ) -> Self {
        let dom = SlotDom::attach(&remote.slot).map_err(Rc::new);
        let phase = match &dom {
            Ok(dom) => {
                dom.set_active(active);
                if active {
                    SlotPhase::Loading
                } else {
                    SlotPhase::Inactive
                }
            }
            Err(error) => SlotPhase::Failed(error.clone().into()),
        };
        let status = SlotStatus {
            slot: remote.slot.clone(),
            module: remote.name.clone(),
            registry_manifest: remote.manifest.clone(),
            phase,
            mounted: None,
            swapping: false,
            notice: None,
            offered: None,
            overridden,
        };
        SlotTask {
            shared,
            remote,
            dom,
            url,
            mounted: None,
            rejected: Vec::new(),
            offered: None,
            code: None,
            prefetched: None,
            active,
            status,
        }
    }

    pub(crate) fn status(&self) -> &SlotStatus {
        &self.status
    }

    /// The element a UI renders the slot's status into.
    pub(crate) fn status_area(&self) -> Option<web_sys::Element> {
        self.dom.as_ref().ok().map(SlotDom::status_element)
    }

    /// Runs commands until every sender is gone.
    pub(crate) async fn run(mut self, mut commands: mpsc::UnboundedReceiver<Command>) {
        while let Some(command) = commands.next().await {
            match command {
                Command::Load { again } => self.load(again).await,
                Command::Swap {
                    url,
                    overridden,
                    reply,
                } => {
                    let result = self.swap_lazily(url).await;
                    if let (Ok(_), Some(overridden)) = (&result, overridden) {
                        self.status.overridden = overridden;
                        self.publish();
                    }
                    if let Some(reply) = reply {
                        let _ = reply.send(result);
                    }
                }
                Command::Check { reply } => {
                    let _ = reply.send(self.check_lazily().await);
                }
                Command::ApplyUpdate => {
                    // Offered once: if it fails, it is remembered as rejected, not offered again.
                    self.status.offered = None;
                    if let Some(next) = self.offered.take() {
                        let _ = self.update_lazily(next).await;
                    }
                }
                Command::Crashed(report) => self.crashed(report),
                Command::Dismiss => {
                    self.status.notice = None;
                    self.publish();
                }
                Command::Route(path) => self.route(&path).await,
                Command::Prefetch => self.prefetch_lazily().await,
            }
        }
    }

    async fn load(&mut self, again: bool) {
        if self.dom.is_err() || !self.active {
            return self.publish();
        }
        self.status.phase = SlotPhase::Loading;
        self.publish();
        let prefetched = self
            .prefetched
            .take()
            .filter(|p| !again && p.url == self.url);
        let checked = match prefetched {
            Some(checked) => Ok(checked),
            None => loader::manifest(&self.url, &self.shared.registry, &self.policy()).await,
        };
        let result = match checked {
            Ok(checked) => self.load_and_mount(checked, again).await,
            Err(failure) => Err(failure),
        };
        match result {
            Ok(()) => self.status.phase = SlotPhase::Mounted,
            Err(failure) => {
                self.report(&failure);
                self.status.phase = SlotPhase::Failed(failure);
            }
        }
        self.publish();
    }

    async fn swap(&mut self, url: &str) -> Result<Swapped, Failure> {
        let policy = self.policy();
        let checked = match loader::manifest(url, &self.shared.registry, &policy).await {
            Ok(checked) => checked,
            Err(failure) => return Err(self.swap_failed(url, failure)),
        };
        if checked.manifest.name != self.remote.name {
            let error = HostError::WrongModule {
                url: checked.url,
                expected: self.remote.name.clone(),
                found: checked.manifest.name,
            };
            return Err(self.swap_failed(url, error.into()));
        }
        let unchanged =
            checked.url == self.url && self.mounted.as_ref().is_some_and(|m| checked.same_build(m));
        if unchanged {
            let version = checked.manifest.version;
            return Ok(Swapped {
                version,
                changed: false,
            });
        }
        self.swap_to(checked).await
    }

    /// Mounts the checked build in place of the running one; on failure the old one stays.
    async fn swap_to(&mut self, checked: CheckedManifest) -> Result<Swapped, Failure> {
        let url = checked.url.clone();
        let next = checked.manifest.clone();
        self.status.swapping = true;
        self.publish();
        let result = self.load_and_mount(checked, false).await;
        self.status.swapping = false;
        match result {
            Ok(()) => {
                self.url = url;
                self.offered = None;
                self.status.offered = None;
                self.status.notice = None;
                // Swapped in off its routes, it waits in its hidden slot for one of them.
                self.status.phase = if self.active {
                    SlotPhase::Mounted
                } else {
                    SlotPhase::Inactive
                };
                self.publish();
                Ok(Swapped {
                    version: next.version,
                    changed: true,
                })
            }
            Err(failure) => {
                if !failure.error.is_transient() {
                    // Bounded: a page that meets many broken builds forgets the oldest.
                    if self.rejected.len() == MAX_REJECTED {
                        self.rejected.remove(0);
                    }
                    self.rejected.push(next);
                }
                Err(self.swap_failed(&url, failure))
            }
        }
    }

    /// [`Self::swap`], its code fetched on first use (FLO-208, a notice, when it cannot be).
    async fn swap_lazily(&mut self, url: String) -> Result<Swapped, Failure> {
        let missing = match swapping(self, url.clone()).await {
            Ok(swap) => return swap.await,
            Err(missing) => missing,
        };
        Err(self.swap_failed(&url, missing.error("swapping a module").into()))
    }

    /// [`Self::swap_to`] for an offered update, its code fetched on first use.
    async fn update_lazily(&mut self, next: CheckedManifest) -> Result<Swapped, Failure> {
        let url = next.url.clone();
        let missing = match updating(self, next).await {
            Ok(update) => return update.await,
            Err(missing) => missing,
        };
        Err(self.swap_failed(&url, missing.error("applying an update").into()))
    }

    /// [`Self::check`], its code fetched on first use.
    async fn check_lazily(&mut self) -> Result<(), Rc<HostError>> {
        if self.mounted.is_none() {
            return Ok(()); // nothing to update: no code to fetch
        }
        match checking(self).await {
            Ok(check) => check.await,
            Err(missing) => Err(missing.error("checking for updates").into()),
        }
    }

    /// [`Self::prefetch`], its code fetched on first use (a prefetch that cannot run is
    /// skipped: the module loads when its route is entered).
    async fn prefetch_lazily(&mut self) {
        if !self.wants_prefetch() {
            return; // loaded or fetched already: no code to fetch
        }
        match prefetching(self).await {
            Ok(prefetch) => prefetch.await,
            Err(missing) => {
                let error = missing.error("prefetching a module");
                crate::report::warn(error);
            }
        }
    }

    fn swap_failed(&mut self, url: &str, failure: Failure) -> Failure {
        js::warn(&format!(
            "flotilla: [{}] swap to {url} failed; the old version stays",
            self.remote.name
        ));
        self.report(&failure);
        self.status.notice = Some(failure.clone());
        self.publish();
        failure
    }

    /// Loads the code of `checked` and mounts it; records what runs.
    async fn load_and_mount(
        &mut self,
        checked: CheckedManifest,
        again: bool,
    ) -> Result<(), Failure> {
        let policy = self.policy();
        let manifest = checked.manifest.clone();
        let dom = self.dom.as_mut().map_err(|e| Failure::from(e.clone()))?;
        // An empty slot links the stylesheets now, so they load with the code (a failed load
        // drops them). A module on screen would take on the new version's styles as soon as
        // they were linked beside it: they are preloaded, and linked once the code is ready.
        let early = match dom.instance() {
            None => Some(dom.prepare(&checked)),
            Some(_) => {
                loader::preload_styles(&checked);
                None
            }
        };
        let loaded = loader::code(checked, self.remote.expose.as_deref(), &policy, again).await?;
        let pending = early.unwrap_or_else(|| dom.prepare(&loaded.checked));
        let kept = loaded.clone();
        let mounted = mount::mount(dom, pending, &self.remote, loaded, &policy).await?;
        // The instance this one replaces (on screen or kept for its route) is done with.
        if let Some(old) = self.code.replace(kept) {
            self.shared.retire(&old.code);
        }
        self.mounted = Some(manifest);
        self.status.mounted = Some(mounted);
        Ok(())
    }

    /// One conditional request for the manifest; a new build is swapped in or offered.
    async fn check(&mut self) -> Result<(), Rc<HostError>> {
        let Some(mounted) = &self.mounted else {
            return Ok(());
        };
        let mut once = self.policy();
        once.retry.attempts = 1;
        let next = loader::manifest(&self.url, &self.shared.registry, &once)
            .await
            .map_err(|f| f.error)?;
        let known = next.same_build(mounted)
            || self.rejected.iter().any(|r| next.same_build(r))
            || self
                .offered
                .as_ref()
                .is_some_and(|o| same_build(&o.manifest, &next.manifest));
        if known {
            return Ok(());
        }
        match self.remote.update {
            UpdateMode::Auto => {
                let _ = self.swap_to(next).await;
            }
            UpdateMode::Prompt | UpdateMode::Off => {
                self.status.offered = Some(next.manifest.version.clone());
                self.offered = Some(next);
                self.publish();
            }
        }
        Ok(())
    }

    /// Mounts the module when `path` is one of its routes, unmounts it (or, kept alive, hides
    /// it) when not.
    async fn route(&mut self, path: &str) {
        let active = self.remote.active_on(path);
        let Ok(dom) = &mut self.dom else { return };
        if active == self.active {
            return;
        }
        self.active = active;
        dom.set_active(active);
        if !active {
            if !self.remote.keep_alive {
                // Its unmount runs and its DOM and CSS go; its wasm instance stays for next
                // time.
                dom.unmount();
                self.status.mounted = None;
            }
            self.status.swapping = false;
            self.status.phase = SlotPhase::Inactive;
            return self.publish();
        }
        if dom.instance().is_some() {
            // Kept alive (or swapped in) while away: on screen again as it was.
            self.status.phase = SlotPhase::Mounted;
            return self.publish();
        }
        self.status.phase = SlotPhase::Loading;
        let Some(code) = self.code.clone() else {
            return self.load(false).await;
        };
        self.publish();
        let policy = self.policy();
        let result = match &mut self.dom {
            Ok(dom) => {
                let pending = dom.prepare(&code.checked);
                mount::mount(dom, pending, &self.remote, code, &policy).await
            }
            Err(error) => Err(error.clone().into()),
        };
        match result {
            Ok(mounted) => {
                self.status.mounted = Some(mounted);
                self.status.phase = SlotPhase::Mounted;
            }
            Err(failure) => {
                self.report(&failure);
                self.status.phase = SlotPhase::Failed(failure);
            }
        }
        self.publish();
    }

    /// Whether a prefetch would fetch anything: the code is neither loaded nor fetched yet.
    fn wants_prefetch(&self) -> bool {
        self.code.is_none() && self.prefetched.is_none() && self.dom.is_ok()
    }

    /// Fetches and verifies the code of the module off its route, once (its one caller,
    /// [`Self::prefetch_lazily`], has checked [`Self::wants_prefetch`]).
    async fn prefetch(&mut self) {
        let policy = self.policy();
        let Ok(checked) = loader::manifest(&self.url, &self.shared.registry, &policy).await else {
            return;
        };
        if loader::prefetch(&checked, &policy).await.is_ok() {
            js::mark(&format!("flotilla:{}:prefetched", self.remote.name));
            self.prefetched = Some(checked);
        }
    }

    fn crashed(&mut self, report: CrashReport) {
        // Only the instance on screen, and only its own report (it carries the mount's
        // token): a new one that panics while mounting is reported by its mount, and the old
        // one stays; a forged report changes nothing.
        let Ok(dom) = &mut self.dom else {
            return;
        };
        if !dom.instance().is_some_and(|id| id.sent(&report)) {
            return;
        }
        let cause = report.message;
        dom.unmount();
        // A crashed instance is never mounted again: Restart loads a fresh one.
        if let Some(old) = self.code.take() {
            self.shared.retire(&old.code);
        }
        self.mounted = None;
        self.status.mounted = None;
        self.status.swapping = false;
        let failure: Failure = HostError::Crashed {
            module: self.remote.name.clone(),
            cause,
        }
        .into();
        self.report(&failure);
        self.status.phase = SlotPhase::Failed(failure);
        self.publish();
    }

    fn policy(&self) -> flotilla_contract::LoadPolicy {
        self.shared.registry.loading
    }

    fn report(&self, failure: &Failure) {
        let module = format!("[{}] ", self.remote.name);
        crate::report::warn_with(module, failure.error.clone(), String::new());
    }

    fn publish(&self) {
        self.shared.publish(self.status.clone());
    }
}

crate::lazy_fn! {
    /// [`SlotTask::swap`] (its code is in the `swap` chunk).
    fn swapping[swap](
        task: &mut SlotTask,
        url: String,
    ) -> Result<LocalBoxFuture<'_, Result<Swapped, Failure>>, ChunkMissing> {
        Ok(Box::pin(async move { task.swap(&url).await }))
    }
}

crate::lazy_fn! {
    /// [`SlotTask::swap_to`] for an offered update (its code is in the `swap` chunk).
    fn updating[swap](
        task: &mut SlotTask,
        next: CheckedManifest,
    ) -> Result<LocalBoxFuture<'_, Result<Swapped, Failure>>, ChunkMissing> {
        Ok(Box::pin(task.swap_to(next)))
    }
}

crate::lazy_fn! {
    /// [`SlotTask::check`] (its code is in the `swap` chunk).
    fn checking[swap](
        task: &mut SlotTask,
    ) -> Result<LocalBoxFuture<'_, Result<(), Rc<HostError>>>, ChunkMissing> {
        Ok(Box::pin(task.check()))
    }
}

crate::lazy_fn! {
    /// [`SlotTask::prefetch`] (its code is in the `prefetch` chunk).
    fn prefetching[prefetch](
        task: &mut SlotTask,
    ) -> Result<LocalBoxFuture<'_, ()>, ChunkMissing> {
        Ok(Box::pin(task.prefetch()))
    }
}
