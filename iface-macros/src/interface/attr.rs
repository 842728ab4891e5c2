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

/// A value and where it was written.
#[derive(Clone, Copy)]
pub(crate) struct Spanned<T> {
    pub(crate) value: T,
    pub(crate) span: Span,
}

/// The attribute's arguments, each remembering where it was written. A
/// value that failed to parse is absent and its error is in [`Errors`].
#[derive(Default)]
pub(crate) struct InterfaceAttr {
    pub(crate) name: Option<LitStr>,
    pub(crate) role: Option<Spanned<Role>>,
    pub(crate) scope: Option<Spanned<Scope>>,
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

/// What follows a key: `= value` (every token up to the next comma), a
/// parenthesized list, or nothing.
enum Argument {
    Value { eq: Token![=], tokens: TokenStream },
    List(TokenStream),
    Missing,
}

impl Argument {
    /// Reads the argument after `meta`'s key, leaving the input at the
    /// comma that ends it (or at its end).
    fn read(meta: &ParseNestedMeta) -> syn::Result<Argument> {
        if meta.input.peek(Token![=]) {
            let eq = meta.input.parse::<Token![=]>()?;
            let tokens = meta.input.step(|cursor| {
                let mut tokens = TokenStream::new();
                let mut rest = *cursor;
                while let Some((tree, next)) = rest.token_tree() {
                    if matches!(&tree, proc_macro2::TokenTree::Punct(p) if p.as_char() == ',') {
                        break;
                    }
                    tokens.extend([tree]);
                    rest = next;
                }
                Ok((tokens, rest))
            })?;
            Ok(Argument::Value { eq, tokens })
        } else if meta.input.peek(syn::token::Paren) {
            let content;
            syn::parenthesized!(content in meta.input);
            Ok(Argument::List(content.parse()?))
        } else {
            Ok(Argument::Missing)
        }
    }

    /// The value of `key = value`; an error, at the offending tokens,
    /// for a list, a missing value or an empty one. `example` shows the
    /// key used right, `expected` what the value may be.
    fn value(self, key: &Ident, example: &str, expected: &str) -> syn::Result<TokenStream> {
        match self {
            Argument::Value { eq, tokens } if tokens.is_empty() => Err(syn::Error::new(
                eq.span,
                format!("`{key} =` needs a value after `=`: {expected}, as in `{example}`"),
            )),
            Argument::Value { tokens, .. } => Ok(tokens),
            Argument::List(tokens) => Err(syn::Error::new_spanned(
                tokens,
                format!("`{key}` takes `= value`, not parentheses: {expected}, as in `{example}`"),
            )),
            Argument::Missing => Err(syn::Error::new(
                key.span(),
                format!("`{key}` needs a value: {expected}, as in `{example}`"),
            )),
        }
    }

