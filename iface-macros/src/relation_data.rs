//! `#[derive(RelationData)]`: the relation-data keys of a serde struct,
//! read from its fields and their serde attributes, as constants.

use heck::{
    ToKebabCase, ToLowerCamelCase, ToShoutyKebabCase, ToShoutySnakeCase, ToSnakeCase,
    ToUpperCamelCase,
};
use proc_macro2::{Span, TokenStream};
use quote::quote;
use syn::meta::ParseNestedMeta;
use syn::{Data, DeriveInput, Fields, LitStr, Type};

use crate::errors::Errors;

/// How `rename_all` spells a field name.
fn rename_all(rule: &str, name: &str) -> Option<String> {
    Some(match rule {
        "lowercase" => name.to_lowercase(),
        "UPPERCASE" => name.to_uppercase(),
        "PascalCase" => name.to_upper_camel_case(),
        "camelCase" => name.to_lower_camel_case(),
        "snake_case" => name.to_snake_case(),
        "SCREAMING_SNAKE_CASE" => name.to_shouty_snake_case(),
        "kebab-case" => name.to_kebab_case(),
        "SCREAMING-KEBAB-CASE" => name.to_shouty_kebab_case(),
        _ => return None,
    })
}

/// Skips whatever value follows a serde key this derive does not need.
fn skip(meta: &ParseNestedMeta) -> syn::Result<()> {
    if meta.input.peek(syn::Token![=]) {
        meta.value()?.parse::<syn::Expr>()?;
    } else if meta.input.peek(syn::token::Paren) {
        meta.parse_nested_meta(|inner| skip(&inner))?;
    }
    Ok(())
}

/// `rename = "x"` or `rename(serialize = "x", ...)`: the serialized name.
fn renamed(meta: &ParseNestedMeta) -> syn::Result<Option<LitStr>> {
    if meta.input.peek(syn::Token![=]) {
        return Ok(Some(meta.value()?.parse()?));
    }
    let mut found = None;
    meta.parse_nested_meta(|inner| {
        if inner.path.is_ident("serialize") {
            found = Some(inner.value()?.parse()?);
            Ok(())
        } else {
            skip(&inner)
        }
    })?;
    Ok(found)
}

#[derive(Default)]
struct FieldAttrs {
    rename: Option<String>,
    skip: bool,
    default: bool,
    flatten: Option<Span>,
}

fn field_attrs(field: &syn::Field, errors: &Errors) -> FieldAttrs {
    let mut attrs = FieldAttrs::default();
    for attr in field.attrs.iter().filter(|a| a.path().is_ident("serde")) {
        let parsed = attr.parse_nested_meta(|meta| {
            if meta.path.is_ident("rename") {
                attrs.rename = renamed(&meta)?.map(|lit| lit.value());
            } else if meta.path.is_ident("skip") || meta.path.is_ident("skip_serializing") {
                attrs.skip = true;
            } else if meta.path.is_ident("default") {
                attrs.default = true;
                skip(&meta)?;
            } else if meta.path.is_ident("flatten") {
                attrs.flatten = Some(syn::spanned::Spanned::span(&meta.path));
            } else {
                skip(&meta)?;
            }
            Ok(())
        });
        if let Err(error) = parsed {
            errors.push(error);
        }
    }
    attrs
}

fn is_option(ty: &Type) -> bool {
    matches!(ty, Type::Path(path) if path.qself.is_none() && path.path.segments.last().is_some_and(|s| s.ident == "Option"))
}

/// Expands `#[derive(RelationData)]`.
pub(crate) fn expand(input: &TokenStream) -> TokenStream {
    let errors = Errors::new();
    let item = match syn::parse2::<DeriveInput>(input.clone()) {
        Ok(item) => item,
        Err(error) => return error.to_compile_error(),
    };
    let mut rule = None;
    let mut all_default = false;
    for attr in item.attrs.iter().filter(|a| a.path().is_ident("serde")) {
        let parsed = attr.parse_nested_meta(|meta| {
            if meta.path.is_ident("rename_all") {
                if let Some(lit) = renamed(&meta)? {
                    if rename_all(&lit.value(), "x").is_none() {
                        return Err(syn::Error::new(lit.span(), "unknown rename_all rule"));
                    }
                    rule = Some(lit.value());
                }
            } else if meta.path.is_ident("default") {
                all_default = true;
                skip(&meta)?;
            } else {
                skip(&meta)?;
            }
            Ok(())
        });
        if let Err(error) = parsed {
            errors.push(error);
        }
    }
    let fields = match &item.data {
        Data::Struct(data) => match &data.fields {
            Fields::Named(fields) => Some(&fields.named),
            _ => None,
        },
        _ => None,
    };
    let Some(fields) = fields else {
        errors.error_at(
            Span::call_site(),
            "#[derive(RelationData)] needs a struct with named fields: each field is one relation-data key",
        );
        let error = errors.finish().map(|e| e.to_compile_error());
        return quote!(#error);
    };
    let mut keys = Vec::new();
    let mut required = Vec::new();
    for field in fields {
        let attrs = field_attrs(field, &errors);
        if let Some(span) = attrs.flatten {
            errors.error_at(
                span,
                "#[derive(RelationData)] cannot see through #[serde(flatten)]: write the keys as fields of this struct",
            );
            continue;
        }
        if attrs.skip {
            continue;
        }
        let name = field
            .ident
            .as_ref()
            .map(|i| i.to_string().trim_start_matches("r#").to_owned())
            .unwrap_or_default();
        let key = attrs
            .rename
            .or_else(|| rule.as_deref().and_then(|rule| rename_all(rule, &name)))
            .unwrap_or(name);
        if !(attrs.default || all_default || is_option(&field.ty)) {
            required.push(key.clone());
        }
        keys.push(key);
    }
    let ident = &item.ident;
    let (impl_generics, type_generics, where_clause) = item.generics.split_for_impl();
    let error = errors.finish().map(|e| e.to_compile_error());
    quote! {
        #[automatically_derived]
        impl #impl_generics ::iface::data::RelationData for #ident #type_generics #where_clause {
            const KEYS: &'static [&'static str] = &[#(#keys),*];
            const REQUIRED: &'static [&'static str] = &[#(#required),*];
        }
        #error
    }
}
