//! Guards a wasm-bindgen glue against silent traps: every call into the wasm goes through a
//! wrapper that tells the host, once, when the wasm traps, then rethrows. A build that aborts on
//! panic (no panic hook runs) and a stack overflow both end in a trap, which the host then
//! shows as the module's crash.
//!
//! The host hands the glue its reporting function through [`TRAP_EXPORT`] after the instance
//! starts; the function carries the mount's token, so no other script can report for it.
//!
//! The guarded glue also gets [`RELEASE_EXPORT`]: the host calls it when it is done with the
//! instance (replaced, crashed), and the glue drops every reference it keeps to the instance,
//! its memory and its compiled module, so the browser can collect them (the module map keeps
//! the glue itself for the page's life). Calls that still arrive (a late timer, a finalizer)
//! reach a stand-in that does nothing.

use anyhow::{bail, Result};
use flotilla_contract::abi::{RELEASE_EXPORT, TRAP_EXPORT};

/// The line of wasm-bindgen's `__wbg_finalize_init` that keeps the instance's exports.
const EXPORTS_LINE: &str = "wasm = instance.exports;";

/// What marks a file as wasm-bindgen glue.
const GLUE_MARK: &str = "function __wbg_finalize_init(";

/// `js` with its exports guarded when it is wasm-bindgen glue; other files as they are. Fails
/// when glue does not keep its exports the way this wasm-bindgen version does.
pub fn guard(js: &str) -> Result<String> {
    if !js.contains(GLUE_MARK) {
        return Ok(js.to_owned());
    }
    if js.contains(TRAP_EXPORT) {
        return Ok(js.to_owned());
    }
    if js.matches(EXPORTS_LINE).count() != 1 {
        bail!(
            "the wasm-bindgen glue does not assign `{EXPORTS_LINE}` exactly once; \
             the trap guard does not know this wasm-bindgen version"
        );
    }
    let guarded = js.replacen(EXPORTS_LINE, "wasm = __flotillaGuard(instance.exports);", 1);
    Ok(format!("{guarded}\n{}{}", guard_code(), release_code(js)))
}

/// The glue's top-level `let` names (`let a, b = 1;` gives `a` and `b`).
fn top_level_lets(js: &str) -> Vec<&str> {
    js.lines()
        .filter_map(|line| line.strip_prefix("let "))
        .filter_map(|rest| rest.split(';').next())
        .flat_map(|names| names.split(','))
        .filter_map(|name| name.split('=').next())
        .map(str::trim)
        .collect()
}

/// [`RELEASE_EXPORT`]: `wasm` becomes the stand-in; the cached views of the memory, the
/// instance, the compiled module and the init promise (which holds the exports) are dropped.
fn release_code(js: &str) -> String {
    let mut resets = String::new();
    for name in top_level_lets(js) {
        let value = match name {
            "wasmInstance" | "wasmModule" | "__wbg_init_promise" => "undefined",
            n if n.starts_with("cached") && n.contains("Memory") => "null",
            _ => continue,
        };
        resets.push_str(&format!("    {name} = {value};\n"));
    }
    format!(
        r#"let __flotillaScratch;
const __flotillaReleased = new Proxy(function () {{}}, {{
    get: (_, key) => key === Symbol.toPrimitive ? () => 0
        : key === "buffer" ? (__flotillaScratch ??= new ArrayBuffer(65536))
        : __flotillaReleased,
    apply: () => __flotillaReleased,
}});
export function {RELEASE_EXPORT}() {{
    wasm = __flotillaReleased;
{resets}}}
"#
    )
}

/// The wrapper and the export through which the host subscribes.
fn guard_code() -> String {
    format!(
        r#"let __flotillaOnTrap = null;
let __flotillaTrapped = false;
export function {TRAP_EXPORT}(report) {{
    __flotillaOnTrap = typeof report === "function" ? report : null;
}}
function __flotillaGuard(exports) {{
    const guarded = {{}};
    for (const [name, value] of Object.entries(exports)) {{
        guarded[name] = typeof value !== "function" ? value : (...args) => {{
            try {{
                return value(...args);
            }} catch (error) {{
                if (error instanceof WebAssembly.RuntimeError && __flotillaOnTrap && !__flotillaTrapped) {{
                    __flotillaTrapped = true;
                    __flotillaOnTrap(String(error));
                }}
                throw error;
            }}
        }};
    }}
    return guarded;
}}
"#
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    const GLUE: &str = "let cachedUint8ArrayMemory0 = null;\nlet wasmModule, wasmInstance, wasm;\n\
                        function __wbg_finalize_init(instance, module) {\n    \
                        wasm = instance.exports;\n    return wasm;\n}\n\
                        let __wbg_init_promise;\nexport function mount() {}\n";

    #[test]
    fn ok_glue_keeps_guarded_exports_and_gains_the_trap_export() {
        let guarded = guard(GLUE).unwrap();
        assert!(guarded.contains("wasm = __flotillaGuard(instance.exports);"));
        assert!(!guarded.contains(EXPORTS_LINE));
        assert!(guarded.contains(&format!("export function {TRAP_EXPORT}(")));
    }

    #[test]
    fn ok_release_drops_the_instance_its_memory_views_module_and_init_promise() {
        let guarded = guard(GLUE).unwrap();
        let release = &guarded[guarded
            .find(&format!("export function {RELEASE_EXPORT}("))
            .unwrap()..];
        for reset in [
            "wasm = __flotillaReleased;",
            "cachedUint8ArrayMemory0 = null;",
            "wasmModule = undefined;",
            "wasmInstance = undefined;",
            "__wbg_init_promise = undefined;",
        ] {
            assert!(release.contains(reset), "{reset} missing from {release}");
        }
    }

    #[test]
    fn ok_other_files_and_guarded_glue_stay_as_they_are() {
        let boot = "addEventListener('load', () => {});\n";
        assert_eq!(guard(boot).unwrap(), boot);
        let once = guard(GLUE).unwrap();
        assert_eq!(guard(&once).unwrap(), once);
    }

    #[test]
    fn err_glue_of_another_shape_names_the_line_it_looked_for() {
        let other = GLUE.replace(EXPORTS_LINE, "wasm = instance.exports ;");
        let error = guard(&other).unwrap_err().to_string();
        assert!(error.contains(EXPORTS_LINE), "{error}");
    }
}
