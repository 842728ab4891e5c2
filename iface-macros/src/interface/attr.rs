//! Parsing `#[interface(name = "...", role = ..., scope = ..., flags(...))]`.

use heck::ToShoutySnakeCase;
use iface_model::hook::is_name;
use iface_model::role::Role;
use iface_model::scope::Scope;
use proc_macro2::{Span, TokenStream};
use syn::meta::ParseNestedMeta;
use syn::parse::{Parse, ParseStream, Parser};
use syn::punctuated::Punctuated;
use syn::{Ident, LitStr, Token};

use crate::errors::Errors;
use crate::keys::{self, hint, one_of};

/// The attribute's arguments, each remembering where it was written. A
/// value that failed to parse is absent and its error is in [`Errors`].
#[derive(Default)]
pub(crate) struct InterfaceAttr {
    pub(crate) name: Option<LitStr>,
    pub(crate) role: Option<Role>,
    pub(crate) scope: Option<Scope>,
    pub(crate) flags: Vec<FlagDecl>,
    /// The types whose keys the interface publishes.
    pub(crate) sets: Vec<syn::Type>,
    /// The types whose required keys it reads.
    pub(crate) gets: Vec<syn::Type>,
    /// Every key written, valid value or not: a key written with a bad
    /// value has its own error and is not also reported missing.
    pub(crate) written: Vec<String>,
}

/// One declared flag.
pub(crate) struct FlagDecl {
    /// The flag template, `{relation_name}.` included.
    pub(crate) template: String,
    /// The flag as written, without the relation name.
    pub(crate) suffix: String,
    /// The constant that names it (`AVAILABLE`).
    pub(crate) constant: Ident,
}

/// A flag as written: `available` or `"database.requested"`.
struct FlagName {
    text: String,
    span: Span,
}

impl Parse for FlagName {
    fn parse(input: ParseStream) -> syn::Result<Self> {
        if input.peek(LitStr) {
            let lit: LitStr = input.parse()?;
            Ok(FlagName {
                text: lit.value(),
                span: lit.span(),
            })
        } else if input.peek(Ident) {
            let ident: Ident = input.parse()?;
            Ok(FlagName {
                text: ident.to_string(),
                span: ident.span(),
            })
        } else {
            Err(input.error("expected a flag name: an identifier like `available` or a string like \"database.requested\""))
        }
    }
}

/// Parses the attribute's arguments, recording every fault in `errors`.
pub(crate) fn parse(args: TokenStream, errors: &Errors) -> InterfaceAttr {
    let mut attr = InterfaceAttr::default();
    let mut seen: Vec<String> = Vec::new();
    let mut flags = Vec::new();
    let (mut sets, mut gets) = (Vec::new(), Vec::new());
    let (mut name, mut role, mut scope) = (None, None, None);
    let parser = syn::meta::parser(|meta| {
        let key = meta
            .path
            .get_ident()
            .map(ToString::to_string)
            .unwrap_or_default();
        if seen.contains(&key) {
            errors.error_spanned_by(&meta.path, format!("duplicate `{key}` in #[interface]"));
            // Consume the value so parsing can go on.
            return skip_value(&meta);
        }
        let outcome = match key.as_str() {
            keys::NAME => parse_name(&meta).map(|value| name = value),
            keys::ROLE => parse_role(&meta).map(|value| role = value),
            keys::SCOPE => parse_scope(&meta).map(|value| scope = value),
            keys::FLAGS => parse_flags(&meta, errors).map(|value| flags = value),
            keys::SETS => parse_types(&meta).map(|value| sets = value),
            keys::GETS => parse_types(&meta).map(|value| gets = value),
            _ => {
                let shown = meta
                    .path
                    .get_ident()
                    .map_or_else(|| "this key".to_owned(), |i| format!("`{i}`"));
                errors.error_spanned_by(
                    &meta.path,
                    format!(
                        "unknown #[interface] key {shown}; {}{}",
                        one_of(keys::INTERFACE_KEYS),
                        hint(&key, keys::INTERFACE_KEYS)
                    ),
                );
                return skip_value(&meta);
            }
        };
        seen.push(key);
        if let Err(error) = outcome {
            errors.push(error);
            // The value may be half-read; the rest of the input is still
            // worth parsing only if this argument can be skipped.
            return skip_value(&meta);
        }
        Ok(())
    });
    if let Err(error) = parser.parse2(args) {
        errors.push(error);
    }
    attr.name = name;
    attr.role = role;
    attr.scope = scope;
    attr.flags = flags;
    attr.sets = sets;
    attr.gets = gets;
    attr.written = seen;
    attr
}

