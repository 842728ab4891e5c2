//! The `iface` command, over the `gets`/`sets` a charm's metadata
//! documents (seed 002):
//!
//! - `iface check A B [A_RELATION B_RELATION] [--format json|text]`:
//!   whether two charms can complete the protocol of a relation between
//!   them. `A` and `B` are metadata files or charm directories (holding
//!   `metadata.yaml` or `charmcraft.yaml`). The relation is given as
//!   `charm:relation` for each side, or inferred when exactly one pair of
//!   endpoints can relate. Exit status: 0 compatible, 1 not, 2 bad
//!   arguments or input.
//! - `iface doc CHARM [--describe JSON_FILE] [--format markdown]`: the
//!   charm's relations as Markdown (see [`doc`]); `JSON_FILE` holds the
//!   charm binary's `describe --format json`, which adds conversation
//!   scopes, flags and methods. Exit status: 0 written, 2 bad arguments or
//!   input.
//! - `iface schema --describe JSON_FILE... [--interface NAME] [--version
//!   N] [--output DIR]`: JSON Schemas (draft 2020-12) of each side's unit
//!   and application bags, from the charms' Rust types, written as
//!   charm-relation-interfaces lays them out:
//!   `DIR/<interface>/v<N>/{provider,requirer}.json` (see
//!   [`iface_tool::schema`]). Exit status: 0 written, 2 bad input.
//! - `iface check --schema FILE (--data FILE | --describe JSON_FILE
//!   [--relation NAME]) [--format json|text]`: recorded relation data, or
//!   the types a charm declares, against a published schema; each
//!   mismatch names its bag and key. Exit status: 0 valid, 1 not, 2 bad
//!   arguments or input.
//! - `iface pack CHARM_DIR [--base BASE]... [--arch ARCH] [--profile
//!   PROFILE] [--binary FILE] [--output DIR]`: builds the charm crate's
//!   binary with cargo and writes `DIR/<name>_<base>-<arch>.charm` for each
//!   base, printing each path (see [`iface_tool::pack`]). Exit status: 0
//!   written, 2 bad arguments or input, or a failed build; nothing is
//!   written then.

mod args;
mod doc;
mod load;

use std::process::ExitCode;

use iface_model::protocol::{End, check, relatable};

use iface_tool::pack::{PackOptions, pack};
use iface_tool::schema;

use crate::args::{
    CheckArgs, CheckSchemaArgs, Checked, Command, DocArgs, Format, SchemaArgs, parse,
};
use crate::load::load;

fn main() -> ExitCode {
    let argv: Vec<String> = std::env::args().skip(1).collect();
    if matches!(argv.as_slice(), [word] if word == "--help" || word == "-h" || word == "help") {
        println!("{}", args::USAGE);
        return ExitCode::SUCCESS;
    }
    match run(&argv) {
        Ok(code) => code,
        Err(Failure::Usage(message)) => {
            eprintln!("ERROR {message}");
            eprintln!("{}", args::USAGE);
            ExitCode::from(2)
        }
        Err(Failure::Input(message)) => {
            eprintln!("ERROR {message}");
            ExitCode::from(2)
        }
    }
}

/// Why the command could not give a verdict.
enum Failure {
    /// The command line is wrong.
    Usage(String),
    /// A charm could not be read or has no such relation.
    Input(String),
}

fn run(argv: &[String]) -> Result<ExitCode, Failure> {
    match parse(argv).map_err(Failure::Usage)? {
        Command::Check(check_args) => run_check(check_args),
        Command::Doc(doc_args) => run_doc(&doc_args),
        Command::Pack(pack_options) => run_pack(&pack_options),
        Command::Schema(schema_args) => run_schema(&schema_args),
        Command::CheckSchema(check_args) => run_check_schema(&check_args),
    }
}

/// Reads a JSON file, naming it in any error.
fn read_json(path: &str) -> Result<serde_json::Value, Failure> {
    let text = std::fs::read_to_string(path).map_err(|e| Failure::Input(format!("{path}: {e}")))?;
    serde_json::from_str(&text).map_err(|e| Failure::Input(format!("{path}: not JSON: {e}")))
}

fn run_schema(args: &SchemaArgs) -> Result<ExitCode, Failure> {
    let describes = args
        .describes
        .iter()
        .map(|path| read_json(path))
        .collect::<Result<Vec<_>, _>>()?;
    let sides = schema::export(&describes, args.interface.as_deref(), args.version)
        .map_err(Failure::Input)?;
    for side in sides {
        let path = std::path::Path::new(&args.output).join(&side.path);
        let written = path
            .parent()
            .map_or(Ok(()), std::fs::create_dir_all)
            .and_then(|()| {
                let mut text = serde_json::to_string_pretty(&side.schema).unwrap_or_default();
                text.push('\n');
                std::fs::write(&path, text)
            });
        written.map_err(|e| Failure::Input(format!("{}: {e}", path.display())))?;
        println!("{}", path.display());
    }
    Ok(ExitCode::SUCCESS)
}

