//! A slot of the page: its DOM, its task (load, swap, check, crash), mounting, and the one
//! update clock that watches every slot.

mod crash;
mod dom;
mod mount;
mod schedule;
mod task;
mod watch;

pub(crate) use crash::{listen as listen_for_crashes, CrashListener, MountId};
pub(crate) use dom::Pending;
pub(crate) use mount::start as start_mount;
pub use task::Swapped;
pub(crate) use task::{Command, SlotTask};
pub(crate) use watch::spawn as watch;
