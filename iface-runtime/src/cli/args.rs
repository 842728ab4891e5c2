//! The command line: `--format json|text` anywhere, then a command.

/// How results are printed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Format {
    /// One item per line; strings raw.
    #[default]
    Text,
    /// One JSON document.
    Json,
}

/// Which conversations a `relation-call` works on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    /// Every conversation of the relation.
    Relation(String),
    /// The conversations holding the flag.
    Flag(String),
}

/// A parsed command.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Command {
    /// `get-flags`.
    GetFlags,
    /// `set-flag FLAG [--value JSON]`.
    SetFlag {
        /// The flag.
        flag: String,
        /// Its value, JSON text.
        value: Option<String>,
    },
    /// `clear-flag FLAG`.
    ClearFlag(String),
    /// `toggle-flag FLAG`.
    ToggleFlag(String),
    /// `is-flag-set FLAG`.
    IsFlagSet(String),
    /// `all-flags-set FLAG...`.
    AllFlagsSet(Vec<String>),
    /// `any-flags-set FLAG...`.
    AnyFlagsSet(Vec<String>),
    /// `relation-call (--relation NAME | --flag FLAG) METHOD ARGS...`.
    RelationCall {
        /// Which conversations.
        target: Target,
        /// The method.
        method: String,
        /// Its arguments, as text.
        args: Vec<String>,
    },
    /// `dispatch`: run the hook or action the environment names, as the
    /// binary does with no arguments.
    Dispatch,
    /// `hooks`.
    Hooks,
    /// `describe`.
    Describe,
    /// `help`, `--help`, `-h`.
    Help,
}

/// A command line that does not parse: the message for `ERROR ...`,
/// followed by the usage, exit 2.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UsageError(pub String);

/// Splits off `--format`, then parses the command.
pub fn parse(args: &[String]) -> Result<(Format, Command), UsageError> {
    let mut format = Format::default();
    let mut rest: Vec<&str> = Vec::new();
    let mut words = args.iter().map(String::as_str);
    while let Some(word) = words.next() {
        if word == "--" {
            // Everything after `--` is the command's own: a method argument
            // may be `--format`.
            rest.extend(words.by_ref());
            break;
        }
        let value = match word {
            "--format" => Some(
                words
                    .next()
                    .ok_or_else(|| UsageError("--format needs `json` or `text`".into()))?,
            ),
            _ => word.strip_prefix("--format="),
        };
        match value {
            Some("json") => format = Format::Json,
            Some("text") => format = Format::Text,
            Some(other) => {
                return Err(UsageError(format!(
                    "unknown format `{other}`; expected `json` or `text`"
                )));
            }
            None => rest.push(word),
        }
    }
    let Some((&name, args)) = rest.split_first() else {
        return Err(UsageError("no command given".into()));
    };
    Ok((format, command(name, args)?))
}

fn one<'a>(name: &str, args: &[&'a str]) -> Result<&'a str, UsageError> {
    match args {
        [flag] if !flag.starts_with('-') => Ok(flag),
        _ => Err(UsageError(format!("`{name}` takes one flag name"))),
    }
}

fn some(name: &str, args: &[&str]) -> Result<Vec<String>, UsageError> {
    if args.is_empty() || args.iter().any(|a| a.starts_with('-')) {
        return Err(UsageError(format!("`{name}` takes one or more flag names")));
    }
    Ok(args.iter().map(|a| (*a).to_owned()).collect())
}

fn command(name: &str, args: &[&str]) -> Result<Command, UsageError> {
    let owned = |s: &str| s.to_owned();
    match name {
        "get-flags" if args.is_empty() => Ok(Command::GetFlags),
        "set-flag" => match args {
            [flag] if !flag.starts_with('-') => Ok(Command::SetFlag {
                flag: owned(flag),
                value: None,
            }),
            [flag, "--value", value] | ["--value", value, flag] if !flag.starts_with('-') => {
                Ok(Command::SetFlag {
                    flag: owned(flag),
                    value: Some(owned(value)),
                })
            }
            _ => Err(UsageError(
                "`set-flag` takes a flag name and an optional `--value JSON`".into(),
            )),
        },
        "clear-flag" => one(name, args).map(|f| Command::ClearFlag(owned(f))),
        "toggle-flag" => one(name, args).map(|f| Command::ToggleFlag(owned(f))),
        "is-flag-set" => one(name, args).map(|f| Command::IsFlagSet(owned(f))),
        "all-flags-set" => some(name, args).map(Command::AllFlagsSet),
        "any-flags-set" => some(name, args).map(Command::AnyFlagsSet),
        "relation-call" => relation_call(args),
        "dispatch" if args.is_empty() => Ok(Command::Dispatch),
        "hooks" if args.is_empty() => Ok(Command::Hooks),
        "describe" if args.is_empty() => Ok(Command::Describe),
        "help" | "--help" | "-h" => Ok(Command::Help),
        "get-flags" | "dispatch" | "hooks" | "describe" => {
            Err(UsageError(format!("`{name}` takes no arguments")))
        }
        other => {
            let hint = iface_model::did_you_mean(other, COMMANDS)
                .map(|c| format!(" (did you mean `{c}`?)"))
                .unwrap_or_default();
            Err(UsageError(format!("unknown command `{other}`{hint}")))
        }
    }
}

