//! Where the store file lives, decided from environment variables.

use std::ffi::OsString;
use std::path::PathBuf;

use super::StoreError;

/// The file name charmhelpers uses inside the charm directory.
pub const FILE_NAME: &str = ".unit-state.db";

/// Resolves the store location from environment variables read through
/// `var` (pass `|name| std::env::var_os(name)` for the process environment;
/// tests pass a map).
///
/// Order: `UNIT_STATE_DB`, else `$CHARM_DIR/.unit-state.db` (what
/// charmhelpers reads), else `$JUJU_CHARM_DIR/.unit-state.db` (Juju sets both
/// to the same directory). Empty values count as unset: charmhelpers would
/// fail on an empty `UNIT_STATE_DB` and fall back to the working directory
/// on an empty `CHARM_DIR`; we report [`StoreError::NoLocation`] instead of
/// guessing.
pub fn default_path(var: impl Fn(&str) -> Option<OsString>) -> Result<PathBuf, StoreError> {
    let set = |name: &str| var(name).filter(|value| !value.is_empty());
    if let Some(path) = set("UNIT_STATE_DB") {
        return Ok(PathBuf::from(path));
    }
    ["CHARM_DIR", "JUJU_CHARM_DIR"]
        .into_iter()
        .find_map(set)
        .map(|dir| PathBuf::from(dir).join(FILE_NAME))
        .ok_or(StoreError::NoLocation)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    fn resolve(vars: &[(&str, &str)]) -> Result<PathBuf, StoreError> {
        let vars: HashMap<&str, &str> = vars.iter().copied().collect();
        default_path(|name| vars.get(name).map(OsString::from))
    }

    #[test]
    fn unit_state_db_wins() {
        let path = resolve(&[("UNIT_STATE_DB", "/x/state.db"), ("CHARM_DIR", "/c")]).unwrap();
        assert_eq!(path, PathBuf::from("/x/state.db"));
    }

    #[test]
    fn charm_dir_then_juju_charm_dir() {
        let both = resolve(&[("CHARM_DIR", "/c"), ("JUJU_CHARM_DIR", "/j")]).unwrap();
        assert_eq!(both, PathBuf::from("/c/.unit-state.db"));
        let juju = resolve(&[("JUJU_CHARM_DIR", "/j"), ("UNIT_STATE_DB", "")]).unwrap();
        assert_eq!(juju, PathBuf::from("/j/.unit-state.db"));
    }

    #[test]
    fn nothing_set_is_an_error() {
        assert!(matches!(
            resolve(&[("CHARM_DIR", "")]),
            Err(StoreError::NoLocation)
        ));
    }
}
