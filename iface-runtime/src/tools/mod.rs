//! Juju hook tools (relation-get, relation-set, ...) behind one trait.
//!
//! [`HookTools`] is what the runtime calls. Every implementation in this
//! workspace goes through [`ToolCall`], which fixes the exact argv of each
//! call, and a [`ToolRunner`], which runs it: [`ProcessTools`] starts the
//! real executables, the simulator answers in-process. Any [`ToolRunner`] is
//! a [`HookTools`], so backends differ only in how a command runs, never in
//! what they ask.

mod call;
mod content_files;
mod encode;
mod error;
mod process;
mod recording;

use std::collections::BTreeMap;
use std::fmt;

pub use call::{ToolCall, ToolOutput};
pub use encode::{JUJU_LOG_MAX_BYTES, settings_document, truncate_log_message};
pub use error::{ToolError, ToolErrorKind};
pub use process::ProcessTools;
pub use recording::{RecordedCall, Recording};

use crate::context::RelationId;
use crate::ports::Port;
use crate::secret::{Revision, SecretContent, SecretInfo, SecretMeta, SecretRef, SecretUri};
use content_files::ContentFiles;

/// The hook tools a charm calls, one method per tool use.
///
/// Object-safe; all methods take `&self` (implementations that keep state
/// use interior mutability). Each method documents the argv it runs.
///
/// There is no `leader-get`/`leader-set`: Juju 4 removed them. Settings an
/// application shares among its units belong in a peer relation's
/// application bag, which the leader writes with [`HookTools::relation_set`]
/// (`app`) and every unit reads with [`HookTools::relation_get`].
pub trait HookTools {
    /// The whole bag of `target` (a unit name, or with `app` an application
    /// name) in relation `rel`.
    ///
    /// Runs `relation-get --format=json -r ID [--app] - TARGET`. Juju's
    /// `null` (no settings) is an empty map.
    fn relation_get(
        &self,
        rel: &RelationId,
        target: &str,
        app: bool,
    ) -> Result<BTreeMap<String, String>, ToolError>;

    /// Writes `settings` into this unit's bag (or with `app` this
    /// application's bag, leader only) in `rel`; an empty value deletes the
    /// key. Juju buffers the writes and commits them only if the hook exits 0.
    ///
    /// Runs `relation-set -r ID [--app] --file -` with the map as JSON on
    /// stdin (see [`settings_document`]). An empty map runs nothing.
    fn relation_set(
        &self,
        rel: &RelationId,
        app: bool,
        settings: &BTreeMap<String, String>,
    ) -> Result<(), ToolError>;

    /// The live relations of `endpoint`.
    ///
    /// Runs `relation-ids --format=json ENDPOINT`.
    fn relation_ids(&self, endpoint: &str) -> Result<Vec<RelationId>, ToolError>;

    /// The remote units in `rel`, sorted as Juju sorts them (as strings);
    /// with `app`, the remote application's name instead, as a one-element
    /// list (empty when Juju prints an empty name).
    ///
    /// Runs `relation-list --format=json -r ID [--app]`.
    fn relation_list(&self, rel: &RelationId, app: bool) -> Result<Vec<String>, ToolError>;

    /// This unit's private or public address.
    ///
    /// Runs `unit-get --format=json private-address|public-address`.
    fn unit_get(&self, key: AddressKind) -> Result<String, ToolError>;

    /// Network information of `binding` (an endpoint or extra-binding name),
    /// optionally as seen from relation `rel`: `bind-addresses`,
    /// `egress-subnets`, `ingress-addresses`.
    ///
    /// Runs `network-get --format=json [-r ID] BINDING`.
    fn network_get(
        &self,
        binding: &str,
        rel: Option<&RelationId>,
    ) -> Result<serde_json::Value, ToolError>;

    /// Logs `message` at `level` to the unit's Juju log.
    ///
    /// Runs `juju-log -l LEVEL -- MESSAGE`; the message is cut to
    /// [`JUJU_LOG_MAX_BYTES`] by [`truncate_log_message`].
    fn juju_log(&self, level: LogLevel, message: &str) -> Result<(), ToolError>;

