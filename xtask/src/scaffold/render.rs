//! The module templates (`xtask/templates/module/`) and their `{{placeholders}}`.

use anyhow::{bail, Result};

/// Cargo.toml of a workspace member.
pub const CARGO: &str = include_str!("../../templates/module/Cargo.toml.tmpl");
/// Cargo.toml of a crate with a workspace of its own (depends on flotilla-module by path).
pub const CARGO_OUTSIDE: &str = include_str!("../../templates/module/Cargo.outside.toml.tmpl");
/// Trunk.toml.
pub const TRUNK: &str = include_str!("../../templates/module/Trunk.toml.tmpl");
/// The standalone page.
pub const INDEX: &str = include_str!("../../templates/module/index.html.tmpl");
/// README.md.
pub const README: &str = include_str!("../../templates/module/README.md.tmpl");
/// src/main.rs.
pub const MAIN: &str = include_str!("../../templates/module/main.rs.tmpl");
/// src/<component>.rs: a Yew component.
pub const COMPONENT: &str = include_str!("../../templates/module/component.rs.tmpl");
/// src/<component>.rs: a DOM view.
pub const VIEW: &str = include_str!("../../templates/module/view.rs.tmpl");

/// The standalone harness, for a crate that cannot reach flotilla-module's.
pub const HARNESS: &str = include_str!("../../../framework/module/standalone.js");

/// Replaces every `{{key}}` of `template` with its value; a placeholder left over is an error.
pub fn render(template: &str, vars: &[(&str, String)]) -> Result<String> {
    let mut out = template.to_owned();
    for (key, value) in vars {
        out = out.replace(&format!("{{{{{key}}}}}"), value);
    }
    if let Some(at) = out.find("{{") {
        let rest: String = out[at..].chars().take(30).collect();
        bail!("template placeholder without a value: {rest}");
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ok_fills_placeholders_and_refuses_leftovers() {
        let vars = [("name", "x".to_owned())];
        assert_eq!(render("a {{name}} {{name}}", &vars).unwrap(), "a x x");
        let err = render("{{name}} {{port}}", &vars).unwrap_err().to_string();
        assert!(err.contains("{{port}}"), "{err}");
    }
}
