//! The charm an application runs: an iface charm (its [`Charm`], run
//! in-process or as its compiled binary), or a charm directory of any
//! kind (a `dispatch` or `hooks/<name>` executables: bash, Python ops,
//! an unpacked `.charm`), run as processes. The simulator needs the same
//! few facts of either: name, relations with role, interface and scope,
//! and whether it is a subordinate.

use std::path::{Path, PathBuf};

use iface_model::metadata::{self, RelationScope};
use iface_model::role::Role;
use iface_runtime::charm::Charm;

use super::error::SimError;

/// How the charm runs.
#[derive(Clone)]
pub enum CharmSource {
    /// An iface charm: its dispatch code in-process, or its binary.
    Iface(&'static Charm),
    /// A charm directory, copied into each unit's charm directory and run
    /// through its `dispatch` (else `hooks/<hook>`, `actions/<action>`).
    Dir(PathBuf),
}

/// One relation of a charm's metadata.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CharmEndpoint {
    /// The relation name.
    pub name: String,
    /// Its role.
    pub role: Role,
    /// Its interface.
    pub interface: String,
    /// Its Juju scope.
    pub scope: RelationScope,
}

/// A deployed application's charm.
#[derive(Clone)]
pub struct AppCharm {
    /// The charm name from metadata.
    pub name: String,
    /// `subordinate: true`.
    pub subordinate: bool,
    /// Every relation in metadata.
    pub endpoints: Vec<CharmEndpoint>,
    /// Each config option's default (`null` for an option without one),
    /// which `config-get` serves until the option is set.
    pub config: serde_json::Map<String, serde_json::Value>,
    /// How it runs.
    pub source: CharmSource,
}

impl AppCharm {
    /// The facts of an iface charm.
    pub fn iface(charm: &'static Charm) -> AppCharm {
        AppCharm {
            name: charm.name.to_owned(),
            subordinate: charm.subordinate,
            endpoints: charm
                .endpoints
                .iter()
                .map(|&(name, role, interface)| CharmEndpoint {
                    name: name.to_owned(),
                    role,
                    interface: interface.to_owned(),
                    scope: charm.scope_of(name).unwrap_or_default(),
                })
                .collect(),
            config: charm
                .config
                .iter()
                .map(|option| {
                    let default = option
                        .default
                        .and_then(|json| serde_json::from_str(json).ok())
                        .unwrap_or(serde_json::Value::Null);
                    (option.name.to_owned(), default)
                })
                .collect(),
            source: CharmSource::Iface(charm),
        }
    }

    /// The charm in directory `dir`, its metadata read from
    /// `metadata.yaml`, else from a unified `charmcraft.yaml`, with
    /// iface-model's parser.
    pub fn dir(dir: &Path) -> Result<AppCharm, SimError> {
        let file = ["metadata.yaml", "charmcraft.yaml"]
            .iter()
            .map(|name| dir.join(name))
            .find(|path| path.is_file())
            .ok_or_else(|| {
                SimError::Setup(format!(
                    "{}: no metadata.yaml or charmcraft.yaml: not a charm directory",
                    dir.display()
                ))
            })?;
        let text = std::fs::read_to_string(&file)
            .map_err(|e| SimError::Setup(format!("{}: {e}", file.display())))?;
        let parsed = metadata::parse(&text).map_err(|errors| {
            let first = errors.first().map(ToString::to_string).unwrap_or_default();
            SimError::Setup(format!("{}:{first}", file.display()))
        })?;
        if !dir.join("dispatch").is_file() && !dir.join("hooks").is_dir() {
            return Err(SimError::Setup(format!(
                "{}: no dispatch and no hooks/: Juju would have nothing to run",
                dir.display()
            )));
        }
        Ok(AppCharm {
            name: parsed.name.clone(),
            subordinate: parsed.subordinate,
            endpoints: parsed
                .relations
                .iter()
                .map(|r| CharmEndpoint {
                    name: r.name.clone(),
                    role: r.role,
                    interface: r.interface.clone(),
                    scope: r.scope,
                })
                .collect(),
            config: config_defaults(dir, &file)?,
            source: CharmSource::Dir(dir.to_owned()),
        })
    }

    /// The relation called `name`.
    pub fn endpoint(&self, name: &str) -> Option<&CharmEndpoint> {
        self.endpoints.iter().find(|e| e.name == name)
    }
}

/// The option defaults of the charm in `dir`: `config.yaml`'s `options`,
/// else the `config.options` of a unified `charmcraft.yaml` (`metadata`).
fn config_defaults(
    dir: &Path,
    metadata: &Path,
) -> Result<serde_json::Map<String, serde_json::Value>, SimError> {
    let read = |path: &Path| -> Result<serde_yaml_ng::Value, SimError> {
        let text = std::fs::read_to_string(path)
            .map_err(|e| SimError::Setup(format!("{}: {e}", path.display())))?;
        serde_yaml_ng::from_str(&text)
            .map_err(|e| SimError::Setup(format!("{}: {e}", path.display())))
    };
    let config_file = dir.join("config.yaml");
    let options = if config_file.is_file() {
        read(&config_file)?.get("options").cloned()
    } else if metadata.ends_with("charmcraft.yaml") {
        read(metadata)?
            .get("config")
            .and_then(|c| c.get("options"))
            .cloned()
    } else {
        None
    };
    let Some(serde_yaml_ng::Value::Mapping(options)) = options else {
        return Ok(serde_json::Map::new());
    };
    options
        .iter()
        .map(|(name, option)| {
            let name = name.as_str().unwrap_or_default().to_owned();
            let default = option.get("default").cloned().unwrap_or_default();
            let default = serde_json::to_value(default)
                .map_err(|e| SimError::Setup(format!("option {name}: {e}")))?;
            Ok((name, default))
        })
        .collect()
}
