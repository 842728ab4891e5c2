//! `#[on]`, `#[when]`, `#[when_not]`, `#[when_any]` and
//! `#[only_on_change]` on a charm's handler: the outermost of them takes
//! the others off the function and emits the function plus a hidden
//! handler declaration that `charm!` lists.

pub(crate) mod action;
mod events;

use iface_model::hook::HookSpec;
use proc_macro2::{Span, TokenStream};
use quote::{format_ident, quote, quote_spanned};
use syn::punctuated::Punctuated;
use syn::{Attribute, Expr, FnArg, ItemFn, Token, Type};

use crate::errors::Errors;
use crate::tokens::hook_spec;

/// The handler attributes, by name.
pub(crate) const ON: &str = "on";
pub(crate) const WHEN: &str = "when";
pub(crate) const WHEN_NOT: &str = "when_not";
pub(crate) const WHEN_ANY: &str = "when_any";
pub(crate) const ONLY_ON_CHANGE: &str = "only_on_change";
const ALL: [&str; 5] = [ON, WHEN, WHEN_NOT, WHEN_ANY, ONLY_ON_CHANGE];

/// The name of the declaration `#[when]` or `#[on]` emits beside
/// handler `name`. It shows in two errors, so it reads as what it is:
/// "constant `charm_handler_wait` is never used" (a handler `charm!` does
/// not list) and "cannot find value `charm_handler_wait`" (a listed
/// function that is no handler). It must not start with `_`: the
/// compiler never reports such names as unused.
pub(crate) fn decl_ident(name: &syn::Ident) -> syn::Ident {
    format_ident!("charm_handler_{name}", span = name.span())
}

/// Which handler attribute `attr` is, if any (`when` or `iface::when`).
pub(crate) fn handler_attr(attr: &Attribute) -> Option<&'static str> {
    crate::keys::attribute_named(attr, &ALL)
}

#[derive(Default)]
struct Conditions {
    /// The events of `#[on(...)]`, each with where it was written.
    on: Vec<(HookSpec, Span)>,
    when: Vec<Expr>,
    when_not: Vec<Expr>,
    when_any: Vec<Vec<Expr>>,
    only_on_change: bool,
}

fn flags(args: TokenStream, kind: &str, span: Span, errors: &Errors) -> Vec<Expr> {
    let parsed = syn::parse::Parser::parse2(Punctuated::<Expr, Token![,]>::parse_terminated, args);
    match parsed {
        Ok(list) if list.is_empty() => {
            errors.error_at(
                span,
                format!("#[{kind}] needs at least one flag, as in #[{kind}(Website::AVAILABLE)]"),
            );
            Vec::new()
        }
        Ok(list) => list.into_iter().collect(),
        Err(error) => {
            errors.push(error);
            Vec::new()
        }
    }
}

fn add(conditions: &mut Conditions, kind: &str, args: TokenStream, span: Span, errors: &Errors) {
    match kind {
        ON => events::parse(args, span, &mut conditions.on, errors),
        WHEN => conditions.when.extend(flags(args, kind, span, errors)),
        WHEN_NOT => conditions.when_not.extend(flags(args, kind, span, errors)),
        WHEN_ANY => conditions.when_any.push(flags(args, kind, span, errors)),
        _ => {
            if !args.is_empty() {
                errors.error_spanned_by(&args, "#[only_on_change] takes no arguments");
            }
            conditions.only_on_change = true;
        }
    }
}