fn relation_call(args: &[&str]) -> Result<Command, UsageError> {
    let usage = || {
        UsageError("`relation-call` takes `--relation NAME` or `--flag FLAG`, then a method and its arguments".into())
    };
    let (target, rest) = match args {
        ["--relation", name, rest @ ..] => (Target::Relation((*name).to_owned()), rest),
        ["--flag", flag, rest @ ..] => (Target::Flag((*flag).to_owned()), rest),
        _ => return Err(usage()),
    };
    let Some((method, args)) = rest.split_first() else {
        return Err(usage());
    };
    Ok(Command::RelationCall {
        target,
        method: (*method).to_owned(),
        args: args.iter().map(|a| (*a).to_owned()).collect(),
    })
}

/// Every command name, for hints and the usage text.
pub const COMMANDS: [&str; 12] = [
    "get-flags",
    "set-flag",
    "clear-flag",
    "toggle-flag",
    "is-flag-set",
    "all-flags-set",
    "any-flags-set",
    "relation-call",
    "dispatch",
    "hooks",
    "describe",
    "help",
];

/// The usage text.
pub fn usage(program: &str) -> String {
    format!(
        "usage: {program} [--format json|text] COMMAND [ARGS...]\n\
         \n\
         With no arguments, {program} runs the hook Juju started it for.\n\
         \n\
         commands:\n  \
         get-flags                     every flag that is set\n  \
         set-flag FLAG [--value JSON]  set FLAG (value: JSON, default null)\n  \
         clear-flag FLAG               clear FLAG\n  \
         toggle-flag FLAG              set FLAG if clear, else clear it\n  \
         is-flag-set FLAG              exit 0 if FLAG is set, 1 if not; prints nothing\n  \
         all-flags-set FLAG...         exit 0 if every FLAG is set, 1 if not\n  \
         any-flags-set FLAG...         exit 0 if any FLAG is set, 1 if not\n  \
         relation-call (--relation NAME | --flag FLAG) METHOD [ARG...]\n                                \
         call an interface method on the relation's conversations\n  \
         dispatch                      run the hook or action the environment names\n  \
         hooks                         every hook name the charm handles\n  \
         describe                      relations, interfaces, flags and methods (JSON)\n\
         \n\
         `--` ends the options: what follows is passed on as it is.\n\
         \n\
         exit status: 0 success or true, 1 failure or false, 2 bad arguments,\n\
         3 a failure of is-flag-set, all-flags-set or any-flags-set\n"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(line: &str) -> Vec<String> {
        line.split_whitespace().map(str::to_owned).collect()
    }

    #[test]
    fn format_goes_anywhere() {
        assert_eq!(
            parse(&args("get-flags --format json")),
            Ok((Format::Json, Command::GetFlags))
        );
        assert_eq!(
            parse(&args("--format=json get-flags")),
            Ok((Format::Json, Command::GetFlags))
        );
        assert_eq!(
            parse(&args("get-flags")),
            Ok((Format::Text, Command::GetFlags))
        );
        assert!(parse(&args("get-flags --format yaml")).is_err());
    }

    #[test]
    fn double_dash_ends_the_options() {
        assert_eq!(
            parse(&args("relation-call --relation web -- note --format"))
                .unwrap()
                .1,
            Command::RelationCall {
                target: Target::Relation("web".into()),
                method: "note".into(),
                args: vec!["--format".into()]
            }
        );
    }

    #[test]
    fn commands_parse() {
        assert_eq!(
            parse(&args("relation-call --flag website.available configure 80"))
                .unwrap()
                .1,
            Command::RelationCall {
                target: Target::Flag("website.available".into()),
                method: "configure".into(),
                args: vec!["80".into()]
            }
        );
        assert_eq!(
            parse(&args("set-flag ready --value {\"a\":1}")).unwrap().1,
            Command::SetFlag {
                flag: "ready".into(),
                value: Some("{\"a\":1}".into())
            }
        );
        assert_eq!(
            parse(&args("any-flags-set a b")).unwrap().1,
            Command::AnyFlagsSet(vec!["a".into(), "b".into()])
        );
    }

    #[test]
    fn bad_lines_say_why() {
        assert_eq!(
            parse(&args("get-flag")),
            Err(UsageError(
                "unknown command `get-flag` (did you mean `get-flags`?)".into()
            ))
        );
        assert_eq!(
            parse(&args("is-flag-set")),
            Err(UsageError("`is-flag-set` takes one flag name".into()))
        );
        assert!(parse(&args("relation-call configure 80")).is_err());
        assert_eq!(parse(&[]), Err(UsageError("no command given".into())));
    }
}
