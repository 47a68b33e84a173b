//! The host: one per page. It reads the registry, runs one task per slot, and tells
//! subscribers every change; a UI drives it through these methods.

use std::cell::{Cell, RefCell};
use std::rc::{Rc, Weak};

use flotilla_bus::Schema;
use flotilla_contract::policy::{Prefetch, UpdateMode};
use futures::channel::{mpsc, oneshot};

use crate::error::{Failure, HostError};
use crate::events::{Emitter, EventSubscription, HostEvent, SlotPhase, SlotStatus};
use crate::props::Registry;
use crate::slot::{self, Command, SlotTask, Swapped};
use crate::stats::{Retired, RetiredLog, Startup};
use crate::{api, overrides, registry, router, surface};

/// How a page starts its host.
pub struct HostOptions {
    /// Who owns the page's bus and store (shown as `__flotillaRuntime.owner`).
    pub owner: String,
    /// What the page's shared state may hold.
    pub schema: Schema,
    /// Whether the host writes each slot's state as `data-*` attributes on its element (for
    /// styles and tests); see [`crate::surface`].
    pub dom_surface: bool,
}

impl Default for HostOptions {
    fn default() -> Self {
        HostOptions {
            owner: "host".into(),
            schema: Schema::any(),
            dom_surface: true,
        }
    }
}

/// How far the page's composition is ([`Host::composition`]).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Composition {
    /// The page has slots and none is loading: each shows its module, failed or is inactive.
    pub settled: bool,
    /// A slot failed (or its module crashed).
    pub failed: bool,
}

/// Why an override was not applied.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum OverrideError {
    /// The URL is not allowed (not absolute, or its origin is not on the allow-list).
    #[error("Refused: {0}")]
    Refused(String),
    /// The swap failed; the previous version keeps running.
    #[error("Not applied: {} {}", .0.error.code(), .0.error)]
    Failed(Failure),
    /// The swap worked, but the browser would not save the override for the next load.
    #[error("Now running {version}, but not saved for the next load: {why}")]
    NotSaved {
        /// The version now running.
        version: String,
        /// Why the browser refused.
        why: String,
    },
}

/// A change a page script asks of a slot: `flotilla.swap`, `setOverride`, `resetOverride`.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Change {
    /// Swap to the manifest at this URL.
    Swap(String),
    /// Swap to the manifest at this URL and keep it as the slot's override.
    Override(String),
    /// Remove the override and swap back to the registry's manifest.
    Reset,
}

/// What the slot tasks share: the registry, the event stream and page-wide counts.
pub(crate) struct Shared {
    pub(crate) registry: Rc<Registry>,
    emitter: Rc<Emitter>,
    /// Every slot's status, in registry order (a list: a page has a few slots, and a map's
    /// code costs the shell kilobytes).
    statuses: RefCell<Vec<SlotStatus>>,
    retired: Rc<RefCell<RetiredLog>>,
}

impl Shared {
    /// Records a slot's new status and tells every subscriber.
    pub(crate) fn publish(&self, status: SlotStatus) {
        if let Some(old) = self
            .statuses
            .borrow_mut()
            .iter_mut()
            .find(|old| old.slot == status.slot)
        {
            *old = status.clone();
        }
        self.emitter.emit(&HostEvent::Slot(status));
    }

    /// Counts an instance the slot is done with (its code is dropped next, which releases it).
    pub(crate) fn retire(&self, code: &crate::loader::ModuleCode) {
        let now = self.retired.borrow_mut().add(code.retiring());
        self.emitter.emit(&HostEvent::Retired(now));
    }
}

struct SlotEntry {
    slot: String,
    commands: mpsc::UnboundedSender<Command>,
    status_area: Option<web_sys::Element>,
}

