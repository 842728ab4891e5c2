//! The command line of `iface`.

use iface_tool::pack::{Arch, Base, PackOptions};

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
    /// `iface pack CHARM_DIR [--base BASE]... [--arch ARCH] [--profile
    /// PROFILE] [--binary FILE] [--output DIR]`.
    Pack(PackOptions),
    /// `iface schema --describe JSON_FILE... [--interface NAME] [--version
    /// N] [--output DIR]`.
    Schema(SchemaArgs),
    /// `iface check --schema FILE (--data FILE | --describe JSON_FILE
    /// [--relation NAME]) [--format json|text]`.
    CheckSchema(CheckSchemaArgs),
}

/// A parsed `iface schema` command line.
#[derive(Debug, PartialEq, Eq)]
pub(crate) struct SchemaArgs {
    /// Files holding charm binaries' `describe --format json`.
    pub(crate) describes: Vec<String>,
    /// Only this interface.
    pub(crate) interface: Option<String>,
    /// The interface version in the paths written.
    pub(crate) version: u32,
    /// Where the `<interface>/v<N>/` folders go.
    pub(crate) output: String,
}

/// What `iface check --schema` checks against the schema.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum Checked {
    /// Recorded relation data: `{"app": {...}, "units": {"u/0": {...}}}`.
    Data(String),
    /// A charm binary's `describe --format json`, and optionally one
    /// relation of it.
    Describe(String, Option<String>),
}

/// A parsed `iface check --schema` command line.
#[derive(Debug, PartialEq, Eq)]
pub(crate) struct CheckSchemaArgs {
    pub(crate) format: Format,
    /// The published JSON Schema.
    pub(crate) schema: String,
    pub(crate) checked: Checked,
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
iface check --schema FILE (--data FILE | --describe JSON_FILE [--relation NAME]) [--format json|text]\n       \
iface doc CHARM [--describe JSON_FILE] [--format markdown]\n       \
iface schema --describe JSON_FILE... [--interface NAME] [--version N] [--output DIR]\n       \
iface pack CHARM_DIR [--base BASE]... [--arch ARCH] [--profile PROFILE] [--binary FILE] [--output DIR]\n\
\n\
A, B and CHARM are metadata files or charm directories. JSON_FILE holds the output of\n\
the charm binary's `describe --format json`. `schema` writes\n\
DIR/<interface>/v<N>/provider.json and requirer.json (JSON Schema 2020-12; DIR default `.`,\n\
N default 1) from the charms' types. `check --schema` checks recorded relation data\n\
({\"app\": {...}, \"units\": {\"u/0\": {...}}}) or a charm's declared types against a\n\
published schema, naming each mismatching key (exit status 0 valid, 1 not).\n\
\n\
`pack` builds the charm crate in CHARM_DIR\n\
with cargo (PROFILE, default `release`; or packs the prebuilt FILE) and writes\n\
DIR/<name>_<base>-<arch>.charm (DIR default `.`) for each BASE (`ubuntu@22.04`,\n\
`ubuntu@24.04`; default: charmcraft.yaml's, else `ubuntu@24.04`); ARCH, if given, must be\n\
the binary's. Exit status: 0 compatible (check) or written (doc, pack), 1 not\n\
compatible, 2 bad arguments or input, or a failed build.";

/// The options that take a value, for every command.
const VALUE_OPTIONS: [&str; 12] = [
    "--format",
    "--describe",
    "--schema",
    "--data",
    "--relation",
    "--interface",
    "--version",
    "--base",
    "--arch",
    "--profile",
    "--binary",
    "--output",
];

/// The options of a command line, wherever they stand, and its words.
struct Options<'a> {
    /// `(name, value)`, in command-line order.
    given: Vec<(&'a str, &'a str)>,
    words: Vec<&'a str>,
}

impl<'a> Options<'a> {
    /// The value of option `name`; the last one if it is given twice.
    fn get(&self, name: &str) -> Option<&'a str> {
        self.given
            .iter()
            .rev()
            .find(|(given, _)| *given == name)
            .map(|&(_, value)| value)
    }

    /// Every value of option `name`, in order.
    fn all(&self, name: &str) -> Vec<&'a str> {
        self.given
            .iter()
            .filter(|(given, _)| *given == name)
            .map(|&(_, value)| value)
            .collect()
    }

