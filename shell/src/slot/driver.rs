//! What a slot does with its module over time: load it, swap it, check for a newer build.
//! One thing at a time: a swap asked for while another runs waits its turn.

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use flotilla_contract::registry::Remote;
use flotilla_contract::{LoadPolicy, Manifest};

use super::host::SlotHost;
use super::mount::load_and_mount;
use crate::error::HostError;
use crate::loader::{self, Failure};

/// The slot's manifest URL and the manifest of what is mounted.
pub struct Current {
    /// The manifest the slot loads (the registry's, an override's, or the last swap's).
    pub manifest_url: String,
    /// The manifest of the mounted version; `None` when nothing runs.
    pub mounted: Option<Manifest>,
    /// A build that failed to swap in for a reason retrying cannot fix; not offered again.
    pub rejected: Option<Manifest>,
}

/// Everything a slot's tasks need, cheap to clone.
#[derive(Clone)]
pub struct Driver {
    /// The slot's DOM.
    pub host: Rc<RefCell<SlotHost>>,
    remote: Remote,
    allowed: Rc<Vec<String>>,
    policy: LoadPolicy,
    /// What is loaded from where.
    pub current: Rc<RefCell<Current>>,
    busy: Rc<Cell<bool>>,
}

/// Holding it means it is this task's turn.
struct Turn(Rc<Cell<bool>>);

impl Drop for Turn {
    fn drop(&mut self) {
        self.0.set(false);
    }
}

impl Driver {
    /// A driver for `remote`'s slot, loading from `manifest_url`.
    pub fn new(
        host: Rc<RefCell<SlotHost>>,
        remote: Remote,
        allowed: Rc<Vec<String>>,
        policy: LoadPolicy,
        manifest_url: String,
    ) -> Self {
        Driver {
            host,
            remote,
            allowed,
            policy,
            current: Rc::new(RefCell::new(Current {
                manifest_url,
                mounted: None,
                rejected: None,
            })),
            busy: Rc::default(),
        }
    }

    /// Loads the current manifest's module and mounts it (first load, Retry, Restart).
    pub async fn load(&self, again: bool) -> Result<Manifest, Failure> {
        let _turn = self.turn().await;
        let url = self.current.borrow().manifest_url.clone();
        let manifest = self.mount_from(&url, again).await?;
        self.current.borrow_mut().mounted = Some(manifest.clone());
        Ok(manifest)
    }

    /// Replaces the mounted module with the one `url` describes; `None` when that very build
    /// is already mounted from there. On failure the old module stays mounted.
    pub async fn swap(&self, url: &str) -> Result<Option<Manifest>, Failure> {
        let _turn = self.turn().await;
        let next = loader::manifest_at(url, &self.allowed, &self.policy).await?;
        {
            let current = self.current.borrow();
            let same = current.manifest_url == url
                && current
                    .mounted
                    .as_ref()
                    .is_some_and(|m| same_build(m, &next));
            if same {
                return Ok(None);
            }
        }
        self.host.borrow().set_data("swap", "pending");
        let mounted = self.mount_from(url, false).await;
        self.host.borrow().set_data("swap", "");
        if let Err(failure) = &mounted {
            if !failure.error.is_transient() {
                self.current.borrow_mut().rejected = Some(next);
            }
        }
        let manifest = mounted?;
        let mut current = self.current.borrow_mut();
        current.manifest_url = url.to_owned();
        current.mounted = Some(manifest.clone());
        Ok(Some(manifest))
    }

    /// A build other than the mounted one at the current URL, if there is one (one attempt:
    /// the watcher backs off by itself).
    pub async fn check(&self) -> Result<Option<Manifest>, HostError> {
        let url = self.current.borrow().manifest_url.clone();
        if self.current.borrow().mounted.is_none() {
            return Ok(None);
        }
        let mut once = self.policy;
        once.retry.attempts = 1;
        let next = loader::manifest_at(&url, &self.allowed, &once)
            .await
            .map_err(|f| f.error)?;
        // Compared with what is mounted now: a swap may have finished meanwhile.
        let current = self.current.borrow();
        let known = current.manifest_url != url
            || current
                .mounted
                .as_ref()
                .is_none_or(|m| same_build(m, &next))
            || current
                .rejected
                .as_ref()
                .is_some_and(|r| same_build(r, &next));
        Ok((!known).then_some(next))
    }

    /// Forgets the mounted module after it crashed.
    pub fn crashed(&self) {
        self.current.borrow_mut().mounted = None;
    }

    async fn mount_from(&self, url: &str, again: bool) -> Result<Manifest, Failure> {
        let mut remote = self.remote.clone();
        remote.manifest = url.to_owned();
        load_and_mount(&self.host, &remote, &self.allowed, &self.policy, again).await
    }

    async fn turn(&self) -> Turn {
        while self.busy.get() {
            crate::loader::sleep(50).await;
        }
        self.busy.set(true);
        Turn(self.busy.clone())
    }
}

/// Whether two manifests describe the same code.
fn same_build(a: &Manifest, b: &Manifest) -> bool {
    a.assets.js.integrity == b.assets.js.integrity
        && a.assets.wasm.integrity == b.assets.wasm.integrity
}
