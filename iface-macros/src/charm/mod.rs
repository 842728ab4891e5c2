//! `charm!`: a charm's entry point, checked against its metadata.
//!
//! Reads `metadata.yaml` (or `charmcraft.yaml`) when the crate compiles,
//! checks each `relation: Interface` binding against it, and emits one
//! handle type per relation (`Website`), the bindings, and a `static CHARM`
//! that `main` runs.

mod actions;
mod config;
mod input;

use heck::ToUpperCamelCase;
use iface_model::metadata::{self, Metadata, RelationDecl, RelationScope};
use proc_macro2::TokenStream;
use quote::{format_ident, quote, quote_spanned};

use syn::LitStr;

use self::input::{BindingInput, CharmInput};
use crate::errors::Errors;
use crate::file::{self, ReadFile};
use crate::keys::one_of_names;
use crate::tokens::role_path;

/// Expands `charm! { ... }`. The `CHARM` static and a handle type per
/// binding are emitted whatever went wrong (with what could be read), so
/// that one fault is one error, not a cascade of unknown names in the
/// handlers that use them.
pub(crate) fn expand(tokens: TokenStream) -> TokenStream {
    let errors = Errors::new();
    let input = input::parse(tokens, &errors);
    let read = input
        .metadata
        .as_ref()
        .and_then(|lit| read_metadata(lit, &errors).map(|read| (lit, read)));
    let metadata = read
        .as_ref()
        .and_then(|(_, (metadata, _))| metadata.as_ref());
    let tracking = read.as_ref().map(|(_, (_, file))| file.tracking());
    let file = input
        .metadata
        .as_ref()
        .map_or_else(String::new, LitStr::value);
    let checked = check_bindings(&input, metadata, &file, &errors);
    let actions = actions::expand(
        input.actions.as_ref(),
        read.as_ref().map(|(lit, (_, file))| (*lit, file)),
        &errors,
    );
    let config = config::expand(
        &config::Source {
            config: input.config.as_ref(),
            metadata: read.as_ref().map(|(lit, (_, file))| (*lit, file)),
        },
        &errors,
    );
    let options = if config.is_empty() {
        quote!(&[])
    } else {
        quote!(<Config as ::iface::config::CharmConfig>::OPTIONS)
    };
    let generated = generate(&input, metadata, &checked, &file, &actions.bound, &options);
    let action_items = actions.items;
    let error = errors.finish().map(|e| e.to_compile_error());
    quote! {
        #tracking
        #generated
        #config
        #action_items
        #error
    }
}

/// The metadata file, if it could be read, and its model, if it parsed.
fn read_metadata(lit: &LitStr, errors: &Errors) -> Option<(Option<Metadata>, ReadFile)> {
    let file = match file::read(lit, "metadata file") {
        Ok(file) => file,
        Err(error) => {
            errors.push(error);
            return None;
        }
    };
    match metadata::parse(&file.text) {
        Ok(metadata) => Some((Some(metadata), file)),
        Err(faults) => {
            for fault in faults {
                errors.error_at(lit.span(), format!("{}:{fault}", lit.value()));
            }
            Some((None, file))
        }
    }
}

/// What became of one binding.
enum Checked<'m> {
    /// The relation metadata declares.
    Declared(&'m RelationDecl),
    /// Not checked: the metadata could not be read. Its handle is still
    /// emitted.
    Unchecked,
    /// A relation the metadata lacks (an error); its handle is still
    /// emitted.
    Undeclared,
    /// Bound a second time (an error); nothing is emitted for it.
    Twice,
}

/// Checks that each binding names a relation of `metadata` once.
fn check_bindings<'m>(
    input: &CharmInput,
    metadata: Option<&'m Metadata>,
    file: &str,
    errors: &Errors,
) -> Vec<Checked<'m>> {
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
                return Checked::Twice;
            }
            seen.push(&binding.relation);
            let Some(metadata) = metadata else {
                return Checked::Unchecked;
            };
            if let Some(relation) = metadata.relation(&binding.relation) {
                return Checked::Declared(relation);
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
            Checked::Undeclared
        })
        .collect()
}

