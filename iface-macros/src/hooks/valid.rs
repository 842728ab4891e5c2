//! Checks across the hooks of one impl block: what an interface may handle,
//! and that no hook is handled twice.

use iface_model::hook::{Endpoint, HookSpec};
use iface_model::role::Role;
use syn::LitStr;

use super::ast::HookMethod;
use crate::errors::Errors;

/// A `{role:interface}` placeholder as written in one pattern; the
/// expansion checks it against the type's `#[interface]`.
pub(crate) struct Placeholder<'a> {
    pub(crate) lit: &'a LitStr,
    pub(crate) role: Role,
    pub(crate) interface: &'a str,
}

/// Records every fault in `errors`; returns the placeholders to check
/// against the interface, one per pattern and distinct role/interface.
pub(crate) fn check<'a>(methods: &'a [HookMethod], errors: &Errors) -> Vec<Placeholder<'a>> {
    let mut placeholders: Vec<Placeholder<'a>> = Vec::new();
    let mut handled: Vec<(&HookSpec, &syn::Ident)> = Vec::new();
    for method in methods {
        for (lit, pattern) in &method.patterns {
            for hook in pattern.hooks() {
                match hook {
                    HookSpec::Relation { endpoint: Endpoint::Placeholder { role, interface }, .. } => {
                        let seen = placeholders
                            .iter()
                            .any(|p| core::ptr::eq(p.lit, lit) && p.role == *role && p.interface == interface);
                        if !seen {
                            placeholders.push(Placeholder { lit, role: *role, interface });
                        }
                    }
                    HookSpec::Relation { endpoint: Endpoint::Named(name), event } => errors.error_at(
                        lit.span(),
                        format!(
                            "`{hook}` names the relation `{name}`, but an interface cannot know the charm's relation names; write `{{provides:<interface>}}-relation-{event}` (or `requires`, `peers`) and let the charm's metadata decide"
                        ),
                    ),
                    _ => errors.error_at(
                        lit.span(),
                        format!(
                            "`{hook}` is not a relation hook: an interface handles only the `-relation-<event>` hooks of its own endpoints; handle `{hook}` in the charm"
                        ),
                    ),
                }
                if let Some((_, first)) = handled.iter().find(|(seen, _)| *seen == hook) {
                    let message = if *first == &method.ident {
                        format!("`{hook}` is handled twice by `{first}`")
                    } else {
                        format!(
                            "`{hook}` is already handled by `{first}`; each hook has one handler per interface"
                        )
                    };
                    errors.error_at(lit.span(), message);
                } else {
                    handled.push((hook, &method.ident));
                }
            }
        }
    }
    placeholders
}
