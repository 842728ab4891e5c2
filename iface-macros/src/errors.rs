//! Collects every error of one macro input so a build reports them all at
//! once, then combines them into one `syn::Error`.

use core::cell::RefCell;
use core::fmt::Display;

use proc_macro2::Span;
use quote::ToTokens;

/// An error sink that must be drained with [`Errors::finish`]: dropping it
/// with errors still inside is a bug in the macro, so it panics rather than
/// lose them silently.
pub(crate) struct Errors {
    errors: RefCell<Option<Vec<syn::Error>>>,
}

impl Errors {
    pub(crate) fn new() -> Errors {
        Errors {
            errors: RefCell::new(Some(Vec::new())),
        }
    }

    /// Records an error spanned at `tokens` (all of them, not just the first token).
    pub(crate) fn error_spanned_by(&self, tokens: impl ToTokens, message: impl Display) {
        self.push(syn::Error::new_spanned(tokens, message));
    }

    /// Records an error at `span`.
    pub(crate) fn error_at(&self, span: Span, message: impl Display) {
        self.push(syn::Error::new(span, message));
    }

    /// Records a `syn` parse error.
    pub(crate) fn push(&self, error: syn::Error) {
        self.errors
            .borrow_mut()
            .as_mut()
            .expect("Errors used after finish")
            .push(error);
    }

    /// Drains the sink: `None` when nothing went wrong, else every error combined.
    pub(crate) fn finish(self) -> Option<syn::Error> {
        let errors = self
            .errors
            .borrow_mut()
            .take()
            .expect("Errors finished twice");
        errors.into_iter().reduce(|mut all, next| {
            all.combine(next);
            all
        })
    }
}

impl Drop for Errors {
    fn drop(&mut self) {
        assert!(
            std::thread::panicking() || self.errors.borrow().as_ref().is_none_or(Vec::is_empty),
            "iface-macros: errors were collected but never reported"
        );
    }
}
