//! `#[hooks]` on an interface's impl block: takes its `#[hook]` methods and
//! generates the interface's hook table.

mod api;
mod ast;
mod valid;

use proc_macro2::{Span, TokenStream};
use quote::{quote, quote_spanned};
use syn::ItemImpl;

use crate::errors::Errors;
use crate::tokens::{hook_spec, role_path};

/// Expands `#[hooks] impl T { ... }`. The impl is always emitted with its
/// `#[hook]` attributes removed, and so is the hook table (with the
/// patterns that parsed), so a fault shows as one error, not a cascade.
pub(crate) fn expand(args: &TokenStream, input: &TokenStream) -> TokenStream {
    let errors = Errors::new();
    if !args.is_empty() {
        errors.error_spanned_by(args, "#[hooks] takes no arguments");
    }
    let Ok(mut item) = syn::parse2::<ItemImpl>(input.clone()) else {
        errors.error_at(
            Span::call_site(),
            "#[hooks] goes on an inherent impl block of an #[interface] struct",
        );
        let error = errors.finish().map(|e| e.to_compile_error());
        return quote! { #input #error };
    };
    if let Some((path, _)) = &item.trait_ {
        errors.error_spanned_by(
            path,
            "#[hooks] goes on an inherent impl block (`impl HttpProvides`), not a trait impl",
        );
    }
    if !item.generics.params.is_empty() {
        errors.error_spanned_by(
            &item.generics,
            "#[hooks] cannot go on a generic impl: interfaces are not generic",
        );
    }
    let methods = ast::take_hook_methods(&mut item, &errors);
    api::allow_owned_arguments(&mut item);
    let placeholders = valid::check(&methods, &errors);
    let generated = if item.trait_.is_none() {
        let table = generate(&item, &methods, &placeholders, &api::callables(&item));
        let api = api::generate(&item);
        quote!(#table #api)
    } else {
        TokenStream::new()
    };
    let error = errors.finish().map(|e| e.to_compile_error());
    quote! {
        #item
        #generated
        #error
    }
}

fn generate(
    item: &ItemImpl,
    methods: &[ast::HookMethod],
    placeholders: &[valid::Placeholder],
    callables: &TokenStream,
) -> TokenStream {
    let self_ty = &item.self_ty;
    let handlers = methods.iter().filter(|method| method.callable).map(|method| {
        let ident = &method.ident;
        let name = ident.to_string();
        let sources = method.patterns.iter().map(|(lit, _)| lit);
        let hooks = method.patterns.iter().flat_map(|(_, pattern)| pattern.hooks()).map(hook_spec);
        quote_spanned! {ident.span()=>
            ::iface::__private::HookHandler {
                method: #name,
                patterns: &[#(#sources),*],
                hooks: &[#(#hooks),*],
                call: |this, conv| ::iface::__private::HookResult::into_hook_result(Self::#ident(this, conv)),
            }
        }
    });
    let shown = quote!(#self_ty).to_string().replace(' ', "");
    let checks = placeholders.iter().map(|placeholder| {
        let role = role_path(placeholder.role);
        let interface = placeholder.interface;
        let before = format!(
            "hook pattern {:?} is for `{{{}:{interface}}}`, but its #[interface(...)] says ",
            placeholder.lit.value(),
            placeholder.role,
        );
        quote_spanned! {placeholder.lit.span()=>
            const _: () = if let ::core::option::Option::Some(message) =
                &::iface::__private::mismatch::<#self_ty>(#role, #interface, #before, #shown)
            {
                ::core::panic!("{}", message.as_str())
            };
        }
    });
    quote! {
        #[automatically_derived]
        impl ::iface::Hooks for #self_ty {
            const HOOKS: &'static [::iface::__private::HookHandler<Self>] = &[#(#handlers),*];
            const METHODS: &'static [::iface::__private::Callable<Self>] = #callables;
        }
        #(#checks)*
    }
}
