//! `store-hammer STORE NAME COUNT`: commits COUNT flag updates to the store
//! at STORE, one transaction each, as a CLI call or a Python hook sharing
//! the file would. Update I sets the flag `NAME.I`, writes I to
//! `NAME.last`, and sets `NAME.tmp` when I is a multiple of ten and removes
//! it otherwise, so that new keys, rewrites and removals all race with
//! other processes.
//!
//! Exits 1 with `ERROR <why>` on the first failure: a "database is locked"
//! that the store did not wait out would surface here.

use std::path::PathBuf;
use std::process::ExitCode;

use iface::store::{Changes, Store, flag_key};

fn main() -> ExitCode {
    match run() {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("ERROR {error}");
            ExitCode::FAILURE
        }
    }
}

fn run() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [path, name, count] = args.as_slice() else {
        return Err("usage: store-hammer STORE NAME COUNT".into());
    };
    let path = PathBuf::from(path);
    let count: u32 = count.parse()?;
    for i in 0..count {
        // A fresh connection per update, as separate hook processes have.
        let mut store = Store::open(&path)?;
        let mut changes = Changes::new();
        changes.set(flag_key(&format!("{name}.{i}")), &())?;
        changes.set(flag_key(&format!("{name}.last")), &i)?;
        if i.is_multiple_of(10) {
            changes.set(flag_key(&format!("{name}.tmp")), &())?;
        } else {
            changes.unset(flag_key(&format!("{name}.tmp")));
        }
        store.commit(&changes, None)?;
    }
    Ok(())
}
