//! Reports a module's panic to the host before the wasm trap.

use std::sync::Once;

static INSTALL: Once = Once::new();

/// Installs a panic hook that logs the panic and dispatches `flotilla:crash` on `window` with
/// a [`CrashReport`](flotilla_contract::crash::CrashReport); the host marks the module's slot as
/// crashed. One wasm instance serves one mount, so the first mount's names are the instance's.
#[cfg(not(panic = "immediate-abort"))]
pub fn install_crash_reporter(module: &str, instance: &str, token: Option<&str>) {
    use flotilla_contract::abi::CRASH_EVENT;
    use flotilla_contract::crash::CrashReport;
    use wasm_bindgen::JsValue;
    use web_sys::{CustomEvent, CustomEventInit};

    let module = module.to_owned();
    let instance = instance.to_owned();
    let token = token.map(str::to_owned);
    INSTALL.call_once(move || {
        yew::set_custom_panic_hook(Box::new(move |info| {
            let message = info.to_string();
            web_sys::console::error_1(&JsValue::from_str(&format!(
                "[{module}] panicked: {message}"
            )));
            let report = CrashReport {
                module: module.clone(),
                instance: Some(instance.clone()),
                token: token.clone(),
                message,
            };
            let detail = flotilla_wire::to_js(&report);
            let init = CustomEventInit::new();
            init.set_detail(&detail);
            if let (Some(window), Ok(event)) = (
                web_sys::window(),
                CustomEvent::new_with_event_init_dict(CRASH_EVENT, &init),
            ) {
                let _ = window.dispatch_event(&event);
            }
        }));
    });
}

/// A build whose panics trap at once (`-Cpanic=immediate-abort`, the release builds) runs no
/// panic hook: the glue's trap guard reports the trap to the host. An empty hook keeps Yew's
/// default one (console logging) out of the build as well.
#[cfg(panic = "immediate-abort")]
pub fn install_crash_reporter(_module: &str, _instance: &str, _token: Option<&str>) {
    INSTALL.call_once(|| yew::set_custom_panic_hook(Box::new(|_| {})));
}