    /// The list of `key(...)`; an error, at the offending tokens, for
    /// `= value` or nothing.
    fn list(self, key: &Ident, example: &str) -> syn::Result<TokenStream> {
        match self {
            Argument::List(tokens) => Ok(tokens),
            Argument::Value { eq, tokens } => {
                let mut written = quote::quote!(#eq);
                written.extend(tokens);
                Err(syn::Error::new_spanned(
                    written,
                    format!("`{key}` takes a list in parentheses, as in `{example}`"),
                ))
            }
            Argument::Missing => Err(syn::Error::new(
                key.span(),
                format!("`{key}` needs a list in parentheses, as in `{example}`"),
            )),
        }
    }
}

/// Parses the attribute's arguments, recording every fault in `errors`.
pub(crate) fn parse(args: TokenStream, errors: &Errors) -> InterfaceAttr {
    let mut attr = InterfaceAttr::default();
    let mut seen: Vec<String> = Vec::new();
    let parser = syn::meta::parser(|meta| {
        let Some(key) = meta.path.get_ident().cloned() else {
            errors.error_spanned_by(
                &meta.path,
                format!("unknown #[interface] key; {}", one_of(keys::INTERFACE_KEYS)),
            );
            return Argument::read(&meta).map(drop);
        };
        let name = key.to_string();
        let argument = Argument::read(&meta)?;
        if seen.contains(&name) {
            errors.error_at(key.span(), format!("duplicate `{name}` in #[interface]"));
            return Ok(());
        }
        let outcome = match name.as_str() {
            keys::NAME => parse_name(&key, argument).map(|value| attr.name = Some(value)),
            keys::ROLE => parse_keyword(&key, argument, &Role::ALL, Role::as_str)
                .map(|value| attr.role = Some(value)),
            keys::SCOPE => parse_keyword(&key, argument, &Scope::ALL, Scope::as_str)
                .map(|value| attr.scope = Some(value)),
            keys::FLAGS => argument
                .list(&key, "flags(available, \"tls.ready\")")
                .and_then(|list| parse_flags(list, errors))
                .map(|value| attr.flags = value),
            keys::SETS => argument
                .list(&key, "sets(HttpSettings)")
                .and_then(parse_types)
                .map(|value| attr.sets = value),
            keys::GETS => argument
                .list(&key, "gets(HttpSettings)")
                .and_then(parse_types)
                .map(|value| attr.gets = value),
            _ => {
                errors.error_at(
                    key.span(),
                    format!(
                        "unknown #[interface] key `{name}`; {}{}",
                        one_of(keys::INTERFACE_KEYS),
                        hint(&name, keys::INTERFACE_KEYS)
                    ),
                );
                return Ok(());
            }
        };
        seen.push(name);
        if let Err(error) = outcome {
            errors.push(error);
        }
        Ok(())
    });
    if let Err(error) = parser.parse2(args) {
        errors.push(error);
    }
    attr.written = seen;
    attr
}

fn parse_name(key: &Ident, argument: Argument) -> syn::Result<LitStr> {
    const EXPECTED: &str = "the interface name as a string";
    let tokens = argument.value(key, "name = \"http\"", EXPECTED)?;
    let lit: LitStr = syn::parse2(tokens.clone()).map_err(|_| {
        syn::Error::new_spanned(
            &tokens,
            format!("`name` takes {EXPECTED}, as in `name = \"http\"`"),
        )
    })?;
    if is_name(&lit.value()) {
        Ok(lit)
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

/// Parses `key = word` where `word` must be one of `all`, by name.
fn parse_keyword<T: Copy>(
    key: &Ident,
    argument: Argument,
    all: &[T],
    name_of: fn(T) -> &'static str,
) -> syn::Result<Spanned<T>> {
    let names = all.iter().map(|&value| name_of(value));
    let expected = one_of(names.clone());
    let example = format!("{key} = {}", name_of(all[0]));
    let tokens = argument.value(key, &example, &expected)?;
    let Ok(word) = syn::parse2::<Ident>(tokens.clone()) else {
        // `Scope::Global` or `"provides"`: say which word was meant.
        let last_word = tokens
            .clone()
            .into_iter()
            .last()
            .and_then(|tree| match tree {
                proc_macro2::TokenTree::Ident(ident) => Some(ident.to_string()),
                proc_macro2::TokenTree::Literal(lit) => syn::parse_str::<LitStr>(&lit.to_string())
                    .ok()
                    .map(|s| s.value()),
                _ => None,
            });
        let fix = last_word
            .filter(|word| names.clone().any(|name| name == word))
            .map(|word| format!(" (write `{key} = {word}`)"))
            .unwrap_or_default();
        return Err(syn::Error::new_spanned(
            &tokens,
            format!("`{key}` takes a bare word: {expected}{fix}"),
        ));
    };
    let text = word.to_string();
    match all.iter().copied().find(|&value| name_of(value) == text) {
        Some(value) => Ok(Spanned {
            value,
            span: word.span(),
        }),
        None => Err(syn::Error::new(
            word.span(),
            format!("unknown {key} `{text}`; {expected}{}", hint(&text, names)),
        )),
    }
}

fn parse_flags(list: TokenStream, errors: &Errors) -> syn::Result<Vec<FlagDecl>> {
    let names = Punctuated::<FlagName, Token![,]>::parse_terminated.parse2(list)?;
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
fn parse_types(list: TokenStream) -> syn::Result<Vec<syn::Type>> {
    Ok(Punctuated::<syn::Type, Token![,]>::parse_terminated
        .parse2(list)?
        .into_iter()
        .collect())
}