fn run_check_schema(args: &CheckSchemaArgs) -> Result<ExitCode, Failure> {
    let published = read_json(&args.schema)?;
    let mismatches = match &args.checked {
        Checked::Data(path) => {
            let recorded: schema::Recorded = serde_json::from_value(read_json(path)?)
                .map_err(|e| Failure::Input(format!("{path}: not recorded relation data: {e}")))?;
            schema::check_recorded(&published, &recorded)
        }
        Checked::Describe(path, relation) => {
            schema::check_describe(&published, &read_json(path)?, relation.as_deref())
        }
    }
    .map_err(|e| Failure::Input(format!("{}: {e}", args.schema)))?;
    match args.format {
        Format::Json => {
            let list: Vec<serde_json::Value> = mismatches
                .iter()
                .map(|m| serde_json::json!({"bag": m.bag, "key": m.key, "reason": m.reason}))
                .collect();
            println!(
                "{}",
                serde_json::json!({"valid": mismatches.is_empty(), "mismatches": list})
            );
        }
        Format::Text if mismatches.is_empty() => println!("valid against {}", args.schema),
        Format::Text => {
            println!("{} mismatches against {}:", mismatches.len(), args.schema);
            for mismatch in &mismatches {
                println!("  {mismatch}");
            }
        }
    }
    Ok(if mismatches.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}

fn run_pack(options: &PackOptions) -> Result<ExitCode, Failure> {
    for packed in pack(options).map_err(|e| Failure::Input(e.to_string()))? {
        println!("{}", packed.path.display());
    }
    Ok(ExitCode::SUCCESS)
}

fn run_doc(DocArgs { charm, describe }: &DocArgs) -> Result<ExitCode, Failure> {
    let charm = load(charm).map_err(Failure::Input)?;
    let describe = describe
        .as_deref()
        .map(|path| {
            let text = std::fs::read_to_string(path)
                .map_err(|e| Failure::Input(format!("cannot read `{path}`: {e}")))?;
            serde_json::from_str::<serde_json::Value>(&text).map_err(|e| {
                Failure::Input(format!(
                    "`{path}` is not the JSON of `describe --format json`: {e}"
                ))
            })
        })
        .transpose()?;
    let text = doc::markdown(&charm, describe.as_ref()).map_err(Failure::Input)?;
    print!("{text}");
    Ok(ExitCode::SUCCESS)
}

fn run_check(
    CheckArgs {
        format,
        a,
        b,
        relations,
    }: CheckArgs,
) -> Result<ExitCode, Failure> {
    let (a, b) = (
        load(&a).map_err(Failure::Input)?,
        load(&b).map_err(Failure::Input)?,
    );
    let (end_a, end_b) = match relations {
        Some((ra, rb)) => (find(&a, &ra)?, find(&b, &rb)?),
        None => infer(&a, &b)?,
    };
    let report = check(end_a, end_b);
    match format {
        Format::Text => print!("{report}"),
        Format::Json => println!(
            "{}",
            serde_json::to_string(&report).map_err(|e| Failure::Input(e.to_string()))?
        ),
    }
    Ok(if report.compatible() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}

/// The endpoint `name` of `charm`.
fn find<'a>(charm: &'a iface_model::metadata::Metadata, name: &str) -> Result<End<'a>, Failure> {
    charm
        .relation(name)
        .map(|relation| End { charm, relation })
        .ok_or_else(|| {
            Failure::Input(format!(
                "charm `{}` declares no relation `{name}`",
                charm.name
            ))
        })
}

/// The one pair of endpoints of `a` and `b` that can relate.
fn infer<'a>(
    a: &'a iface_model::metadata::Metadata,
    b: &'a iface_model::metadata::Metadata,
) -> Result<(End<'a>, End<'a>), Failure> {
    let mut pairs = Vec::new();
    for ra in &a.relations {
        for rb in &b.relations {
            let (ea, eb) = (
                End {
                    charm: a,
                    relation: ra,
                },
                End {
                    charm: b,
                    relation: rb,
                },
            );
            if relatable(ea, eb).is_ok() {
                pairs.push((ea, eb));
            }
        }
    }
    match pairs.len() {
        1 => Ok(pairs.remove(0)),
        0 => Err(Failure::Input(format!(
            "no endpoint of `{}` can relate to one of `{}`: no shared interface with complementary roles",
            a.name, b.name
        ))),
        _ => {
            let listed: Vec<String> = pairs
                .iter()
                .map(|(x, y)| format!("{} {}", x.label(), y.label()))
                .collect();
            Err(Failure::Usage(format!(
                "several relations are possible; name one: {}",
                listed.join(", ")
            )))
        }
    }
}
