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

/// Whether `ty` is `&mut Conversation` or `&Conversation` (by any path
/// ending in `Conversation`): the conversation parameter of a hook or an
/// API method. A shared one suits a method that only reads (`is_state`,
/// `get_local`, `units`); the caller's `&mut` coerces to it.
pub(crate) fn is_conversation(ty: &Type) -> bool {
    let Type::Reference(reference) = ty else {
        return false;
    };
    let Type::Path(path) = reference.elem.as_ref() else {
        return false;
    };
    path.qself.is_none()
        && path
            .path
            .segments
            .last()
            .is_some_and(|s| s.ident == "Conversation")
}

fn returns_of(output: &ReturnType) -> Returns {
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

/// Lets the API methods take owned arguments without clippy asking for
/// references: the CLI decodes each argument into an owned value.
pub(crate) fn allow_owned_arguments(item: &mut ItemImpl) {
    for impl_item in &mut item.items {
        if let ImplItem::Fn(method) = impl_item
            && is_forwarded(method)
        {
            method
                .attrs
                .push(syn::parse_quote!(#[allow(clippy::needless_pass_by_value)]));
        }
    }
}

/// Whether the handle forwards `method`: public, not a hook, no generics,
/// `&self` then the conversation, arguments without `impl`.
fn is_forwarded(method: &ImplItemFn) -> bool {
    !matches!(method.vis, Visibility::Inherited)
        && method.sig.generics.params.is_empty()
        && method.sig.asyncness.is_none()
        && matches!(method.sig.inputs.first(), Some(FnArg::Receiver(_)))
        && matches!(method.sig.inputs.iter().nth(1), Some(FnArg::Typed(arg)) if is_conversation(&arg.ty))
        && method
            .sig
            .inputs
            .iter()
            .skip(2)
            .all(|arg| matches!(arg, FnArg::Typed(arg) if !matches!(*arg.ty, Type::ImplTrait(_))))
}

/// The methods of `item` the handle forwards.
fn forwarded(item: &ItemImpl) -> impl Iterator<Item = &ImplItemFn> {
    item.items.iter().filter_map(|item| match item {
        ImplItem::Fn(method) if is_forwarded(method) => Some(method),
        _ => None,
    })
}

/// `[Callable, ...]`: each forwarded method as the CLI calls it, with its
/// arguments decoded from text and its result encoded as JSON.
pub(crate) fn callables(item: &ItemImpl) -> TokenStream {
    let self_ty = &item.self_ty;
    let entries = forwarded(item).map(|method| {
        let ident = &method.sig.ident;
        let name = ident.to_string();
        let typed: Vec<&syn::PatType> = method
            .sig
            .inputs
            .iter()
            .skip(2)
            .filter_map(|arg| match arg {
                FnArg::Typed(arg) => Some(arg),
                FnArg::Receiver(_) => None,
            })
            .collect();
        let names: Vec<String> = typed
            .iter()
            .enumerate()
            .map(|(i, arg)| match arg.pat.as_ref() {
                syn::Pat::Ident(pat) => pat.ident.to_string().trim_start_matches('_').to_owned(),
                _ => format!("arg{i}"),
            })
            .collect();
        let param_types: Vec<&Type> = typed.iter().map(|arg| arg.ty.as_ref()).collect();
        let type_names: Vec<String> = param_types.iter().map(|ty| type_text(ty)).collect();
        let returns = match &method.sig.output {
            ReturnType::Default => "()".to_owned(),
            ReturnType::Type(_, ty) => type_text(ty),
        };
        let args: Vec<_> = (0..typed.len()).map(|i| format_ident!("arg{i}")).collect();
        let indexes = 0..typed.len();
        let call = quote!(#self_ty::#ident(this, conv, #(#args),*));
        let encode = match returns_of(&method.sig.output) {
            Returns::Nothing => quote! {
                #call;
                ::core::result::Result::Ok(::core::option::Option::None)
            },
            Returns::ResultOfNothing => quote! {
                ::iface::__private::HookResult::into_hook_result(#call)?;
                ::core::result::Result::Ok(::core::option::Option::None)
            },
            Returns::ResultOf(ok) => quote! {
                let value = ::iface::relation::IntoResult::into_result(#call)?;
                (&::iface::__private::Probe::<#ok>::new()).encode_result(value)
            },
            Returns::Value(value) => quote! {
                (&::iface::__private::Probe::<#value>::new()).encode_result(#call)
            },
        };
        quote! {
            ::iface::__private::Callable {
                name: #name,
                params: &[#(::iface::__private::Param { name: #names, ty: #type_names }),*],
                returns: #returns,
                call: |this, conv, text| {
                    #[allow(unused_imports)]
                    use ::iface::__private::{DecodeArg as _, DecodeArgUnsupported as _, EncodeResult as _, EncodeResultUnsupported as _};
                    ::iface::__private::expect_args(#name, &[#(::iface::__private::Param { name: #names, ty: #type_names }),*], text)?;
                    #(let #args = (&::iface::__private::Probe::<#param_types>::new()).decode_arg(#names, #type_names, &text[#indexes])?;)*
                    #encode
                },
            }
        }
    });
    quote!(&[#(#entries),*])
}

/// A type as a person writes it: `Option<HttpSettings>`, `&'static str`.
fn type_text(ty: &Type) -> String {
    let raw = quote!(#ty).to_string();
    let tokens: Vec<&str> = raw.split_whitespace().collect();
    let is_word = |t: &str| t.starts_with(|c: char| c.is_alphanumeric() || c == '_' || c == '\'');
    let mut out = String::with_capacity(raw.len());
    for (i, token) in tokens.iter().enumerate() {
        if i > 0 && ((is_word(tokens[i - 1]) && is_word(token)) || tokens[i - 1] == ",") {
            out.push(' ');
        }
        out.push_str(token);
    }
    out
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
    let (output, body) = match returns_of(&method.sig.output) {
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
