//! `#[action]` on a charm's action handler: emits the function and a
//! hidden action declaration that `charm!`'s `actions { name: handler }`
//! binds to an action of the charm's actions file.

use proc_macro2::{Span, TokenStream};
use quote::{format_ident, quote, quote_spanned};
use syn::{ItemFn, Type};

use crate::errors::Errors;

/// The declaration `#[action]` emits beside handler `name`; it shows in
/// "constant `charm_action_backup` is never used" (a handler no action is
/// bound to) and "cannot find value `charm_action_backup`" (an action
/// bound to a function that is no action handler).
pub(crate) fn decl_ident(name: &syn::Ident) -> syn::Ident {
    format_ident!("charm_action_{name}", span = name.span())
}

/// Expands `#[action]` (no arguments: `charm!` says which action).
pub(crate) fn expand(args: &TokenStream, input: &TokenStream) -> TokenStream {
    let errors = Errors::new();
    if !args.is_empty() {
        errors.error_spanned_by(
            args,
            "#[action] takes no arguments: bind the handler to its action in charm!'s `actions { name: handler }`",
        );
    }
    let Ok(mut item) = syn::parse2::<ItemFn>(input.clone()) else {
        errors.error_at(
            Span::call_site(),
            "#[action] goes on a charm's free function, such as `fn backup(params: &BackupParams, action: &Action)`",
        );
        let error = errors.finish().map(|e| e.to_compile_error());
        return quote! { #input #error };
    };
    let types = super::arguments(&item, "action handler", &errors);
    let callable = item.sig.inputs.len() == types.len();
    let decl = declaration(&item, &types, callable);
    item.attrs.push(syn::parse_quote!(#[allow(dead_code)]));
    let error = errors.finish().map(|e| e.to_compile_error());
    quote! {
        #item
        #decl
        #error
    }
}

/// The last segment of a parameter type as written (`BackupParams` of
/// `crate::BackupParams`), for `charm!`'s check that a handler takes no
/// other action's parameters.
fn last_segment(ty: &Type) -> String {
    match ty {
        Type::Path(path) => path
            .path
            .segments
            .last()
            .map(|segment| segment.ident.to_string())
            .unwrap_or_default(),
        _ => String::new(),
    }
}

fn declaration(item: &ItemFn, types: &[Type], callable: bool) -> TokenStream {
    let ident = &item.sig.ident;
    let decl = decl_ident(ident);
    let name = ident.to_string();
    let param_types = types.iter().map(last_segment);
    let args: Vec<_> = (0..types.len()).map(|i| format_ident!("arg{i}")).collect();
    let call = quote_spanned! {ident.span()=>
        ::iface::__private::ActionReturn::into_results(#ident(#(&#args),*))
    };
    let run = if callable {
        quote! {
            |session| {
                let cell = ::core::cell::RefCell::new(&mut *session);
                #(let #args = <#types as ::iface::relation::FromSession<'_>>::from_session(&cell, &[])?;)*
                #call
            }
        }
    } else {
        quote!(|_| ::core::unreachable!())
    };
    let needs_leader = super::needs_leader(types);
    let doc = format!("The action-handler declaration of [`{name}`], for `charm!`'s `actions`.");
    let reason = format!(
        "`{name}` is an action handler that no `charm!` binds to an action in `actions {{ name: {name} }}`, so it would never run"
    );
    quote_spanned! {ident.span()=>
        #[doc = #doc]
        #[doc(hidden)]
        #[allow(non_upper_case_globals)]
        #[deny(dead_code, reason = #reason)]
        pub(crate) const #decl: ::iface::action::ActionDecl = ::iface::action::ActionDecl {
            name: #name,
            param_types: &[#(#param_types),*],
            needs_leader: #needs_leader,
            run: #run,
        };
    }
}
