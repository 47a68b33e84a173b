//! Short import names. wasm-bindgen names each function a wasm imports from its glue
//! `__wbg_<name>_<16 hex digits>`: a hash brotli cannot compress, written twice (in the wasm's
//! import section and as a key of the glue's import object), for every function of the
//! browser an app calls — 174 in the shell. Its closure shims, which the wasm exports to the
//! glue, are named after their Rust types and crates' hashes (200 characters each). [`dist`]
//! renames them `a`, `b`, … `ba` … and `_a`, `_b` … in both files of each build, the module
//! they are imported from (`./<app>-<hash>_bg.js`, written before each of them) `g`, and
//! rewrites the pages' integrity of the two files. It runs before the JS is minified; the names
//! of other imports (wasm-bindgen snippets) and exports (`memory`, the mount functions) stay as
//! they are. It also drops the custom sections no browser reads ([`UNREAD`]).

use std::fs;
use std::path::Path;

use anyhow::{bail, Context, Result};

use crate::files::{glue_of, with_ext};
use crate::manifest::integrity;

/// A custom section's id.
const CUSTOM_SECTION: u8 = 0;
/// The wasm section holding the imports.
const IMPORT_SECTION: u8 = 2;
/// The wasm section holding the exports.
const EXPORT_SECTION: u8 = 7;
/// An import's kind byte for a function.
const FUNCTION: u8 = 0;
/// The short name of the glue as the module the wasm imports from.
const GLUE_MODULE: &str = "g";

/// Shortens the names between every wasm at the top of `dist` and its glue (trunk's
/// `<app>-<hash>_bg.wasm` and `<app>-<hash>.js`); returns how many names it shortened.
pub fn dist(dist: &Path) -> Result<usize> {
    let mut renamed = 0;
    let mut replaced = Vec::new();
    for wasm_path in with_ext(dist, "wasm")? {
        if wasm_path.parent() != Some(dist) {
            continue;
        }
        let Some(glue_path) = glue_of(&wasm_path) else {
            continue;
        };
        let wasm =
            fs::read(&wasm_path).with_context(|| format!("reading {}", wasm_path.display()))?;
        let glue = fs::read_to_string(&glue_path)
            .with_context(|| format!("reading {}", glue_path.display()))?;
        let stripped = drop_unread_sections(&wasm)
            .with_context(|| format!("reading the sections of {}", wasm_path.display()))?;
        let (new_wasm, new_glue, count) = shorten(&stripped, &glue)
            .with_context(|| format!("shortening the imports of {}", wasm_path.display()))?;
        if new_wasm == wasm {
            continue;
        }
        replaced.push((integrity(&wasm), integrity(&new_wasm)));
        replaced.push((integrity(glue.as_bytes()), integrity(new_glue.as_bytes())));
        fs::write(&wasm_path, &new_wasm)?;
        fs::write(&glue_path, &new_glue)?;
        renamed += count;
    }
    crate::manifest::rewrite_integrity(dist, &replaced)?;
    Ok(renamed)
}

