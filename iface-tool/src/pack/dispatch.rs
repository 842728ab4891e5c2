//! The charm's `dispatch`: what Juju runs for every hook and action, with
//! `JUJU_DISPATCH_PATH` set to `hooks/<name>` or `actions/<name>`, from
//! the charm directory, with no arguments.
//!
//! It is a two-line POSIX sh script that `exec`s the charm binary, kept
//! under its own name beside it, rather than the binary itself renamed
//! `dispatch`: charmcraft's `entrypoint` check reads the last word of
//! `dispatch`'s last line as the program it runs (a binary `dispatch` is
//! no text, so the check cannot apply), and the binary keeps its name
//! for its command line (`./django get-flags` in `juju exec`, and usage
//! messages that name it). The cost is one `sh` start per hook. There is
//! no `"$@"`: Juju passes none, and charmcraft would take it for the
//! program.

use std::path::Path;

use super::error::PackError;
use crate::archive::Entry;

/// The name of the file.
pub const DISPATCH: &str = "dispatch";

/// The text of `dispatch` for the binary called `binary` beside it (a name
/// [`check_binary_name`] accepted).
pub fn script(binary: &str) -> String {
    format!(
        "#!/bin/sh\n\
         # Juju runs this for every hook and action, from the charm directory, with\n\
         # JUJU_DISPATCH_PATH set to hooks/<name> or actions/<name>: the charm binary\n\
         # reads which one from it.\n\
         exec ./{binary}\n"
    )
}

/// Files of a charm whose names a binary beside them must not take: those
/// `iface pack` writes, and those Juju reads (`version` is shown as the
/// workload version).
const TAKEN: [&str; 9] = [
    DISPATCH,
    "metadata.yaml",
    "manifest.yaml",
    "config.yaml",
    "actions.yaml",
    "hooks",
    "actions",
    "version",
    "revision",
];

/// Whether `name` may be the binary's file name in the charm: one that
/// the script can name as it is (ASCII letters, digits, `-`, `_`, `.`, not
/// starting with `-` or `.`), and no file Juju or `iface pack` uses.
/// `binary` is the file, for the error.
pub fn check_binary_name(name: &str, binary: &Path) -> Result<(), PackError> {
    let plain = name
        .bytes()
        .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.'))
        && !name.starts_with(['-', '.'])
        && !name.is_empty();
    if !plain {
        return Err(PackError::file(
            binary,
            format!(
                "the binary's name {name:?} is not one `dispatch` can name as it is; rename it \
                 to ASCII letters, digits, `-`, `_` and `.`"
            ),
        ));
    }
    if TAKEN.contains(&name) {
        return Err(PackError::file(
            binary,
            format!("a binary named `{name}` would take the place of the charm's own `{name}`"),
        ));
    }
    Ok(())
}

/// The program `dispatch` runs, read as charmcraft's `entrypoint` check
/// reads it: the last word of its last non-blank line (`./django`).
pub fn entrypoint(script: &str) -> Option<&str> {
    script
        .lines()
        .rfind(|line| !line.trim().is_empty())?
        .split_whitespace()
        .last()
}

/// Checks, as charmcraft's `entrypoint` check does, that the program the
/// `dispatch` among `entries` runs is one of them and executable. `binary`
/// is where that program came from, for the error.
pub fn check_entrypoint(entries: &[Entry], binary: &Path) -> Result<(), PackError> {
    let dispatch = entries
        .iter()
        .find(|entry| entry.name == DISPATCH)
        .and_then(|entry| std::str::from_utf8(&entry.bytes).ok());
    let Some(target) = dispatch.and_then(entrypoint) else {
        return Err(PackError::other("`dispatch` names no program to run"));
    };
    let name = target.strip_prefix("./").unwrap_or(target);
    match entries.iter().find(|entry| entry.name == name) {
        Some(entry) if entry.mode & 0o111 != 0 => Ok(()),
        Some(entry) => Err(PackError::file(
            binary,
            format!(
                "`dispatch` runs `{target}`, which is not executable (mode {:o}); Juju could not \
                 run a hook",
                entry.mode
            ),
        )),
        None => Err(PackError::other(format!(
            "`dispatch` runs `{target}`, which the charm does not hold"
        ))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_script_names_the_binary_last() {
        assert_eq!(entrypoint(&script("django")), Some("./django"));
        assert_eq!(entrypoint("exec ./bin/x \"$@\"\n\n"), Some("\"$@\""));
    }

    #[test]
    fn binary_names_are_plain_and_free() {
        let at = Path::new("x");
        check_binary_name("log-agent", at).unwrap();
        check_binary_name("web_2.1", at).unwrap();
        for bad in ["a b", "$(x)", "-x", ".x", "", "x;y"] {
            assert!(check_binary_name(bad, at).is_err(), "{bad:?}");
        }
        assert_eq!(
            check_binary_name("version", at).unwrap_err().to_string(),
            "x: a binary named `version` would take the place of the charm's own `version`"
        );
    }

    #[test]
    fn the_entrypoint_must_be_executable() {
        let entries = |mode| {
            vec![
                Entry {
                    name: DISPATCH.into(),
                    mode: 0o755,
                    bytes: script("web").into_bytes(),
                },
                Entry {
                    name: "web".into(),
                    mode,
                    bytes: Vec::new(),
                },
            ]
        };
        check_entrypoint(&entries(0o755), Path::new("target/web")).unwrap();
        assert_eq!(
            check_entrypoint(&entries(0o644), Path::new("target/web"))
                .unwrap_err()
                .to_string(),
            "target/web: `dispatch` runs `./web`, which is not executable (mode 644); Juju could \
             not run a hook"
        );
    }
}
