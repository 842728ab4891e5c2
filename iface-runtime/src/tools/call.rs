//! [`ToolCall`]: the exact argv (and stdin) of each hook-tool call, built in
//! one place so every backend (real processes, the simulator) runs the same
//! command lines.

use std::collections::BTreeMap;

use super::encode::{settings_document, truncate_log_message};
use super::error::{ToolError, ToolErrorKind};
use super::{AddressKind, LogLevel, Status};
use crate::context::RelationId;
use crate::ports::Port;
use crate::secret::{Revision, SecretMeta, SecretRef, SecretUri};

/// One hook-tool invocation: the tool name, its arguments (one element per
/// flag and per value, never a shell string) and what to write to its stdin.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ToolCall {
    /// The executable name, e.g. `relation-get`.
    pub tool: &'static str,
    /// The arguments after the tool name.
    pub args: Vec<String>,
    /// Bytes for stdin; `None` gives the tool an empty stdin.
    pub stdin: Option<String>,
}

/// What a tool printed, and how it exited.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ToolOutput {
    /// The exit code; `None` when a signal ended the process.
    pub code: Option<i32>,
    /// Everything written to stdout.
    pub stdout: Vec<u8>,
    /// Everything written to stderr, lossily decoded.
    pub stderr: String,
}

impl ToolCall {
    fn new(tool: &'static str, args: Vec<String>) -> Self {
        Self {
            tool,
            args,
            stdin: None,
        }
    }

    /// An [`ToolErrorKind::InvalidArgument`] error for this call.
    pub(crate) fn invalid(&self, reason: impl Into<String>) -> ToolError {
        ToolError::new(
            self.tool,
            self.args.clone(),
            ToolErrorKind::InvalidArgument {
                reason: reason.into(),
            },
        )
    }

    /// Rejects arguments a tool cannot receive faithfully: NUL bytes end a C
    /// string, and a positional that starts with `-` would be read as a flag.
    fn checked(self, positionals: &[&str]) -> Result<Self, ToolError> {
        if let Some(arg) = self.args.iter().find(|a| a.contains('\0')) {
            let reason = format!("argument {arg:?} contains a NUL byte");
            return Err(self.invalid(reason));
        }
        if let Some(arg) = positionals
            .iter()
            .find(|a| a.is_empty() || a.starts_with('-'))
        {
            let reason = format!("{arg:?} is empty or would be read as a flag");
            return Err(self.invalid(reason));
        }
        Ok(self)
    }

    /// `relation-get --format=json -r ID [--app] - TARGET`: the whole bag of
    /// `TARGET` (a unit, or with `app` an application) in relation `rel`.
    pub fn relation_get(rel: &RelationId, target: &str, app: bool) -> Result<Self, ToolError> {
        let mut args = vec!["--format=json".to_owned(), "-r".to_owned(), rel.to_string()];
        if app {
            args.push("--app".to_owned());
        }
        args.extend(["-".to_owned(), target.to_owned()]);
        Self::new("relation-get", args).checked(&[target])
    }

    /// `relation-set -r ID [--app] --file -`, with `settings` on stdin as a
    /// JSON object that YAML parsers read back exactly (see
    /// [`settings_document`]).
    pub fn relation_set(
        rel: &RelationId,
        app: bool,
        settings: &BTreeMap<String, String>,
    ) -> Result<Self, ToolError> {
        let mut args = vec!["-r".to_owned(), rel.to_string()];
        if app {
            args.push("--app".to_owned());
        }
        args.extend(["--file".to_owned(), "-".to_owned()]);
        let mut call = Self::new("relation-set", args).checked(&[])?;
        call.stdin = Some(settings_document(settings));
        Ok(call)
    }

    /// `relation-ids --format=json ENDPOINT`.
    pub fn relation_ids(endpoint: &str) -> Result<Self, ToolError> {
        let args = vec!["--format=json".to_owned(), endpoint.to_owned()];
        Self::new("relation-ids", args).checked(&[endpoint])
    }

    /// `relation-list --format=json -r ID [--app]`.
    pub fn relation_list(rel: &RelationId, app: bool) -> Result<Self, ToolError> {
        let mut args = vec!["--format=json".to_owned(), "-r".to_owned(), rel.to_string()];
        if app {
            args.push("--app".to_owned());
        }
        Self::new("relation-list", args).checked(&[])
    }

