//! The typed stream of what the host does, for any UI: one [`SlotStatus`] per change of a
//! slot, plus registry and memory events. A UI keeps the latest status per slot and renders it.

use std::cell::RefCell;
use std::rc::{Rc, Weak};

use crate::error::{Failure, HostError};
use crate::loader::Timings;
use crate::longtasks::LongTask;
use crate::stats::Retired;

/// Something the host did.
#[derive(Debug, Clone, PartialEq)]
#[allow(clippy::large_enum_variant)] // a few events per slot load: size does not matter
pub enum HostEvent {
    /// The registry could not be loaded; [`crate::Host::retry_registry`] tries again.
    RegistryFailed(Rc<HostError>),
    /// The registry was read; these slots will load.
    Started(Vec<SlotStatus>),
    /// A slot changed: its whole status after the change.
    Slot(SlotStatus),
    /// A module instance was unmounted for good (its memory stays until the page reloads).
    Retired(Retired),
    /// A long task blocked the page (see [`crate::longtasks`]).
    LongTask(LongTask),
}

/// Where a slot is in its life.
#[derive(Debug, Clone, PartialEq)]
pub enum SlotPhase {
    /// Loading its module (a UI shows a skeleton).
    Loading,
    /// The module is mounted.
    Mounted,
    /// Loading failed, or the module crashed ([`Failure::is_crash`]): nothing runs there.
    Failed(Failure),
    /// The current route is not one of the module's: the slot's element is hidden, and
    /// nothing is mounted (its code, once loaded, is kept for the next visit) unless the
    /// registry keeps the module alive (`keep_alive`): then its instance stays, hidden, as
    /// `mounted` says.
    Inactive,
}

impl SlotPhase {
    /// `loading`, `mounted`, `failed`, `crashed` or `inactive`.
    pub fn name(&self) -> &'static str {
        match self {
            SlotPhase::Loading => "loading",
            SlotPhase::Mounted => "mounted",
            SlotPhase::Failed(f) if f.error.is_crash() => "crashed",
            SlotPhase::Failed(_) => "failed",
            SlotPhase::Inactive => "inactive",
        }
    }
}

/// What runs in a slot.
#[derive(Debug, Clone, PartialEq)]
pub struct MountedInfo {
    /// Module name, as its manifest says.
    pub module: String,
    /// Its version.
    pub version: String,
    /// Origin its code came from.
    pub origin: String,
    /// The manifest it was loaded from.
    pub manifest_url: String,
    /// How long each phase took.
    pub timings: Timings,
    /// How many fetches `boot.js`'s preloads served.
    pub preloaded: u32,
    /// Whether its glue was parsed while the shell started (`boot.js` module-preloaded it).
    pub preparsed: bool,
    /// Bytes of its code and styles, as the manifest lists them.
    pub bytes: u64,
    /// Linear memory of its wasm instance after its first render.
    pub wasm_memory: u64,
}

/// Everything a UI shows about one slot.
#[derive(Debug, Clone, PartialEq)]
pub struct SlotStatus {
    /// Slot name (`data-flotilla-slot`).
    pub slot: String,
    /// Module the registry names for it.
    pub module: String,
    /// The registry's manifest URL for it (where Reset goes back to).
    pub registry_manifest: String,
    /// Where the slot is.
    pub phase: SlotPhase,
    /// What runs there (kept while a failed swap leaves it running).
    pub mounted: Option<MountedInfo>,
    /// A swap or update is under way.
    pub swapping: bool,
    /// The last swap failed and the previous version keeps running.
    pub notice: Option<Failure>,
    /// A new version on offer (update policy `prompt`).
    pub offered: Option<String>,
    /// The slot runs a developer's override of its manifest URL.
    pub overridden: bool,
}

type Listener = Box<dyn Fn(&HostEvent)>;

/// Subscribers of the stream.
#[derive(Default)]
pub(crate) struct Emitter {
    listeners: RefCell<Vec<(u64, Rc<Listener>)>>,
    next: std::cell::Cell<u64>,
}

/// Keeps a listener subscribed; dropping it unsubscribes.
pub struct EventSubscription {
    emitter: Weak<Emitter>,
    id: u64,
}

impl Emitter {
    pub(crate) fn subscribe(
        self: &Rc<Self>,
        listener: impl Fn(&HostEvent) + 'static,
    ) -> EventSubscription {
        let id = self.next.get();
        self.next.set(id + 1);
        let listener: Rc<Listener> = Rc::new(Box::new(listener));
        self.listeners.borrow_mut().push((id, listener));
        EventSubscription {
            emitter: Rc::downgrade(self),
            id,
        }
    }

    pub(crate) fn emit(&self, event: &HostEvent) {
        // Listeners may subscribe or unsubscribe while being told: tell a snapshot.
        let listeners: Vec<Rc<Listener>> = self
            .listeners
            .borrow()
            .iter()
            .map(|(_, l)| l.clone())
            .collect();
        for listener in listeners {
            listener(event);
        }
    }
}

impl Drop for EventSubscription {
    fn drop(&mut self) {
        if let Some(emitter) = self.emitter.upgrade() {
            emitter
                .listeners
                .borrow_mut()
                .retain(|(id, _)| *id != self.id);
        }
    }
}