    /// Refuses an option `command` does not take.
    fn only(&self, command: &str, allowed: &[&str]) -> Result<(), String> {
        match self.given.iter().find(|(name, _)| !allowed.contains(name)) {
            Some((name, _)) => Err(format!("`{name}` is no option of `{command}`")),
            None => Ok(()),
        }
    }
}

fn options(argv: &[String]) -> Result<Options<'_>, String> {
    let mut options = Options {
        given: Vec::new(),
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
        if !VALUE_OPTIONS.contains(&name) {
            if word.starts_with("--") {
                return Err(format!("unknown option `{name}`"));
            }
            options.words.push(word);
            continue;
        }
        let value = match inline {
            Some(value) => value,
            None => iter.next().ok_or_else(|| format!("{name} needs a value"))?,
        };
        options.given.push((name, value));
    }
    Ok(options)
}

/// Parses `check A B [a:rel b:rel]`, `doc CHARM` or `pack CHARM_DIR`, with
/// options anywhere.
pub(crate) fn parse(argv: &[String]) -> Result<Command, String> {
    let options = options(argv)?;
    let words = &options.words;
    match words.first() {
        Some(&"check") if options.get("--schema").is_some() => {
            check_schema(&options).map(Command::CheckSchema)
        }
        Some(&"check") => {
            options.only("check", &["--format"])?;
            check(options.get("--format"), &words[1..]).map(Command::Check)
        }
        Some(&"schema") => schema(&options).map(Command::Schema),
        Some(&"doc") => {
            options.only("doc", &["--format", "--describe"])?;
            match options.get("--format") {
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
                    describe: options.get("--describe").map(str::to_owned),
                })),
                _ => Err("`doc` takes one charm directory or metadata file".into()),
            }
        }
        Some(&"pack") => pack(&options).map(Command::Pack),
        None => Err("no command given".into()),
        Some(other) => Err(format!(
            "unknown command `{other}`; expected `check`, `doc`, `schema` or `pack`"
        )),
    }
}

fn pack(options: &Options<'_>) -> Result<PackOptions, String> {
    options.only(
        "pack",
        &["--base", "--arch", "--profile", "--binary", "--output"],
    )?;
    let [charm_dir] = options.words[1..] else {
        return Err("`pack` takes one charm directory".into());
    };
    let bases = options
        .all("--base")
        .into_iter()
        .map(|base| Base::parse(base).map_err(|e| format!("`--base {base}`: {e}")))
        .collect::<Result<Vec<_>, _>>()?;
    let arch = options
        .get("--arch")
        .map(|arch| Arch::parse(arch).map_err(|e| format!("`--arch {arch}`: {e}")))
        .transpose()?;
    Ok(PackOptions {
        charm_dir: charm_dir.into(),
        output_dir: options.get("--output").unwrap_or(".").into(),
        bases,
        arch,
        profile: options.get("--profile").unwrap_or("release").to_owned(),
        binary: options.get("--binary").map(Into::into),
    })
}

fn schema(options: &Options<'_>) -> Result<SchemaArgs, String> {
    options.only(
        "schema",
        &["--describe", "--interface", "--version", "--output"],
    )?;
    if options.words.len() > 1 {
        return Err("`schema` takes its charms as `--describe JSON_FILE`, no other words".into());
    }
    let describes: Vec<String> = options
        .all("--describe")
        .into_iter()
        .map(str::to_owned)
        .collect();
    if describes.is_empty() {
        return Err("`schema` needs at least one `--describe JSON_FILE`".into());
    }
    let version = match options.get("--version") {
        None => 1,
        Some(text) => text
            .trim_start_matches('v')
            .parse()
            .map_err(|_| format!("`--version {text}`: expected a number such as 4"))?,
    };
    Ok(SchemaArgs {
        describes,
        interface: options.get("--interface").map(str::to_owned),
        version,
        output: options.get("--output").unwrap_or(".").to_owned(),
    })
}

