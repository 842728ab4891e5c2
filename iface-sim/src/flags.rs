//! Command-line parsing the way jujuc's flag package does it: GNU-style
//! `-x`/`--name` flags anywhere among the positionals, `--name=value`,
//! `-xVALUE`, `--` ending the flags, and `-` as a positional.

use std::collections::BTreeMap;

/// Whether a flag takes a value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Takes {
    /// A boolean switch.
    Nothing,
    /// A flag followed by a value.
    Value,
}

/// One flag: its spellings (without dashes; one-letter names are short
/// flags) and the canonical name results are stored under.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Flag {
    pub names: &'static [&'static str],
    pub takes: Takes,
}

impl Flag {
    pub const fn switch(names: &'static [&'static str]) -> Self {
        Self {
            names,
            takes: Takes::Nothing,
        }
    }

    pub const fn value(names: &'static [&'static str]) -> Self {
        Self {
            names,
            takes: Takes::Value,
        }
    }

    fn canonical(&self) -> &'static str {
        self.names[0]
    }
}

/// A value flag as given: the spelling used (`-r`, `--relation`) and value.
#[derive(Debug, Clone)]
pub(crate) struct Given {
    pub spelling: String,
    pub value: String,
}

/// The parsed command line.
#[derive(Debug, Default)]
pub(crate) struct Parsed {
    values: BTreeMap<&'static str, Given>,
    switches: BTreeMap<&'static str, bool>,
    pub positionals: Vec<String>,
}

impl Parsed {
    /// The value flag stored under canonical `name` (last one wins).
    pub fn value(&self, name: &str) -> Option<&Given> {
        self.values.get(name)
    }

    /// Whether switch `name` is on.
    pub fn switch(&self, name: &str) -> bool {
        self.switches.get(name).copied().unwrap_or(false)
    }
}

fn with_dashes(name: &str) -> String {
    if name.chars().count() > 1 {
        format!("--{name}")
    } else {
        format!("-{name}")
    }
}

/// Parses `args` against `flags`; the error is the message jujuc prints.
pub(crate) fn parse(flags: &[Flag], args: &[String]) -> Result<Parsed, String> {
    let find = |name: &str| flags.iter().find(|f| f.names.contains(&name));
    let mut parsed = Parsed::default();
    let mut rest = args.iter();
    while let Some(arg) = rest.next() {
        if arg == "--" {
            parsed.positionals.extend(rest.cloned());
            break;
        }
        if arg == "-" || !arg.starts_with('-') {
            parsed.positionals.push(arg.clone());
            continue;
        }
        // (name, inline value) for `--name[=v]`, or the first rune of a
        // short group `-abc` with the remainder.
        let (name, mut inline, short_rest): (String, Option<String>, String) =
            if let Some(long) = arg.strip_prefix("--") {
                match long.split_once('=') {
                    Some((n, v)) => (n.to_owned(), Some(v.to_owned()), String::new()),
                    None => (long.to_owned(), None, String::new()),
                }
            } else {
                let mut chars = arg[1..].chars();
                let first = chars.next().map(String::from).unwrap_or_default();
                (first, None, chars.as_str().to_owned())
            };
        let mut short_rest = short_rest;
        let mut name = name;
        loop {
            let Some(flag) = find(&name) else {
                return Err(format!(
                    "option provided but not defined: {}",
                    with_dashes(&name)
                ));
            };
            match flag.takes {
                Takes::Nothing => {
                    let on = match inline.take().as_deref() {
                        None | Some("true" | "1" | "t" | "T" | "TRUE" | "True") => true,
                        Some("false" | "0" | "f" | "F" | "FALSE" | "False") => false,
                        Some(other) => {
                            return Err(format!(
                                "invalid value {other:?} for option {}: parse error",
                                with_dashes(&name)
                            ));
                        }
                    };
                    parsed.switches.insert(flag.canonical(), on);
                    // `-ab`: the next rune is another short flag.
                    let mut chars = short_rest.chars();
                    match chars.next() {
                        Some(next) => {
                            name = next.to_string();
                            short_rest = chars.as_str().to_owned();
                        }
                        None => break,
                    }
                }
                Takes::Value => {
                    let value = if let Some(v) = inline.take() {
                        v
                    } else if !short_rest.is_empty() {
                        std::mem::take(&mut short_rest)
                    } else if let Some(next) = rest.next() {
                        next.clone()
                    } else {
                        return Err(format!("option needs an argument: {}", with_dashes(&name)));
                    };
                    parsed.values.insert(
                        flag.canonical(),
                        Given {
                            spelling: with_dashes(&name),
                            value,
                        },
                    );
                    break;
                }
            }
        }
    }
    Ok(parsed)
}
