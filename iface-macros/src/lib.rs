//! Procedural macros of [iface](https://docs.rs/iface): `#[interface]`,
//! `#[hooks]`, `#[hook]`, `charm!`, the handler attributes (`#[on]`,
//! `#[when]`, ...), `#[data]` and `#[derive(RelationData)]`. Use them
//! through the `iface` crate, which documents them and provides the
//! runtime their expansions call.

mod charm;
mod data_attribute;
mod documented;
mod errors;
mod file;
mod handler;
mod hooks;
mod interface;
mod keys;
mod relation_data;
mod serde_names;
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

/// Declares a charm: its metadata file, the interface bound to each
/// relation, and its flag handlers in the order they are considered.
#[proc_macro]
pub fn charm(input: TokenStream) -> TokenStream {
    charm::expand(input.into()).into()
}

/// A charm handler that runs in the listed charm-level events
/// (`install`, `config_changed`, `secret_changed`, ...).
#[proc_macro_attribute]
pub fn on(args: TokenStream, input: TokenStream) -> TokenStream {
    handler::expand(handler::ON, args.into(), &input.into()).into()
}

/// An action handler: `charm!`'s `actions { name: handler }` binds it to
/// an action of the charm's actions file.
#[proc_macro_attribute]
pub fn action(args: TokenStream, input: TokenStream) -> TokenStream {
    handler::action::expand(&args.into(), &input.into()).into()
}

/// A flag handler that runs when every listed flag is set.
#[proc_macro_attribute]
pub fn when(args: TokenStream, input: TokenStream) -> TokenStream {
    handler::expand(handler::WHEN, args.into(), &input.into()).into()
}

/// A flag handler that runs when none of the listed flags is set.
#[proc_macro_attribute]
pub fn when_not(args: TokenStream, input: TokenStream) -> TokenStream {
    handler::expand(handler::WHEN_NOT, args.into(), &input.into()).into()
}

/// A flag handler that runs when at least one of the listed flags is set.
#[proc_macro_attribute]
pub fn when_any(args: TokenStream, input: TokenStream) -> TokenStream {
    handler::expand(handler::WHEN_ANY, args.into(), &input.into()).into()
}

/// A flag handler that runs only when the flags it watches changed since
/// it last ran, rather than in every hook.
#[proc_macro_attribute]
pub fn only_on_change(args: TokenStream, input: TokenStream) -> TokenStream {
    handler::expand(handler::ONLY_ON_CHANGE, args.into(), &input.into()).into()
}

/// Serde's `Serialize` and `Deserialize` derives pointed at the serde
/// `iface` re-exports, and `RelationData` for a struct with named fields,
/// so a crate need not depend on serde itself.
#[proc_macro_attribute]
pub fn data(args: TokenStream, input: TokenStream) -> TokenStream {
    data_attribute::expand(&args.into(), &input.into()).into()
}

/// The relation-data keys of a serde struct, for `#[interface(sets(...),
/// gets(...))]`: its fields, renamed as serde renames them, and which of
/// them are required.
#[proc_macro_derive(RelationData, attributes(serde, relation_data))]
pub fn relation_data(input: TokenStream) -> TokenStream {
    relation_data::expand(&input.into()).into()
}
