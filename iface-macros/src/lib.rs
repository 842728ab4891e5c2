//! Procedural macros of [iface](https://docs.rs/iface): `#[interface]`,
//! `#[hooks]` and `#[hook]`. Use them through the `iface` crate, which
//! documents them and provides the runtime their expansions call.

mod errors;
mod hooks;
mod interface;
mod keys;
mod tokens;

use proc_macro::TokenStream;

/// Declares an interface: a unit struct that speaks one protocol over a
/// Juju relation, from one side. See the `iface` crate for the full story.
#[proc_macro_attribute]
pub fn interface(args: TokenStream, input: TokenStream) -> TokenStream {
    interface::expand(args.into(), &input.into()).into()
}

/// Collects the `#[hook]` methods of an interface's impl block into its
/// hook table.
#[proc_macro_attribute]
pub fn hooks(args: TokenStream, input: TokenStream) -> TokenStream {
    hooks::expand(&args.into(), &input.into()).into()
}

/// Marks a method of a `#[hooks]` impl block as the handler of the hooks
/// its patterns expand to. `#[hooks]` consumes these attributes; one that
/// reaches this function was written outside such a block.
#[proc_macro_attribute]
pub fn hook(_args: TokenStream, input: TokenStream) -> TokenStream {
    let input = proc_macro2::TokenStream::from(input);
    let error = syn::Error::new(
        proc_macro2::Span::call_site(),
        "#[hook] only works on methods inside a `#[hooks]` impl block: add `#[hooks]` to the enclosing `impl`",
    )
    .to_compile_error();
    quote::quote!(#input #error).into()
}
