//! `charm!`: a charm's entry point, checked against its metadata.
//!
//! Reads `metadata.yaml` (or `charmcraft.yaml`) when the crate compiles,
//! checks each `relation: Interface` binding against it, and emits one
//! handle type per relation (`Website`), the bindings, and a `static CHARM`
//! that `main` runs.

mod input;

use heck::ToUpperCamelCase;
use iface_model::metadata::{self, Metadata, RelationScope};
use proc_macro2::TokenStream;
use quote::{format_ident, quote, quote_spanned};

use self::input::{BindingInput, CharmInput};
use crate::errors::Errors;
use crate::file;
use crate::keys::one_of_names;
use crate::tokens::role_path;

/// Expands `charm! { ... }`.
pub(crate) fn expand(input: TokenStream) -> TokenStream {
    let input = match syn::parse2::<CharmInput>(input) {
        Ok(input) => input,
        Err(error) => return error.to_compile_error(),
    };
    let errors = Errors::new();
    let (metadata, tracking) = match file::read(&input.metadata) {
        Ok(file) => {
            let tracking = file.tracking();
            let metadata = match metadata::parse(&file.text) {
                Ok(metadata) => Some(metadata),
                Err(faults) => {
                    for fault in faults {
                        errors.error_at(
                            input.metadata.span(),
                            format!("{}:{fault}", input.metadata.value()),
                        );
                    }
                    None
                }
            };
            (metadata, tracking)
        }
        Err(error) => {
            errors.push(error);
            (None, TokenStream::new())
        }
    };
    let generated = metadata
        .map(|metadata| generate(&input, &metadata, &errors))
        .unwrap_or_default();
    let error = errors.finish().map(|e| e.to_compile_error());
    quote! {
        #tracking
        #generated
        #error
    }
}

/// Checks that each binding names a relation of `metadata` once.
fn check_bindings(input: &CharmInput, metadata: &Metadata, errors: &Errors) -> Vec<bool> {
    let file = input.metadata.value();
    let mut seen: Vec<&str> = Vec::new();
    input
        .bindings
        .iter()
        .map(|binding| {
            if seen.contains(&binding.relation.as_str()) {
                errors.error_at(
                    binding.span,
                    format!("relation `{}` is bound twice", binding.relation),
                );
                return false;
            }
            seen.push(&binding.relation);
            if metadata.relation(&binding.relation).is_some() {
                return true;
            }
            let names: Vec<&str> = metadata.relations.iter().map(|r| r.name.as_str()).collect();
            let hint = iface_model::did_you_mean(&binding.relation, names.iter().copied())
                .map(|near| format!(" (did you mean `{near}`?)"))
                .unwrap_or_default();
            let expected = if names.is_empty() {
                "it declares no relations".to_owned()
            } else {
                one_of_names(&names)
            };
            errors.error_at(
                binding.span,
                format!(
                    "{file} declares no relation `{}`; {expected}{hint}",
                    binding.relation
                ),
            );
            false
        })
        .collect()
}

fn generate(input: &CharmInput, metadata: &Metadata, errors: &Errors) -> TokenStream {
    let valid = check_bindings(input, metadata, errors);
    let name = &metadata.name;
    let endpoints = metadata.relations.iter().map(|relation| {
        let relation_name = &relation.name;
        let role = role_path(relation.role);
        let interface = &relation.interface;
        quote!((#relation_name, #role, #interface))
    });
    let scopes = metadata.relations.iter().map(|relation| {
        let relation_name = &relation.name;
        let scope = scope_path(relation.scope);
        quote!((#relation_name, #scope))
    });
    let subordinate = metadata.subordinate;
    let storage = &metadata.storage;
    let containers = &metadata.containers;
    let bindings: Vec<&BindingInput> = input
        .bindings
        .iter()
        .zip(&valid)
        .filter(|(_, ok)| **ok)
        .map(|(binding, _)| binding)
        .collect();
    let items = bindings
        .iter()
        .map(|binding| binding_items(binding, metadata, &input.metadata.value()));
    let bound = bindings.iter().map(|binding| {
        let relation = &binding.relation;
        let ty = &binding.ty;
        quote! {
            ::iface::charm::BoundRelation {
                relation: #relation,
                run_hooks: ::iface::charm::run_hooks::<#ty>,
                hook_names: ::iface::charm::hook_names::<#ty>,
                call: ::iface::charm::call::<#ty>,
                describe: ::iface::charm::describe::<#ty>,
            }
        }
    });
    let handlers = input.handlers.iter().map(|path| {
        let mut decl = path.clone();
        if let Some(last) = decl.segments.last_mut() {
            last.ident = crate::handler::decl_ident(&last.ident);
        }
        quote!(&#decl)
    });
    let doc = format!(
        "The `{name}` charm: its endpoints, the interfaces bound to them and its flag handlers."
    );
    quote! {
        #(#items)*

        #[doc = #doc]
        pub static CHARM: ::iface::charm::Charm = ::iface::charm::Charm {
            name: #name,
            endpoints: &[#(#endpoints),*],
            subordinate: #subordinate,
            scopes: &[#(#scopes),*],
            storage: &[#(#storage),*],
            containers: &[#(#containers),*],
            relations: &[#(#bound),*],
            handlers: &[#(#handlers),*],
        };
    }
}

/// `::iface::charm::RelationScope::Container` and its sibling.
fn scope_path(scope: RelationScope) -> TokenStream {
    let variant = format_ident!("{scope:?}");
    quote!(::iface::charm::RelationScope::#variant)
}

/// The binding marker, the handle alias and the compile-time check that
/// the interface speaks the relation's role and interface.
fn binding_items(binding: &BindingInput, metadata: &Metadata, file: &str) -> TokenStream {
    let Some(relation) = metadata.relation(&binding.relation) else {
        return TokenStream::new();
    };
    let name = &relation.name;
    let camel = format_ident!("{}", name.to_upper_camel_case(), span = binding.span);
    let marker = format_ident!("__IfaceBinding{camel}");
    let ty = &binding.ty;
    let role = role_path(relation.role);
    let interface = &relation.interface;
    let shown = quote!(#ty).to_string().replace(' ', "");
    let before = format!(
        "{file} declares `{name}` as {} `{interface}`; ",
        relation.role
    );
    let doc = format!(
        "The `{name}` relation ({} `{interface}`): the handle its flag handlers receive, with its flags (`{camel}::AVAILABLE`, ...) and the interface's methods.",
        relation.role
    );
    let panic = quote_spanned! {binding.span=> ::core::panic! };
    let check = quote_spanned! {syn::spanned::Spanned::span(ty)=>
        const _: () = if let ::core::option::Option::Some(message) =
            &::iface::__private::mismatch::<#ty>(#role, #interface, #before, #shown)
        {
            #panic("{}", message.as_str())
        };
    };
    let subject = format!("`{name}`");
    let sets: Vec<String> = relation.sets.iter().map(|s| s.key.clone()).collect();
    let documented = crate::documented::checks(
        &quote!(#ty),
        syn::spanned::Spanned::span(ty),
        &subject,
        file,
        &sets,
        &relation.gets,
    );
    quote! {
        #documented

        #[doc(hidden)]
        pub struct #marker;

        #[automatically_derived]
        impl ::iface::relation::Binding for #marker {
            const RELATION: &'static str = #name;
        }

        #[doc = #doc]
        pub type #camel<'h> = <#ty as ::iface::Interface>::Handle<'h, #marker>;

        #check
    }
}
