//! `#[iface::data]`: serde's derives (and a JSON Schema) through iface,
//! for crates that do not depend on serde themselves, and the bag and
//! encoding of relation data: `#[iface::data(app, json)]`.
//!
//! serde's derives expand to code that names the crate `serde`, which an
//! interface or charm crate depending only on `iface` cannot see. serde's
//! own `#[serde(crate = "...")]` points that code elsewhere, so this
//! attribute adds the derives with it pointing at the serde that `iface`
//! re-exports, and schemars' `JsonSchema` the same way, plus
//! `RelationData` for a struct with named fields.

use proc_macro2::{Span, TokenStream};
use quote::quote;
use syn::{Data, DeriveInput, Fields};

use crate::errors::Errors;
use crate::relation_data::Placement;

/// What the attribute derives, as a user might also have written it.
const DERIVED: [&str; 4] = ["Serialize", "Deserialize", "RelationData", "JsonSchema"];

/// Expands `#[iface::data(args)] item`.
pub(crate) fn expand(args: &TokenStream, input: &TokenStream) -> TokenStream {
    let errors = Errors::new();
    let placement = match Placement::parse_args(args.clone()) {
        Ok(placement) => placement,
        Err(error) => {
            errors.push(error);
            Placement::default()
        }
    };
    let Ok(item) = syn::parse2::<DeriveInput>(input.clone()) else {
        errors.error_at(
            Span::call_site(),
            "#[iface::data] goes on a struct or enum, such as the data an interface publishes",
        );
        let error = errors.finish().map(|e| e.to_compile_error());
        return quote!(#input #error);
    };
    let mut derived_too = false;
    for attr in item
        .attrs
        .iter()
        .filter(|attr| attr.path().is_ident("derive"))
    {
        let _ = attr.parse_nested_meta(|meta| {
            if let Some(last) = meta.path.segments.last()
                && DERIVED.contains(&last.ident.to_string().as_str())
            {
                derived_too = true;
                errors.error_spanned_by(
                    &meta.path,
                    format!(
                        "#[iface::data] derives `Serialize`, `Deserialize`, `JsonSchema` and (for a struct with named fields) `RelationData` itself: remove `{}` from this #[derive]",
                        last.ident
                    ),
                );
            }
            Ok(())
        });
    }
    let keys = matches!(
        &item.data,
        Data::Struct(data) if matches!(data.fields, Fields::Named(_))
    );
    if !keys && !placement.is_default() {
        errors.error_spanned_by(
            args,
            "a bag or an encoding is for relation data, a struct with named fields: the types inside it follow it",
        );
    }
    let relation_data = keys.then(|| {
        let args = placement.tokens();
        quote! {
            #[derive(::iface::RelationData)]
            #[relation_data(#args schema)]
        }
    });
    let error = errors.finish().map(|e| e.to_compile_error());
    if derived_too {
        return quote!(#input #error);
    }
    quote! {
        #[derive(
            ::iface::__private::serde::Serialize,
            ::iface::__private::serde::Deserialize,
            ::iface::__private::schemars::JsonSchema,
        )]
        #[serde(crate = "::iface::__private::serde")]
        #[schemars(crate = "::iface::__private::schemars")]
        #relation_data
        #input
        #error
    }
}
