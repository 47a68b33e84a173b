//! What each crate costs an app: the code bytes of its wasm by crate, read from the function
//! names cargo's release build keeps. wasm-bindgen runs first (it keeps the name section), so
//! its descriptor functions are gone, as in the served wasm; wasm-opt, which shrinks the code
//! further and strips the names, does not. A generic function counts for the crate that
//! defines it (`alloc::vec::Vec<T>::push` is `alloc`'s, whoever instantiated it).

use std::collections::BTreeMap;
use std::path::Path;
use std::process::Command;

use anyhow::{bail, Context, Result};
use wasmparser::{KnownCustom, Name, Parser, Payload, TypeRef};

use crate::tools::Toolchain;
use crate::workspace::App;

/// Bytes of function bodies one crate contributes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CrateCode {
    /// The crate's name (`yew`, `core`, …); `(unnamed)` for functions without a Rust name.
    pub krate: String,
    /// Bytes of its function bodies.
    pub bytes: usize,
}

/// Code bytes of `app`'s last release build by crate, largest first: wasm-bindgen on the wasm
/// cargo built, then [`by_crate`].
pub fn of_app(app: &App, tools: &Toolchain) -> Result<Vec<CrateCode>> {
    let cargo_wasm = app
        .cargo_target_dir()
        .join("wasm32-unknown-unknown/release")
        .join(format!("{}.wasm", app.name));
    if !cargo_wasm.is_file() {
        bail!(
            "no release build of {} at {} (`cargo xtask build` makes one)",
            app.name,
            cargo_wasm.display()
        );
    }
    let out = app.cargo_target_dir().join("flotilla-crate-sizes");
    let status = Command::new("wasm-bindgen")
        .env("PATH", tools.path_env())
        .args(["--target", "web", "--out-dir"])
        .arg(&out)
        .arg(&cargo_wasm)
        .status()
        .context("running wasm-bindgen")?;
    if !status.success() {
        bail!("wasm-bindgen failed on {} ({status})", cargo_wasm.display());
    }
    of_file(&out.join(format!("{}_bg.wasm", app.name)))
}

/// Code bytes of the wasm at `path` by crate, largest first.
pub fn of_file(path: &Path) -> Result<Vec<CrateCode>> {
    let bytes = std::fs::read(path).with_context(|| format!("reading {}", path.display()))?;
    by_crate(&bytes).with_context(|| format!("reading the wasm {}", path.display()))
}

/// Code bytes of `wasm` by crate, largest first.
pub fn by_crate(wasm: &[u8]) -> Result<Vec<CrateCode>> {
    let mut imported = 0u32;
    let mut bodies = Vec::new();
    let mut names = BTreeMap::new();
    for payload in Parser::new(0).parse_all(wasm) {
        match payload? {
            Payload::ImportSection(reader) => {
                for import in reader.into_imports() {
                    if matches!(import?.ty, TypeRef::Func(_)) {
                        imported += 1;
                    }
                }
            }
            Payload::CodeSectionEntry(body) => {
                let range = body.range();
                bodies.push((range.end - range.start) as usize);
            }
            Payload::CustomSection(section) => {
                if let KnownCustom::Name(reader) = section.as_known() {
                    for name in reader {
                        if let Name::Function(map) = name? {
                            for naming in map {
                                let naming = naming?;
                                names.insert(naming.index, naming.name.to_owned());
                            }
                        }
                    }
                }
            }
            _ => {}
        }
    }
    if names.is_empty() {
        bail!("the wasm names none of its functions (no `name` section)");
    }
    let mut by_crate: BTreeMap<String, usize> = BTreeMap::new();
    for (i, size) in bodies.into_iter().enumerate() {
        let krate = names
            .get(&(imported + i as u32))
            .map_or_else(|| UNNAMED.to_owned(), |n| crate_of(n));
        *by_crate.entry(krate).or_default() += size;
    }
    let mut list: Vec<CrateCode> = by_crate
        .into_iter()
        .map(|(krate, bytes)| CrateCode { krate, bytes })
        .collect();
    list.sort_by(|a, b| b.bytes.cmp(&a.bytes).then_with(|| a.krate.cmp(&b.krate)));
    Ok(list)
}

const UNNAMED: &str = "(unnamed)";

