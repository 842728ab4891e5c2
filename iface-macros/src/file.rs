//! Finding and reading files at compile time (a charm's metadata, an
//! interface's `interface.yaml`), tracked so that cargo rebuilds on change.

use std::path::{Path, PathBuf};

use proc_macro2::TokenStream;
use quote::quote;
use syn::LitStr;

/// A file the macro read, with the tokens that make cargo rebuild the
/// crate when it changes.
pub(crate) struct ReadFile {
    pub(crate) path: PathBuf,
    pub(crate) text: String,
}

impl ReadFile {
    /// `const _: &[u8] = include_bytes!("<absolute path>");`: cargo then
    /// tracks the file, and an edit to it recompiles the charm.
    pub(crate) fn tracking(&self) -> TokenStream {
        let path = self.path.to_string_lossy();
        quote!(
            const _: &[::core::primitive::u8] = ::core::include_bytes!(#path);
        )
    }
}

/// Reads `lit`, relative to the crate's manifest directory or, failing
/// that, to the directory of the file that invokes the macro (where ui
/// tests keep their files). Absolute paths are refused: they only work on
/// one machine. `what` names the file in messages ("metadata file").
pub(crate) fn read(lit: &LitStr, what: &str) -> syn::Result<ReadFile> {
    let relative = PathBuf::from(lit.value());
    if relative.is_absolute() {
        return Err(syn::Error::new(
            lit.span(),
            format!(
                "the {what}'s path must be relative to the crate's Cargo.toml; an absolute path only works on one machine"
            ),
        ));
    }
    for base in bases() {
        let candidate = base.join(&relative);
        match std::fs::read_to_string(&candidate) {
            Ok(text) => {
                let path = candidate.canonicalize().unwrap_or(candidate);
                return Ok(ReadFile { path, text });
            }
            Err(error) if error.kind() == std::io::ErrorKind::NotFound => {}
            Err(error) => {
                return Err(syn::Error::new(
                    lit.span(),
                    format!("cannot read `{}`: {error}", candidate.display()),
                ));
            }
        }
    }
    Err(syn::Error::new(
        lit.span(),
        format!(
            "{what} `{}` not found next to the crate's Cargo.toml (nor next to the file that invokes `charm!`)",
            relative.display()
        ),
    ))
}

fn bases() -> Vec<PathBuf> {
    let mut bases = Vec::new();
    if let Some(dir) = std::env::var_os("CARGO_MANIFEST_DIR") {
        bases.push(PathBuf::from(dir));
    }
    if let Some(dir) = proc_macro::Span::call_site()
        .local_file()
        .as_deref()
        .and_then(Path::parent)
    {
        let dir = dir.to_path_buf();
        if !bases.contains(&dir) {
            bases.push(dir);
        }
    }
    bases
}

/// Reads `name` if it exists next to the crate's Cargo.toml (or the
/// invoking file); `Ok(None)` if it does not. A file created later is not
/// noticed until the crate rebuilds for another reason (stable Rust cannot
/// track a file that does not exist yet).
pub(crate) fn read_optional(name: &str) -> Result<Option<ReadFile>, String> {
    for base in bases() {
        let candidate = base.join(name);
        match std::fs::read_to_string(&candidate) {
            Ok(text) => {
                let path = candidate.canonicalize().unwrap_or(candidate);
                return Ok(Some(ReadFile { path, text }));
            }
            Err(error) if error.kind() == std::io::ErrorKind::NotFound => {}
            Err(error) => return Err(format!("cannot read `{name}`: {error}")),
        }
    }
    Ok(None)
}