    /// Sets the workload status of this unit, or with `application` of the
    /// application (leader only).
    ///
    /// Runs `status-set [--application] -- STATUS MESSAGE`.
    fn status_set(&self, status: Status, message: &str, application: bool)
    -> Result<(), ToolError>;

    /// Every configuration key that has a value or a default.
    ///
    /// Runs `config-get --format=json`.
    fn config_get(&self) -> Result<serde_json::Map<String, serde_json::Value>, ToolError>;

    /// Whether this unit is the application leader.
    ///
    /// Runs `is-leader --format=json`.
    fn is_leader(&self) -> Result<bool, ToolError>;

    /// Sets the workload version shown by `juju status`.
    ///
    /// Runs `application-version-set -- VERSION`.
    fn application_version_set(&self, version: &str) -> Result<(), ToolError>;

    /// Every parameter of the running action.
    ///
    /// Runs `action-get --format=json`.
    fn action_get(&self) -> Result<serde_json::Map<String, serde_json::Value>, ToolError>;

    /// Sets the running action's results (dotted keys to text).
    ///
    /// Runs `action-set KEY=VALUE ...`; an empty map runs nothing.
    fn action_set(&self, results: &BTreeMap<String, String>) -> Result<(), ToolError>;

    /// Reports progress of the running action to the operator at once.
    ///
    /// Runs `action-log -- MESSAGE`.
    fn action_log(&self, message: &str) -> Result<(), ToolError>;

    /// Fails the running action with `message`.
    ///
    /// Runs `action-fail -- MESSAGE`.
    fn action_fail(&self, message: &str) -> Result<(), ToolError>;

    /// Creates a secret holding `content`; Juju creates it when the hook
    /// succeeds, but its URI is known at once.
    ///
    /// Runs `secret-add --owner O [meta flags] KEY#file=PATH ...`, each
    /// value in a private file (never in argv).
    fn secret_add(
        &self,
        content: &SecretContent,
        meta: &SecretMeta,
    ) -> Result<SecretUri, ToolError>;

    /// Sets a new revision (`content`) and/or new metadata of a secret
    /// this unit (or, as leader, its application) owns.
    ///
    /// Runs `secret-set URI [meta flags] KEY#file=PATH ...`.
    fn secret_set(
        &self,
        uri: &SecretUri,
        content: Option<&SecretContent>,
        meta: &SecretMeta,
    ) -> Result<(), ToolError>;

    /// The content of a secret, at `revision`.
    ///
    /// Runs `secret-get --format=json (URI | --label=L) [--peek|--refresh]`.
    /// Its output never appears in an error.
    fn secret_get(
        &self,
        secret: SecretRef<'_>,
        revision: Revision,
    ) -> Result<SecretContent, ToolError>;

