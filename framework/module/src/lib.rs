//! The module side of Flotilla: a Yew component exposed as `mount(host, context)`.
//!
//! ```ignore
//! flotilla_module::expose!(Header as mount);
//! fn main() {}
//! ```
//! The glue then exports `mount(host, context) -> handle` with `handle.update(context)` and
//! `handle.unmount()`, and `flotilla_abi()`. A host calls `mount`; so does the module's own
//! page, through the standalone harness (`framework/module/standalone.js`), which also installs
//! a stand-in bus and store: none of that is in the module's wasm.

#![deny(missing_docs)]

mod context;
mod hooks;
mod mounted;
mod panic;
#[cfg(all(test, target_arch = "wasm32"))]
mod tests;
mod view;

pub use context::{ModuleProps, MountContext};
pub use hooks::{use_bus_event, use_route, use_shared_state};
pub use mounted::Mounted;
pub use panic::install_crash_reporter;
pub use view::View;

/// The page's bus and store, for modules that publish or subscribe outside the hooks.
pub use flotilla_bus as bus;
/// Quoting values in messages without `Debug` (release builds drop `Debug` output).
pub use flotilla_contract::text;

#[doc(hidden)]
pub mod __private {
    pub use flotilla_contract::abi::ABI_VERSION;
    pub use wasm_bindgen::{JsError, JsValue};
    pub use web_sys::Element;
}

/// Exposes a Yew component (whose properties are [`ModuleProps`]) through the mount ABI, or,
/// with `view`, a [`View`] written against the DOM: `expose!(Header as mount)`,
/// `expose!(view Panel as mount)`.
///
/// Generates, in the calling crate, the exported mount function named after `as`, the
/// `FlotillaHandle` class it returns and `flotilla_abi()`. Use it once per module.
#[macro_export]
macro_rules! expose {
    (view $view:ty as $export:ident) => {
        $crate::expose!(@abi $export, $crate::Mounted::mount_view::<$view>);
    };
    (@abi $export:ident, $mount:expr) => {
        /// Mounts the module into `host`; the host keeps the returned handle.
        #[wasm_bindgen::prelude::wasm_bindgen]
        pub fn $export(
            host: $crate::__private::Element,
            context: $crate::__private::JsValue,
        ) -> ::core::result::Result<FlotillaHandle, $crate::__private::JsError> {
            ($mount)(host, &context).map(FlotillaHandle)
        }

        /// A mounted component, as the host holds it.
        #[wasm_bindgen::prelude::wasm_bindgen]
        pub struct FlotillaHandle($crate::Mounted);

        #[wasm_bindgen::prelude::wasm_bindgen]
        impl FlotillaHandle {
            /// Hands the module a new context.
            pub fn update(
                &mut self,
                context: $crate::__private::JsValue,
            ) -> ::core::result::Result<(), $crate::__private::JsError> {
                self.0.update(&context)
            }

            /// Removes the component and its DOM from the host element.
            pub fn unmount(&mut self) {
                self.0.unmount()
            }
        }

        /// ABI version this module was built against.
        #[wasm_bindgen::prelude::wasm_bindgen]
        pub fn flotilla_abi() -> u32 {
            $crate::__private::ABI_VERSION
        }
    };
    ($component:ty as $export:ident) => {
        $crate::expose!(@abi $export, $crate::Mounted::mount::<$component>);
    };
}

/// Talc instead of Rust's default dlmalloc (the `talc` feature, on by default): smaller, faster.
#[cfg(all(
    feature = "talc",
    target_family = "wasm",
    not(target_feature = "atomics")
))]
#[global_allocator]
static ALLOCATOR: talc::wasm::WasmDynamicTalc = talc::wasm::new_wasm_dynamic_allocator();
