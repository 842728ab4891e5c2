//! `charm!`'s actions: one parameter type per action of the actions file
//! (`actions.yaml`, or a unified `charmcraft.yaml`'s `actions` section),
//! and each action bound to its `#[action]` handler, checked both ways:
//! an action with no handler, or a handler for an action the file does not
//! declare, does not compile.

use heck::ToUpperCamelCase;
use iface_model::actions_file::{self, Action, ActionsErrors, ActionsFile, Param, ParamType};
use proc_macro2::{Span, TokenStream};
use quote::{format_ident, quote, quote_spanned};
use syn::LitStr;

use super::config::field_name;
use super::input::{ActionBindingInput, ActionsInput};
use crate::errors::Errors;
use crate::file::{self, ReadFile};
use crate::keys::one_of_names;

/// What `charm!` gets back: the parameter types (and checks) to emit, and
/// the `BoundAction`s of `CHARM.actions`.
pub(super) struct Expanded {
    pub(super) items: TokenStream,
    pub(super) bound: Vec<TokenStream>,
}

/// The actions, read from `input`'s file or from the unified metadata
/// file, with every fault recorded; the parameter types of every action
/// that could be read, and the bindings that name one.
pub(super) fn expand(
    input: Option<&ActionsInput>,
    metadata: Option<(&LitStr, &ReadFile)>,
    errors: &Errors,
) -> Expanded {
    let Some((file, lit, tracking)) = read(input, metadata, errors) else {
        return Expanded {
            items: TokenStream::new(),
            bound: Vec::new(),
        };
    };
    let name = lit.value();
    let types: Vec<(&Action, syn::Ident)> = file
        .actions
        .iter()
        .map(|action| (action, params_ident(&action.name)))
        .collect();
    let generated: Vec<String> = types.iter().map(|(_, ident)| ident.to_string()).collect();
    let params = types
        .iter()
        .map(|(action, ident)| params_type(action, ident, &name, errors));
    let bindings = input.map_or(&[][..], |input| input.bindings.as_slice());
    let (bound, checks) = bind(&file, &types, &generated, bindings, &name, errors);
    let unbound = file
        .actions
        .iter()
        .filter(|action| !bindings.iter().any(|b| b.action == action.name));
    let span = input.map_or_else(Span::call_site, |input| input.span);
    for action in unbound {
        errors.error_at(
            span,
            format!(
                "action `{}` ({name}:{}) has no handler: bind it to an #[action] function in charm!'s `actions {{ {}: handler }}`",
                action.name, action.location, action.name
            ),
        );
    }
    Expanded {
        items: quote! {
            #tracking
            #(#params)*
            #(#checks)*
        },
        bound,
    }
}

/// The actions file and the literal to report at: the `actions = "..."`
/// file, or the metadata file's `actions` section; `None` when the charm
/// has no actions.
fn read<'a>(
    input: Option<&'a ActionsInput>,
    metadata: Option<(&'a LitStr, &ReadFile)>,
    errors: &Errors,
) -> Option<(ActionsFile, &'a LitStr, TokenStream)> {
    let unified = metadata.and_then(|(lit, file)| {
        actions_file::parse_unified(&file.text)
            .transpose()
            .map(|parsed| (lit, parsed))
    });
    match (input.and_then(|input| input.file.as_ref()), unified) {
        (Some(lit), Some((metadata, parsed))) => {
            errors.error_at(
                lit.span(),
                format!(
                    "the actions are given twice: {} has an `actions` section, and `actions` names {}; keep one",
                    metadata.value(),
                    lit.value()
                ),
            );
            Some((
                parsed.unwrap_or_else(|f| f.partial),
                metadata,
                TokenStream::new(),
            ))
        }
        (Some(lit), None) => match file::read(lit, "actions file") {
            Ok(read) => {
                let parsed = report(actions_file::parse(&read.text), lit, errors);
                Some((parsed, lit, read.tracking()))
            }
            Err(error) => {
                errors.push(error);
                Some((ActionsFile::default(), lit, TokenStream::new()))
            }
        },
        (None, Some((lit, parsed))) => Some((report(parsed, lit, errors), lit, TokenStream::new())),
        (None, None) => None,
    }
}

