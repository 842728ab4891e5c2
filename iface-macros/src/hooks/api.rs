//! An interface's public API as its relation handle offers it: each `pub`
//! method taking `(&self, &mut Conversation, args...)` becomes a handle
//! method taking `(&self, args...)` that runs on every conversation of the
//! handle, so a charm writes `website.configure(80)`.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};
use syn::{
    FnArg, GenericArgument, ImplItem, ImplItemFn, ItemImpl, PathArguments, ReturnType, Type,
    Visibility,
};

/// What a method returns, which decides what its handle method returns.
enum Returns {
    /// `()`: the handle method returns `iface::Result<()>`.
    Nothing,
    /// `Result<(), E>`: the handle method returns `iface::Result<()>`.
    ResultOfNothing,
    /// `Result<T, E>`: the handle method returns `iface::Result<Vec<T>>`,
    /// one value per conversation.
    ResultOf(Type),
    /// `T`: likewise `iface::Result<Vec<T>>`.
    Value(Type),
}

/// Whether `ty` is `&mut Conversation` (by any path ending in `Conversation`).
fn is_conversation(ty: &Type) -> bool {
    let Type::Reference(reference) = ty else {
        return false;
    };
    let Type::Path(path) = reference.elem.as_ref() else {
        return false;
    };
    reference.mutability.is_some()
        && path
            .path
            .segments
            .last()
            .is_some_and(|s| s.ident == "Conversation")
}

fn returns(output: &ReturnType) -> Returns {
    let ReturnType::Type(_, ty) = output else {
        return Returns::Nothing;
    };
    if let Type::Tuple(tuple) = ty.as_ref()
        && tuple.elems.is_empty()
    {
        return Returns::Nothing;
    }
    if let Type::Path(path) = ty.as_ref()
        && let Some(last) = path.path.segments.last()
        && last.ident == "Result"
        && let PathArguments::AngleBracketed(args) = &last.arguments
        && let Some(GenericArgument::Type(ok)) = args.args.first()
    {
        return match ok {
            Type::Tuple(tuple) if tuple.elems.is_empty() => Returns::ResultOfNothing,
            ok => Returns::ResultOf(ok.clone()),
        };
    }
    Returns::Value(ty.as_ref().clone())
}

/// The methods of `item` the handle forwards: public, not hooks, no
/// generics, `&self` then `&mut Conversation`, arguments without `impl`.
fn forwarded(item: &ItemImpl) -> impl Iterator<Item = &ImplItemFn> {
    item.items.iter().filter_map(|item| match item {
        ImplItem::Fn(method)
            if !matches!(method.vis, Visibility::Inherited)
                && method.sig.generics.params.is_empty()
                && method.sig.asyncness.is_none()
                && matches!(method.sig.inputs.first(), Some(FnArg::Receiver(_)))
                && matches!(method.sig.inputs.iter().nth(1), Some(FnArg::Typed(arg)) if is_conversation(&arg.ty))
                && method.sig.inputs.iter().skip(2).all(|arg| matches!(arg, FnArg::Typed(arg) if !matches!(*arg.ty, Type::ImplTrait(_)))) =>
        {
            Some(method)
        }
        _ => None,
    })
}

/// The handle's forwarding methods, or nothing when the impl's self type
/// is not a plain path (the handle's name is derived from it).
pub(crate) fn generate(item: &ItemImpl) -> TokenStream {
    let self_ty = &item.self_ty;
    let Type::Path(path) = self_ty.as_ref() else {
        return TokenStream::new();
    };
    let mut handle = path.path.clone();
    let Some(last) = handle.segments.last_mut() else {
        return TokenStream::new();
    };
    last.ident = crate::interface::handle_ident(&last.ident);
    let methods: Vec<TokenStream> = forwarded(item)
        .map(|method| forward(self_ty, method))
        .collect();
    if methods.is_empty() {
        return TokenStream::new();
    }
    quote! {
        #[automatically_derived]
        impl<'h, B: ::iface::relation::Binding> #handle<'h, B> {
            #(#methods)*
        }
    }
}

fn forward(self_ty: &Type, method: &ImplItemFn) -> TokenStream {
    let ident = &method.sig.ident;
    let vis = &method.vis;
    let docs = method
        .attrs
        .iter()
        .filter(|attr| attr.path().is_ident("doc"));
    let note = format!(
        " Runs `{}::{ident}` on each conversation of this relation handle, in order, stopping at the first error; arguments are cloned for each.",
        quote!(#self_ty).to_string().replace(' ', "")
    );
    let args: Vec<_> = method
        .sig
        .inputs
        .iter()
        .skip(2)
        .enumerate()
        .map(|(i, _)| format_ident!("arg{i}"))
        .collect();
    let types = method
        .sig
        .inputs
        .iter()
        .skip(2)
        .filter_map(|arg| match arg {
            FnArg::Typed(arg) => Some(&arg.ty),
            FnArg::Receiver(_) => None,
        });
    let call = quote! {
        #self_ty::#ident(&<#self_ty as ::iface::Interface>::instance(), conv, #(::core::clone::Clone::clone(&#args)),*)
    };
    let (output, body) = match returns(&method.sig.output) {
        Returns::Nothing => (
            quote!(::iface::Result<()>),
            quote! {
                ::iface::relation::Relation::each(::core::ops::Deref::deref(self), |conv| {
                    #call;
                    ::core::result::Result::Ok(())
                })?;
                ::core::result::Result::Ok(())
            },
        ),
        Returns::ResultOfNothing => (
            quote!(::iface::Result<()>),
            quote! {
                ::iface::relation::Relation::each(::core::ops::Deref::deref(self), |conv| ::iface::__private::HookResult::into_hook_result(#call))?;
                ::core::result::Result::Ok(())
            },
        ),
        Returns::ResultOf(ok) => (
            quote!(::iface::Result<::std::vec::Vec<#ok>>),
            quote!(::iface::relation::Relation::each(::core::ops::Deref::deref(self), |conv| ::iface::relation::IntoResult::into_result(#call))),
        ),
        Returns::Value(value) => (
            quote!(::iface::Result<::std::vec::Vec<#value>>),
            quote!(::iface::relation::Relation::each(::core::ops::Deref::deref(self), |conv| ::core::result::Result::Ok(#call))),
        ),
    };
    quote! {
        #(#docs)*
        #[doc = ""]
        #[doc = #note]
        #vis fn #ident(&self, #(#args: #types),*) -> #output {
            #body
        }
    }
}