    /// What Juju knows of a secret this unit owns.
    ///
    /// Runs `secret-info-get --format=json (URI | --label=L)`.
    fn secret_info_get(&self, secret: SecretRef<'_>) -> Result<SecretInfo, ToolError>;

    /// Lets the remote application of `rel` (or only `unit` of it) read a
    /// secret.
    ///
    /// Runs `secret-grant --relation ID [--unit U] URI`.
    fn secret_grant(
        &self,
        uri: &SecretUri,
        rel: &RelationId,
        unit: Option<&str>,
    ) -> Result<(), ToolError>;

    /// Takes back what [`HookTools::secret_grant`] gave.
    ///
    /// Runs `secret-revoke --relation ID [--unit U] URI`.
    fn secret_revoke(
        &self,
        uri: &SecretUri,
        rel: &RelationId,
        unit: Option<&str>,
    ) -> Result<(), ToolError>;

    /// Removes a secret, or one revision of it.
    ///
    /// Runs `secret-remove URI [--revision N]`.
    fn secret_remove(&self, uri: &SecretUri, revision: Option<u32>) -> Result<(), ToolError>;

    /// The ids of the secrets this unit owns (and, as leader, its
    /// application owns).
    ///
    /// Runs `secret-ids --format=json`.
    fn secret_ids(&self) -> Result<Vec<String>, ToolError>;

    /// Opens `port` (Juju applies it when the hook succeeds).
    ///
    /// Runs `open-port PORT`.
    fn open_port(&self, port: Port) -> Result<(), ToolError>;

    /// Closes `port` (Juju applies it when the hook succeeds).
    ///
    /// Runs `close-port PORT`.
    fn close_port(&self, port: Port) -> Result<(), ToolError>;

    /// The ports this unit has opened, this hook's changes included.
    ///
    /// Runs `opened-ports --format=json`.
    fn opened_ports(&self) -> Result<Vec<Port>, ToolError>;
}

/// Runs one [`ToolCall`]. Implementing this makes a type a [`HookTools`].
pub trait ToolRunner {
    /// Runs `call` and reports how it ended. `Err` only when it could not
    /// run at all; a non-zero exit is an `Ok` [`ToolOutput`].
    fn run(&self, call: &ToolCall) -> Result<ToolOutput, ToolError>;
}

/// A shared runner runs calls as the runner does, so a test can keep a
/// handle on tools a session owns.
impl<R: ToolRunner + ?Sized> ToolRunner for std::sync::Arc<R> {
    fn run(&self, call: &ToolCall) -> Result<ToolOutput, ToolError> {
        (**self).run(call)
    }
}

/// A `juju-log` level.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum LogLevel {
    /// `DEBUG`
    Debug,
    /// `INFO`
    Info,
    /// `WARNING`
    Warning,
    /// `ERROR`
    Error,
}

impl LogLevel {
    /// The spelling `juju-log -l` takes.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Debug => "DEBUG",
            Self::Info => "INFO",
            Self::Warning => "WARNING",
            Self::Error => "ERROR",
        }
    }
}

impl fmt::Display for LogLevel {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A workload status a charm may set.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Status {
    /// `maintenance`: the unit is busy and not yet serving.
    Maintenance,
    /// `blocked`: a human must act.
    Blocked,
    /// `waiting`: waiting on something outside the unit.
    Waiting,
    /// `active`: serving.
    Active,
}

impl Status {
    /// Every status a charm may set.
    pub const ALL: [Status; 4] = [
        Status::Maintenance,
        Status::Blocked,
        Status::Waiting,
        Status::Active,
    ];

    /// The status spelt `name`, if any.
    pub fn from_name(name: &str) -> Option<Status> {
        Status::ALL
            .into_iter()
            .find(|status| status.as_str() == name)
    }

    /// The spelling `status-set` takes.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Maintenance => "maintenance",
            Self::Blocked => "blocked",
            Self::Waiting => "waiting",
            Self::Active => "active",
        }
    }
}

impl fmt::Display for Status {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Which address `unit-get` prints.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum AddressKind {
    /// `private-address`
    Private,
    /// `public-address`
    Public,
}

impl AddressKind {
    /// The spelling `unit-get` takes.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Private => "private-address",
            Self::Public => "public-address",
        }
    }
}

/// Runs `call`; a non-zero exit becomes [`ToolErrorKind::Failed`].
fn run_ok<R: ToolRunner + ?Sized>(runner: &R, call: &ToolCall) -> Result<Vec<u8>, ToolError> {
    let out = runner.run(call)?;
    if out.code == Some(0) {
        Ok(out.stdout)
    } else {
        Err(ToolError::new(
            call.tool,
            call.args.clone(),
            ToolErrorKind::Failed {
                code: out.code,
                stderr: out.stderr.trim().to_owned(),
            },
        ))
    }
}

/// Runs `call` and decodes its stdout as JSON of type `T`.
fn run_json<R, T>(runner: &R, call: &ToolCall) -> Result<T, ToolError>
where
    R: ToolRunner + ?Sized,
    T: serde::de::DeserializeOwned,
{
    let stdout = run_ok(runner, call)?;
    serde_json::from_slice(&stdout).map_err(|e| {
        ToolError::new(
            call.tool,
            call.args.clone(),
            ToolErrorKind::BadOutput {
                stdout: String::from_utf8_lossy(&stdout).into_owned(),
                reason: e.to_string(),
            },
        )
    })
}