/// Expands the outermost handler attribute `kind(args)` on `input`.
pub(crate) fn expand(kind: &'static str, args: TokenStream, input: &TokenStream) -> TokenStream {
    let errors = Errors::new();
    let Ok(mut item) = syn::parse2::<ItemFn>(input.clone()) else {
        errors.error_at(
            Span::call_site(),
            format!("#[{kind}] goes on a charm's free function, such as `fn configure_website(website: &Website)`"),
        );
        let error = errors.finish().map(|e| e.to_compile_error());
        return quote! { #input #error };
    };
    let mut conditions = Conditions::default();
    add(&mut conditions, kind, args, Span::call_site(), &errors);
    for attr in item
        .attrs
        .extract_if(.., |attr| handler_attr(attr).is_some())
    {
        let sibling = handler_attr(&attr).unwrap_or(WHEN);
        let args = match &attr.meta {
            syn::Meta::List(list) => list.tokens.clone(),
            _ => TokenStream::new(),
        };
        add(
            &mut conditions,
            sibling,
            args,
            syn::spanned::Spanned::span(&attr),
            &errors,
        );
    }
    let args = arguments(&item, "flag handler", &errors);
    // With a parameter of the wrong shape the build fails anyway; a
    // declaration that does not call the function keeps it to one error.
    let callable = item.sig.inputs.len() == args.len();
    let decl = declaration(&item, &conditions, &args, callable);
    // Only the declaration calls the function, so when `charm!` does not
    // list it both are unused; the declaration's error says why, and the
    // function's own warning would only repeat it.
    item.attrs.push(syn::parse_quote!(#[allow(dead_code)]));
    let error = errors.finish().map(|e| e.to_compile_error());
    quote! {
        #item
        #decl
        #error
    }
}

/// The handle type of each parameter of `item`, a `noun` (`flag
/// handler`, `action handler`); every parameter is `&Type`.
pub(crate) fn arguments(item: &ItemFn, noun: &str, errors: &Errors) -> Vec<Type> {
    let sig = &item.sig;
    if let Some(asyncness) = &sig.asyncness {
        errors.error_spanned_by(
            asyncness,
            format!("a {noun} cannot be async: hooks run to completion in one process"),
        );
    }
    if !sig.generics.params.is_empty() {
        errors.error_spanned_by(&sig.generics, format!("a {noun} cannot be generic"));
    }
    let mut types = Vec::new();
    for input in &sig.inputs {
        match input {
            FnArg::Typed(arg) => match arg.ty.as_ref() {
                Type::Reference(reference) if reference.mutability.is_none() => types.push((*reference.elem).clone()),
                _ => errors.error_spanned_by(
                    &arg.ty,
                    format!("a {noun}'s parameters are shared references to relation handles or the unit, such as `website: &Website` or `unit: &Unit`"),
                ),
            },
            FnArg::Receiver(receiver) => errors.error_spanned_by(
                receiver,
                format!("a {noun} is a free function of the charm, not a method; interfaces react to hooks with #[hook]"),
            ),
        }
    }
    types
}

/// Whether a handler taking `types` runs only on the leader: whether any
/// of its parameters (a `&Leader`, say) needs leadership.
pub(crate) fn needs_leader(types: &[Type]) -> TokenStream {
    quote! {
        || false #(|| <#types as ::iface::relation::FromSession<'_>>::NEEDS_LEADER)*
    }
}

fn declaration(
    item: &ItemFn,
    conditions: &Conditions,
    types: &[Type],
    callable: bool,
) -> TokenStream {
    let ident = &item.sig.ident;
    let decl = decl_ident(ident);
    let name = ident.to_string();
    let on = conditions.on.iter().map(|(spec, _)| hook_spec(spec));
    let when = &conditions.when;
    let when_not = &conditions.when_not;
    let when_any = conditions
        .when_any
        .iter()
        .map(|group| quote!(&[#(#group),*]));
    let only_on_change = conditions.only_on_change;
    let args: Vec<_> = (0..types.len()).map(|i| format_ident!("arg{i}")).collect();
    let doc = format!("The handler declaration of [`{name}`], for `charm!`'s `handlers` list.");
    let call = quote_spanned! {ident.span()=>
        ::iface::__private::HookResult::into_hook_result(#ident(#(&#args),*))
    };
    let run = if !callable {
        quote!(|_, _| ::core::unreachable!())
    } else if args.is_empty() {
        quote!(|_, _| #call)
    } else {
        quote! {
            |session, when| {
                let cell = ::core::cell::RefCell::new(&mut *session);
                #(let #args = <#types as ::iface::relation::FromSession<'_>>::from_session(&cell, when)?;)*
                #call
            }
        }
    };
    let needs_leader = needs_leader(types);
    let reason = format!(
        "`{name}` is a charm handler that no `charm!` lists in `handlers = [...]`, so it would never run: add `{name}` to the list"
    );
    // Crate-visible and denied dead code: only `charm!`'s `handlers`
    // uses the declaration, so a handler left out of that list does not
    // compile, where it would silently never run.
    // The whole item is spanned at the function's name: the compiler
    // reports no dead code in an item that a macro made up.
    quote_spanned! {ident.span()=>
        #[doc = #doc]
        #[doc(hidden)]
        #[allow(non_upper_case_globals)]
        #[deny(dead_code, reason = #reason)]
        pub(crate) const #decl: ::iface::charm::HandlerDecl = ::iface::charm::HandlerDecl {
            name: #name,
            on: &[#(#on),*],
            when: &[#(#when),*],
            when_not: &[#(#when_not),*],
            when_any: &[#(#when_any),*],
            only_on_change: #only_on_change,
            needs_leader: #needs_leader,
            run: #run,
        };
    }
}