pub(crate) struct Inner {
    emitter: Rc<Emitter>,
    registry: RefCell<Option<Result<Rc<Registry>, Rc<HostError>>>>,
    shared: RefCell<Option<Rc<Shared>>>,
    /// The slots' tasks, in registry order.
    slots: RefCell<Vec<SlotEntry>>,
    retired: Rc<RefCell<RetiredLog>>,
    long_tasks: RefCell<Vec<crate::LongTask>>,
    /// Whether the idle prefetch of modules off the route was scheduled.
    idle_prefetch: std::cell::Cell<bool>,
    startup: Cell<Startup>,
    keep: RefCell<Vec<Box<dyn std::any::Any>>>,
    /// Tools' initialised code by manifest URL: opened again, a tool mounts the same instance
    /// (nothing fetched or initialised again); a crashed one is forgotten, and so released.
    /// (A list: a page has a tool or two, and a map's code costs the shell kilobytes.)
    tools: RefCell<Vec<(String, crate::loader::Loaded)>>,
}

/// The page's host runtime; cheap to clone.
#[derive(Clone)]
pub struct Host {
    inner: Rc<Inner>,
}

impl PartialEq for Host {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.inner, &other.inner)
    }
}

impl Host {
    /// Installs the page's bus and store, `window.flotilla`, the crash listener and (if asked)
    /// the DOM surface, then loads the registry and every module in it.
    pub fn start(options: HostOptions) -> Host {
        let started = crate::js::now();
        flotilla_bus::install(&options.owner, options.schema);
        let host = Host {
            inner: Rc::new(Inner {
                emitter: Rc::default(),
                registry: RefCell::new(None),
                shared: RefCell::new(None),
                slots: RefCell::default(),
                retired: Rc::default(),
                long_tasks: RefCell::default(),
                idle_prefetch: std::cell::Cell::new(false),
                startup: Cell::new(Startup {
                    started,
                    registry: None,
                }),
                keep: RefCell::default(),
                tools: RefCell::default(),
            }),
        };
        api::install(&host);
        if options.dom_surface {
            let surface = host.subscribe(surface::write);
            host.keep(surface);
        }
        let weak = host.downgrade();
        if let Some(listener) = slot::listen_for_crashes(move |report| {
            if let Some(host) = Host::upgrade(&weak) {
                host.crashed(report);
            }
        }) {
            host.keep(listener);
        }
        let weak = host.downgrade();
        if let Some(observer) = crate::longtasks::observe(move |task| {
            if let Some(host) = Host::upgrade(&weak) {
                host.long_task(task);
            }
        }) {
            host.keep(observer);
        }
        host.load_registry();
        host
    }

    /// When the host started and read its registry.
    pub fn startup(&self) -> Startup {
        self.inner.startup.get()
    }

    /// Long tasks seen since the page loaded (the last 20), oldest first.
    pub fn long_tasks(&self) -> Vec<crate::LongTask> {
        self.inner.long_tasks.borrow().clone()
    }

    fn long_task(&self, task: crate::LongTask) {
        {
            let mut tasks = self.inner.long_tasks.borrow_mut();
            if tasks.len() == 20 {
                tasks.remove(0);
            }
            tasks.push(task.clone());
        }
        self.inner.emitter.emit(&HostEvent::LongTask(task));
    }

    /// Calls `listener` with every event from now on; dropping the subscription stops it.
    pub fn subscribe(&self, listener: impl Fn(&HostEvent) + 'static) -> EventSubscription {
        self.inner.emitter.subscribe(listener)
    }

    /// The registry, once read; `Err` when it could not be.
    pub fn registry(&self) -> Option<Result<Rc<Registry>, Rc<HostError>>> {
        self.inner.registry.borrow().clone()
    }

    /// Every slot's current status, in registry order.
    pub fn slots(&self) -> Vec<SlotStatus> {
        let Some(shared) = self.inner.shared.borrow().clone() else {
            return Vec::new();
        };
        let statuses = shared.statuses.borrow();
        statuses.clone()
    }

    /// How far the page's composition is, from the slots' phases (no copy of their statuses).
    pub fn composition(&self) -> Composition {
        let shared = self.inner.shared.borrow();
        let Some(statuses) = shared.as_ref().map(|s| s.statuses.borrow()) else {
            return Composition::default();
        };
        let phases = || statuses.iter().map(|s| &s.phase);
        Composition {
            settled: !statuses.is_empty()
                && phases().all(|phase| !matches!(phase, SlotPhase::Loading)),
            failed: phases().any(|phase| matches!(phase, SlotPhase::Failed(_))),
        }
    }

