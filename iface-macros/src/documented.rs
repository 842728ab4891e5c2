//! Compile-time checks that documented `sets`/`gets` (in `metadata.yaml`
//! or `interface.yaml`) are exactly the keys an interface declares with
//! `#[interface(sets(...), gets(...))]`.

use iface_model::metadata::SetDecl;
use proc_macro2::{Span, TokenStream};
use quote::{quote, quote_spanned};

/// Consts, spanned at `span`, that fail the build naming each key that
/// differs, in either direction, between what `file` documents for
/// `subject` and what interface `ty` (written as `shown`) declares. Only
/// lists the file gives are checked, and only against an interface that
/// declares its keys.
pub(crate) fn checks(
    ty: &TokenStream,
    shown: &str,
    span: Span,
    subject: &str,
    file: &str,
    sets: &[String],
    gets: &[String],
) -> TokenStream {
    let mut checks = Vec::new();
    let lists = [
        ("sets", quote!(SETS), sets, "publishes"),
        ("gets", quote!(GETS), gets, "needs"),
    ];
    for (list, constant, documented, verb) in lists {
        if documented.is_empty() {
            continue;
        }
        for key in documented {
            let message = format!(
                "{file} documents that {subject} {list} `{key}`, but `{shown}` {verb} no such key (see its #[interface({list}(...))] types)"
            );
            checks.push(quote_spanned! {span=>
                const _: () = {
                    let keys = <#ty as ::iface::Interface>::#constant;
                    ::core::assert!(keys.is_empty() || ::iface::__private::contains(keys, #key), "{}", #message);
                };
            });
        }
        let before = format!("`{shown}` {verb} `");
        let after = format!("` for {subject}, which {file}'s `{list}` does not list");
        checks.push(quote_spanned! {span=>
            const _: () = if let ::core::option::Option::Some(message) = &::iface::__private::undocumented_key(
                <#ty as ::iface::Interface>::#constant,
                &[#(#documented),*],
                #before,
                #after,
            ) {
                ::core::panic!("{}", message.as_str())
            };
        });
    }
    quote!(#(#checks)*)
}

/// Consts, spanned at `span`, that fail the build when a `sets` entry of
/// `file` documents a bag or an encoding (`- P: {bag: app, encoding:
/// json}`) that differs from where interface `ty`'s type writes the key.
pub(crate) fn placements(
    ty: &TokenStream,
    shown: &str,
    span: Span,
    subject: &str,
    file: &str,
    sets: &[SetDecl],
) -> TokenStream {
    let checks = sets
        .iter()
        .filter(|set| set.bag.is_some() || set.encoding.is_some())
        .map(|set| {
            let key = &set.key;
            let bag = set.bag.as_deref().unwrap_or_default();
            let encoding = set.encoding.as_deref().unwrap_or_default();
            let mut documented = Vec::new();
            if !bag.is_empty() {
                documented.push(format!("in the {bag} bag"));
            }
            if !encoding.is_empty() {
                documented.push(format!("{encoding}-encoded"));
            }
            let before = format!(
                "{file} documents that {subject} sets `{key}` {}, but in `{shown}` ",
                documented.join(", ")
            );
            quote_spanned! {span=>
                const _: () = if let ::core::option::Option::Some(message) = &::iface::__private::placement_mismatch(
                    <#ty as ::iface::Interface>::SETS_DATA,
                    #key,
                    #bag,
                    #encoding,
                    #before,
                ) {
                    ::core::panic!("{}", message.as_str())
                };
            }
        });
    quote!(#(#checks)*)
}
