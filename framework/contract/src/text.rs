//! Display helpers for messages. Release builds drop `Debug` formatting (`-Zfmt-debug=none`
//! shrinks every wasm), so messages quote values with these instead of `{:?}`.

use std::fmt::{self, Display, Write};

/// Shows a string in double quotes, with quotes, backslashes and control characters escaped.
pub struct Quoted<'a>(pub &'a str);

impl Display for Quoted<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_char('"')?;
        for c in self.0.chars() {
            match c {
                '"' | '\\' => write!(f, "\\{c}")?,
                c if c.is_control() => write!(f, "{}", c.escape_default())?,
                c => f.write_char(c)?,
            }
        }
        f.write_char('"')
    }
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
        for text in ["Header", "a \"b\" c", "back\\slash", "tab\there\n", ""] {
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
