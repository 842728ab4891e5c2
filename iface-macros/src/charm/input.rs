//! The input of `charm!`: `metadata = "...", config = "...", relations {
//! name: Type, ... }, actions = "..." { name: handler, ... }, handlers =
//! [f, ...]`.
//!
//! Parsing never gives up at the first fault: each fault is recorded and
//! the parser skips to the next comma, so that what parsed still reaches
//! the expansion and the user sees one error per fault, not the
//! compiler's complaints about the items a failed `charm!` did not emit.

use proc_macro2::{Span, TokenStream};
use syn::ext::IdentExt;
use syn::parse::{ParseStream, Parser};
use syn::{Ident, LitStr, Path, Token, braced, bracketed};

use crate::errors::Errors;

/// `charm!`'s keys, for messages.
const KEYS: [&str; 5] = ["metadata", "config", "relations", "actions", "handlers"];

/// One `name: Type` binding.
pub(crate) struct BindingInput {
    /// The relation name as metadata spells it.
    pub(crate) relation: String,
    /// Where it was written.
    pub(crate) span: Span,
    pub(crate) ty: Path,
}

/// One `name: handler` action binding.
pub(crate) struct ActionBindingInput {
    /// The action name as the actions file spells it.
    pub(crate) action: String,
    /// Where it was written.
    pub(crate) span: Span,
    /// The `#[action]` function.
    pub(crate) handler: Path,
}

/// `actions = "actions.yaml" { name: handler, ... }` (no file for a
/// unified `charmcraft.yaml`).
pub(crate) struct ActionsInput {
    /// Where the `actions` key is.
    pub(crate) span: Span,
    /// The actions file, when not in a unified `charmcraft.yaml`.
    pub(crate) file: Option<LitStr>,
    /// Every binding that parsed.
    pub(crate) bindings: Vec<ActionBindingInput>,
}

/// The whole invocation, as far as it parsed.
#[derive(Default)]
pub(crate) struct CharmInput {
    pub(crate) metadata: Option<LitStr>,
    /// The options file, when not in a unified `charmcraft.yaml`.
    pub(crate) config: Option<LitStr>,
    pub(crate) bindings: Vec<BindingInput>,
    pub(crate) actions: Option<ActionsInput>,
    pub(crate) handlers: Vec<Path>,
}

/// Parses `tokens`, recording every fault in `errors`.
pub(crate) fn parse(tokens: TokenStream, errors: &Errors) -> CharmInput {
    let mut input = CharmInput::default();
    let mut metadata_written = false;
    let parser = |stream: ParseStream| {
        metadata_written = read_keys(stream, &mut input, errors);
        Ok(())
    };
    if let Err(error) = parser.parse2(tokens) {
        errors.push(error);
    }
    // A `metadata` key with a bad value, or a misspelt one, has its error.
    if !metadata_written {
        errors.error_at(
            Span::call_site(),
            "charm! needs `metadata = \"metadata.yaml\"`, the charm's metadata file relative to its Cargo.toml",
        );
    }
    input
}

/// Skips to just past the next comma at this level (or to the end).
fn skip_to_comma(input: ParseStream) {
    let _ = input.step(|cursor| {
        let mut rest = *cursor;
        while let Some((tree, next)) = rest.token_tree() {
            rest = next;
            if matches!(&tree, proc_macro2::TokenTree::Punct(p) if p.as_char() == ',') {
                break;
            }
        }
        Ok(((), rest))
    });
}

