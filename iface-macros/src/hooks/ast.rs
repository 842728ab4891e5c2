//! A typed view of a `#[hooks]` impl block: its `#[hook]` methods and their
//! parsed patterns, with the `#[hook]` attributes taken out of the item.

use iface_model::pattern::Pattern;
use syn::punctuated::Punctuated;
use syn::{Attribute, FnArg, Ident, ImplItem, ItemImpl, LitStr, ReceiverKind, Token};

use crate::errors::Errors;
use crate::keys;

/// One `#[hook]` method.
pub(crate) struct HookMethod {
    pub(crate) ident: Ident,
    /// Each pattern with the literal it came from, for spans. Patterns that
    /// failed to parse are left out (their errors are recorded).
    pub(crate) patterns: Vec<(LitStr, Pattern)>,
    /// Whether the signature fits the hook table.
    pub(crate) callable: bool,
}

/// Whether `attr` is `#[hook(...)]` or `#[iface::hook(...)]`.
fn is_hook(attr: &Attribute) -> bool {
    keys::attribute_named(attr, &[keys::HOOK]).is_some()
}

/// Takes every `#[hook]` attribute out of `item`, returning the methods
/// they were on. Every fault is recorded in `errors`.
pub(crate) fn take_hook_methods(item: &mut ItemImpl, errors: &Errors) -> Vec<HookMethod> {
    let mut methods = Vec::new();
    for impl_item in &mut item.items {
        let ImplItem::Fn(method) = impl_item else {
            if let Some(attrs) = item_attrs(impl_item) {
                for attr in attrs.extract_if(.., |attr| is_hook(attr)) {
                    errors.error_spanned_by(&attr, "#[hook] goes on methods only");
                }
            }
            continue;
        };
        let hook_attrs: Vec<Attribute> =
            method.attrs.extract_if(.., |attr| is_hook(attr)).collect();
        if hook_attrs.is_empty() {
            continue;
        }
        // The hook table imposes `&self`; interfaces are unit structs, so
        // `self` is rarely used and clippy should not ask to drop it.
        method
            .attrs
            .push(syn::parse_quote!(#[allow(clippy::unused_self)]));
        let mut patterns = Vec::new();
        for attr in &hook_attrs {
            patterns.extend(parse_patterns(attr, errors));
        }
        // A method of the wrong shape stays out of the hook table, so its
        // one error is not followed by the compiler's complaint about the call.
        let callable = check_signature(&method.sig, errors);
        methods.push(HookMethod {
            ident: method.sig.ident.clone(),
            patterns,
            callable,
        });
    }
    methods
}

fn item_attrs(item: &mut ImplItem) -> Option<&mut Vec<Attribute>> {
    match item {
        ImplItem::Const(item) => Some(&mut item.attrs),
        ImplItem::Type(item) => Some(&mut item.attrs),
        ImplItem::Macro(item) => Some(&mut item.attrs),
        _ => None,
    }
}

/// Parses `#[hook("pattern", ...)]`.
fn parse_patterns(attr: &Attribute, errors: &Errors) -> Vec<(LitStr, Pattern)> {
    let lits = match &attr.meta {
        syn::Meta::List(list) => {
            match list.parse_args_with(Punctuated::<LitStr, Token![,]>::parse_terminated) {
                Ok(lits) => lits,
                Err(error) => {
                    errors.push(syn::Error::new(
                    error.span(),
                    "expected hook patterns as string literals, as in #[hook(\"{provides:http}-relation-joined\")]",
                ));
                    return Vec::new();
                }
            }
        }
        _ => Punctuated::new(),
    };
    if lits.is_empty() {
        errors.error_spanned_by(
            attr,
            "#[hook] needs at least one pattern, as in #[hook(\"{provides:http}-relation-{joined,changed}\")]",
        );
    }
    lits.into_iter()
        .filter_map(|lit| match Pattern::parse(&lit.value()) {
            Ok(pattern) => Some((lit, pattern)),
            Err(faults) => {
                for fault in faults {
                    errors.error_at(lit.span(), fault);
                }
                None
            }
        })
        .collect()
}

/// A hook method takes `&self` and the conversation (`&mut Conversation`,
/// or `&Conversation` for a hook that only reads), and nothing else.
/// Returns whether it does.
fn check_signature(sig: &syn::Signature, errors: &Errors) -> bool {
    const SHAPE: &str = "a #[hook] method takes `&self` and `conv: &mut Conversation` (or `&Conversation` if it only reads)";
    let receiver_ok = matches!(
        sig.inputs.first(),
        Some(FnArg::Receiver(receiver)) if matches!(receiver.kind, ReceiverKind::Reference(_, _, None))
    );
    let mut ok = true;
    if !receiver_ok || sig.inputs.len() != 2 {
        ok = false;
        errors.error_spanned_by(
            &sig.inputs,
            format!("{SHAPE}; this one takes `({})`", render_inputs(sig)),
        );
    } else if let Some(FnArg::Typed(conv)) = sig.inputs.iter().nth(1)
        && !super::api::is_conversation(&conv.ty)
    {
        ok = false;
        let ty = &conv.ty;
        errors.error_spanned_by(
            ty,
            format!(
                "{SHAPE}; this one's second parameter is `{}`",
                quote::quote!(#ty).to_string().replace("& ", "&")
            ),
        );
    }
    if let Some(asyncness) = &sig.asyncness {
        ok = false;
        errors.error_spanned_by(
            asyncness,
            "a #[hook] method cannot be async: hooks run to completion in one process",
        );
    }
    if !sig.generics.params.is_empty() {
        ok = false;
        errors.error_spanned_by(&sig.generics, "a #[hook] method cannot be generic");
    }
    ok
}

fn render_inputs(sig: &syn::Signature) -> String {
    let inputs = &sig.inputs;
    quote::quote!(#inputs)
        .to_string()
        .replace(" :", ":")
        .replace("& ", "&")
}
