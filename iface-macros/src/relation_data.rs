//! `#[derive(RelationData)]`: the relation-data keys of a serde struct,
//! read from its fields and their serde attributes, as constants.

use proc_macro2::{Span, TokenStream};
use quote::quote;
use syn::meta::ParseNestedMeta;
use syn::{Data, DeriveInput, Fields, LitStr, Type};

use crate::errors::Errors;
use crate::serde_names::RenameRule;

/// The helper attribute that gives a relation-data type its bag, encoding
/// and schema: `#[relation_data(app, json, schema)]`.
const HELPER: &str = "relation_data";

/// Where a relation-data type lives and how it is written, as
/// `#[iface::data(app, json)]` or `#[relation_data(app, json)]` says.
#[derive(Default)]
pub(crate) struct Placement {
    /// `app` (true) or `unit` (false), if given.
    app: Option<bool>,
    /// `json` (true) or `raw` (false), if given.
    json: Option<bool>,
    /// Whether the type derives `JsonSchema` (`schema`; helper only).
    schema: bool,
}

impl Placement {
    /// Reads `#[iface::data(...)]`'s arguments: `unit` or `app`, `raw` or
    /// `json`, in any order.
    pub(crate) fn parse_args(args: TokenStream) -> syn::Result<Placement> {
        let mut placement = Placement::default();
        let parser = syn::meta::parser(|meta| placement.word(&meta, false));
        syn::parse::Parser::parse2(parser, args)?;
        Ok(placement)
    }

    /// One word of the list; `schema` only where `helper`.
    fn word(&mut self, meta: &ParseNestedMeta, helper: bool) -> syn::Result<()> {
        let word = meta
            .path
            .get_ident()
            .map(ToString::to_string)
            .unwrap_or_default();
        let (slot, value, what) = match word.as_str() {
            "unit" => (&mut self.app, false, "bag"),
            "app" => (&mut self.app, true, "bag"),
            "raw" => (&mut self.json, false, "encoding"),
            "json" => (&mut self.json, true, "encoding"),
            "schema" if helper => {
                self.schema = true;
                return Ok(());
            }
            _ => {
                return Err(meta.error(format!(
                    "unknown relation-data option `{word}`; expected `unit` or `app` (the bag that holds it), `raw` or `json` (how its values are written){}",
                    crate::keys::hint(&word, ["unit", "app", "raw", "json"])
                )));
            }
        };
        if slot.is_some() {
            return Err(meta.error(format!("the {what} is given twice")));
        }
        *slot = Some(value);
        Ok(())
    }

    /// Whether nothing was given: today's unit bag and raw encoding.
    pub(crate) fn is_default(&self) -> bool {
        self.app.is_none() && self.json.is_none()
    }