    /// The element inside the slot's page element where a UI shows its status (skeleton,
    /// errors, prompts); `None` when the page has no such slot.
    pub fn status_area(&self, slot: &str) -> Option<web_sys::Element> {
        self.entry(slot, |entry| entry.status_area.clone())
            .flatten()
    }

    /// Instances replaced or crashed since the page loaded, and their memory.
    pub fn retired(&self) -> Retired {
        self.inner.retired.borrow().totals()
    }

    /// Linear memory of retired instances that the browser has not collected yet, in bytes.
    pub fn retired_held_bytes(&self) -> u64 {
        self.inner.retired.borrow_mut().held_bytes()
    }

    /// Loads the registry again after it failed.
    pub fn retry_registry(&self) {
        if matches!(&*self.inner.registry.borrow(), Some(Ok(_))) {
            return;
        }
        self.load_registry();
    }

    /// Loads the slot's module afresh (Retry after a failure, Restart after a crash); the code
    /// is fetched bypassing the HTTP cache.
    pub fn retry(&self, slot: &str) {
        self.send(slot, Command::Load { again: true });
    }

    /// Applies the version on offer in `slot`.
    pub fn apply_update(&self, slot: &str) {
        self.send(slot, Command::ApplyUpdate);
    }

    /// Forgets the slot's failed-swap notice.
    pub fn dismiss_notice(&self, slot: &str) {
        self.send(slot, Command::Dismiss);
    }

    /// Replaces the module in `slot` with the one the manifest at `url` describes, atomically:
    /// on failure the old one stays mounted and the error says why.
    pub async fn swap(&self, slot: &str, url: &str) -> Result<Swapped, Failure> {
        self.swap_marked(slot, url, None).await
    }

    async fn swap_marked(
        &self,
        slot: &str,
        url: &str,
        overridden: Option<bool>,
    ) -> Result<Swapped, Failure> {
        let (reply, answer) = oneshot::channel();
        let command = Command::Swap {
            url: url.to_owned(),
            overridden,
            reply: Some(reply),
        };
        if !self.send(slot, command) {
            return Err(HostError::SlotMissing {
                slot: slot.to_owned(),
            }
            .into());
        }
        answer.await.unwrap_or_else(|_| {
            Err(HostError::SlotMissing {
                slot: slot.to_owned(),
            }
            .into())
        })
    }

    /// Points `slot` at `url` for this page and the next loads (a developer override), if
    /// its origin is allowed and the swap succeeds.
    pub async fn set_override(&self, slot: &str, url: &str) -> Result<Swapped, OverrideError> {
        self.change(slot, Change::Override(url.to_owned())).await
    }

    /// Removes the slot's override and swaps back to the registry's manifest (the error is
    /// [`OverrideError::Failed`]).
    pub async fn reset_override(&self, slot: &str) -> Result<Swapped, OverrideError> {
        self.change(slot, Change::Reset).await
    }

    /// Makes `change` to `slot`: one swap, whatever was asked (one copy of its code).
    pub(crate) async fn change(
        &self,
        slot: &str,
        change: Change,
    ) -> Result<Swapped, OverrideError> {
        let (url, overridden) = match &change {
            Change::Swap(url) => (url.clone(), None),
            Change::Override(url) => {
                let Some(Ok(registry)) = self.registry() else {
                    return Err(OverrideError::Refused("the registry is not loaded".into()));
                };
                if let Some(why) = overrides::refusal(url, &registry) {
                    return Err(OverrideError::Refused(why.to_string()));
                }
                (url.clone(), Some(true))
            }
            Change::Reset => {
                let url = self
                    .slots()
                    .into_iter()
                    .find(|s| s.slot == slot)
                    .map(|s| s.registry_manifest)
                    .ok_or_else(|| {
                        OverrideError::Failed(
                            HostError::SlotMissing {
                                slot: slot.to_owned(),
                            }
                            .into(),
                        )
                    })?;
                (url, Some(false))
            }
        };
        let swapped = self
            .swap_marked(slot, &url, overridden)
            .await
            .map_err(OverrideError::Failed)?;
        // Kept for the next loads only once the swap worked: a failed one leaves the slot as
        // it was, override and all.
        match &change {
            Change::Override(url) => {
                overrides::set(slot, url).map_err(|why| OverrideError::NotSaved {
                    version: swapped.version.clone(),
                    why,
                })?;
            }
            Change::Reset => overrides::reset(slot),
            Change::Swap(_) => {}
        }
        Ok(swapped)
    }