    /// `unit-get --format=json private-address|public-address`.
    pub fn unit_get(key: AddressKind) -> Result<Self, ToolError> {
        let args = vec!["--format=json".to_owned(), key.as_str().to_owned()];
        Self::new("unit-get", args).checked(&[])
    }

    /// `network-get --format=json [-r ID] BINDING`.
    pub fn network_get(binding: &str, rel: Option<&RelationId>) -> Result<Self, ToolError> {
        let mut args = vec!["--format=json".to_owned()];
        if let Some(rel) = rel {
            args.extend(["-r".to_owned(), rel.to_string()]);
        }
        args.push(binding.to_owned());
        Self::new("network-get", args).checked(&[binding])
    }

    /// `juju-log -l LEVEL -- MESSAGE`, the message as one element after `--`
    /// so a leading `-` is not a flag, cut by [`truncate_log_message`], with
    /// NUL bytes shown as `\0`.
    pub fn juju_log(level: LogLevel, message: &str) -> Result<Self, ToolError> {
        let message = truncate_log_message(message).replace('\0', "\\0");
        let args = vec![
            "-l".to_owned(),
            level.as_str().to_owned(),
            "--".to_owned(),
            message,
        ];
        Self::new("juju-log", args).checked(&[])
    }

    /// `status-set [--application] -- STATUS MESSAGE`.
    pub fn status_set(status: Status, message: &str, application: bool) -> Result<Self, ToolError> {
        let mut args = Vec::new();
        if application {
            args.push("--application".to_owned());
        }
        args.extend([
            "--".to_owned(),
            status.as_str().to_owned(),
            message.to_owned(),
        ]);
        Self::new("status-set", args).checked(&[])
    }

    /// `config-get --format=json`: every key that has a value or a default.
    pub fn config_get() -> Result<Self, ToolError> {
        Self::new("config-get", vec!["--format=json".to_owned()]).checked(&[])
    }

    /// `is-leader --format=json`.
    pub fn is_leader() -> Result<Self, ToolError> {
        Self::new("is-leader", vec!["--format=json".to_owned()]).checked(&[])
    }

    /// `open-port PORT` (`80/tcp`, `8000-8100/udp`, `icmp`).
    pub fn open_port(port: Port) -> Result<Self, ToolError> {
        Self::new("open-port", vec![port.to_string()]).checked(&[])
    }

    /// `close-port PORT`.
    pub fn close_port(port: Port) -> Result<Self, ToolError> {
        Self::new("close-port", vec![port.to_string()]).checked(&[])
    }

    /// `opened-ports --format=json`: the ports this unit has opened,
    /// including this hook's pending changes.
    pub fn opened_ports() -> Result<Self, ToolError> {
        Self::new("opened-ports", vec!["--format=json".to_owned()]).checked(&[])
    }

    /// `action-get --format=json`: every parameter of the running action.
    pub fn action_get() -> Result<Self, ToolError> {
        Self::new("action-get", vec!["--format=json".to_owned()]).checked(&[])
    }

    /// `action-set KEY=VALUE ...`: one argument per result. Keys are
    /// checked by [`crate::action::results`]; `action-set` splits each
    /// argument at its first `=`, so a value may hold `=`.
    pub fn action_set(results: &BTreeMap<String, String>) -> Result<Self, ToolError> {
        let args = results.iter().map(|(k, v)| format!("{k}={v}")).collect();
        let call = Self::new("action-set", args).checked(&[])?;
        match results
            .keys()
            .find(|key| key.is_empty() || key.starts_with('-') || key.contains('='))
        {
            Some(key) => Err(call.invalid(format!("action-set cannot carry key {key:?}"))),
            None => Ok(call),
        }
    }

    /// `action-log -- MESSAGE`.
    pub fn action_log(message: &str) -> Result<Self, ToolError> {
        let args = vec!["--".to_owned(), message.to_owned()];
        Self::new("action-log", args).checked(&[])
    }

    /// `action-fail -- MESSAGE`: the action fails with `MESSAGE`; the
    /// process goes on and should exit 0.
    pub fn action_fail(message: &str) -> Result<Self, ToolError> {
        let args = vec!["--".to_owned(), message.to_owned()];
        Self::new("action-fail", args).checked(&[])
    }

