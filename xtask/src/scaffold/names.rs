//! Module names: what `new` accepts, and the Rust names made from them.

use anyhow::{bail, Result};

/// Names a module may not take: Rust keywords and built-in crates (the module's Rust name
/// would not compile), crates every module depends on, and names the tooling gives a meaning.
const RESERVED: &[&str] = &[
    "as",
    "async",
    "await",
    "box",
    "break",
    "const",
    "continue",
    "crate",
    "do",
    "dyn",
    "else",
    "enum",
    "extern",
    "false",
    "final",
    "fn",
    "for",
    "gen",
    "if",
    "impl",
    "in",
    "let",
    "loop",
    "macro",
    "match",
    "mod",
    "move",
    "mut",
    "override",
    "priv",
    "pub",
    "ref",
    "return",
    "self",
    "static",
    "struct",
    "super",
    "trait",
    "true",
    "try",
    "type",
    "typeof",
    "unsafe",
    "unsized",
    "use",
    "virtual",
    "where",
    "while",
    "yield",
    "std",
    "core",
    "alloc",
    "proc-macro",
    "test",
    "shell",
    "target",
    "src",
    "html",
    "yew",
    "wasm-bindgen",
    "js-sys",
    "web-sys",
];

/// Accepts kebab-case ASCII (`footer-app`): lowercase letters and digits in words joined by
/// single `-`, starting with a letter, at most 64 characters, not reserved.
pub fn check(name: &str) -> Result<()> {
    let words_ok = !name.is_empty()
        && name.split('-').all(|w| {
            !w.is_empty()
                && w.chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit())
        });
    if !words_ok || !name.starts_with(|c: char| c.is_ascii_lowercase()) || name.len() > 64 {
        bail!(
            "{name:?} is not a module name: use kebab-case ASCII, lowercase letters and digits \
             joined by single '-', starting with a letter (e.g. footer-app)"
        );
    }
    if RESERVED.contains(&name) || name.starts_with("flotilla") {
        bail!("{name:?} is reserved; pick another module name (e.g. {name}-app)");
    }
    Ok(())
}

/// `footer-app` → `FooterApp` (the exposed component).
pub fn pascal(name: &str) -> String {
    name.split('-')
        .map(|w| {
            let mut chars = w.chars();
            chars
                .next()
                .map(|c| c.to_ascii_uppercase().to_string() + chars.as_str())
                .unwrap_or_default()
        })
        .collect()
}

/// `footer-app` → `footer_app` (the component's file and function).
pub fn snake(name: &str) -> String {
    name.replace('-', "_")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ok_kebab_names_and_their_rust_names() {
        for name in ["footer-app", "a", "side2", "x-1-y"] {
            check(name).unwrap();
        }
        assert_eq!(pascal("footer-app"), "FooterApp");
        assert_eq!(pascal("x-1-y"), "X1Y");
        assert_eq!(snake("footer-app"), "footer_app");
    }

    #[test]
    fn err_not_kebab_case_or_reserved() {
        for bad in [
            "",
            "Footer",
            "footer_app",
            "footer--app",
            "-footer",
            "footer-",
            "1app",
            "föoter",
            "footer app",
            "../x",
        ] {
            let err = check(bad).unwrap_err().to_string();
            assert!(err.contains("is not a module name"), "{bad}: {err}");
        }
        for reserved in ["fn", "shell", "target", "flotilla-x", "std"] {
            let err = check(reserved).unwrap_err().to_string();
            assert!(err.contains("is reserved"), "{reserved}: {err}");
        }
    }
}
