//! The two edits `new` makes to existing files: the workspace's `members` and the page's slots.

use anyhow::{bail, Context, Result};
use toml_edit::{DocumentMut, Value};

/// Adds `member` to `[workspace] members` in the root `Cargo.toml` text, keeping its layout.
pub fn add_member(cargo_toml: &str, member: &str) -> Result<String> {
    let mut doc: DocumentMut = cargo_toml
        .parse()
        .context("the workspace's Cargo.toml is not valid TOML")?;
    let Some(members) = doc
        .get_mut("workspace")
        .and_then(|w| w.get_mut("members"))
        .and_then(|m| m.as_array_mut())
    else {
        bail!("the workspace's Cargo.toml has no [workspace] members array");
    };
    if members.iter().any(|m| m.as_str() == Some(member)) {
        bail!("{member:?} is already a workspace member");
    }
    // One member per line stays one per line: the new item takes the last one's leading space.
    let prefix = members
        .iter()
        .last()
        .and_then(|m| m.decor().prefix())
        .and_then(|p| p.as_str())
        .map(str::to_owned);
    let mut value = Value::from(member);
    if let Some(prefix) = prefix {
        value.decor_mut().set_prefix(prefix);
    }
    members.push_formatted(value);
    Ok(doc.to_string())
}

/// Whether the page has an element for `slot`.
pub fn page_has_slot(html: &str, slot: &str) -> bool {
    html.contains(&format!("data-flotilla-slot=\"{slot}\""))
}

/// Adds `<div class="flotilla-slot" data-flotilla-slot="SLOT"></div>` to the page, before the
/// shell's Yew root (`<div id="flotilla-shell">`) and the comment right above it.
pub fn add_slot(html: &str, slot: &str) -> Result<String> {
    let lines: Vec<&str> = html.split_inclusive('\n').collect();
    let Some(mut at) = lines
        .iter()
        .position(|l| l.contains("id=\"flotilla-shell\""))
    else {
        bail!(
            "the page has no <div id=\"flotilla-shell\"> to put the slot before; add \
             <div class=\"flotilla-slot\" data-flotilla-slot=\"{slot}\"></div> by hand"
        );
    };
    let indent: String = lines[at]
        .chars()
        .take_while(|c| c.is_whitespace())
        .collect();
    while at > 0 && lines[at - 1].trim_start().starts_with("<!--") {
        at -= 1;
    }
    let element =
        format!("{indent}<div class=\"flotilla-slot\" data-flotilla-slot=\"{slot}\"></div>\n");
    let mut out = String::with_capacity(html.len() + element.len());
    for (i, line) in lines.iter().enumerate() {
        if i == at {
            out.push_str(&element);
        }
        out.push_str(line);
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ok_member_added_and_layout_kept() {
        let text = "[workspace]\n# the crates\nmembers = [\"a\", \"b\"]\n\n[profile.release]\nlto = true\n";
        let out = add_member(text, "c").unwrap();
        assert_eq!(
            out,
            "[workspace]\n# the crates\nmembers = [\"a\", \"b\", \"c\"]\n\n[profile.release]\nlto = true\n"
        );
        assert!(add_member(&out, "c").is_err());
        assert!(add_member("[package]\nname = \"x\"\n", "c").is_err());
    }

    #[test]
    fn ok_member_per_line_stays_per_line() {
        let text = "[workspace]\nmembers = [\n  \"a\",\n  \"b\",\n]\n";
        let out = add_member(text, "c").unwrap();
        assert_eq!(
            out,
            "[workspace]\nmembers = [\n  \"a\",\n  \"b\",\n  \"c\",\n]\n"
        );
    }

    #[test]
    fn ok_slot_goes_before_the_shell_root_and_its_comment() {
        let html = "<body>\n    <main data-flotilla-slot=\"main\"></main>\n    <!-- root -->\n    <div id=\"flotilla-shell\"></div>\n</body>\n";
        let out = add_slot(html, "footer").unwrap();
        assert_eq!(
            out,
            "<body>\n    <main data-flotilla-slot=\"main\"></main>\n    <div class=\"flotilla-slot\" data-flotilla-slot=\"footer\"></div>\n    <!-- root -->\n    <div id=\"flotilla-shell\"></div>\n</body>\n"
        );
        assert!(page_has_slot(&out, "footer") && page_has_slot(&out, "main"));
        assert!(!page_has_slot(&out, "foot"));
        assert!(add_slot("<body></body>", "x").is_err());
    }
}
