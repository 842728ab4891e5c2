//! Model values as the tokens of generated code.

use iface_model::role::Role;
use proc_macro2::TokenStream;
use quote::{format_ident, quote};

/// `::iface::Role::Provides` and its siblings.
pub(crate) fn role_path(role: Role) -> TokenStream {
    let variant = format_ident!("{role:?}");
    quote!(::iface::Role::#variant)
}