/// Reads every key into `parsed`; returns whether `metadata` was written
/// (or misspelt).
fn read_keys(input: ParseStream, parsed: &mut CharmInput, errors: &Errors) -> bool {
    let mut seen: Vec<String> = Vec::new();
    while !input.is_empty() {
        let Ok(key) = input.call(Ident::parse_any) else {
            errors.push(input.error(format!(
                "expected a charm! key: {}",
                crate::keys::one_of(KEYS)
            )));
            skip_to_comma(input);
            continue;
        };
        let name = key.to_string();
        if seen.contains(&name) {
            errors.error_at(key.span(), format!("duplicate `{name}` in charm!"));
            skip_to_comma(input);
            continue;
        }
        let outcome = match name.as_str() {
            "metadata" => file_path(input).map(|lit| parsed.metadata = Some(lit)),
            "config" => file_path(input).map(|lit| parsed.config = Some(lit)),
            "relations" => bindings(input, errors).map(|list| parsed.bindings = list),
            "handlers" => handlers(input, errors).map(|list| parsed.handlers = list),
            "actions" => actions(input, key.span(), errors).map(|read| parsed.actions = Some(read)),
            other => {
                if iface_model::did_you_mean(other, ["metadata"]).is_some() {
                    seen.push("metadata".to_owned());
                }
                Err(syn::Error::new(
                    key.span(),
                    format!(
                        "unknown charm! key `{other}`; {}{}",
                        crate::keys::one_of(KEYS),
                        crate::keys::hint(other, KEYS)
                    ),
                ))
            }
        };
        seen.push(name);
        match outcome {
            Ok(()) if input.is_empty() => {}
            Ok(()) => {
                if let Err(error) = input.parse::<Token![,]>() {
                    errors.push(error);
                    skip_to_comma(input);
                }
            }
            Err(error) => {
                errors.push(error);
                skip_to_comma(input);
            }
        }
    }
    seen.iter().any(|key| key == "metadata")
}

/// `= "file.yaml"`.
fn file_path(input: ParseStream) -> syn::Result<LitStr> {
    input.parse::<Token![=]>()?;
    input.parse::<LitStr>()
}

/// The comma-separated items of `content` that `item` parses; each one
/// that does not is recorded and skipped, so the rest still count.
fn each_item<T>(
    content: ParseStream,
    errors: &Errors,
    item: fn(ParseStream) -> syn::Result<T>,
) -> Vec<T> {
    let mut list = Vec::new();
    while !content.is_empty() {
        match item(content) {
            Ok(parsed) => list.push(parsed),
            Err(error) => {
                errors.push(error);
                skip_to_comma(content);
                continue;
            }
        }
        if !content.is_empty()
            && let Err(error) = content.parse::<Token![,]>()
        {
            errors.push(error);
            skip_to_comma(content);
        }
    }
    list
}

/// `{ name: Type, ... }`: every binding that parses.
fn bindings(input: ParseStream, errors: &Errors) -> syn::Result<Vec<BindingInput>> {
    let content;
    braced!(content in input);
    Ok(each_item(&content, errors, binding))
}

/// `name:` or `"name":` before a bound value: relation and action names
/// may hold `-`, which no identifier can, so those are written as strings
/// (`"reverse-proxy": ...`).
fn bound_name(input: ParseStream) -> syn::Result<(String, Span)> {
    let named = if input.peek(LitStr) {
        let lit: LitStr = input.parse()?;
        (lit.value(), lit.span())
    } else {
        let ident = input.call(Ident::parse_any)?;
        (ident.to_string(), ident.span())
    };
    input.parse::<Token![:]>()?;
    Ok(named)
}

fn binding(input: ParseStream) -> syn::Result<BindingInput> {
    let (relation, span) = bound_name(input)?;
    Ok(BindingInput {
        relation,
        span,
        ty: input.parse()?,
    })
}

/// `[= "file.yaml"] { name: handler, ... }`: every binding that parses.
fn actions(input: ParseStream, span: Span, errors: &Errors) -> syn::Result<ActionsInput> {
    let file = if input.peek(Token![=]) {
        Some(file_path(input)?)
    } else {
        None
    };
    let content;
    braced!(content in input);
    Ok(ActionsInput {
        span,
        file,
        bindings: each_item(&content, errors, action_binding),
    })
}

fn action_binding(input: ParseStream) -> syn::Result<ActionBindingInput> {
    let (action, span) = bound_name(input)?;
    Ok(ActionBindingInput {
        action,
        span,
        handler: Path::parse_mod_style(input)?,
    })
}

/// `= [f, module::g, ...]`: every path that parses.
fn handlers(input: ParseStream, errors: &Errors) -> syn::Result<Vec<Path>> {
    input.parse::<Token![=]>()?;
    let content;
    bracketed!(content in input);
    Ok(each_item(&content, errors, Path::parse_mod_style))
}