/// Same as [`run_json`] with `null` read as `T::default()`.
fn run_json_or_default<R, T>(runner: &R, call: &ToolCall) -> Result<T, ToolError>
where
    R: ToolRunner + ?Sized,
    T: serde::de::DeserializeOwned + Default,
{
    Ok(run_json::<R, Option<T>>(runner, call)?.unwrap_or_default())
}

impl<R: ToolRunner + ?Sized> HookTools for R {
    fn relation_get(
        &self,
        rel: &RelationId,
        target: &str,
        app: bool,
    ) -> Result<BTreeMap<String, String>, ToolError> {
        run_json_or_default(self, &ToolCall::relation_get(rel, target, app)?)
    }

    fn relation_set(
        &self,
        rel: &RelationId,
        app: bool,
        settings: &BTreeMap<String, String>,
    ) -> Result<(), ToolError> {
        let call = ToolCall::relation_set(rel, app, settings)?;
        if settings.is_empty() {
            return Ok(());
        }
        run_ok(self, &call).map(drop)
    }

    fn relation_ids(&self, endpoint: &str) -> Result<Vec<RelationId>, ToolError> {
        let call = ToolCall::relation_ids(endpoint)?;
        let ids: Vec<String> = run_json_or_default(self, &call)?;
        ids.iter()
            .map(|id| {
                id.parse().map_err(|e: crate::context::RelationIdError| {
                    ToolError::new(
                        call.tool,
                        call.args.clone(),
                        ToolErrorKind::BadOutput {
                            stdout: format!("{ids:?}"),
                            reason: e.to_string(),
                        },
                    )
                })
            })
            .collect()
    }

    fn relation_list(&self, rel: &RelationId, app: bool) -> Result<Vec<String>, ToolError> {
        let call = ToolCall::relation_list(rel, app)?;
        if app {
            let name: Option<String> = run_json(self, &call)?;
            Ok(name.into_iter().filter(|n| !n.is_empty()).collect())
        } else {
            run_json_or_default(self, &call)
        }
    }

    fn unit_get(&self, key: AddressKind) -> Result<String, ToolError> {
        run_json(self, &ToolCall::unit_get(key)?)
    }

    fn network_get(
        &self,
        binding: &str,
        rel: Option<&RelationId>,
    ) -> Result<serde_json::Value, ToolError> {
        run_json(self, &ToolCall::network_get(binding, rel)?)
    }

    fn juju_log(&self, level: LogLevel, message: &str) -> Result<(), ToolError> {
        run_ok(self, &ToolCall::juju_log(level, message)?).map(drop)
    }

    fn status_set(
        &self,
        status: Status,
        message: &str,
        application: bool,
    ) -> Result<(), ToolError> {
        run_ok(self, &ToolCall::status_set(status, message, application)?).map(drop)
    }

    fn config_get(&self) -> Result<serde_json::Map<String, serde_json::Value>, ToolError> {
        run_json_or_default(self, &ToolCall::config_get()?)
    }

    fn is_leader(&self) -> Result<bool, ToolError> {
        run_json(self, &ToolCall::is_leader()?)
    }

    fn application_version_set(&self, version: &str) -> Result<(), ToolError> {
        run_ok(self, &ToolCall::application_version_set(version)?).map(drop)
    }

    fn action_get(&self) -> Result<serde_json::Map<String, serde_json::Value>, ToolError> {
        run_json_or_default(self, &ToolCall::action_get()?)
    }

    fn action_set(&self, results: &BTreeMap<String, String>) -> Result<(), ToolError> {
        let call = ToolCall::action_set(results)?;
        if results.is_empty() {
            return Ok(());
        }
        run_ok(self, &call).map(drop)
    }

    fn action_log(&self, message: &str) -> Result<(), ToolError> {
        run_ok(self, &ToolCall::action_log(message)?).map(drop)
    }

    fn action_fail(&self, message: &str) -> Result<(), ToolError> {
        run_ok(self, &ToolCall::action_fail(message)?).map(drop)
    }

