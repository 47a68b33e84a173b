//! A module's UI written against the DOM, without Yew: for tooling that must stay small (the
//! override panel), or UI another library renders. It goes through the same mount ABI.

use web_sys::Element;

use super::context::MountContext;

/// A UI that renders itself into its host element, exposed with
/// `flotilla_module::expose!(view MyView as mount)`.
pub trait View: 'static {
    /// Renders into `host` (the host keeps the element; the view owns what it adds).
    fn mount(host: Element, context: MountContext) -> Self
    where
        Self: Sized;

    /// Takes a new context from the host; nothing by default.
    fn update(&mut self, _context: MountContext) {}

    /// Removes what [`View::mount`] added and stops whatever it started.
    fn unmount(&mut self);
}
