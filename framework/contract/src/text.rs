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

/// Shows a number rounded to one decimal (`12.3`), as `{:.1}` does for the values a page
/// measures (milliseconds, megabytes), without the float formatting code `{:.1}` links into a
/// wasm (4 KB). It rounds ten times the value half away from zero, where `{:.1}` rounds the
/// exact binary value half to even: ties and values just under them may show one tenth more
/// (0.25 and 12.35 show as 0.3 and 12.4). `NaN` and infinities show as `{}` shows them;
/// values beyond 2^53 / 10 are clamped.
pub struct Tenths(pub f64);

impl Display for Tenths {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if !self.0.is_finite() {
            return not_finite(self.0, f);
        }
        let tenths = (self.0.abs() * 10.0).round().min(9_007_199_254_740_991.0) as u64;
        let sign = if self.0.is_sign_negative() { "-" } else { "" };
        write!(f, "{sign}{}.{}", tenths / 10, tenths % 10)
    }
}

/// Shows a number rounded to a whole one (`12`), half away from zero (`{:.0}` rounds ties to
/// even: 2.5 shows as 3 here, 2 there), without float formatting.
pub struct Whole(pub f64);

impl Display for Whole {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if !self.0.is_finite() {
            return not_finite(self.0, f);
        }
        let whole = self.0.abs().round().min(9_007_199_254_740_991.0) as u64;
        let sign = if self.0.is_sign_negative() { "-" } else { "" };
        write!(f, "{sign}{whole}")
    }
}

/// `NaN`, `inf` or `-inf`, as `{}` shows them.
fn not_finite(value: f64, f: &mut fmt::Formatter<'_>) -> fmt::Result {
    f.write_str(if value.is_nan() {
        "NaN"
    } else if value > 0.0 {
        "inf"
    } else {
        "-inf"
    })
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
    fn tenths_and_whole_match_float_formatting() {
        for x in [
            0.0, 0.04, 0.05, 0.06, 1.0, 12.34, 12.36, 99.96, 1234.5678, -0.04, -3.26, 1e12,
        ] {
            assert_eq!(Tenths(x).to_string(), format!("{x:.1}"), "{x}");
        }
        assert_eq!(Tenths(12.35).to_string(), "12.4", "half away from zero");
        for x in [0.0f64, 0.4, 0.6, 1.49, 2.5, 1234.5678, -0.4, -7.7, 1e12] {
            let rounded = x.round();
            assert_eq!(Whole(x).to_string(), format!("{rounded:.0}"), "{x}");
        }
        assert_eq!(Tenths(f64::NAN).to_string(), "NaN");
        assert_eq!(Tenths(f64::INFINITY).to_string(), "inf");
        assert_eq!(Whole(f64::NEG_INFINITY).to_string(), "-inf");
        assert_eq!(Whole(2.5).to_string(), "3", "half away from zero");
    }

    #[test]
    fn listed_matches_debug_for_numbers() {
        for list in [vec![], vec![1u32], vec![1, 2, 3]] {
            assert_eq!(Listed(&list).to_string(), format!("{list:?}"));
        }
    }
}