fn generate(
    input: &CharmInput,
    metadata: Option<&Metadata>,
    checked: &[Checked],
    file: &str,
    actions: &[TokenStream],
    options: &TokenStream,
) -> TokenStream {
    let fallback = Metadata::default();
    let metadata = metadata.unwrap_or(&fallback);
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
    let items = input
        .bindings
        .iter()
        .zip(checked)
        .map(|(binding, checked)| match checked {
            Checked::Declared(relation) => binding_items(binding, Some(relation), file),
            Checked::Unchecked | Checked::Undeclared => binding_items(binding, None, file),
            Checked::Twice => TokenStream::new(),
        });
    let bound = input
        .bindings
        .iter()
        .zip(checked)
        .filter(|(_, checked)| matches!(checked, Checked::Declared(_)))
        .map(|(binding, _)| {
            let relation = &binding.relation;
            let ty = bound_interface(binding);
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
        // Used or not (a binary whose `main` does not run it yet), it is
        // what lists the handlers: the compiler's dead-code analysis
        // starts here, so only handlers it leaves out are unused.
        #[allow(dead_code)]
        pub static CHARM: ::iface::charm::Charm = ::iface::charm::Charm {
            name: #name,
            endpoints: &[#(#endpoints),*],
            subordinate: #subordinate,
            scopes: &[#(#scopes),*],
            storage: &[#(#storage),*],
            containers: &[#(#containers),*],
            relations: &[#(#bound),*],
            config: #options,
            actions: &[#(#actions),*],
            handlers: &[#(#handlers),*],
        };
    }
}

/// `::iface::charm::RelationScope::Container` and its sibling.
fn scope_path(scope: RelationScope) -> TokenStream {
    let variant = format_ident!("{scope:?}");
    quote!(::iface::charm::RelationScope::#variant)
}

/// The interface bound to `binding`, as the expansion names it: through
/// the binding marker's `iface::__private::BoundInterface` impl, which
/// alone names the written type (see [`binding_items`]).
fn bound_interface(binding: &BindingInput) -> TokenStream {
    let marker = marker_ident(binding);
    quote_spanned! {syn::spanned::Spanned::span(&binding.ty)=>
        <#marker as ::iface::__private::BoundInterface>::Interface
    }
}

/// The binding marker of `binding`: `__IfaceBindingWebsite`.
fn marker_ident(binding: &BindingInput) -> syn::Ident {
    format_ident!(
        "__IfaceBinding{}",
        binding.relation.to_upper_camel_case(),
        span = binding.span
    )
}

/// The binding marker and the handle alias; with the relation's
/// declaration, the compile-time checks that the interface speaks its
/// role and interface and publishes and reads the keys it documents.
fn binding_items(
    binding: &BindingInput,
    relation: Option<&RelationDecl>,
    file: &str,
) -> TokenStream {
    let name = &binding.relation;
    let camel = format_ident!("{}", name.to_upper_camel_case(), span = binding.span);
    let marker = marker_ident(binding);
    let written = &binding.ty;
    let ty = bound_interface(binding);
    let shown = quote!(#written).to_string().replace(' ', "");
    let doc = match relation {
        Some(relation) => format!(
            "The `{name}` relation ({} `{}`, bound to `{shown}`): the handle its flag handlers receive, with its flags (`{camel}::AVAILABLE`, ...) and the interface's methods.",
            relation.role, relation.interface
        ),
        None => format!("The `{name}` relation: the handle its flag handlers receive."),
    };
    let checks = relation.map(|relation| {
        let role = role_path(relation.role);
        let interface = &relation.interface;
        let before = format!(
            "{file} declares `{name}` as {} `{interface}`; ",
            relation.role
        );
        // Spanned from the relation name to the type: the whole binding.
        let panic = quote_spanned! {binding.span=> ::core::panic! };
        let speaks = quote_spanned! {syn::spanned::Spanned::span(written)=>
            const _: () = if let ::core::option::Option::Some(message) =
                &::iface::__private::mismatch::<#ty>(#role, #interface, #before, #shown)
            {
                #panic("{}", message.as_str())
            };
        };
        let sets: Vec<String> = relation.sets.iter().map(|s| s.key.clone()).collect();
        let documented = crate::documented::checks(
            &ty,
            &shown,
            syn::spanned::Spanned::span(written),
            &format!("`{name}`"),
            file,
            &sets,
            &relation.gets,
        );
        let placements = crate::documented::placements(
            &ty,
            &shown,
            syn::spanned::Spanned::span(written),
            &format!("`{name}`"),
            file,
            &relation.sets,
        );
        quote!(#speaks #documented #placements)
    });
    let bound = quote_spanned! {syn::spanned::Spanned::span(written)=>
        #[automatically_derived]
        impl ::iface::__private::BoundInterface for #marker {
            type Interface = #written;
        }
    };
    quote! {
        #[doc(hidden)]
        pub struct #marker;

        #[automatically_derived]
        impl ::iface::relation::Binding for #marker {
            const RELATION: &'static str = #name;
        }

        #bound

        #[doc = #doc]
        pub type #camel<'h> = <#ty as ::iface::Interface>::Handle<'h, #marker>;

        #checks
    }
}

/// The lines of a description from `config.yaml` or `actions.yaml`, each
/// the text of one `#[doc]` attribute (with the leading space `///` gives).
fn doc_lines(description: Option<&String>) -> impl Iterator<Item = String> + '_ {
    description
        .into_iter()
        .flat_map(|text| text.trim_end().lines())
        .map(|line| format!(" {line}"))
}
