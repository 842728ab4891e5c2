//! Reading a charm directory into the files Juju reads from a `.charm`, as
//! charmcraft 4.5 would (its `preprocess` and `PackageService`).
//!
//! Two layouts, and their mix:
//!
//! - a unified `charmcraft.yaml` (`type: charm`, `name`, `summary`,
//!   `description`, relations, `config`, `actions`, `base`, `platforms`,
//!   `parts`): `metadata.yaml`, `config.yaml` and `actions.yaml` are
//!   rendered from it ([`super::render`]);
//! - `metadata.yaml` (with `config.yaml`, `actions.yaml` when the charm has
//!   them), alone or beside a build-only `charmcraft.yaml`: each file is
//!   packed as it is.
//!
//! A field given twice is refused, as charmcraft refuses it: `config` (or
//! `actions`) in `charmcraft.yaml` beside a `config.yaml` (`actions.yaml`),
//! and `name`, `summary` or `description` in both `charmcraft.yaml` and
//! `metadata.yaml`. Any other metadata key in a `charmcraft.yaml` beside a
//! `metadata.yaml` is refused too: charmcraft would pack `metadata.yaml` as
//! it is and silently drop it.

use std::path::{Path, PathBuf};

use serde_yaml_ng::{Mapping, Value};

use super::error::PackError;
use super::platform::{Arch, Base};
use super::render::{METADATA_KEYS, RENAMED_METADATA_KEYS, charmcraft_yaml, metadata_of_unified};
use super::{actions, config, metadata};
use crate::archive::Entry;

/// A charm directory, read and checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Project {
    /// The charm's name (`name` in its metadata).
    pub name: String,
    /// `metadata.yaml`, then `config.yaml` and `actions.yaml` where the
    /// charm has them, as they go into the archive.
    pub files: Vec<Entry>,
    /// What `charmcraft.yaml` builds for, if there is one.
    pub build: Option<BuildFile>,
}

/// The `base` and `platforms` of a `charmcraft.yaml`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BuildFile {
    /// The file.
    pub path: PathBuf,
    /// Its `base`, or the bases its platforms name (`ubuntu@22.04:amd64`).
    pub bases: Vec<Base>,
    /// The architectures its platforms build for.
    pub archs: Vec<Arch>,
}

/// A YAML file of the charm directory, read.
struct YamlFile {
    path: PathBuf,
    text: String,
    value: Value,
}

/// Reads `name` in `dir`, if it is there.
fn read_yaml(dir: &Path, name: &str) -> Result<Option<YamlFile>, PackError> {
    let path = dir.join(name);
    if !path.exists() {
        return Ok(None);
    }
    let text = std::fs::read_to_string(&path)
        .map_err(|e| PackError::file(&path, format!("cannot read it: {e}")))?;
    let value = serde_yaml_ng::from_str(&text).map_err(|e| PackError::yaml(&path, &e))?;
    Ok(Some(YamlFile { path, text, value }))
}

/// Reads and checks the charm directory `dir`.
pub fn read(dir: &Path) -> Result<Project, PackError> {
    if !dir.is_dir() {
        return Err(PackError::file(dir, "no such charm directory"));
    }
    let charmcraft = read_yaml(dir, "charmcraft.yaml")?;
    let project = match &charmcraft {
        Some(file) => Some(project_map(file)?),
        None => None,
    };
    let (name, metadata) = match (read_yaml(dir, "metadata.yaml")?, &charmcraft, project) {
        (Some(file), _, project) => {
            if let (Some(charmcraft), Some(project)) = (&charmcraft, project) {
                refuse_metadata_beside(charmcraft, project, &file)?;
            }
            let name = metadata::check(&file.text, &file.path)?;
            (name, file.text.into_bytes())
        }
        (None, Some(charmcraft), Some(project)) => {
            let name = metadata::check(&charmcraft.text, &charmcraft.path)?;
            let rendered = charmcraft_yaml(&metadata_of_unified(project));
            (name, rendered.into_bytes())
        }
        _ => {
            return Err(PackError::file(
                dir,
                "holds neither metadata.yaml nor charmcraft.yaml",
            ));
        }
    };
    let mut files = vec![yaml_entry("metadata.yaml", metadata)];
    for (section, check) in [
        ("config", config::check as Checker),
        ("actions", actions::check as Checker),
    ] {
        if let Some(bytes) = section_file(dir, section, charmcraft.as_ref(), project, check)? {
            files.push(yaml_entry(&format!("{section}.yaml"), bytes));
        }
    }
    let build = match (&charmcraft, project) {
        (Some(file), Some(project)) => Some(build_file(&file.path, project)?),
        _ => None,
    };
    Ok(Project { name, files, build })
}

/// A check of `config` or `actions`: the value, its file, its key prefix.
type Checker = fn(&Value, &Path, &str) -> Result<(), PackError>;

fn yaml_entry(name: &str, bytes: Vec<u8>) -> Entry {
    Entry {
        name: name.to_owned(),
        mode: 0o644,
        bytes,
    }
}