    /// `secret-add [--owner O] [--label L] [--description D] [--expire E]
    /// [--rotate R] KEY#file=PATH ...`: `values` are the `KEY#file=PATH`
    /// arguments (see `ContentFiles`). Prints the new secret's URI.
    pub fn secret_add(values: &[String], meta: &SecretMeta) -> Result<Self, ToolError> {
        let mut args = vec!["--owner".to_owned(), meta.owner.as_str().to_owned()];
        meta_args(meta, &mut args);
        args.extend(values.iter().cloned());
        Self::new("secret-add", args).checked(&[])
    }

    /// `secret-set URI [flags] KEY#file=PATH ...`: a new revision (with
    /// `values`) and/or new metadata.
    pub fn secret_set(
        uri: &SecretUri,
        values: &[String],
        meta: &SecretMeta,
    ) -> Result<Self, ToolError> {
        let mut args = vec![uri.to_string()];
        meta_args(meta, &mut args);
        args.extend(values.iter().cloned());
        Self::new("secret-set", args).checked(&[])
    }

    /// `secret-get --format=json (URI | --label L) [--peek | --refresh]`.
    pub fn secret_get(secret: SecretRef<'_>, revision: Revision) -> Result<Self, ToolError> {
        let mut args = vec!["--format=json".to_owned()];
        secret_ref_args(secret, &mut args);
        match revision {
            Revision::Tracked => {}
            Revision::Peek => args.push("--peek".to_owned()),
            Revision::Refresh => args.push("--refresh".to_owned()),
        }
        Self::new("secret-get", args).checked(&[])
    }

    /// `secret-info-get --format=json (URI | --label L)`.
    pub fn secret_info_get(secret: SecretRef<'_>) -> Result<Self, ToolError> {
        let mut args = vec!["--format=json".to_owned()];
        secret_ref_args(secret, &mut args);
        Self::new("secret-info-get", args).checked(&[])
    }

    /// `secret-grant --relation ID [--unit U] URI`.
    pub fn secret_grant(
        uri: &SecretUri,
        rel: &RelationId,
        unit: Option<&str>,
    ) -> Result<Self, ToolError> {
        Self::access("secret-grant", uri, rel, unit)
    }

    /// `secret-revoke --relation ID [--unit U] URI`.
    pub fn secret_revoke(
        uri: &SecretUri,
        rel: &RelationId,
        unit: Option<&str>,
    ) -> Result<Self, ToolError> {
        Self::access("secret-revoke", uri, rel, unit)
    }

    fn access(
        tool: &'static str,
        uri: &SecretUri,
        rel: &RelationId,
        unit: Option<&str>,
    ) -> Result<Self, ToolError> {
        let mut args = vec!["--relation".to_owned(), rel.to_string()];
        if let Some(unit) = unit {
            args.extend(["--unit".to_owned(), unit.to_owned()]);
        }
        args.push(uri.to_string());
        Self::new(tool, args).checked(&unit.into_iter().collect::<Vec<_>>())
    }

    /// `secret-remove URI [--revision N]`.
    pub fn secret_remove(uri: &SecretUri, revision: Option<u32>) -> Result<Self, ToolError> {
        let mut args = vec![uri.to_string()];
        if let Some(revision) = revision {
            args.extend(["--revision".to_owned(), revision.to_string()]);
        }
        Self::new("secret-remove", args).checked(&[])
    }

    /// `secret-ids --format=json`.
    pub fn secret_ids() -> Result<Self, ToolError> {
        Self::new("secret-ids", vec!["--format=json".to_owned()]).checked(&[])
    }

    /// `application-version-set -- VERSION`.
    pub fn application_version_set(version: &str) -> Result<Self, ToolError> {
        let args = vec!["--".to_owned(), version.to_owned()];
        Self::new("application-version-set", args).checked(&[])
    }
}

/// The metadata flags of `secret-add` and `secret-set`.
fn meta_args(meta: &SecretMeta, args: &mut Vec<String>) {
    let flags = [
        ("--label", meta.label.clone()),
        ("--description", meta.description.clone()),
        ("--expire", meta.expire.clone()),
        ("--rotate", meta.rotate.map(|r| r.as_str().to_owned())),
    ];
    for (flag, value) in flags {
        if let Some(value) = value {
            args.push(format!("{flag}={value}"));
        }
    }
}

/// A secret named by URI (positional) or by label (`--label`).
fn secret_ref_args(secret: SecretRef<'_>, args: &mut Vec<String>) {
    match secret {
        SecretRef::Uri(uri) => args.push(uri.to_string()),
        SecretRef::Label(label) => args.push(format!("--label={label}")),
    }
}
