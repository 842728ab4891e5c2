//! Actions from actions.yaml, under strict lints: one parameter type per
//! action (required, defaulted and optional parameters), each bound to its
//! handler, results as a struct.
#![deny(warnings, missing_docs, unused, unused_qualifications, rust_2018_idioms, nonstandard_style)]

use iface::action::{ActionParams, ParamType, ParamValues};
use iface::prelude::*;
use shop::HttpProvides;

#[allow(dead_code)] // The fixture's other interface.
#[path = "../fixtures/shop.rs"]
mod shop;

iface::charm! {
    metadata = "../charm/metadata.yaml",
    relations { website: HttpProvides },
    actions = "../actions/actions.yaml" { backup: backup, restore: restore },
}

/// What `backup` returns.
#[iface::data]
pub struct Saved {
    /// Where it went.
    pub path: String,
}

#[action]
fn backup(params: &BackupParams, action: &Action<'_>) -> iface::Result<Saved> {
    action.log("saving")?;
    let _: i64 = params.keep;
    Ok(Saved {
        path: format!("{}/backup", params.dest),
    })
}

#[action]
fn restore(params: &RestoreParams, _unit: &Unit<'_>) -> iface::Result<()> {
    let _: &Option<String> = &params.from;
    Ok(())
}

fn main() {
    let names: Vec<(&str, Option<ParamType>, bool)> = BackupParams::PARAMS
        .iter()
        .map(|p| (p.name, p.kind, p.required))
        .collect();
    assert_eq!(
        names,
        [
            ("dest", Some(ParamType::String), true),
            ("keep", Some(ParamType::Integer), false),
        ]
    );
    assert!(BackupParams::CLOSED && !RestoreParams::CLOSED);
    let actions: Vec<&str> = CHARM.actions.iter().map(|a| a.action).collect();
    assert_eq!(actions, ["backup", "restore"]);
    let values: ParamValues = serde_json::from_str(r#"{"dest": "/srv"}"#).unwrap();
    let params = BackupParams::from_values(&values).unwrap();
    assert_eq!((params.dest.as_str(), params.keep), ("/srv", 3));
}
