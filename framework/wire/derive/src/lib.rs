//! `#[derive(Wire)]`: reads and writes a struct with named fields, or an enum of unit variants,
//! through `flotilla_wire`. It follows the `#[serde(...)]` attributes serde follows (or the same
//! ones spelled `#[wire(...)]`), so a type that derives both reads alike in the tooling (serde)
//! and in the browser (wire). An attribute it does not know is a compile error, never ignored.

mod attrs;
mod expand;

use proc_macro::TokenStream;
use syn::{parse_macro_input, DeriveInput};

/// Derives `flotilla_wire::Wire`.
///
/// Container: `default`, `deny_unknown_fields`, `rename_all = "lowercase" | "camelCase"`,
/// `bound(...)` (ignored: bounds are derived). Field: `default`, `rename = "..."`,
/// `skip_serializing_if = "path"`. Variant: `rename = "..."`. An `Option` field may be absent,
/// `null` or `undefined` (`None`), and is left out when `None` (where serde writes `null`).
#[proc_macro_derive(Wire, attributes(wire, serde))]
pub fn derive_wire(input: TokenStream) -> TokenStream {
    let input = parse_macro_input!(input as DeriveInput);
    expand::wire(&input)
        .unwrap_or_else(syn::Error::into_compile_error)
        .into()
}