    fn secret_add(
        &self,
        content: &SecretContent,
        meta: &SecretMeta,
    ) -> Result<SecretUri, ToolError> {
        let files = ContentFiles::write(content)
            .map_err(|e| ToolError::new("secret-add", Vec::new(), ToolErrorKind::Spawn(e)))?;
        let call = ToolCall::secret_add(&files.args, meta)?;
        let stdout = run_ok(self, &call)?;
        let text = String::from_utf8_lossy(&stdout).trim().to_owned();
        text.parse().map_err(|e: crate::secret::SecretUriError| {
            ToolError::new(
                call.tool,
                call.args.clone(),
                ToolErrorKind::BadOutput {
                    stdout: text.clone(),
                    reason: e.to_string(),
                },
            )
        })
    }

    fn secret_set(
        &self,
        uri: &SecretUri,
        content: Option<&SecretContent>,
        meta: &SecretMeta,
    ) -> Result<(), ToolError> {
        let files =
            match content {
                Some(content) => Some(ContentFiles::write(content).map_err(|e| {
                    ToolError::new("secret-set", Vec::new(), ToolErrorKind::Spawn(e))
                })?),
                None => None,
            };
        let values = files
            .as_ref()
            .map(|f| f.args.as_slice())
            .unwrap_or_default();
        run_ok(self, &ToolCall::secret_set(uri, values, meta)?).map(drop)
    }

    fn secret_get(
        &self,
        secret: SecretRef<'_>,
        revision: Revision,
    ) -> Result<SecretContent, ToolError> {
        let call = ToolCall::secret_get(secret, revision)?;
        let stdout = run_ok(self, &call)?;
        serde_json::from_slice(&stdout)
            .map(SecretContent::from_juju)
            .map_err(|e| {
                // The output is the secret: never quote it.
                ToolError::new(
                    call.tool,
                    call.args.clone(),
                    ToolErrorKind::BadOutput {
                        stdout: format!("({} bytes withheld)", stdout.len()),
                        // serde's message could quote a value: say where only.
                        reason: format!(
                            "not a map of keys to text (line {}, column {})",
                            e.line(),
                            e.column()
                        ),
                    },
                )
            })
    }

    fn secret_info_get(&self, secret: SecretRef<'_>) -> Result<SecretInfo, ToolError> {
        let call = ToolCall::secret_info_get(secret)?;
        let by_id: BTreeMap<String, SecretInfo> = run_json(self, &call)?;
        by_id.into_values().next().ok_or_else(|| {
            ToolError::new(
                call.tool,
                call.args.clone(),
                ToolErrorKind::BadOutput {
                    stdout: "{}".to_owned(),
                    reason: "it describes no secret".to_owned(),
                },
            )
        })
    }

    fn secret_grant(
        &self,
        uri: &SecretUri,
        rel: &RelationId,
        unit: Option<&str>,
    ) -> Result<(), ToolError> {
        run_ok(self, &ToolCall::secret_grant(uri, rel, unit)?).map(drop)
    }

    fn secret_revoke(
        &self,
        uri: &SecretUri,
        rel: &RelationId,
        unit: Option<&str>,
    ) -> Result<(), ToolError> {
        run_ok(self, &ToolCall::secret_revoke(uri, rel, unit)?).map(drop)
    }

    fn secret_remove(&self, uri: &SecretUri, revision: Option<u32>) -> Result<(), ToolError> {
        run_ok(self, &ToolCall::secret_remove(uri, revision)?).map(drop)
    }

    fn secret_ids(&self) -> Result<Vec<String>, ToolError> {
        run_json_or_default(self, &ToolCall::secret_ids()?)
    }

    fn open_port(&self, port: Port) -> Result<(), ToolError> {
        run_ok(self, &ToolCall::open_port(port)?).map(drop)
    }

    fn close_port(&self, port: Port) -> Result<(), ToolError> {
        run_ok(self, &ToolCall::close_port(port)?).map(drop)
    }

    fn opened_ports(&self) -> Result<Vec<Port>, ToolError> {
        run_json_or_default(self, &ToolCall::opened_ports()?)
    }
}