/// The actions parsed, or those that could be read, each fault recorded at
/// `lit` as `file:line:col: message`.
fn report(
    parsed: Result<ActionsFile, ActionsErrors>,
    lit: &LitStr,
    errors: &Errors,
) -> ActionsFile {
    match parsed {
        Ok(file) => file,
        Err(faults) => {
            for fault in &faults.errors {
                errors.error_at(lit.span(), format!("{}:{fault}", lit.value()));
            }
            faults.partial
        }
    }
}

/// `BackupParams` for action `backup`, `ListUnitsParams` for `list-units`.
fn params_ident(action: &str) -> syn::Ident {
    format_ident!("{}Params", action.to_upper_camel_case())
}

/// The Rust type of a parameter's value.
fn value_type(kind: Option<ParamType>, items: Option<ParamType>) -> TokenStream {
    let json = quote!(::iface::__private::serde_json);
    match kind {
        Some(ParamType::String) => quote!(::std::string::String),
        Some(ParamType::Integer) => quote!(::core::primitive::i64),
        Some(ParamType::Number) => quote!(::core::primitive::f64),
        Some(ParamType::Boolean) => quote!(::core::primitive::bool),
        Some(ParamType::Array) => {
            let item = match items {
                Some(ParamType::Array | ParamType::Object) | None => quote!(#json::Value),
                scalar => value_type(scalar, None),
            };
            quote!(::std::vec::Vec<#item>)
        }
        Some(ParamType::Object) => quote!(#json::Map<::std::string::String, #json::Value>),
        None => quote!(#json::Value),
    }
}

fn kind_path(kind: Option<ParamType>) -> TokenStream {
    let Some(kind) = kind else {
        return quote!(::core::option::Option::None);
    };
    let variant = format_ident!("{kind:?}");
    quote!(::core::option::Option::Some(::iface::action::ParamType::#variant))
}

/// The field each parameter of `action` becomes; a name that makes no
/// field, or a second field of one name, is an error naming the parameter.
fn fields<'a>(action: &'a Action, file: &str, errors: &Errors) -> Vec<(&'a Param, syn::Ident)> {
    let mut fields: Vec<(&Param, syn::Ident)> = Vec::new();
    for param in &action.params {
        let at = format!("{file}:{}", param.location);
        let Some(field) = field_name(&param.name) else {
            errors.error_at(
                Span::call_site(),
                format!(
                    "{at}: parameter `{}` of action `{}` makes no Rust field name: parameter names must be ASCII letters, digits, `-` and `_`, not starting with a digit",
                    param.name, action.name
                ),
            );
            continue;
        };
        if fields.iter().any(|(_, earlier)| *earlier == field) {
            errors.error_at(
                Span::call_site(),
                format!(
                    "{at}: parameter `{}` of action `{}` would be a second field `{field}`; rename one",
                    param.name, action.name
                ),
            );
            continue;
        }
        fields.push((param, field));
    }
    fields
}

/// The field of `param`, documented.
fn field_declaration(param: &Param, field: &syn::Ident) -> TokenStream {
    let value = value_type(param.kind, param.items);
    let ty = if param.required || param.default.is_some() {
        value
    } else {
        quote!(::core::option::Option<#value>)
    };
    let kind = param.kind.map_or("any JSON value", ParamType::as_str);
    let summary = match (&param.default, param.required) {
        (_, true) => format!(" Parameter `{}` ({kind}, required).", param.name),
        (Some(default), false) => {
            format!(" Parameter `{}` ({kind}, default `{default}`).", param.name)
        }
        (None, false) => format!(
            " Parameter `{}` ({kind}; `None` when not given).",
            param.name
        ),
    };
    let description = super::doc_lines(param.description.as_ref());
    quote! {
        #(#[doc = #description])*
        #[doc = #summary]
        pub #field: #ty,
    }
}

/// `pub struct BackupParams { ... }` and its `ActionParams` and
/// `FromSession` impls.
fn params_type(action: &Action, ident: &syn::Ident, file: &str, errors: &Errors) -> TokenStream {
    let fields = fields(action, file, errors);
    let declarations = fields
        .iter()
        .map(|(param, field)| field_declaration(param, field));
    let decls = fields.iter().map(|(param, _)| {
        let name = &param.name;
        let kind = kind_path(param.kind);
        let required = param.required;
        let description = param.description.as_deref().unwrap_or_default();
        quote! {
            ::iface::action::ParamDecl {
                name: #name,
                kind: #kind,
                required: #required,
                description: #description,
            }
        }
    });
    let reads = fields.iter().map(|(param, field)| {
        let name = &param.name;
        let kind = kind_path(param.kind);
        match (&param.default, param.required) {
            (_, true) => quote!(#field: ::iface::action::required_param(values, #name, #kind)?,),
            (Some(default), false) => {
                quote!(#field: ::iface::action::param_or(values, #name, #kind, #default)?,)
            }
            (None, false) => quote!(#field: ::iface::action::param(values, #name, #kind)?,),
        }
    });
    let name = &action.name;
    let closed = action.closed;
    let doc = format!(
        " The parameters of action `{name}`, as {file} declares them: what `juju run <unit> {name}` passes, read with one `action-get`. Its handler takes it as `params: &{ident}`."
    );
    let description = super::doc_lines(action.description.as_ref());
    quote! {
        #(#[doc = #description])*
        #[doc = ""]
        #[doc = #doc]
        #[derive(::core::fmt::Debug, ::core::clone::Clone, ::core::cmp::PartialEq)]
        #[allow(non_snake_case)]
        pub struct #ident {
            #(#declarations)*
        }

        #[automatically_derived]
        impl ::iface::action::ActionParams for #ident {
            const ACTION: &'static str = #name;
            const PARAMS: &'static [::iface::action::ParamDecl] = &[#(#decls),*];
            const CLOSED: bool = #closed;

            fn from_values(values: &::iface::action::ParamValues) -> ::iface::Result<Self> {
                ::core::result::Result::Ok(#ident {
                    #(#reads)*
                })
            }
        }

        #[automatically_derived]
        impl<'h> ::iface::relation::FromSession<'h> for #ident {
            fn from_session(
                cell: &'h ::iface::relation::SessionCell<'h>,
                _when: &[::iface::Flag],
            ) -> ::iface::Result<Self> {
                cell.borrow_mut().action_params::<#ident>()
            }
        }
    }
}

/// The `BoundAction` of each binding that names an action of `file`, and
/// the compile-time check that its handler takes no other action's
/// parameters; each binding of no action, or of one action twice, is an
/// error at the binding.
fn bind(
    file: &ActionsFile,
    types: &[(&Action, syn::Ident)],
    generated: &[String],
    bindings: &[ActionBindingInput],
    name: &str,
    errors: &Errors,
) -> (Vec<TokenStream>, Vec<TokenStream>) {
    let mut seen: Vec<&str> = Vec::new();
    let mut bound = Vec::new();
    let mut checks = Vec::new();
    for binding in bindings {
        if seen.contains(&binding.action.as_str()) {
            errors.error_at(
                binding.span,
                format!("action `{}` is bound twice", binding.action),
            );
            continue;
        }
        seen.push(&binding.action);
        let Some((action, ident)) = types.iter().find(|(a, _)| a.name == binding.action) else {
            let names: Vec<&str> = file.actions.iter().map(|a| a.name.as_str()).collect();
            let hint = iface_model::did_you_mean(&binding.action, names.iter().copied())
                .map(|near| format!(" (did you mean `{near}`?)"))
                .unwrap_or_default();
            let expected = if names.is_empty() {
                "it declares no actions".to_owned()
            } else {
                one_of_names(&names)
            };
            errors.error_at(
                binding.span,
                format!(
                    "{name} declares no action `{}`; {expected}{hint}",
                    binding.action
                ),
            );
            continue;
        };
        let mut decl = binding.handler.clone();
        if let Some(last) = decl.segments.last_mut() {
            last.ident = crate::handler::action::decl_ident(&last.ident);
        }
        let action_name = &action.name;
        let description = action.description.as_deref().unwrap_or_default();
        bound.push(quote! {
            ::iface::action::BoundAction {
                action: #action_name,
                params: <#ident as ::iface::action::ActionParams>::PARAMS,
                description: #description,
                handler: &#decl,
            }
        });
        let own = ident.to_string();
        let panic = quote_spanned! {binding.span=> ::core::panic! };
        checks.push(quote_spanned! {binding.span=>
            const _: () = if let ::core::option::Option::Some(message) =
                &::iface::__private::other_params(&#decl, #action_name, #own, &[#(#generated),*])
            {
                #panic("{}", message.as_str())
            };
        });
    }
    (bound, checks)
}
