//! The command line of `iface`.

/// How the verdict is printed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Format {
    /// For people.
    Text,
    /// For programs.
    Json,
}

/// A parsed `iface check` command line.
pub(crate) struct Args {
    pub(crate) format: Format,
    pub(crate) a: String,
    pub(crate) b: String,
    /// The relation names, when given as `a:rel b:rel`.
    pub(crate) relations: Option<(String, String)>,
}

/// The usage text.
pub(crate) const USAGE: &str = "usage: iface check A B [A:RELATION B:RELATION] [--format json|text]\n\
\n\
A and B are metadata files or charm directories. Exit status: 0 compatible, 1 not, 2 bad arguments.";

/// Parses `check A B [a:rel b:rel]` with `--format` anywhere.
pub(crate) fn parse(argv: &[String]) -> Result<Args, String> {
    let mut format = Format::Text;
    let mut words = Vec::new();
    let mut iter = argv.iter().map(String::as_str);
    while let Some(word) = iter.next() {
        let value = match word {
            "--format" => Some(iter.next().ok_or("--format needs `json` or `text`")?),
            _ => word.strip_prefix("--format="),
        };
        match value {
            Some("json") => format = Format::Json,
            Some("text") => format = Format::Text,
            Some(other) => {
                return Err(format!(
                    "unknown format `{other}`; expected `json` or `text`"
                ));
            }
            None => words.push(word),
        }
    }
    match words.as_slice() {
        ["check", a, b] => Ok(Args {
            format,
            a: (*a).to_owned(),
            b: (*b).to_owned(),
            relations: None,
        }),
        ["check", a, b, ra, rb] => {
            let name = |spec: &str| {
                spec.rsplit_once(':')
                    .map_or(spec, |(_, name)| name)
                    .to_owned()
            };
            Ok(Args {
                format,
                a: (*a).to_owned(),
                b: (*b).to_owned(),
                relations: Some((name(ra), name(rb))),
            })
        }
        ["check", ..] => Err("`check` takes two charms and, optionally, a relation of each".into()),
        [] => Err("no command given".into()),
        [other, ..] => Err(format!("unknown command `{other}`; expected `check`")),
    }
}
