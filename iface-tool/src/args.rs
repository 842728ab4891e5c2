//! The command line of `iface`.

/// How `check` prints its verdict.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Format {
    /// For people.
    Text,
    /// For programs.
    Json,
}

/// A parsed `iface` command line.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum Command {
    /// `iface check A B [A:REL B:REL] [--format json|text]`.
    Check(CheckArgs),
    /// `iface doc CHARM [--describe JSON_FILE] [--format markdown]`.
    Doc(DocArgs),
}

/// A parsed `iface check` command line.
#[derive(Debug, PartialEq, Eq)]
pub(crate) struct CheckArgs {
    pub(crate) format: Format,
    pub(crate) a: String,
    pub(crate) b: String,
    /// The relation names, when given as `a:rel b:rel`.
    pub(crate) relations: Option<(String, String)>,
}

/// A parsed `iface doc` command line.
#[derive(Debug, PartialEq, Eq)]
pub(crate) struct DocArgs {
    /// The charm directory or metadata file.
    pub(crate) charm: String,
    /// The file holding the charm binary's `describe --format json`.
    pub(crate) describe: Option<String>,
}

/// The usage text.
pub(crate) const USAGE: &str = "usage: iface check A B [A:RELATION B:RELATION] [--format json|text]\n       \
iface doc CHARM [--describe JSON_FILE] [--format markdown]\n\
\n\
A, B and CHARM are metadata files or charm directories. JSON_FILE holds the output of\n\
the charm binary's `describe --format json`. Exit status: 0 compatible (check) or\n\
written (doc), 1 not compatible, 2 bad arguments or input.";

/// The options of a command line, wherever they stand.
struct Options<'a> {
    format: Option<&'a str>,
    describe: Option<&'a str>,
    words: Vec<&'a str>,
}

fn options(argv: &[String]) -> Result<Options<'_>, String> {
    let mut options = Options {
        format: None,
        describe: None,
        words: Vec::new(),
    };
    let mut iter = argv.iter().map(String::as_str);
    while let Some(word) = iter.next() {
        if word == "--" {
            options.words.extend(iter.by_ref());
            break;
        }
        let (name, inline) = match word.split_once('=') {
            Some((name, value)) if name.starts_with("--") => (name, Some(value)),
            _ => (word, None),
        };
        let slot = match name {
            "--format" => &mut options.format,
            "--describe" => &mut options.describe,
            _ if word.starts_with("--") => return Err(format!("unknown option `{name}`")),
            _ => {
                options.words.push(word);
                continue;
            }
        };
        let value = match inline {
            Some(value) => value,
            None => iter.next().ok_or_else(|| format!("{name} needs a value"))?,
        };
        *slot = Some(value);
    }
    Ok(options)
}

/// Parses `check A B [a:rel b:rel]` or `doc CHARM`, with options anywhere.
pub(crate) fn parse(argv: &[String]) -> Result<Command, String> {
    let Options {
        format,
        describe,
        words,
    } = options(argv)?;
    match words.first() {
        Some(&"check") => {
            if describe.is_some() {
                return Err("`--describe` is an option of `doc`, not of `check`".into());
            }
            check(format, &words[1..]).map(Command::Check)
        }
        Some(&"doc") => {
            match format {
                None | Some("markdown") => {}
                Some(other) => {
                    return Err(format!(
                        "unknown format `{other}` for `doc`; expected `markdown`"
                    ));
                }
            }
            match &words[1..] {
                [charm] => Ok(Command::Doc(DocArgs {
                    charm: (*charm).to_owned(),
                    describe: describe.map(str::to_owned),
                })),
                _ => Err("`doc` takes one charm directory or metadata file".into()),
            }
        }
        None => Err("no command given".into()),
        Some(other) => Err(format!(
            "unknown command `{other}`; expected `check` or `doc`"
        )),
    }
}

fn check(format: Option<&str>, words: &[&str]) -> Result<CheckArgs, String> {
    let format = match format {
        None | Some("text") => Format::Text,
        Some("json") => Format::Json,
        Some(other) => {
            return Err(format!(
                "unknown format `{other}`; expected `json` or `text`"
            ));
        }
    };
    match words {
        [a, b] => Ok(CheckArgs {
            format,
            a: (*a).to_owned(),
            b: (*b).to_owned(),
            relations: None,
        }),
        [a, b, ra, rb] => {
            let name = |spec: &str| {
                spec.rsplit_once(':')
                    .map_or(spec, |(_, name)| name)
                    .to_owned()
            };
            Ok(CheckArgs {
                format,
                a: (*a).to_owned(),
                b: (*b).to_owned(),
                relations: Some((name(ra), name(rb))),
            })
        }
        _ => Err("`check` takes two charms and, optionally, a relation of each".into()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(line: &str) -> Vec<String> {
        line.split_whitespace().map(str::to_owned).collect()
    }

    #[test]
    fn options_go_anywhere() {
        assert_eq!(
            parse(&args("--format json check a b")).unwrap(),
            Command::Check(CheckArgs {
                format: Format::Json,
                a: "a".into(),
                b: "b".into(),
                relations: None,
            })
        );
        assert_eq!(
            parse(&args("doc --describe=d.json a --format markdown")).unwrap(),
            Command::Doc(DocArgs {
                charm: "a".into(),
                describe: Some("d.json".into()),
            })
        );
    }

    #[test]
    fn wrong_options_are_named() {
        assert_eq!(
            parse(&args("doc a --format json")).unwrap_err(),
            "unknown format `json` for `doc`; expected `markdown`"
        );
        assert_eq!(
            parse(&args("check a b --describe d")).unwrap_err(),
            "`--describe` is an option of `doc`, not of `check`"
        );
        assert_eq!(
            parse(&args("doc a --descibe d")).unwrap_err(),
            "unknown option `--descibe`"
        );
        assert_eq!(
            parse(&args("doc a --describe")).unwrap_err(),
            "--describe needs a value"
        );
    }
}
