//! Reads the names an ES module exports, as wasm-bindgen writes them (`export function f(`,
//! `export class C`, `export { a as default, b }`) and as esbuild does (`export{x as f,…}`).
//!
//! A text scan, not a parser: enough for generated glue, used to check that minifying keeps
//! every export and that a module's glue has the exports the host calls.

use std::collections::BTreeSet;

/// Declarations an `export` can start, longest first.
const DECLARATIONS: [&str; 8] = [
    "async function*",
    "async function",
    "function*",
    "function",
    "class",
    "const",
    "let",
    "var",
];

/// The exported names of `js`.
pub fn exports(js: &str) -> BTreeSet<String> {
    let mut names = BTreeSet::new();
    let mut rest = js;
    while let Some(at) = rest.find("export") {
        let before = rest[..at].chars().next_back();
        let after = &rest[at + "export".len()..];
        rest = after;
        if before.is_some_and(|c| is_ident(c) || c == '.') || after.starts_with(is_ident) {
            continue;
        }
        let after = after.trim_start();
        if let Some(list) = after.strip_prefix('{') {
            let Some(end) = list.find('}') else { break };
            for item in list[..end].split(',') {
                let name = item.rsplit(" as ").next().unwrap_or_default().trim();
                if !name.is_empty() {
                    names.insert(name.to_owned());
                }
            }
            continue;
        }
        if after.starts_with("default") {
            names.insert("default".to_owned());
            continue;
        }
        if let Some(name) = declared(after) {
            names.insert(name);
        }
    }
    names
}

/// The name a declaration (`function f(`, `class C`, `const K=`) introduces.
fn declared(text: &str) -> Option<String> {
    for keyword in DECLARATIONS {
        let Some(decl) = text.strip_prefix(keyword) else {
            continue;
        };
        if !decl.starts_with(|c: char| c.is_whitespace() || c == '*') {
            continue;
        }
        let name: String = decl
            .trim_start_matches(|c: char| c.is_whitespace() || c == '*')
            .chars()
            .take_while(|c| is_ident(*c))
            .collect();
        return (!name.is_empty()).then_some(name);
    }
    None
}

fn is_ident(c: char) -> bool {
    c.is_alphanumeric() || c == '_' || c == '$'
}

#[cfg(test)]
mod tests {
    use super::exports;

    fn set(names: &[&str]) -> std::collections::BTreeSet<String> {
        names.iter().map(|n| (*n).to_owned()).collect()
    }

    #[test]
    fn ok_exports_of_wasm_bindgen_glue() {
        let glue = "import * as x from './snippets/a.js';\n\
                    export class FlotillaHandle {\n}\n\
                    export function flotilla_abi() {\n}\n\
                    export function mount(host, context) {\n  const exported = 1;\n}\n\
                    function __wbg_init() {}\n\
                    export { initSync, __wbg_init as default };\n";
        assert_eq!(
            exports(glue),
            set(&[
                "FlotillaHandle",
                "default",
                "flotilla_abi",
                "initSync",
                "mount"
            ])
        );
    }

    #[test]
    fn ok_exports_of_minified_glue() {
        let glue = "var A=class{};function Y(){}export{A as FlotillaHandle,H as default,\
                    Y as flotilla_abi,G as initSync,K as mount};";
        assert_eq!(
            exports(glue),
            set(&[
                "FlotillaHandle",
                "default",
                "flotilla_abi",
                "initSync",
                "mount"
            ])
        );
        assert_eq!(exports("export{a,b as c}"), set(&["a", "c"]));
        assert_eq!(
            exports("export const K=1;export async function f(){}export default 3"),
            set(&["K", "default", "f"])
        );
    }

    #[test]
    fn bad_lookalikes_are_not_exports() {
        assert_eq!(
            exports("x.export{a}; reexport{b}; exports.c = 1; const exported = 2;"),
            set(&[])
        );
    }
}
