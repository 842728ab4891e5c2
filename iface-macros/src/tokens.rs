//! Model values as the tokens of generated code.

use iface_model::hook::{Endpoint, HookSpec};
use iface_model::role::Role;
use proc_macro2::{Span, TokenStream};
use quote::{format_ident, quote, quote_spanned};

/// `::iface::Role::Provides` and its siblings.
pub(crate) fn role_path(role: Role) -> TokenStream {
    role_path_at(role, Span::call_site())
}

/// [`role_path`] made of tokens spanned at `span`, where the role was
/// written, so that the compiler's word on them points there.
pub(crate) fn role_path_at(role: Role, span: Span) -> TokenStream {
    let variant = format_ident!("{}", format!("{role:?}"), span = span);
    quote_spanned!(span=> ::iface::Role::#variant)
}

/// `HookSpec` as a constant expression.
pub(crate) fn hook_spec(hook: &HookSpec) -> TokenStream {
    let private = quote!(::iface::__private);
    let name = |text: &str| quote!(#private::Cow::Borrowed(#text));
    match hook {
        HookSpec::Unit(event) => {
            let variant = format_ident!("{event:?}");
            quote!(#private::HookSpec::Unit(#private::UnitEvent::#variant))
        }
        HookSpec::Secret(event) => {
            let variant = format_ident!("{event:?}");
            quote!(#private::HookSpec::Secret(#private::SecretEvent::#variant))
        }
        HookSpec::Relation { endpoint, event } => {
            let event = format_ident!("{event:?}");
            let endpoint = match endpoint {
                Endpoint::Named(relation) => {
                    let relation = name(relation);
                    quote!(#private::Endpoint::Named(#relation))
                }
                Endpoint::Placeholder { role, interface } => {
                    let role = role_path(*role);
                    let interface = name(interface);
                    quote!(#private::Endpoint::Placeholder { role: #role, interface: #interface })
                }
            };
            quote!(#private::HookSpec::Relation { endpoint: #endpoint, event: #private::RelationEvent::#event })
        }
        HookSpec::Storage { storage, event } => {
            let storage = name(storage);
            let event = format_ident!("{event:?}");
            quote!(#private::HookSpec::Storage { storage: #storage, event: #private::StorageEvent::#event })
        }
        HookSpec::Workload { container, event } => {
            let container = name(container);
            let event = format_ident!("{event:?}");
            quote!(#private::HookSpec::Workload { container: #container, event: #private::WorkloadEvent::#event })
        }
    }
}