/// `wasm` and `glue` with the glue's function imports and the closure shims the wasm exports
/// to it renamed; how many names were.
pub fn shorten(wasm: &[u8], glue: &str) -> Result<(Vec<u8>, String, usize)> {
    let original = wasm;
    let exported = export_names(wasm)?;
    // A short name is free when it is no JS reserved word, no export's name and no identifier
    // of the glue already.
    let mut names = (0..).map(short_name).filter(|name| {
        !RESERVED.contains(&name.as_str())
            && !exported
                .iter()
                .any(|e| e == name || e == &format!("_{name}"))
            && !has_identifier(glue, name)
            && !has_identifier(glue, &format!("_{name}"))
    });
    let mut renames = Vec::new();
    let mut glue_modules = Vec::new();
    let Some(wasm) = rewrite_section(wasm, IMPORT_SECTION, |reader, body| {
        let module = reader.name()?;
        let field = reader.name()?;
        let kind = reader.byte()?;
        if kind != FUNCTION {
            // Another kind of import (a memory, a table): not wasm-bindgen's usual output, so
            // the module is left as it is.
            return Ok(false);
        }
        let ty = reader.leb()?;
        let from_glue = module == "wbg"
            || (module.starts_with("./")
                && module.ends_with("_bg.js")
                && !module.contains("/snippets/"));
        let (module, field) = if from_glue {
            let short = names.next().expect("endless names");
            renames.push((field.to_owned(), short.clone()));
            if module != GLUE_MODULE && !glue_modules.iter().any(|m| m == module) {
                glue_modules.push(module.to_owned());
            }
            (GLUE_MODULE, short)
        } else {
            (module, field.to_owned())
        };
        push_name(body, module);
        push_name(body, &field);
        body.push(kind);
        body.extend(leb(ty));
        Ok(true)
    })?
    else {
        return Ok((wasm.to_vec(), glue.to_owned(), 0));
    };
    let Some(wasm) = rewrite_section(&wasm, EXPORT_SECTION, |reader, body| {
        let name = reader.name()?;
        let kind = reader.byte()?;
        let index = reader.leb()?;
        // wasm-bindgen's own exports the glue never calls keep their names.
        let internal = is_bindgen_internal(name) && has_identifier(glue, name);
        let name = if is_closure_shim(name) || internal {
            let short = format!("_{}", names.next().expect("endless names"));
            renames.push((name.to_owned(), short.clone()));
            short
        } else {
            name.to_owned()
        };
        push_name(body, &name);
        body.push(kind);
        body.extend(leb(index));
        Ok(true)
    })?
    else {
        return Ok((original.to_vec(), glue.to_owned(), 0));
    };
    let mut glue = glue.to_owned();
    for (long, short) in &renames {
        glue = replace_identifier(&glue, long, short)
            .with_context(|| format!("the glue has no import or export named {long}"))?;
    }
    if glue_modules.len() > 1 {
        bail!("the wasm imports from more than one glue module: {glue_modules:?}");
    }
    for module in &glue_modules {
        // The import object's key, written as wasm-bindgen writes it.
        let key = format!("\"{module}\"");
        if !glue.contains(&key) {
            bail!("the glue has no import object keyed {key}");
        }
        glue = glue.replace(&key, &format!("\"{GLUE_MODULE}\""));
    }
    wasmparser::Validator::new_with_features(wasmparser::WasmFeatures::all())
        .validate_all(&wasm)
        .context("the wasm with short names does not validate")?;
    Ok((wasm, glue, renames.len()))
}

/// Words a short name must not be (JS reserved words of one to three letters and longer ones
/// a few thousand names could reach).
const RESERVED: &[&str] = &[
    "do", "if", "in", "for", "let", "new", "try", "var", "case", "else", "enum", "eval", "null",
    "this", "true", "void", "with",
];

/// The names a wasm exports.
fn export_names(wasm: &[u8]) -> Result<Vec<String>> {
    let mut names = Vec::new();
    for payload in wasmparser::Parser::new(0).parse_all(wasm) {
        if let wasmparser::Payload::ExportSection(exports) = payload? {
            for export in exports {
                names.push(export?.name.to_owned());
            }
        }
    }
    Ok(names)
}

/// Whether `text` has `name` as a whole identifier.
fn has_identifier(text: &str, name: &str) -> bool {
    text.match_indices(name)
        .any(|(at, _)| is_whole_identifier(text, at, name.len()))
}

/// Whether the `len` bytes of `text` at `at` are a whole identifier (no identifier character
/// just before or after them).
fn is_whole_identifier(text: &str, at: usize, len: usize) -> bool {
    let is_ident = |c: char| c.is_ascii_alphanumeric() || c == '_' || c == '$';
    !text[..at].chars().next_back().is_some_and(is_ident)
        && !text[at + len..].chars().next().is_some_and(is_ident)
}

/// Whether an export is one of wasm-bindgen's own functions or tables, which only the glue
/// calls (`__wbindgen_malloc`, `__externref_table_alloc`, `__wbg_<type>_free`).
fn is_bindgen_internal(name: &str) -> bool {
    ["__wbindgen_", "__externref_", "__wbg_"]
        .iter()
        .any(|prefix| name.starts_with(prefix))
}

