//! `charm!`'s typed configuration: `pub struct Config`, one field per
//! option of `config.yaml` (or of a unified `charmcraft.yaml`'s `config`
//! section), implementing `iface::config::CharmConfig` and taken by
//! handlers as `config: &Config`.

use iface_model::config_file::{
    self, ConfigErrors, ConfigFile, ConfigOption, DefaultValue, OptionType,
};
use proc_macro2::TokenStream;
use quote::{format_ident, quote};
use syn::LitStr;

use crate::errors::Errors;
use crate::file::{self, ReadFile};

/// Where the options come from: the file `config = "..."` names, or the
/// metadata file itself when it is a unified `charmcraft.yaml` with a
/// `config` section.
pub(super) struct Source<'a> {
    /// The `config` literal, if given.
    pub(super) config: Option<&'a LitStr>,
    /// The `metadata` literal and the file it names, if it was read.
    pub(super) metadata: Option<(&'a LitStr, &'a ReadFile)>,
}

/// The options, the literal to report their faults at, and the tokens
/// that track the file they came from; `None` when the charm declares no
/// configuration.
struct Options<'a> {
    config: ConfigFile,
    lit: &'a LitStr,
    tracking: TokenStream,
}

/// Reads the options from `source`, recording every fault in `errors`
/// with the file's line and column, and generates `Config`. Nothing when
/// the charm has no configuration; with faults, a `Config` of the options
/// that could be read, so the build fails with these errors only.
pub(super) fn expand(source: &Source, errors: &Errors) -> TokenStream {
    let Some(options) = read(source, errors) else {
        return TokenStream::new();
    };
    let fields = fields(&options, errors);
    let tracking = &options.tracking;
    let generated = generate(&fields, &options.lit.value());
    quote!(#tracking #generated)
}

fn read<'a>(source: &Source<'a>, errors: &Errors) -> Option<Options<'a>> {
    let unified =
        source
            .metadata
            .and_then(|(lit, file)| match config_file::parse_unified(&file.text) {
                Ok(None) => None,
                Ok(Some(config)) => Some((lit, Ok(config))),
                Err(faults) => Some((lit, Err(faults))),
            });
    match (source.config, unified) {
        // Reported once; the section's options still make `Config`.
        (Some(config), Some((metadata, parsed))) => {
            errors.error_at(
                config.span(),
                format!(
                    "the options are given twice: {} has a `config` section, and `config` names {}; keep one",
                    metadata.value(),
                    config.value()
                ),
            );
            Some(Options {
                config: parsed.unwrap_or_else(|faults| faults.partial),
                lit: metadata,
                tracking: TokenStream::new(),
            })
        }
        (Some(lit), None) => {
            let (config, tracking) = match file::read(lit, "config file") {
                Ok(file) => (
                    report(config_file::parse(&file.text), lit, errors),
                    file.tracking(),
                ),
                // An empty `Config` keeps handlers that take one compiling.
                Err(error) => {
                    errors.push(error);
                    (ConfigFile::default(), TokenStream::new())
                }
            };
            Some(Options {
                config,
                lit,
                tracking,
            })
        }
        // The metadata file is tracked already.
        (None, Some((lit, parsed))) => Some(Options {
            config: report(parsed, lit, errors),
            lit,
            tracking: TokenStream::new(),
        }),
        (None, None) => None,
    }
}

/// The options parsed, or those that could be read, with each fault
/// recorded at `lit` as `file:line:col: message`.
fn report(parsed: Result<ConfigFile, ConfigErrors>, lit: &LitStr, errors: &Errors) -> ConfigFile {
    match parsed {
        Ok(config) => config,
        Err(faults) => {
            for fault in &faults.errors {
                errors.error_at(lit.span(), format!("{}:{fault}", lit.value()));
            }
            faults.partial
        }
    }
}

/// The field an option becomes: its name with `-` written `_`, as a raw
/// identifier if it is a keyword (`r#type`); `None` if that is no Rust
/// identifier (or one no raw identifier can be: `self`, `crate`, ...).
pub(super) fn field_name(option: &str) -> Option<syn::Ident> {
    let name = option.replace('-', "_");
    let ascii_word = name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
    if !ascii_word || name.starts_with(|c: char| c.is_ascii_digit()) {
        return None;
    }
    syn::parse_str::<syn::Ident>(&name)
        .or_else(|_| syn::parse_str::<syn::Ident>(&format!("r#{name}")))
        .ok()
}

/// An option with the field it becomes.
struct Field<'c> {
    option: &'c ConfigOption,
    ident: syn::Ident,
}

/// The fields of every option whose name makes one, each once; the
/// others are errors naming the option and where it is.
fn fields<'c>(options: &'c Options, errors: &Errors) -> Vec<Field<'c>> {
    let file = options.lit.value();
    let mut fields: Vec<Field<'c>> = Vec::new();
    for option in &options.config.options {
        let at = format!("{file}:{}", option.location);
        let Some(ident) = field_name(&option.name) else {
            errors.error_at(
                options.lit.span(),
                format!(
                    "{at}: option `{}` makes no Rust field name: `Config` names an option's field after it, `-` written `_`, so option names must be ASCII letters, digits, `-` and `_`, not starting with a digit, and not `self`, `super` or `crate`",
                    option.name
                ),
            );
            continue;
        };
        if let Some(earlier) = fields.iter().find(|field| field.ident == ident) {
            errors.error_at(
                options.lit.span(),
                format!(
                    "{at}: options `{}` ({file}:{}) and `{}` would both be the field `{ident}` of `Config`; rename one",
                    earlier.option.name, earlier.option.location, option.name
                ),
            );
            continue;
        }
        fields.push(Field { option, ident });
    }
    fields
}

