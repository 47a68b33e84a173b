//! The `#[serde(...)]` / `#[wire(...)]` attributes the derive follows.

use syn::{Attribute, LitStr, Result};

/// Attributes of the type.
#[derive(Default)]
pub struct Container {
    pub default: bool,
    pub deny_unknown_fields: bool,
    pub rename_all: Option<RenameAll>,
}

/// Attributes of a field or a variant.
#[derive(Default)]
pub struct Member {
    pub default: bool,
    pub rename: Option<String>,
    pub skip_serializing_if: Option<syn::ExprPath>,
}

/// How names are spelled on the wire.
#[derive(Clone, Copy)]
pub enum RenameAll {
    Lowercase,
    CamelCase,
}

impl RenameAll {
    /// A field's name (`snake_case`) as the wire spells it, by serde's rules: `lowercase`
    /// leaves it as it is, `camelCase` drops each `_` and capitalizes what follows, then
    /// lowercases the first letter (`_lead` -> `lead`).
    pub fn field(self, name: &str) -> String {
        match self {
            RenameAll::Lowercase => name.to_owned(),
            RenameAll::CamelCase => {
                let mut pascal = String::new();
                let mut capitalize = true;
                for c in name.chars() {
                    if c == '_' {
                        capitalize = true;
                    } else if capitalize {
                        pascal.push(c.to_ascii_uppercase());
                        capitalize = false;
                    } else {
                        pascal.push(c);
                    }
                }
                lower_first(&pascal)
            }
        }
    }

    /// A variant's name (`PascalCase`) as the wire spells it, by serde's rules.
    pub fn variant(self, name: &str) -> String {
        match self {
            RenameAll::Lowercase => name.to_ascii_lowercase(),
            RenameAll::CamelCase => lower_first(name),
        }
    }
}

fn lower_first(name: &str) -> String {
    let mut chars = name.chars();
    match chars.next() {
        Some(first) => first.to_ascii_lowercase().to_string() + chars.as_str(),
        None => String::new(),
    }
}

fn ours(attr: &Attribute) -> bool {
    attr.path().is_ident("serde") || attr.path().is_ident("wire")
}

impl Container {
    pub fn parse(attrs: &[Attribute]) -> Result<Self> {
        let mut out = Container::default();
        for attr in attrs.iter().filter(|a| ours(a)) {
            attr.parse_nested_meta(|meta| {
                if meta.path.is_ident("default") {
                    out.default = true;
                } else if meta.path.is_ident("deny_unknown_fields") {
                    out.deny_unknown_fields = true;
                } else if meta.path.is_ident("rename_all") {
                    let value: LitStr = meta.value()?.parse()?;
                    out.rename_all = Some(match value.value().as_str() {
                        "lowercase" => RenameAll::Lowercase,
                        "camelCase" => RenameAll::CamelCase,
                        _ => {
                            return Err(meta
                                .error("Wire knows rename_all = \"lowercase\" or \"camelCase\""))
                        }
                    });
                } else if meta.path.is_ident("bound") {
                    // Serde's own bounds (`bound = "…"` or `bound(…)`); Wire derives its
                    // bounds from the fields.
                    if meta.input.peek(syn::Token![=]) {
                        let _: LitStr = meta.value()?.parse()?;
                    } else {
                        let group;
                        syn::parenthesized!(group in meta.input);
                        let _: proc_macro2::TokenStream = group.parse()?;
                    }
                } else {
                    return Err(meta.error("Wire does not know this attribute"));
                }
                Ok(())
            })?;
        }
        Ok(out)
    }
}

impl Member {
    pub fn parse(attrs: &[Attribute]) -> Result<Self> {
        let mut out = Member::default();
        for attr in attrs.iter().filter(|a| ours(a)) {
            attr.parse_nested_meta(|meta| {
                if meta.path.is_ident("default") {
                    out.default = true;
                } else if meta.path.is_ident("rename") {
                    out.rename = Some(meta.value()?.parse::<LitStr>()?.value());
                } else if meta.path.is_ident("skip_serializing_if") {
                    let path: LitStr = meta.value()?.parse()?;
                    out.skip_serializing_if = Some(path.parse()?);
                } else {
                    return Err(meta.error("Wire does not know this attribute"));
                }
                Ok(())
            })?;
        }
        Ok(out)
    }
}