/// Whether an export is one of wasm-bindgen's closure shims
/// (`wasm_bindgen_a0e2943c55c7281d___convert__closures_____invoke___…`), named after its Rust
/// types and crate hashes.
fn is_closure_shim(name: &str) -> bool {
    name.strip_prefix("wasm_bindgen_")
        .and_then(|rest| rest.get(..16))
        .is_some_and(|hash| hash.bytes().all(|b| b.is_ascii_hexdigit()))
}

/// `wasm` with the entries of its section `id` rewritten one by one by `entry` (which reads
/// one from the reader and writes it to the body); `Some(wasm)` unchanged when it has no such
/// section, `None` when `entry` declines one.
fn rewrite_section(
    wasm: &[u8],
    id: u8,
    mut entry: impl FnMut(&mut Reader, &mut Vec<u8>) -> Result<bool>,
) -> Result<Option<Vec<u8>>> {
    let Some(Section {
        header, start, end, ..
    }) = section(wasm, id)?
    else {
        return Ok(Some(wasm.to_vec()));
    };
    let mut reader = Reader {
        bytes: &wasm[start..end],
        at: 0,
    };
    let count = reader.leb()?;
    let mut body = leb(count);
    for _ in 0..count {
        if !entry(&mut reader, &mut body)? {
            return Ok(None);
        }
    }
    if reader.at != reader.bytes.len() {
        bail!("section {id} has bytes after its last entry");
    }
    // The section's header: its id and size, then the new body.
    let mut out = wasm[..header].to_vec();
    out.push(id);
    out.extend(leb(body.len() as u32));
    out.extend(body);
    out.extend(&wasm[end..]);
    Ok(Some(out))
}

/// Custom sections no browser reads: which compilers made the module, and its features for
/// linkers (about 250 bytes an app; wasm-opt dropped the name section already).
const UNREAD: &[&str] = &["producers", "target_features"];

/// `wasm` without its [`UNREAD`] custom sections.
fn drop_unread_sections(wasm: &[u8]) -> Result<Vec<u8>> {
    let mut out = wasm[..8.min(wasm.len())].to_vec();
    for section in sections(wasm)? {
        let Section {
            id,
            header,
            start,
            end,
        } = section?;
        let unread = id == CUSTOM_SECTION
            && UNREAD.contains(
                &Reader {
                    bytes: &wasm[..end],
                    at: start,
                }
                .name()?,
            );
        if !unread {
            out.extend(&wasm[header..end]);
        }
    }
    Ok(out)
}

/// `a` … `z`, `A` … `Z`, then `ba`, `bb` …: the `n`th short name.
fn short_name(mut n: usize) -> String {
    const ALPHABET: &[u8] = b"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";
    let base = ALPHABET.len();
    let mut out = vec![ALPHABET[n % base]];
    n /= base;
    while n > 0 {
        out.push(ALPHABET[n % base]);
        n /= base;
    }
    out.reverse();
    String::from_utf8(out).expect("ASCII")
}

/// `text` with every whole identifier `long` replaced by `short`; `None` if there is none.
fn replace_identifier(text: &str, long: &str, short: &str) -> Option<String> {
    let mut out = String::with_capacity(text.len());
    let mut copied = 0;
    for (at, _) in text.match_indices(long) {
        if is_whole_identifier(text, at, long.len()) {
            out.push_str(&text[copied..at]);
            out.push_str(short);
            copied = at + long.len();
        }
    }
    if copied == 0 {
        return None;
    }
    out.push_str(&text[copied..]);
    Some(out)
}

/// The first section with `id`, if the module has one.
fn section(wasm: &[u8], id: u8) -> Result<Option<Section>> {
    for section in sections(wasm)? {
        let section = section?;
        if section.id == id {
            return Ok(Some(section));
        }
    }
    Ok(None)
}

/// One section of a module: its id, where its header (id and size) starts, and the byte range
/// of its content.
struct Section {
    id: u8,
    header: usize,
    start: usize,
    end: usize,
}

