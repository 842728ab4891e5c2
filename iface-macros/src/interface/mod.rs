//! `#[interface]`: an interface's identity and flag constants.

mod attr;

use iface_model::role::Role;
use proc_macro2::{Span, TokenStream};
use quote::{format_ident, quote, quote_spanned};
use syn::{Fields, ItemStruct};

use crate::errors::Errors;
use crate::keys;
use crate::tokens::{role_path, role_path_at};

/// Expands `#[interface(args)] input`. On error the struct and its impls
/// are still emitted (with fallback values), so the only errors a user
/// sees are the real ones.
pub(crate) fn expand(args: TokenStream, input: &TokenStream) -> TokenStream {
    let errors = Errors::new();
    let attr = attr::parse(args, &errors);
    let Ok(item) = syn::parse2::<ItemStruct>(input.clone()) else {
        errors.error_at(
            Span::call_site(),
            "#[interface] goes on a unit struct, such as `pub struct HttpProvides;`",
        );
        let error = errors.finish().map(|e| e.to_compile_error());
        return quote! { #input #error };
    };
    check_struct(&item, &errors);
    if !attr.written.iter().any(|key| key == keys::NAME) {
        errors.error_at(Span::call_site(), missing(keys::NAME, "name = \"http\""));
    }
    if !attr.written.iter().any(|key| key == keys::ROLE) {
        errors.error_at(Span::call_site(), missing(keys::ROLE, "role = provides"));
    }
    // A generic struct cannot take these impls; its own error says why.
    let generated = if item.generics.params.is_empty() {
        let impls = generate(&item, &attr);
        let documented = interface_file(&item, &attr, &errors);
        quote!(#impls #documented)
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

/// The file an interface crate describes its interface in (seed 000).
const INTERFACE_FILE: &str = "interface.yaml";

/// When the crate has an `interface.yaml`: tracks it, checks that it names
/// this interface, and that the `sets`/`gets` it documents for this role
/// are the keys the interface declares.
fn interface_file(item: &ItemStruct, attr: &attr::InterfaceAttr, errors: &Errors) -> TokenStream {
    let file = match crate::file::read_optional(INTERFACE_FILE) {
        Ok(Some(file)) => file,
        Ok(None) => return TokenStream::new(),
        Err(message) => {
            errors.error_at(Span::call_site(), message);
            return TokenStream::new();
        }
    };
    let tracking = file.tracking();
    let described = match iface_model::interface_file::parse(&file.text) {
        Ok(described) => described,
        Err(faults) => {
            for fault in faults {
                errors.error_at(Span::call_site(), format!("{INTERFACE_FILE}:{fault}"));
            }
            return tracking;
        }
    };
    if let Some(name) = &attr.name
        && name.value() != described.name
    {
        errors.error_at(
            name.span(),
            format!(
                "{INTERFACE_FILE} names this crate's interface `{}`, but this attribute says `{}`",
                described.name,
                name.value()
            ),
        );
    }
    // The role decides which side of interface.yaml is checked, so a
    // difference is reported at the role's value.
    let checks = attr
        .role
        .and_then(|role| described.role(role.value).map(|keys| (role, keys)))
        .map(|(role, keys)| {
            let ident = &item.ident;
            let sets: Vec<String> = keys.sets.iter().map(|s| s.key.clone()).collect();
            let role_name = role.value;
            let subject = format!("the {role_name} side");
            let keys_checks = crate::documented::checks(
                &quote!(#ident),
                &ident.to_string(),
                role.span,
                &subject,
                INTERFACE_FILE,
                &sets,
                &keys.gets,
            );
            let placement_checks = crate::documented::placements(
                &quote!(#ident),
                &ident.to_string(),
                role.span,
                &subject,
                INTERFACE_FILE,
                &keys.sets,
            );
            quote!(#keys_checks #placement_checks)
        });
    quote!(#tracking #checks)
}

fn missing(key: &str, example: &str) -> String {
    format!("#[interface] needs `{key}`, as in `#[interface({example})]`")
}

/// Interfaces are unit structs without generics: every hook is a new
/// process, so a field would silently forget its value between hooks.
fn check_struct(item: &ItemStruct, errors: &Errors) {
    if !matches!(item.fields, Fields::Unit) {
        errors.error_spanned_by(
            &item.fields,
            "an interface is a unit struct (`pub struct HttpProvides;`): each hook runs in a new process, so fields would forget their values; keep state in the conversation (`set_local`)",
        );
    }
    if !item.generics.params.is_empty() || item.generics.where_clause.is_some() {
        errors.error_spanned_by(&item.generics, "an interface struct cannot be generic");
    }
}

fn generate(item: &ItemStruct, attr: &attr::InterfaceAttr) -> TokenStream {
    let ident = &item.ident;
    let vis = &item.vis;
    let name = attr
        .name
        .as_ref()
        .map_or_else(String::new, syn::LitStr::value);
    let role = attr.role.map_or(Role::Provides, |role| role.value);
    let (role_path, scope_path) = role_and_scope_paths(attr);
    // With a malformed struct the build fails anyway; a body that compiles
    // keeps that failure down to the real error.
    let instance = if matches!(item.fields, Fields::Unit) && item.generics.params.is_empty() {
        quote!(#ident)
    } else {
        quote!(::core::unreachable!())
    };
    let constants: Vec<_> = attr.flags.iter().map(|flag| &flag.constant).collect();
    let (sets, gets) = (&attr.sets, &attr.gets);
    let flag_items = attr.flags.iter().map(|flag| {
        let constant = &flag.constant;
        let template = &flag.template;
        let doc = format!(
            "The flag `{template}` of the `{name}` interface ({role} side); the charm's relation name replaces `{{relation_name}}`."
        );
        quote! {
            #[doc = #doc]
            #vis const #constant: ::iface::Flag = ::iface::Flag::new(#template);
        }
    });
    let handle = handle_ident(ident);
    let handle_doc = format!(
        "The handle a charm's handlers receive for a relation bound to [`{ident}`]: its flags bound to the relation name, and {ident}'s public conversation methods run on the handle's conversations."
    );
    let bound_flags = attr.flags.iter().map(|flag| {
        let constant = &flag.constant;
        let template = &flag.template;
        let doc = format!("The flag `{template}` for the bound relation.");
        quote! {
            #[doc = #doc]
            #vis const #constant: ::iface::Flag = ::iface::Flag::bound(B::RELATION, #template);
        }
    });
    quote! {
        #[automatically_derived]
        impl ::iface::Interface for #ident {
            const NAME: &'static str = #name;
            const ROLE: ::iface::Role = #role_path;
            const SCOPE: ::iface::Scope = #scope_path;
            const FLAGS: &'static [::iface::Flag] = &[#(Self::#constants),*];
            const SETS: &'static [&'static [&'static str]] = &[#(<#sets as ::iface::data::RelationData>::KEYS),*];
            const GETS: &'static [&'static [&'static str]] = &[#(<#gets as ::iface::data::RelationData>::REQUIRED),*];
            const SETS_DATA: &'static [::iface::data::DataDecl] = &[#(::iface::data::DataDecl::of::<#sets>()),*];
            const GETS_DATA: &'static [::iface::data::DataDecl] = &[#(::iface::data::DataDecl::of::<#gets>()),*];
            type Handle<'h, B: ::iface::relation::Binding> = #handle<'h, B>;

            fn instance() -> Self {
                #instance
            }
        }

        #[automatically_derived]
        impl #ident {
            #(#flag_items)*
        }

        #[doc = #handle_doc]
        #vis struct #handle<'h, B> {
            relation: ::iface::relation::Relation<'h>,
            binding: ::core::marker::PhantomData<fn() -> B>,
        }

        #[automatically_derived]
        impl<'h, B: ::iface::relation::Binding> ::iface::relation::FromSession<'h> for #handle<'h, B> {
            fn from_session(
                cell: &'h ::iface::relation::SessionCell<'h>,
                when: &[::iface::Flag],
            ) -> ::iface::Result<Self> {
                ::core::result::Result::Ok(Self {
                    relation: ::iface::relation::Relation::from_session(cell, B::RELATION, when)?,
                    binding: ::core::marker::PhantomData,
                })
            }
        }

        #[automatically_derived]
        impl<'h, B: ::iface::relation::Binding> #handle<'h, B> {
            #(#bound_flags)*
        }

        #[automatically_derived]
        impl<'h, B> ::core::ops::Deref for #handle<'h, B> {
            type Target = ::iface::relation::Relation<'h>;

            fn deref(&self) -> &Self::Target {
                &self.relation
            }
        }

        #[automatically_derived]
        impl<'h, B> ::core::fmt::Debug for #handle<'h, B> {
            fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                ::core::fmt::Debug::fmt(&self.relation, f)
            }
        }
    }
}

/// The interface's role and scope as paths, generated from the
/// attribute's own tokens, so that anything the compiler says about them
/// points at the value written. A missing role (an error already) is
/// `Provides`; a missing scope is charms.reactive's default, `Unit`.
fn role_and_scope_paths(attr: &attr::InterfaceAttr) -> (TokenStream, TokenStream) {
    let role = attr.role.map_or_else(
        || role_path(Role::Provides),
        |role| role_path_at(role.value, role.span),
    );
    let scope = attr.scope.map_or_else(
        || quote!(::iface::Scope::Unit),
        |scope| {
            let variant = format_ident!("{}", scope.value.as_str(), span = scope.span);
            quote_spanned!(scope.span=> ::iface::Scope::#variant)
        },
    );
    (role, scope)
}

/// The handle type's name: `HttpProvides` → `HttpProvidesRelation`.
pub(crate) fn handle_ident(ident: &syn::Ident) -> syn::Ident {
    format_ident!("{ident}Relation")
}