fn check_schema(options: &Options<'_>) -> Result<CheckSchemaArgs, String> {
    options.only(
        "check --schema",
        &["--schema", "--data", "--describe", "--relation", "--format"],
    )?;
    if options.words.len() > 1 {
        return Err(
            "`check --schema` takes no charms: give `--data FILE` or `--describe JSON_FILE`".into(),
        );
    }
    let checked =
        match (options.get("--data"), options.get("--describe")) {
            (Some(data), None) => {
                if options.get("--relation").is_some() {
                    return Err("`--relation` goes with `--describe`, not `--data`".into());
                }
                Checked::Data(data.to_owned())
            }
            (None, Some(describe)) => Checked::Describe(
                describe.to_owned(),
                options.get("--relation").map(str::to_owned),
            ),
            _ => return Err(
                "`check --schema` needs exactly one of `--data FILE` and `--describe JSON_FILE`"
                    .into(),
            ),
        };
    Ok(CheckSchemaArgs {
        format: format(options.get("--format"))?,
        schema: options.get("--schema").unwrap_or_default().to_owned(),
        checked,
    })
}

fn format(format: Option<&str>) -> Result<Format, String> {
    match format {
        None | Some("text") => Ok(Format::Text),
        Some("json") => Ok(Format::Json),
        Some(other) => Err(format!(
            "unknown format `{other}`; expected `json` or `text`"
        )),
    }
}

fn check(format_option: Option<&str>, words: &[&str]) -> Result<CheckArgs, String> {
    let format = format(format_option)?;
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
            "`--describe` is no option of `check`"
        );
        assert_eq!(
            parse(&args("doc a --descibe d")).unwrap_err(),
            "unknown option `--descibe`"
        );
        assert_eq!(
            parse(&args("doc a --describe")).unwrap_err(),
            "--describe needs a value"
        );
        assert_eq!(
            parse(&args("pack a --base ubuntu@20.04")).unwrap_err(),
            "`--base ubuntu@20.04`: unsupported base `ubuntu@20.04`; iface charms run on \
             `ubuntu@22.04` and `ubuntu@24.04`"
        );
        assert_eq!(
            parse(&args("pack a --format json")).unwrap_err(),
            "`--format` is no option of `pack`"
        );
    }

    #[test]
    fn schema_and_check_schema_take_their_options() {
        assert_eq!(
            parse(&args(
                "schema --describe a.json --describe=b.json --version v4 --output out"
            ))
            .unwrap(),
            Command::Schema(SchemaArgs {
                describes: vec!["a.json".into(), "b.json".into()],
                interface: None,
                version: 4,
                output: "out".into(),
            })
        );
        assert_eq!(
            parse(&args(
                "check --schema p.json --describe d.json --relation certificates"
            ))
            .unwrap(),
            Command::CheckSchema(CheckSchemaArgs {
                format: Format::Text,
                schema: "p.json".into(),
                checked: Checked::Describe("d.json".into(), Some("certificates".into())),
            })
        );
        assert_eq!(
            parse(&args("check --schema p.json")).unwrap_err(),
            "`check --schema` needs exactly one of `--data FILE` and `--describe JSON_FILE`"
        );
        assert_eq!(
            parse(&args("schema")).unwrap_err(),
            "`schema` needs at least one `--describe JSON_FILE`"
        );
        assert_eq!(
            parse(&args("schema --describe a --version four")).unwrap_err(),
            "`--version four`: expected a number such as 4"
        );
    }

    #[test]
    fn pack_takes_bases_an_arch_a_profile_a_binary_and_an_output() {
        assert_eq!(
            parse(&args(
                "pack --base ubuntu@22.04 c --base=ubuntu@24.04 --arch amd64 --profile dev \
                 --binary b --output out"
            ))
            .unwrap(),
            Command::Pack(PackOptions {
                charm_dir: "c".into(),
                output_dir: "out".into(),
                bases: vec![Base::Ubuntu2204, Base::Ubuntu2404],
                arch: Some(Arch::Amd64),
                profile: "dev".into(),
                binary: Some("b".into()),
            })
        );
        let Command::Pack(defaults) = parse(&args("pack c")).unwrap() else {
            panic!("not pack");
        };
        assert_eq!(
            (defaults.output_dir.to_str(), defaults.profile.as_str()),
            (Some("."), "release")
        );
    }
}