/// The sections of `wasm`, in order; an error for one that runs past the end.
fn sections(wasm: &[u8]) -> Result<impl Iterator<Item = Result<Section>> + '_> {
    if wasm.get(..4) != Some(b"\0asm") {
        bail!("not a wasm module");
    }
    let mut reader = Reader { bytes: wasm, at: 8 };
    Ok(std::iter::from_fn(move || {
        if reader.at >= wasm.len() {
            return None;
        }
        let header = reader.at;
        let section = (|| {
            let id = reader.byte()?;
            let size = reader.leb()? as usize;
            let start = reader.at;
            let end = start + size;
            if end > wasm.len() {
                bail!("section {id} runs past the end of the module");
            }
            Ok(Section {
                id,
                header,
                start,
                end,
            })
        })();
        // After an error, nothing more is read.
        reader.at = match &section {
            Ok(s) => s.end,
            Err(_) => wasm.len(),
        };
        Some(section)
    }))
}

fn leb(mut value: u32) -> Vec<u8> {
    let mut out = Vec::new();
    loop {
        let byte = (value & 0x7f) as u8;
        value >>= 7;
        if value == 0 {
            out.push(byte);
            return out;
        }
        out.push(byte | 0x80);
    }
}

fn push_name(out: &mut Vec<u8>, name: &str) {
    out.extend(leb(name.len() as u32));
    out.extend(name.as_bytes());
}

/// Reads a wasm's bytes from `at`.
struct Reader<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl<'a> Reader<'a> {
    fn byte(&mut self) -> Result<u8> {
        let Some(&byte) = self.bytes.get(self.at) else {
            bail!("the module ends early");
        };
        self.at += 1;
        Ok(byte)
    }

    fn leb(&mut self) -> Result<u32> {
        let mut value = 0u32;
        for shift in (0..35).step_by(7) {
            let byte = self.byte()?;
            value |= u32::from(byte & 0x7f) << shift;
            if byte & 0x80 == 0 {
                return Ok(value);
            }
        }
        bail!("a number of the module is too long")
    }

    fn name(&mut self) -> Result<&'a str> {
        let len = self.leb()? as usize;
        let Some(bytes) = self.bytes.get(self.at..self.at + len) else {
            bail!("a name runs past the end of the module");
        };
        self.at += len;
        std::str::from_utf8(bytes).context("a name is not UTF-8")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A module importing `./app_bg.js`'s two functions and a snippet's, all `() -> ()`.
    fn module() -> Vec<u8> {
        let mut imports = leb(3);
        for (module, field) in [
            ("./app_bg.js", "__wbg_log_0123456789abcdef"),
            ("./snippets/app-1/inline0.js", "dyn_import"),
            ("./app_bg.js", "__wbg_now_fedcba9876543210"),
        ] {
            push_name(&mut imports, module);
            push_name(&mut imports, field);
            imports.extend([FUNCTION, 0]);
        }
        let mut exports = leb(3);
        for (name, index) in [("mount", 3), (SHIM, 4), ("__wbindgen_malloc", 3)] {
            push_name(&mut exports, name);
            exports.extend([FUNCTION, index]);
        }
        let mut wasm = b"\0asm\x01\0\0\0".to_vec();
        wasm.extend([1, 4, 1, 0x60, 0, 0]); // type section: one () -> ()
        wasm.push(IMPORT_SECTION);
        wasm.extend(leb(imports.len() as u32));
        wasm.extend(imports);
        wasm.extend([3, 3, 2, 0, 0]); // function section: two () -> ()
        wasm.push(EXPORT_SECTION);
        wasm.extend(leb(exports.len() as u32));
        wasm.extend(exports);
        wasm.extend([10, 7, 2, 2, 0, 0x0b, 2, 0, 0x0b]); // code section: two empty bodies
        for name in ["producers", "names"] {
            let mut custom = Vec::new();
            push_name(&mut custom, name);
            custom.extend(b"data");
            wasm.push(CUSTOM_SECTION);
            wasm.extend(leb(custom.len() as u32));
            wasm.extend(custom);
        }
        wasm
    }