/// The crate a (mangled) function name belongs to: the first path segment of the function, or
/// of the type its impl is for, or (for a type without a path, `<str as core::fmt::Display>`)
/// of the trait.
fn crate_of(symbol: &str) -> String {
    let demangled = format!("{:#}", rustc_demangle::demangle(symbol));
    let krate = first_crate(&demangled);
    if krate != UNNAMED {
        return krate;
    }
    match demangled.split_once(" as ") {
        Some((_, tr)) if demangled.starts_with('<') => first_crate(tr),
        _ => krate,
    }
}

/// The first path segment of `name` (after any `<`, `&`, `*const`, `dyn`, …), if it is one.
fn first_crate(name: &str) -> String {
    let path = name.trim_start_matches(['<', '&', '*', '[', '(']);
    let path = path.strip_prefix("mut ").unwrap_or(path);
    let path = path
        .strip_prefix("const ")
        .or_else(|| path.strip_prefix("dyn "))
        .unwrap_or(path);
    match path.split_once("::") {
        // A v0 name may carry the crate's disambiguator: `core[4c61260d5f5b686c]`.
        Some((krate, _)) if !krate.is_empty() && !krate.contains([' ', '<', '>']) => {
            krate.split('[').next().unwrap_or(krate).to_owned()
        }
        // Not a Rust path: an export or import shim (`__wbindgen_malloc`), or a C function.
        _ => UNNAMED.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_the_crate_of_functions_and_impls() {
        let cases = [
            ("_ZN3yew4html9component17h0123456789abcdefE", "yew"),
            ("_ZN4core3fmt5write17h0123456789abcdefE", "core"),
            ("core[4c61260d5f5b686c]::fmt::write", "core"),
            ("<alloc[b3f767ca4c87b0be]::string::String as core::fmt::Write>::write_str", "alloc"),
            ("<str as core[4c61260d5f5b686c]::fmt::Display>::fmt", "core"),
            ("<[u8] as core::fmt::Debug>::fmt", "core"),
            (
                "_ZN66_$LT$alloc..vec..Vec$LT$T$GT$$u20$as$u20$core..ops..drop..Drop$GT$4drop17h0123456789abcdefE",
                "alloc",
            ),
            ("__wbindgen_malloc", UNNAMED),
            ("memcpy", UNNAMED),
        ];
        for (symbol, krate) in cases {
            assert_eq!(crate_of(symbol), krate, "{symbol}");
        }
    }

    /// A module with two functions, with bodies of 7 and 2 bytes, and no names.
    fn code_only() -> Vec<u8> {
        let mut wasm = b"\0asm\x01\0\0\0".to_vec();
        wasm.extend([1, 4, 1, 0x60, 0, 0]); // types: () -> ()
        wasm.extend([3, 3, 2, 0, 0]); // two functions of type 0
                                      // code: [size, no locals, 5 nops, end] and [size, no locals, end]
        wasm.extend([10, 12, 2, 7, 0, 1, 1, 1, 1, 1, 0x0b, 2, 0, 0x0b]);
        wasm
    }

    /// [`code_only`] with its two functions named in a name section.
    fn module() -> Vec<u8> {
        let mut wasm = code_only();
        let names = [
            "_ZN3yew4html9component17h0123456789abcdefE",
            "_ZN4core3fmt5write17h0123456789abcdefE",
        ];
        let mut map = vec![names.len() as u8];
        for (i, name) in names.iter().enumerate() {
            map.extend([i as u8, name.len() as u8]);
            map.extend(name.as_bytes());
        }
        let mut section = vec![4];
        section.extend(b"name");
        section.extend([1, map.len() as u8]);
        section.extend(map);
        wasm.extend([0, section.len() as u8]);
        wasm.extend(section);
        wasm
    }

    #[test]
    fn adds_up_function_bodies_by_crate_largest_first() {
        let list = by_crate(&module()).unwrap();
        assert_eq!(
            list,
            vec![
                CrateCode {
                    krate: "yew".into(),
                    bytes: 7
                },
                CrateCode {
                    krate: "core".into(),
                    bytes: 2
                },
            ]
        );
    }

    #[test]
    fn a_wasm_without_names_is_an_error() {
        let error = by_crate(&code_only()).map(|_| ()).unwrap_err().to_string();
        assert!(error.contains("name"), "{error}");
    }

    #[test]
    fn a_file_that_is_not_wasm_is_an_error_naming_it() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("app.wasm");
        std::fs::write(&path, b"not wasm").unwrap();
        let error = format!("{:#}", of_file(&path).unwrap_err());
        assert!(error.contains("app.wasm"), "{error}");
    }
}