/// Skips `= value` or `(...)` after a key, so parsing can continue after a
/// faulty argument.
fn skip_value(meta: &ParseNestedMeta) -> syn::Result<()> {
    if meta.input.peek(Token![=]) {
        meta.input.parse::<Token![=]>()?;
        meta.input.step(|cursor| {
            let mut rest = *cursor;
            while rest.punct().is_none_or(|(p, _)| p.as_char() != ',') {
                match rest.token_tree() {
                    Some((_, next)) => rest = next,
                    None => break,
                }
            }
            Ok(((), rest))
        })
    } else if meta.input.peek(syn::token::Paren) {
        let _content;
        syn::parenthesized!(_content in meta.input);
        Ok(())
    } else {
        Ok(())
    }
}

fn parse_name(meta: &ParseNestedMeta) -> syn::Result<Option<LitStr>> {
    let lit: LitStr = meta.value()?.parse()?;
    if is_name(&lit.value()) {
        Ok(Some(lit))
    } else {
        Err(syn::Error::new(
            lit.span(),
            format!(
                "invalid interface name \"{}\": expected a lowercase letter, then lowercase letters, digits, `-` or `_`",
                lit.value().escape_default()
            ),
        ))
    }
}

/// Parses `= word` where `word` must be one of `names`.
fn parse_keyword<T: Copy>(
    meta: &ParseNestedMeta,
    key: &str,
    all: &[T],
    name_of: fn(T) -> &'static str,
) -> syn::Result<Option<T>> {
    let input = meta.value()?;
    let names = all.iter().map(|&value| name_of(value));
    let Ok(word) = input.fork().parse::<Ident>() else {
        let token: proc_macro2::TokenTree = input.parse()?;
        return Err(syn::Error::new_spanned(
            &token,
            format!("`{key}` takes a bare word: {}", one_of(names)),
        ));
    };
    input.parse::<Ident>()?;
    let text = word.to_string();
    match all.iter().copied().find(|&value| name_of(value) == text) {
        Some(value) => Ok(Some(value)),
        None => Err(syn::Error::new(
            word.span(),
            format!(
                "unknown {key} `{text}`; {}{}",
                one_of(names.clone()),
                hint(&text, names)
            ),
        )),
    }
}

fn parse_role(meta: &ParseNestedMeta) -> syn::Result<Option<Role>> {
    parse_keyword(meta, keys::ROLE, &Role::ALL, Role::as_str)
}

fn parse_scope(meta: &ParseNestedMeta) -> syn::Result<Option<Scope>> {
    parse_keyword(meta, keys::SCOPE, &Scope::ALL, Scope::as_str)
}

fn parse_flags(meta: &ParseNestedMeta, errors: &Errors) -> syn::Result<Vec<FlagDecl>> {
    let content;
    syn::parenthesized!(content in meta.input);
    let names = Punctuated::<FlagName, Token![,]>::parse_terminated(&content)?;
    let mut flags: Vec<FlagDecl> = Vec::new();
    for name in names {
        if let Err(why) = check_flag(&name.text) {
            errors.error_at(name.span, why);
            continue;
        }
        let constant = Ident::new(&name.text.to_shouty_snake_case(), name.span);
        if let Some(earlier) = flags.iter().find(|flag| flag.constant == constant) {
            let message = if earlier.suffix == name.text {
                format!("flag `{}` is declared twice", name.text)
            } else {
                format!(
                    "flags `{}` and `{}` would both be named `{constant}`",
                    earlier.suffix, name.text
                )
            };
            errors.error_at(name.span, message);
            continue;
        }
        flags.push(FlagDecl {
            template: format!("{{relation_name}}.{}", name.text),
            suffix: name.text,
            constant,
        });
    }
    Ok(flags)
}

/// A flag is dot-separated words of lowercase letters, digits, `-` and `_`.
fn check_flag(flag: &str) -> Result<(), String> {
    let word_ok = |word: &str| {
        !word.is_empty()
            && word
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || c == '_')
    };
    if flag.split('.').all(word_ok) && flag.chars().next().is_some_and(|c| c.is_ascii_lowercase()) {
        Ok(())
    } else {
        Err(format!(
            "invalid flag `{}`: expected dot-separated words of lowercase letters, digits, `-` and `_`, starting with a letter; `{{relation_name}}.` is added for you",
            flag.escape_default()
        ))
    }
}

/// `sets(A, B)`: relation-data types (each `#[derive(RelationData)]`).
fn parse_types(meta: &ParseNestedMeta) -> syn::Result<Vec<syn::Type>> {
    let content;
    syn::parenthesized!(content in meta.input);
    Ok(
        Punctuated::<syn::Type, Token![,]>::parse_terminated(&content)?
            .into_iter()
            .collect(),
    )
}