    const SHIM: &str = "wasm_bindgen_a0e2943c55c7281d___convert__closures_____invoke_______true_";

    const GLUE: &str = r#"const imports = { "./app_bg.js": { __wbg_log_0123456789abcdef: function(a) { console.log(a) }, __wbg_now_fedcba9876543210() { return Date.now() } }, "./snippets/app-1/inline0.js": s }; const x__wbg_log_0123456789abcdef = 1; wasm.wasm_bindgen_a0e2943c55c7281d___convert__closures_____invoke_______true_(a); wasm.mount(b); wasm.__wbindgen_malloc(8);"#;

    #[test]
    fn ok_the_glues_imports_get_short_names_in_both_files() {
        let (wasm, glue, count) = shorten(&module(), GLUE).unwrap();
        assert_eq!(count, 4);
        let mut names = Vec::new();
        for payload in wasmparser::Parser::new(0).parse_all(&wasm) {
            match payload.unwrap() {
                wasmparser::Payload::ImportSection(reader) => {
                    for imports in reader {
                        if let wasmparser::Imports::Single(_, import) = imports.unwrap() {
                            names.push(format!("{}.{}", import.module, import.name));
                        }
                    }
                }
                wasmparser::Payload::ExportSection(reader) => {
                    for export in reader {
                        names.push(export.unwrap().name.to_owned());
                    }
                }
                _ => {}
            }
        }
        assert_eq!(
            names,
            [
                // `a` and `b` are identifiers of the glue already: skipped.
                "g.c",
                "./snippets/app-1/inline0.js.dyn_import",
                "g.d",
                "mount",
                "_e",
                "_f",
            ]
        );
        wasmparser::Validator::new().validate_all(&wasm).unwrap();
        assert!(glue.contains(r#"{ "g": { c: function(a)"#), "{glue}");
        assert!(
            glue.contains(r#""./snippets/app-1/inline0.js": s"#),
            "{glue}"
        );
        assert!(glue.contains(", d() {"), "{glue}");
        assert!(glue.contains("wasm.mount(b); wasm._f(8);"), "{glue}");
        assert!(
            glue.contains("x__wbg_log_0123456789abcdef = 1"),
            "only whole names: {glue}"
        );
    }

    #[test]
    fn err_a_glue_without_the_wasms_import_is_refused() {
        let glue = GLUE.replace("__wbg_now_fedcba9876543210", "__wbg_now_0000000000000000");
        let err = shorten(&module(), &glue).unwrap_err();
        assert!(
            format!("{err:#}").contains("no import or export named __wbg_now_fedcba9876543210"),
            "{err:#}"
        );
    }

    #[test]
    fn ok_custom_sections_no_browser_reads_are_dropped() {
        let wasm = drop_unread_sections(&module()).unwrap();
        let mut customs = Vec::new();
        for payload in wasmparser::Parser::new(0).parse_all(&wasm) {
            if let wasmparser::Payload::CustomSection(custom) = payload.unwrap() {
                customs.push(custom.name().to_owned());
            }
        }
        assert_eq!(customs, ["names"]);
        // Its id, size and name length, its name and its content are gone.
        let section = 3 + "producers".len() + "data".len();
        assert_eq!(wasm.len(), module().len() - section);
        wasmparser::Validator::new().validate_all(&wasm).unwrap();
    }

    #[test]
    fn err_a_glue_without_the_import_objects_key_is_refused() {
        let glue = GLUE.replace(r#""./app_bg.js""#, "app_bg");
        let err = shorten(&module(), &glue).unwrap_err();
        assert!(
            format!("{err:#}").contains(r#"no import object keyed "./app_bg.js""#),
            "{err:#}"
        );
    }

    #[test]
    fn ok_short_names_are_distinct() {
        let names: std::collections::BTreeSet<String> = (0..3000).map(short_name).collect();
        assert_eq!(names.len(), 3000);
        assert_eq!(short_name(0), "a");
        assert_eq!(short_name(51), "Z");
        assert_eq!(short_name(52), "ba");
    }
}