    /// The words again, each followed by a comma, for the helper attribute.
    pub(crate) fn tokens(&self) -> TokenStream {
        let bag = self
            .app
            .map(|app| if app { quote!(app,) } else { quote!(unit,) });
        let encoding = self
            .json
            .map(|json| if json { quote!(json,) } else { quote!(raw,) });
        quote!(#bag #encoding)
    }

    /// The associated constants and schema function of the impl.
    fn items(&self) -> TokenStream {
        let bag = if self.app == Some(true) {
            quote!(::iface::data::Databag::App)
        } else {
            quote!(::iface::data::Databag::Unit)
        };
        let encoding = if self.json == Some(true) {
            quote!(::iface::data::Encoding::Json)
        } else {
            quote!(::iface::data::Encoding::Raw)
        };
        let schema = self.schema.then(|| {
            quote! {
                fn json_schema() -> ::core::option::Option<::iface::__private::serde_json::Value> {
                    ::core::option::Option::Some(::iface::__private::json_schema_of::<Self>())
                }
            }
        });
        quote! {
            const BAG: ::iface::data::Databag = #bag;
            const ENCODING: ::iface::data::Encoding = #encoding;
            #schema
        }
    }
}

/// The placement the item's `#[relation_data(...)]` attributes give.
fn helper_placement(item: &DeriveInput, errors: &Errors) -> Placement {
    let mut placement = Placement::default();
    for attr in item.attrs.iter().filter(|a| a.path().is_ident(HELPER)) {
        if let Err(error) = attr.parse_nested_meta(|meta| placement.word(&meta, true)) {
            errors.push(error);
        }
    }
    placement
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

/// A name serde uses when serializing and when deserializing; either may
/// be absent.
struct Both<T> {
    serialize: Option<T>,
    deserialize: Option<T>,
}

impl<T> Default for Both<T> {
    fn default() -> Self {
        Both {
            serialize: None,
            deserialize: None,
        }
    }
}

/// `key = "x"` (both directions) or `key(serialize = "x", deserialize =
/// "y")`, as serde reads `rename` and `rename_all`.
fn both(meta: &ParseNestedMeta) -> syn::Result<Both<LitStr>> {
    if meta.input.peek(syn::Token![=]) {
        let lit: LitStr = meta.value()?.parse()?;
        return Ok(Both {
            serialize: Some(lit.clone()),
            deserialize: Some(lit),
        });
    }
    let mut found = Both::default();
    meta.parse_nested_meta(|inner| {
        if inner.path.is_ident("serialize") {
            found.serialize = Some(inner.value()?.parse()?);
            Ok(())
        } else if inner.path.is_ident("deserialize") {
            found.deserialize = Some(inner.value()?.parse()?);
            Ok(())
        } else {
            skip(&inner)
        }
    })?;
    Ok(found)
}

/// The rule a `rename_all` literal names; serde's own error when it names
/// none.
fn rule(lit: Option<LitStr>) -> syn::Result<Option<RenameRule>> {
    let Some(lit) = lit else {
        return Ok(None);
    };
    if let Some(rule) = RenameRule::named(&lit.value()) {
        return Ok(Some(rule));
    }
    let names: Vec<String> = RenameRule::ALL
        .iter()
        .map(|(name, _)| format!("{name:?}"))
        .collect();
    Err(syn::Error::new(
        lit.span(),
        format!(
            "unknown rename rule `rename_all = {:?}`, expected one of {}",
            lit.value(),
            names.join(", ")
        ),
    ))
}

#[derive(Default)]
struct FieldAttrs {
    rename: Both<String>,
    skip_serializing: bool,
    skip_deserializing: bool,
    default: bool,
    flatten: Option<Span>,
}

fn field_attrs(field: &syn::Field, errors: &Errors) -> FieldAttrs {
    let mut attrs = FieldAttrs::default();
    for attr in field.attrs.iter().filter(|a| a.path().is_ident("serde")) {
        let parsed = attr.parse_nested_meta(|meta| {
            if meta.path.is_ident("rename") {
                let names = both(&meta)?;
                if let Some(name) = names.serialize {
                    attrs.rename.serialize = Some(name.value());
                }
                if let Some(name) = names.deserialize {
                    attrs.rename.deserialize = Some(name.value());
                }
            } else if meta.path.is_ident("skip") {
                attrs.skip_serializing = true;
                attrs.skip_deserializing = true;
            } else if meta.path.is_ident("skip_serializing") {
                attrs.skip_serializing = true;
            } else if meta.path.is_ident("skip_deserializing") {
                attrs.skip_deserializing = true;
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

/// The container's `rename_all` rules and whether it is `default`.
#[derive(Default)]
struct ContainerAttrs {
    rename_all: Both<RenameRule>,
    default: bool,
}

fn container_attrs(item: &DeriveInput, errors: &Errors) -> ContainerAttrs {
    let mut attrs = ContainerAttrs::default();
    for attr in item.attrs.iter().filter(|a| a.path().is_ident("serde")) {
        let parsed = attr.parse_nested_meta(|meta| {
            if meta.path.is_ident("rename_all") {
                let names = both(&meta)?;
                if let Some(rule) = rule(names.serialize)? {
                    attrs.rename_all.serialize = Some(rule);
                }
                if let Some(rule) = rule(names.deserialize)? {
                    attrs.rename_all.deserialize = Some(rule);
                }
            } else if meta.path.is_ident("default") {
                attrs.default = true;
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
    attrs
}

/// The key serde uses for a field: its own `rename`, else the
/// container's rule applied to its name, else its name.
fn key(name: &str, rename: Option<&String>, rule: Option<RenameRule>) -> String {
    match (rename, rule) {
        (Some(rename), _) => rename.clone(),
        (None, Some(rule)) => rule.field(name),
        (None, None) => name.to_owned(),
    }
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
    let container = container_attrs(&item, &errors);
    let placement = helper_placement(&item, &errors);
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
        // serde names a field without its raw-identifier prefix.
        let name = field
            .ident
            .as_ref()
            .map(|i| i.to_string().trim_start_matches("r#").to_owned())
            .unwrap_or_default();
        if !attrs.skip_serializing {
            keys.push(key(
                &name,
                attrs.rename.serialize.as_ref(),
                container.rename_all.serialize,
            ));
        }
        let optional = attrs.default || container.default || is_option(&field.ty);
        if !(attrs.skip_deserializing || optional) {
            required.push(key(
                &name,
                attrs.rename.deserialize.as_ref(),
                container.rename_all.deserialize,
            ));
        }
    }
    let ident = &item.ident;
    let name = ident.to_string();
    let items = placement.items();
    let (impl_generics, type_generics, where_clause) = item.generics.split_for_impl();
    let error = errors.finish().map(|e| e.to_compile_error());
    quote! {
        #[automatically_derived]
        impl #impl_generics ::iface::data::RelationData for #ident #type_generics #where_clause {
            const KEYS: &'static [&'static str] = &[#(#keys),*];
            const REQUIRED: &'static [&'static str] = &[#(#required),*];
            const NAME: &'static str = #name;
            #items
        }
        #error
    }
}