    /// Moves the page to `path` without a reload (History API): every slot mounts or unmounts
    /// its module by its routes, and modules hear `flotilla:route`.
    pub fn navigate(&self, path: &str) {
        router::push(path);
        self.route_changed();
    }

    /// The path changed (a link, [`Host::navigate`], back or forward): tells every slot.
    fn route_changed(&self) {
        let path = router::current_path();
        for entry in self.inner.slots.borrow().iter() {
            let _ = entry.commands.unbounded_send(Command::Route(path.clone()));
        }
        router::tell(&path);
    }

    /// Whether some routed module is active on `path` (so a link to it stays in the page).
    fn covers(&self, path: &str) -> bool {
        matches!(self.registry(), Some(Ok(r)) if r.remotes.iter().any(|m| !m.routes.is_empty() && m.active_on(path)))
    }

    /// Asks the modules `path` would mount, and that are not mounted now, to fetch their code
    /// ahead (`prefetch` other than `none`).
    fn prefetch_for(&self, path: &str, wanted: impl Fn(Prefetch) -> bool) {
        let Some(Ok(registry)) = self.registry() else {
            return;
        };
        let now = router::current_path();
        for remote in &registry.remotes {
            if wanted(remote.prefetch) && remote.active_on(path) && !remote.active_on(&now) {
                self.send(&remote.slot, Command::Prefetch);
            }
        }
    }

    /// Once no slot of the first route is loading, the network is quiet (a prefetch must not
    /// slow what the route on screen still downloads, such as its images) and the browser is
    /// idle, modules of other routes with `prefetch: idle` fetch their code.
    fn maybe_prefetch_idle(&self) {
        if self.inner.idle_prefetch.get() {
            return;
        }
        if !self.composition().settled {
            return;
        }
        self.inner.idle_prefetch.set(true);
        let weak = self.downgrade();
        router::on_quiet(move || {
            let Some(host) = Host::upgrade(&weak) else {
                return;
            };
            let Some(Ok(registry)) = host.registry() else {
                return;
            };
            let now = router::current_path();
            for remote in &registry.remotes {
                if remote.prefetch == Prefetch::Idle && !remote.active_on(&now) {
                    host.send(&remote.slot, Command::Prefetch);
                }
            }
        });
    }

    fn listen_for_navigation(&self) {
        let (a, b, c) = (self.downgrade(), self.downgrade(), self.downgrade());
        router::listen(
            move |path| Host::upgrade(&a).is_some_and(|h| h.covers(path)),
            move |path| {
                if let Some(host) = Host::upgrade(&b) {
                    match path {
                        Some(path) => host.navigate(&path),
                        None => host.route_changed(),
                    }
                }
            },
            move |path| {
                if let Some(host) = Host::upgrade(&c) {
                    host.prefetch_for(path, |p| p != Prefetch::None);
                }
            },
        );
        let weak = self.downgrade();
        let subscription = self.subscribe(move |event| {
            if let (HostEvent::Slot(_), Some(host)) = (event, Host::upgrade(&weak)) {
                host.maybe_prefetch_idle();
            }
        });
        self.keep(subscription);
    }

    fn load_registry(&self) {
        if let Some(read) = registry::from_snapshot() {
            self.registry_read(read);
            return;
        }
        let host = self.clone();
        wasm_bindgen_futures::spawn_local(async move {
            host.registry_read(registry::fetch().await);
        });
    }

