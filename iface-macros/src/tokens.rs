//! Model values as the tokens of generated code.

use iface_model::role::Role;
use proc_macro2::{Span, TokenStream};
use quote::{format_ident, quote_spanned};

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