/// The top level of `charmcraft.yaml`, which must be a map with `type:
/// charm`.
fn project_map(file: &YamlFile) -> Result<&Mapping, PackError> {
    let Value::Mapping(map) = &file.value else {
        return Err(PackError::file(
            &file.path,
            format!(
                "must be a map with `type: charm`; found {}",
                iface_model::metadata::describe(&file.value)
            ),
        ));
    };
    match map.get("type") {
        Some(Value::String(kind)) if kind == "charm" => Ok(map),
        Some(other) => Err(PackError::key(
            &file.path,
            "type",
            format!(
                "must be `charm`; found {}",
                iface_model::metadata::describe(other)
            ),
        )),
        None => Err(PackError::key(
            &file.path,
            "type",
            "missing: charmcraft needs `type: charm`",
        )),
    }
}

/// Refuses the metadata keys of `charmcraft.yaml` when `metadata.yaml` is
/// beside it.
fn refuse_metadata_beside(
    charmcraft: &YamlFile,
    project: &Mapping,
    metadata: &YamlFile,
) -> Result<(), PackError> {
    for key in project.keys().filter_map(Value::as_str) {
        if !METADATA_KEYS.contains(&key) && !RENAMED_METADATA_KEYS.contains(&key) {
            continue;
        }
        let message = if metadata.value.get(key).is_some() {
            "given in both charmcraft.yaml and metadata.yaml; charmcraft refuses a field given \
             twice"
        } else {
            "charmcraft packs the metadata.yaml beside this file as it is, and would drop this; \
             move it to metadata.yaml"
        };
        return Err(PackError::key(&charmcraft.path, key, message));
    }
    Ok(())
}

/// What goes in `<section>.yaml`: the file of that name, as it is, or the
/// section of the unified `charmcraft.yaml`, rendered; `None` when neither
/// holds anything (charmcraft then writes no file).
fn section_file(
    dir: &Path,
    section: &str,
    charmcraft: Option<&YamlFile>,
    project: Option<&Mapping>,
    check: Checker,
) -> Result<Option<Vec<u8>>, PackError> {
    let inline = project.and_then(|p| p.get(section));
    let file_name = format!("{section}.yaml");
    if let Some(file) = read_yaml(dir, &file_name)? {
        if let (Some(charmcraft), Some(_)) = (charmcraft, inline) {
            return Err(PackError::key(
                &charmcraft.path,
                section,
                format!(
                    "given both here and as the {file_name} beside this file; charmcraft \
                     refuses a field given twice"
                ),
            ));
        }
        if is_empty(&file.value) {
            return Ok(None);
        }
        check(&file.value, &file.path, "")?;
        return Ok(Some(file.text.into_bytes()));
    }
    match (charmcraft, inline) {
        (Some(charmcraft), Some(value)) if !is_empty(value) => {
            check(value, &charmcraft.path, &format!("{section}."))?;
            Ok(Some(charmcraft_yaml(value).into_bytes()))
        }
        _ => Ok(None),
    }
}

/// What charmcraft takes for no section at all.
fn is_empty(value: &Value) -> bool {
    match value {
        Value::Null => true,
        Value::Mapping(map) => map.is_empty(),
        _ => false,
    }
}

/// The bases and architectures `charmcraft.yaml` at `path` builds for:
/// `base: ubuntu@24.04`, and `platforms` whose names or `build-for` lists
/// are `amd64` or `ubuntu@24.04:amd64`.
fn build_file(path: &Path, project: &Mapping) -> Result<BuildFile, PackError> {
    let mut build = BuildFile {
        path: path.to_owned(),
        bases: Vec::new(),
        archs: Vec::new(),
    };
    match project.get("base") {
        None | Some(Value::Null) => {}
        Some(Value::String(base)) => build
            .bases
            .push(Base::parse(base).map_err(|e| PackError::key(path, "base", e))?),
        Some(other) => {
            return Err(PackError::key(
                path,
                "base",
                format!(
                    "must be a base such as `ubuntu@24.04`; found {}",
                    iface_model::metadata::describe(other)
                ),
            ));
        }
    }
    let Some(Value::Mapping(platforms)) = project.get("platforms") else {
        return Ok(build);
    };
    for (name, platform) in platforms {
        let name = name.as_str().unwrap_or_default();
        let key = format!("platforms.{name}");
        let targets: Vec<&str> = match platform.get("build-for") {
            Some(Value::Sequence(targets)) => targets.iter().filter_map(Value::as_str).collect(),
            Some(Value::String(target)) => vec![target.as_str()],
            _ => vec![name],
        };
        for target in targets {
            let (base, arch) = match target.split_once(':') {
                Some((base, arch)) => (Some(base), arch),
                None => (None, target),
            };
            if let Some(base) = base {
                let base = Base::parse(base).map_err(|e| PackError::key(path, &key, e))?;
                if !build.bases.contains(&base) {
                    build.bases.push(base);
                }
            }
            let arch = Arch::parse(arch).map_err(|e| PackError::key(path, &key, e))?;
            if !build.archs.contains(&arch) {
                build.archs.push(arch);
            }
        }
    }
    Ok(build)
}
