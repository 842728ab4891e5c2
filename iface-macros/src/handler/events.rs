//! `#[on(install, upgrade_charm)]`: the charm-level events a handler runs
//! for, by their hook names with `-` written `_`.

use iface_model::hook::{HookSpec, SecretEvent, UnitEvent};
use proc_macro2::{Span, TokenStream};
use syn::punctuated::Punctuated;
use syn::{Ident, Token};

use crate::errors::Errors;

/// Every event `#[on]` accepts, as written there: the unit hooks, then
/// the secret hooks.
fn accepted() -> Vec<(String, HookSpec)> {
    let unit = UnitEvent::ALL
        .iter()
        .map(|&event| (event.as_str().replace('-', "_"), HookSpec::Unit(event)));
    let secret = SecretEvent::ALL
        .iter()
        .map(|&event| (event.as_str().replace('-', "_"), HookSpec::Secret(event)));
    unit.chain(secret).collect()
}

/// Parses the arguments of one `#[on(...)]` (written at `span`) into
/// `events`, recording every fault: a word that names no event (with a
/// "did you mean"), an event listed twice, no event at all.
pub(super) fn parse(
    args: TokenStream,
    span: Span,
    events: &mut Vec<(HookSpec, Span)>,
    errors: &Errors,
) {
    let words =
        match syn::parse::Parser::parse2(Punctuated::<Ident, Token![,]>::parse_terminated, args) {
            Ok(words) => words,
            Err(error) => {
                errors.push(syn::Error::new(
                    error.span(),
                    "#[on] takes event names, as in #[on(install, upgrade_charm)]",
                ));
                return;
            }
        };
    if words.is_empty() {
        errors.error_at(
            span,
            "#[on] needs at least one event, as in #[on(install, upgrade_charm)]",
        );
    }
    let accepted = accepted();
    for word in words {
        let text = word.to_string();
        let Some((_, spec)) = accepted.iter().find(|(name, _)| *name == text) else {
            let names: Vec<&str> = accepted.iter().map(|(name, _)| name.as_str()).collect();
            let hint = iface_model::did_you_mean(&text, names.iter().copied())
                .map(|near| format!(" (did you mean `{near}`?)"))
                .unwrap_or_default();
            errors.error_at(
                word.span(),
                format!(
                    "unknown event `{text}`; {}{hint}",
                    crate::keys::one_of_names(&names)
                ),
            );
            continue;
        };
        if events.iter().any(|(seen, _)| seen == spec) {
            errors.error_at(word.span(), format!("event `{text}` is listed twice"));
            continue;
        }
        events.push((spec.clone(), word.span()));
    }
}
