//! Flotilla's override panel, as a module: the shell's host loads it from the shell's own
//! origin, verified like any module, only when `?devtools` or Ctrl+Shift+F asks for it. It
//! reads and drives the page through `window.flotilla` (see [`page_api`]), so it shares no
//! Rust types with the host that loads it. Its UI is written against the DOM ([`dom`]), not
//! Yew: a tool should cost the page little.

mod dom;
mod page_api;
mod panel;
mod row;

use panel::Panel;

flotilla_module::expose!(view Panel as mount);

/// Nothing to start: a host mounts the module through `mount`, and so does its own page (the
/// standalone harness its `index.html` includes).
fn main() {}
