//! `iface pack`: a charm crate into a `.charm` Juju deploys, in one
//! command, without charmcraft.
//!
//! [`pack`] reads and checks the charm directory ([`project`]: its
//! `metadata.yaml` and/or unified `charmcraft.yaml`, `config.yaml`,
//! `actions.yaml`), builds the crate's binary with cargo ([`cargo`]; or
//! takes one built elsewhere), checks that its ELF architecture is the one
//! asked for ([`elf`]), and writes one archive per base,
//! `<name>_<base>-<arch>.charm` as charmcraft names them, holding:
//!
//! | file | mode | what |
//! |---|---|---|
//! | `dispatch` | 0755 | `exec ./<binary>` ([`dispatch`]) |
//! | `<binary>` | 0755 | the charm binary |
//! | `metadata.yaml` | 0644 | as given, or rendered from `charmcraft.yaml` ([`render`]) |
//! | `config.yaml`, `actions.yaml` | 0644 | where the charm has them |
//! | `manifest.yaml` | 0644 | `bases` and charmcraft's other fields ([`manifest`]) |
//!
//! Every check runs before anything is written, and each archive is written
//! to a temporary file in the output directory and renamed into place once
//! all are complete: a failure leaves no archive behind.

pub mod actions;
pub mod cargo;
pub mod config;
pub mod dispatch;
pub mod elf;
pub mod error;
pub mod manifest;
pub mod metadata;
pub mod platform;
pub mod project;
pub mod render;

use std::fs;
use std::os::unix::fs::PermissionsExt as _;
use std::path::{Path, PathBuf};
use std::time::SystemTime;

pub use error::PackError;
pub use platform::{Arch, Base};

use crate::archive::{self, Entry};

/// What to pack, and how.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PackOptions {
    /// The charm crate's directory.
    pub charm_dir: PathBuf,
    /// Where the archives go (created if missing).
    pub output_dir: PathBuf,
    /// The bases to pack for, one archive each; empty: those
    /// `charmcraft.yaml` names, else [`Base::DEFAULT`].
    pub bases: Vec<Base>,
    /// The architecture the binary must be for; `None`: whatever it is
    /// (and one `charmcraft.yaml`'s `platforms` lists, if it has any).
    pub arch: Option<Arch>,
    /// The cargo profile to build with (`release`, `dev`...).
    pub profile: String,
    /// A binary built elsewhere, packed instead of building the crate.
    pub binary: Option<PathBuf>,
}

/// One archive written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Packed {
    /// Its path, `<output_dir>/<name>_<base>-<arch>.charm`.
    pub path: PathBuf,
    /// The base it runs on.
    pub base: Base,
    /// The architecture it runs on.
    pub arch: Arch,
    /// Its size in bytes.
    pub size: u64,
}

/// Packs the charm `options` describe; see the module documentation.
pub fn pack(options: &PackOptions) -> Result<Vec<Packed>, PackError> {
    let project = project::read(&options.charm_dir)?;
    let build = project.build.as_ref();
    let bases = match (&options.bases[..], build) {
        ([], Some(build)) if !build.bases.is_empty() => build.bases.clone(),
        ([], _) => vec![Base::DEFAULT],
        (asked, _) => asked.to_vec(),
    };
    let binary_path = match &options.binary {
        Some(path) => path.clone(),
        None => cargo::build(&options.charm_dir, &options.profile)?,
    };
    let binary = read_binary(&binary_path)?;
    let arch = elf::arch_of(&binary.bytes)
        .map_err(|why| PackError::file(&binary_path, format!("{why}; Juju cannot run it")))?;
    if let Some(asked) = options.arch
        && asked != arch
    {
        return Err(PackError::file(
            &binary_path,
            format!(
                "the binary is for {arch}, not {asked} (`--arch {asked}`); build it for {asked} \
                 (iface pack does not cross-compile) or pack for {arch}"
            ),
        ));
    }
    if let Some(build) = build
        && !build.archs.is_empty()
        && !build.archs.contains(&arch)
    {
        let listed: Vec<&str> = build.archs.iter().map(|a| a.name()).collect();
        return Err(PackError::key(
            &build.path,
            "platforms",
            format!(
                "builds for {} only, but the binary is for {arch}",
                listed.join(", ")
            ),
        ));
    }

    let mut entries = vec![
        Entry {
            name: dispatch::DISPATCH.to_owned(),
            mode: 0o755,
            bytes: dispatch::script(&binary.name).into_bytes(),
        },
        Entry {
            name: binary.name,
            mode: binary.mode,
            bytes: binary.bytes,
        },
    ];
    entries.extend(project.files);
    dispatch::check_entrypoint(&entries, &binary_path)?;

    write_all(options, &project.name, &bases, arch, entries)
}

/// The charm binary as it goes into the archive.
struct Binary {
    /// Its file name, which it keeps in the charm.
    name: String,
    /// 0755 if it is executable, else its own mode (which
    /// [`dispatch::check_entrypoint`] then refuses).
    mode: u32,
    bytes: Vec<u8>,
}

fn read_binary(path: &Path) -> Result<Binary, PackError> {
    let unreadable =
        |e: std::io::Error| PackError::file(path, format!("cannot read the binary: {e}"));
    let mode = fs::metadata(path).map_err(unreadable)?.permissions().mode();
    let name = path
        .file_name()
        .map(|name| name.to_string_lossy().into_owned())
        .unwrap_or_default();
    dispatch::check_binary_name(&name, path)?;
    Ok(Binary {
        name,
        mode: if mode & 0o111 == 0 {
            mode & 0o777
        } else {
            0o755
        },
        bytes: fs::read(path).map_err(unreadable)?,
    })
}

/// Writes one archive per base: each to a temporary file in the output
/// directory, then all renamed into place.
fn write_all(
    options: &PackOptions,
    name: &str,
    bases: &[Base],
    arch: Arch,
    mut entries: Vec<Entry>,
) -> Result<Vec<Packed>, PackError> {
    let out = &options.output_dir;
    fs::create_dir_all(out)
        .map_err(|e| PackError::file(out, format!("cannot create the output directory: {e}")))?;
    let started = SystemTime::now();
    let mut staged = Vec::new();
    for &base in bases {
        entries.retain(|entry| entry.name != "manifest.yaml");
        entries.push(Entry {
            name: "manifest.yaml".to_owned(),
            mode: 0o644,
            bytes: manifest::manifest(base, arch, started).into_bytes(),
        });
        let path = out.join(format!("{name}_{base}-{arch}.charm"));
        let failed =
            |e: &dyn std::fmt::Display| PackError::file(&path, format!("cannot write it: {e}"));
        let mut temp = tempfile::Builder::new()
            .prefix(&format!(".{name}_{base}-{arch}."))
            .suffix(".charm.partial")
            .tempfile_in(out)
            .map_err(|e| failed(&e))?;
        archive::write(temp.as_file_mut(), &path, &entries).map_err(|e| failed(&e))?;
        temp.as_file()
            .set_permissions(fs::Permissions::from_mode(0o644))
            .map_err(|e| failed(&e))?;
        staged.push((temp, path, base));
    }
    let mut packed = Vec::new();
    for (temp, path, base) in staged {
        temp.persist(&path)
            .map_err(|e| PackError::file(&path, format!("cannot write it: {}", e.error)))?;
        let size = fs::metadata(&path).map(|m| m.len()).unwrap_or_default();
        packed.push(Packed {
            path,
            base,
            arch,
            size,
        });
    }
    Ok(packed)
}
