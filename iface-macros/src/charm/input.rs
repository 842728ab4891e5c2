//! The input of `charm!`: `metadata = "...", relations { name: Type, ... },
//! handlers = [f, ...]`.

use proc_macro2::Span;
use syn::ext::IdentExt;
use syn::parse::{Parse, ParseStream};
use syn::punctuated::Punctuated;
use syn::{Ident, LitStr, Path, Token, braced, bracketed};

/// One `name: Type` binding.
pub(crate) struct BindingInput {
    /// The relation name as metadata spells it.
    pub(crate) relation: String,
    /// Where it was written.
    pub(crate) span: Span,
    pub(crate) ty: Path,
}

impl Parse for BindingInput {
    fn parse(input: ParseStream) -> syn::Result<Self> {
        // Relation names may hold `-`, which no identifier can: those are
        // written as strings (`"reverse-proxy": ...`).
        let (relation, span) = if input.peek(LitStr) {
            let lit: LitStr = input.parse()?;
            (lit.value(), lit.span())
        } else {
            let ident = input.call(Ident::parse_any)?;
            (ident.to_string(), ident.span())
        };
        input.parse::<Token![:]>()?;
        Ok(BindingInput {
            relation,
            span,
            ty: input.parse()?,
        })
    }
}

/// The whole invocation.
pub(crate) struct CharmInput {
    pub(crate) metadata: LitStr,
    pub(crate) bindings: Vec<BindingInput>,
    pub(crate) handlers: Vec<Path>,
}

impl Parse for CharmInput {
    fn parse(input: ParseStream) -> syn::Result<Self> {
        let mut metadata = None;
        let mut bindings = None;
        let mut handlers = None;
        while !input.is_empty() {
            let key: Ident = input.parse()?;
            match key.to_string().as_str() {
                "metadata" if metadata.is_none() => {
                    input.parse::<Token![=]>()?;
                    metadata = Some(input.parse::<LitStr>()?);
                }
                "relations" if bindings.is_none() => {
                    let content;
                    braced!(content in input);
                    let list = Punctuated::<BindingInput, Token![,]>::parse_terminated(&content)?;
                    bindings = Some(list.into_iter().collect());
                }
                "handlers" if handlers.is_none() => {
                    input.parse::<Token![=]>()?;
                    let content;
                    bracketed!(content in input);
                    let list = Punctuated::<Path, Token![,]>::parse_terminated(&content)?;
                    handlers = Some(list.into_iter().collect());
                }
                "metadata" | "relations" | "handlers" => {
                    return Err(syn::Error::new(
                        key.span(),
                        format!("duplicate `{key}` in charm!"),
                    ));
                }
                other => {
                    const KEYS: [&str; 3] = ["metadata", "relations", "handlers"];
                    return Err(syn::Error::new(
                        key.span(),
                        format!(
                            "unknown charm! key `{other}`; {}{}",
                            crate::keys::one_of(KEYS),
                            crate::keys::hint(other, KEYS)
                        ),
                    ));
                }
            }
            if input.is_empty() {
                break;
            }
            input.parse::<Token![,]>()?;
        }
        let metadata = metadata.ok_or_else(|| {
            syn::Error::new(
                Span::call_site(),
                "charm! needs `metadata = \"metadata.yaml\"`, the charm's metadata file relative to its Cargo.toml",
            )
        })?;
        Ok(CharmInput {
            metadata,
            bindings: bindings.unwrap_or_default(),
            handlers: handlers.unwrap_or_default(),
        })
    }
}
