//! Display helpers for messages. Release builds drop `Debug` formatting (`-Zfmt-debug=none`
//! shrinks every wasm), so messages quote values with these instead of `{:?}`.

use std::fmt::{self, Display, Write};

/// Shows a string in double quotes, with quotes, backslashes, control characters and the
/// invisible ones that can disguise text (bidi overrides, zero-width characters) escaped as
/// `{:?}` escapes them. Other characters stay as they are (without `char::escape_debug`'s
/// Unicode tables, 2 KB of wasm).
pub struct Quoted<'a>(pub &'a str);

impl Display for Quoted<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_char('"')?;
        for c in self.0.chars() {
            match c {
                '"' | '\\' => write!(f, "\\{c}")?,
                '\0' => f.write_str("\\0")?,
                c if c.is_control() || invisible(c) => write!(f, "{}", c.escape_default())?,
                c => f.write_char(c)?,
            }
        }
        f.write_char('"')
    }
}

/// Format characters that change how text around them reads without showing themselves.
fn invisible(c: char) -> bool {
    matches!(
        c,
        '\u{ad}'
            | '\u{200b}'..='\u{200f}'
            | '\u{2028}'..='\u{202e}'
            | '\u{2060}'..='\u{2069}'
            | '\u{feff}'
    )
}

/// Shows a list as `[a, b]`.
pub struct Listed<'a, T>(pub &'a [T]);

impl<T: Display> Display for Listed<'_, T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_char('[')?;
        for (i, item) in self.0.iter().enumerate() {
            if i > 0 {
                f.write_str(", ")?;
            }
            write!(f, "{item}")?;
        }
        f.write_char(']')
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quoted_matches_debug_for_plain_and_escaped_text() {
        for text in [
            "Header",
            "a \"b\" c",
            "back\\slash",
            "tab\there\n",
            "",
            "nul\0",
            "it's",
            "bidi \u{202e}override",
            "zero\u{200b}width\u{200c}\u{200d}\u{200e}\u{200f}",
            "soft\u{ad}hyphen \u{2028}\u{2029}\u{202a}\u{2060}\u{2066}\u{2069}\u{feff}",
            "bell\u{7}",
            "été 日本",
        ] {
            assert_eq!(Quoted(text).to_string(), format!("{text:?}"));
        }
    }

    #[test]
    fn listed_matches_debug_for_numbers() {
        for list in [vec![], vec![1u32], vec![1, 2, 3]] {
            assert_eq!(Listed(&list).to_string(), format!("{list:?}"));
        }
    }
}
