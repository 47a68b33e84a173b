//! The generated `impl Wire`.

use proc_macro2::TokenStream;
use proc_macro2::TokenTree;
use quote::{quote, ToTokens};
use syn::ext::IdentExt;
use syn::{
    parse_quote, Data, DataEnum, DeriveInput, Error, Fields, GenericParam, Generics, Result, Type,
};

use crate::attrs::{Container, Member};

pub fn wire(input: &DeriveInput) -> Result<TokenStream> {
    let container = Container::parse(&input.attrs)?;
    let (read, write, types, defaulted) = match &input.data {
        Data::Struct(data) => match &data.fields {
            Fields::Named(fields) => structure(&container, fields.named.iter())?,
            _ => {
                return Err(Error::new_spanned(
                    input,
                    "Wire derives structs with named fields",
                ))
            }
        },
        Data::Enum(data) => (
            enumeration(&container, data)?,
            enum_write(&container, data)?,
            vec![],
            vec![],
        ),
        Data::Union(_) => return Err(Error::new_spanned(input, "Wire does not derive unions")),
    };
    let name = &input.ident;
    let generics = bounded(&input.generics, &types, &defaulted);
    let (impl_generics, type_generics, where_clause) = generics.split_for_impl();
    Ok(quote! {
        impl #impl_generics ::flotilla_wire::Wire for #name #type_generics #where_clause {
            fn read(value: ::flotilla_wire::Value) -> ::core::result::Result<Self, ::flotilla_wire::WireError> {
                #read
            }
            fn write(&self) -> ::flotilla_wire::JsValue {
                #write
            }
        }
    })
}

/// The type's generics with a `Wire` bound on each field type that uses a type parameter
/// (`Vec<Remote<P>>: Wire`), and `Default` on each such defaulted field type, as serde does.
fn bounded(generics: &Generics, fields: &[Type], defaulted: &[Type]) -> Generics {
    let params: Vec<String> = generics
        .params
        .iter()
        .filter_map(|p| match p {
            GenericParam::Type(t) => Some(t.ident.to_string()),
            _ => None,
        })
        .collect();
    let uses_param = |ty: &Type| {
        ty.to_token_stream()
            .into_iter()
            .any(|t| matches!(&t, TokenTree::Ident(i) if params.contains(&i.to_string())))
    };
    let mut generics = generics.clone();
    let clause = generics.make_where_clause();
    for ty in fields.iter().filter(|ty| uses_param(ty)) {
        clause
            .predicates
            .push(parse_quote!(#ty: ::flotilla_wire::Wire));
    }
    for ty in defaulted.iter().filter(|ty| uses_param(ty)) {
        clause
            .predicates
            .push(parse_quote!(#ty: ::core::default::Default));
    }
    generics
}

fn is_option(ty: &Type) -> bool {
    matches!(ty, Type::Path(p) if p.qself.is_none()
        && p.path.segments.last().is_some_and(|s| s.ident == "Option"))
}

/// Read and write of a struct, the types of its fields and those of its defaulted ones.
fn structure<'a>(
    container: &Container,
    fields: impl Iterator<Item = &'a syn::Field>,
) -> Result<(TokenStream, TokenStream, Vec<Type>, Vec<Type>)> {
    let mut reads = Vec::new();
    let mut writes = Vec::new();
    let mut keys = Vec::new();
    let mut defaulted = Vec::new();
    let mut types = Vec::new();
    for field in fields {
        types.push(field.ty.clone());
        let member = Member::parse(&field.attrs)?;
        let ident = field.ident.as_ref().expect("named field");
        let rust_name = ident.unraw().to_string();
        let key = member
            .rename
            .clone()
            .unwrap_or_else(|| match container.rename_all {
                Some(rename) => rename.field(&rust_name),
                None => rust_name.clone(),
            });
        let option = is_option(&field.ty);
        if member.default {
            defaulted.push(field.ty.clone());
        }
        let read = if member.default {
            quote!(fields.or_else(#key, ::core::default::Default::default)?)
        } else if container.default {
            quote!(fields.or_else(#key, || default.#ident)?)
        } else if option {
            quote!(fields.or_else(#key, || ::core::option::Option::None)?)
        } else {
            quote!(fields.required(#key)?)
        };
        reads.push(quote!(#ident: #read));
        let mut write = if option {
            quote!(if let ::core::option::Option::Some(value) = &self.#ident {
                object.field(#key, value);
            })
        } else {
            quote!(object.field(#key, &self.#ident);)
        };
        if let Some(skip) = &member.skip_serializing_if {
            write = quote!(if !#skip(&self.#ident) { #write });
        }
        writes.push(write);
        keys.push(key);
    }
    let only = container
        .deny_unknown_fields
        .then(|| quote!(fields.only(&[#(#keys),*])?;));
    let default = container
        .default
        .then(|| quote!(let default = <Self as ::core::default::Default>::default();));
    let read = quote! {
        let fields = value.object()?;
        #only
        #default
        ::core::result::Result::Ok(Self { #(#reads),* })
    };
    let write = quote! {
        let object = ::flotilla_wire::ObjectWriter::new();
        #(#writes)*
        object.into_js()
    };
    Ok((read, write, types, defaulted))
}

/// Wire names of an enum's unit variants, with their idents.
fn variants(container: &Container, data: &DataEnum) -> Result<Vec<(String, syn::Ident)>> {
    data.variants
        .iter()
        .map(|variant| {
            if !matches!(variant.fields, Fields::Unit) {
                return Err(Error::new_spanned(
                    variant,
                    "Wire derives enums of unit variants only",
                ));
            }
            let member = Member::parse(&variant.attrs)?;
            let rust_name = variant.ident.unraw().to_string();
            let name = member.rename.unwrap_or_else(|| match container.rename_all {
                Some(rename) => rename.variant(&rust_name),
                None => rust_name,
            });
            Ok((name, variant.ident.clone()))
        })
        .collect()
}

fn enumeration(container: &Container, data: &DataEnum) -> Result<TokenStream> {
    let variants = variants(container, data)?;
    let Some(((_, last), rest)) = variants.split_last() else {
        return Err(Error::new_spanned(
            &data.variants,
            "Wire needs at least one variant",
        ));
    };
    let names = variants.iter().map(|(name, _)| name);
    let arms = rest
        .iter()
        .enumerate()
        .map(|(i, (_, ident))| quote!(#i => Self::#ident,));
    Ok(quote! {
        ::core::result::Result::Ok(match value.variant(&[#(#names),*])? {
            #(#arms)*
            _ => Self::#last,
        })
    })
}

fn enum_write(container: &Container, data: &DataEnum) -> Result<TokenStream> {
    let arms = variants(container, data)?
        .into_iter()
        .map(|(name, ident)| quote!(Self::#ident => #name,));
    Ok(quote! {
        ::flotilla_wire::JsValue::from_str(match self { #(#arms)* })
    })
}
