//! Finds costly placeholders in the code of crates that build to wasm: `Debug` ones (`{:?}`,
//! `{name:?}`), since nightly release builds drop `Debug` output (`-Zfmt-debug=none`) and a
//! message using one would show nothing where the value should be; and precision ones (`{:.1}`),
//! which link Rust's float formatting (4 KB of wasm) into the app. Tests, comments and an inline
//! `#[cfg(test)] mod … {` (from that line to the end of the file) are not searched.

use std::fs;
use std::path::Path;

use anyhow::{Context, Result};

use crate::files;

/// Line numbers (from 1) of `text`'s code lines that hold a `Debug` or precision placeholder.
pub fn lines_with_placeholders(text: &str) -> Vec<usize> {
    let lines: Vec<&str> = text.lines().collect();
    let mut found = Vec::new();
    for (i, line) in lines.iter().enumerate() {
        let code = line.trim_start();
        if code.starts_with("#[cfg(test)]") && opens_inline_module(&lines[i + 1..]) {
            break;
        }
        if !code.starts_with("//") && has_placeholder(code) {
            found.push(i + 1);
        }
    }
    found
}

/// Whether the next item in `lines` is an inline module (`mod tests {`), not `mod tests;`.
fn opens_inline_module(lines: &[&str]) -> bool {
    lines
        .iter()
        .map(|l| l.trim())
        .find(|l| !l.is_empty() && !l.starts_with("//") && !l.starts_with("#["))
        .is_some_and(|l| {
            let l = l.strip_prefix("pub ").unwrap_or(l);
            l.starts_with("mod ") && l.ends_with('{')
        })
}

/// Whether `line` has a `{…:…?}` or `{…:….N}` placeholder (`{{` is an escaped brace, not one);
/// a brace that opens a block or a struct literal is stepped over, not skipped to its end.
fn has_placeholder(line: &str) -> bool {
    let mut rest = line;
    while let Some(open) = rest.find('{') {
        let after = &rest[open + 1..];
        if let Some(stripped) = after.strip_prefix('{') {
            rest = stripped;
            continue;
        }
        let Some(close) = after.find('}') else {
            return false;
        };
        let inside = &after[..close];
        if let Some((_, spec)) = inside.split_once(':') {
            let costly = spec.ends_with('?') || spec.contains('.');
            if costly && !inside.contains(|c: char| c.is_whitespace() || c == '{') {
                return true;
            }
        }
        rest = after;
    }
    false
}

/// `path:line: text` for every placeholder in the `src` folders of `crate_dirs`.
pub fn find(crate_dirs: &[&Path]) -> Result<Vec<String>> {
    let mut found = Vec::new();
    for dir in crate_dirs {
        let src = dir.join("src");
        if !src.is_dir() {
            continue;
        }
        // A crate's `tests.rs` is its test module.
        let files = files::with_ext(&src, "rs")?;
        for file in files.iter().filter(|f| !f.ends_with("tests.rs")) {
            let text =
                fs::read_to_string(file).with_context(|| format!("reading {}", file.display()))?;
            let lines: Vec<&str> = text.lines().collect();
            for n in lines_with_placeholders(&text) {
                found.push(format!("{}:{n}: {}", file.display(), lines[n - 1].trim()));
            }
        }
    }
    Ok(found)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_debug_placeholders_in_code() {
        let text = "let a = format!(\"{x:?}\");\n\
                    let b = format!(\"{:?}\", y);\n\
                    #[error(\"slot {0:#?} missing\")]\n\
                    let c = format!(\"{x} {y:>4}\");\n\
                    // a comment about {:?}\n\
                    let d = format!(\"{{x:?}}\");\n\
                    Some(v) => Error::X { name: format!(\"{v:?}\") },\n\
                    let s = \"{\"; let t = format!(\"{:?}\", x);\n\
                    let e = format!(\"{ms:.1} ms\");\n\
                    let f = format!(\"{:>8.0}\", x);\n\
                    let g = a.b(); let h = format!(\"{a} {}\", c.d);\n";
        assert_eq!(lines_with_placeholders(text), vec![1, 2, 3, 7, 8, 9, 10]);
    }

    #[test]
    fn stops_at_an_inline_test_module_only() {
        let text = "fn a() {}\n#[cfg(test)]\nmod tests {\n fn t() { format!(\"{:?}\", 1); }\n}\n";
        assert!(lines_with_placeholders(text).is_empty());
        let text = "#[cfg(test)]\nmod tests;\nfn main() { format!(\"{:?}\", 1); }\n";
        assert_eq!(lines_with_placeholders(text), vec![3]);
    }
}