/// The Rust type of an option's value.
fn value_type(kind: OptionType) -> TokenStream {
    match kind {
        OptionType::String => quote!(::std::string::String),
        OptionType::Int => quote!(::core::primitive::i64),
        OptionType::Float => quote!(::core::primitive::f64),
        OptionType::Boolean => quote!(::core::primitive::bool),
        OptionType::Secret => quote!(::iface::secret::SecretUri),
    }
}

/// A default as JSON text, as `config-get` prints it.
fn default_json(default: &DefaultValue) -> String {
    match default {
        DefaultValue::String(text) => serde_json::Value::from(text.as_str()).to_string(),
        DefaultValue::Int(value) => value.to_string(),
        DefaultValue::Float(value) => serde_json::Value::from(*value).to_string(),
        DefaultValue::Boolean(value) => value.to_string(),
    }
}

/// `::iface::config::OptionType::Int` and its siblings.
fn option_type_path(kind: OptionType) -> TokenStream {
    let variant = format_ident!("{kind:?}");
    quote!(::iface::config::OptionType::#variant)
}

fn generate(fields: &[Field], file: &str) -> TokenStream {
    let declarations = fields.iter().map(|field| {
        let ident = &field.ident;
        let option = field.option;
        let value = value_type(option.kind);
        let ty = if option.default.is_some() {
            value
        } else {
            quote!(::core::option::Option<#value>)
        };
        let summary = match &option.default {
            Some(default) => format!(
                "Option `{}` ({}, default `{default}`).",
                option.name, option.kind
            ),
            None => format!(
                "Option `{}` ({}, no default: `None` until the operator sets it).",
                option.name, option.kind
            ),
        };
        let description = super::doc_lines(option.description.as_ref());
        let separator = option.description.as_ref().map(|_| quote!(#[doc = ""]));
        let summary = format!(" {summary}");
        quote! {
            #(#[doc = #description])*
            #separator
            #[doc = #summary]
            pub #ident: #ty,
        }
    });
    let decls = fields.iter().map(|field| {
        let option = field.option;
        let name = &option.name;
        let kind = option_type_path(option.kind);
        let default = option.default.as_ref().map_or_else(
            || quote!(::core::option::Option::None),
            |default| {
                let json = default_json(default);
                quote!(::core::option::Option::Some(#json))
            },
        );
        let description = option.description.as_deref().unwrap_or_default();
        quote! {
            ::iface::config::OptionDecl {
                name: #name,
                kind: #kind,
                default: #default,
                description: #description,
            }
        }
    });
    let reads = fields.iter().map(|field| {
        let ident = &field.ident;
        let name = &field.option.name;
        if field.option.default.is_some() {
            quote!(#ident: ::iface::config::required(values, #name)?,)
        } else {
            quote!(#ident: ::iface::config::optional(values, #name)?,)
        }
    });
    let doc = format!(
        " The charm's configuration, as {file} declares it: one field per option, read with one `config-get` per hook. A handler takes it as `config: &Config`."
    );
    quote! {
        #[doc = #doc]
        #[derive(::core::fmt::Debug, ::core::clone::Clone, ::core::cmp::PartialEq)]
        #[allow(non_snake_case)]
        pub struct Config {
            #(#declarations)*
        }

        #[automatically_derived]
        impl ::iface::config::CharmConfig for Config {
            const OPTIONS: &'static [::iface::config::OptionDecl] = &[#(#decls),*];

            fn from_values(values: &::iface::config::ConfigValues) -> ::iface::Result<Self> {
                ::core::result::Result::Ok(Config {
                    #(#reads)*
                })
            }
        }

        #[automatically_derived]
        impl<'h> ::iface::relation::FromSession<'h> for Config {
            fn from_session(
                cell: &'h ::iface::relation::SessionCell<'h>,
                _when: &[::iface::Flag],
            ) -> ::iface::Result<Self> {
                cell.borrow_mut().config::<Config>()
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::field_name;

    fn field(option: &str) -> Option<String> {
        field_name(option).map(|ident| ident.to_string())
    }

    #[test]
    fn options_become_fields() {
        assert_eq!(field("log-level").as_deref(), Some("log_level"));
        assert_eq!(field("port").as_deref(), Some("port"));
        assert_eq!(field("TLS-cert").as_deref(), Some("TLS_cert"));
        assert_eq!(field("_private").as_deref(), Some("_private"));
        assert_eq!(field("type").as_deref(), Some("r#type"));
        assert_eq!(field("match").as_deref(), Some("r#match"));
    }

    #[test]
    fn names_that_make_no_identifier_are_refused() {
        for name in [
            "1st", "a.b", "über", "-", "_", "self", "crate", "super", "Self", "a b", "",
        ] {
            assert_eq!(field(name), None, "{name}");
        }
    }
}