    fn registry_read(&self, read: Result<Registry, HostError>) {
        match read {
            Ok(registry) => self.start_slots(Rc::new(registry)),
            Err(error) => {
                let error = Rc::new(error);
                crate::report::warn(error.clone());
                *self.inner.registry.borrow_mut() = Some(Err(error.clone()));
                self.inner.emitter.emit(&HostEvent::RegistryFailed(error));
            }
        }
    }

    fn start_slots(&self, registry: Rc<Registry>) {
        let mut startup = self.inner.startup.get();
        startup.registry = Some(crate::js::now());
        self.inner.startup.set(startup);
        *self.inner.registry.borrow_mut() = Some(Ok(registry.clone()));
        let shared = Rc::new(Shared {
            registry: registry.clone(),
            emitter: self.inner.emitter.clone(),
            statuses: RefCell::default(),
            retired: self.inner.retired.clone(),
        });
        *self.inner.shared.borrow_mut() = Some(shared.clone());
        let mut started = Vec::new();
        let mut watched = Vec::new();
        let path = router::current_path();
        for remote in &registry.remotes {
            let (url, overridden) = overrides::initial_url(remote, &registry);
            let active = remote.active_on(&path);
            let task = SlotTask::new(shared.clone(), remote.clone(), url, overridden, active);
            let status = task.status().clone();
            let status_area = task.status_area();
            let (commands, receiver) = mpsc::unbounded();
            if status_area.is_some() && remote.update != UpdateMode::Off {
                watched.push(commands.clone());
            }
            if active {
                let _ = commands.unbounded_send(Command::Load { again: false });
            }
            wasm_bindgen_futures::spawn_local(task.run(receiver));
            shared.statuses.borrow_mut().push(status.clone());
            self.inner.slots.borrow_mut().push(SlotEntry {
                slot: remote.slot.clone(),
                commands,
                status_area,
            });
            started.push(status);
        }
        slot::watch(watched, registry.updates);
        self.inner.emitter.emit(&HostEvent::Started(started));
        if registry.remotes.iter().any(|r| !r.routes.is_empty()) {
            self.listen_for_navigation();
            router::tell(&path);
        }
    }

    /// Tells every slot an instance crashed; the slot running it unmounts it.
    fn crashed(&self, report: flotilla_contract::crash::CrashReport) {
        for entry in self.inner.slots.borrow().iter() {
            let _ = entry
                .commands
                .unbounded_send(Command::Crashed(report.clone()));
        }
    }

    fn send(&self, slot: &str, command: Command) -> bool {
        self.entry(slot, |entry| entry.commands.unbounded_send(command).is_ok())
            .unwrap_or(false)
    }

    /// `read` of the slot named `slot`, if the page has it.
    fn entry<T>(&self, slot: &str, read: impl FnOnce(&SlotEntry) -> T) -> Option<T> {
        let slots = self.inner.slots.borrow();
        slots.iter().find(|entry| entry.slot == slot).map(read)
    }

    /// The initialised code of the tool whose manifest is at `url`, if it was opened before.
    pub(crate) fn tool_code(&self, url: &str) -> Option<crate::loader::Loaded> {
        let tools = self.inner.tools.borrow();
        tools.iter().find(|(u, _)| u == url).map(|(_, l)| l.clone())
    }

    /// Forgets a tool's initialised code (its instance failed to mount).
    pub(crate) fn forget_tool_code(&self, url: &str) {
        self.inner.tools.borrow_mut().retain(|(u, _)| u != url);
    }

    /// Keeps a tool's initialised code for its next opening.
    pub(crate) fn keep_tool_code(&self, url: &str, loaded: crate::loader::Loaded) {
        self.forget_tool_code(url);
        self.inner.tools.borrow_mut().push((url.to_owned(), loaded));
    }

    fn keep(&self, thing: impl std::any::Any) {
        self.inner.keep.borrow_mut().push(Box::new(thing));
    }

    pub(crate) fn downgrade(&self) -> Weak<Inner> {
        Rc::downgrade(&self.inner)
    }

    pub(crate) fn upgrade(weak: &Weak<Inner>) -> Option<Host> {
        weak.upgrade().map(|inner| Host { inner })
    }
}
