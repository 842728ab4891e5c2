//! A charm's configuration, typed.
//!
//! `charm!` reads the charm's options (`config.yaml`, or `config.options`
//! of a unified `charmcraft.yaml`) when the crate compiles and generates a
//! `Config` struct with one field per option, implementing [`CharmConfig`].
//! A hook reads the values with one `config-get --format=json`, the first
//! time a handler asks ([`Session::config`](crate::session::Session::config)),
//! and a value of the wrong type is an [`Error::Config`] naming the option.
//!
//! | `type:` in `config.yaml` | field type |
//! |---|---|
//! | `string` | `String` |
//! | `int` | `i64` |
//! | `float` | `f64` |
//! | `boolean` | `bool` |
//! | `secret` | [`SecretUri`] |
//!
//! An option without a `default` has no value until the operator sets one:
//! its field is an `Option`.

use serde_json::{Map, Value};

use crate::error::{Error, Result};
use crate::secret::SecretUri;

/// The value of every option `config-get --format=json` printed.
pub type ConfigValues = Map<String, Value>;

/// An option type, as `type:` in `config.yaml` spells it (the compile-time
/// parser's own, so both ends agree).
pub use iface_model::config_file::OptionType;

/// One option, as the charm declares it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct OptionDecl {
    /// Its name, e.g. `log-level`.
    pub name: &'static str,
    /// Its type.
    pub kind: OptionType,
    /// Its default as JSON text (`80`, `"info"`), when it has one (and so
    /// always a value).
    pub default: Option<&'static str>,
    /// Its description.
    pub description: &'static str,
}

/// A charm's configuration: what `charm!` generates from `config.yaml`.
pub trait CharmConfig: Sized {
    /// Every option, in file order.
    const OPTIONS: &'static [OptionDecl];

    /// The configuration from `config-get` output; a value of the wrong
    /// type is an [`Error::Config`] naming its option.
    fn from_values(values: &ConfigValues) -> Result<Self>;
}

/// A Rust type an option's value decodes into.
pub trait OptionValue: Sized {
    /// The option type it holds.
    const TYPE: OptionType;

    /// The value, if `json` is one of this type as `config-get` prints it.
    fn from_json(json: &Value) -> Option<Self>;
}

impl OptionValue for String {
    const TYPE: OptionType = OptionType::String;
    fn from_json(json: &Value) -> Option<Self> {
        json.as_str().map(str::to_owned)
    }
}

impl OptionValue for i64 {
    const TYPE: OptionType = OptionType::Int;
    /// Juju carries numbers as floats, so a whole float is an int too.
    #[expect(
        clippy::float_cmp,
        clippy::cast_possible_truncation,
        clippy::cast_precision_loss,
        reason = "only a float that is exactly a whole number in range is an int"
    )]
    fn from_json(json: &Value) -> Option<Self> {
        json.as_i64().or_else(|| {
            let float = json.as_f64()?;
            let whole = float as i64;
            (float.abs() < 2f64.powi(63) && whole as f64 == float).then_some(whole)
        })
    }
}

impl OptionValue for f64 {
    const TYPE: OptionType = OptionType::Float;
    fn from_json(json: &Value) -> Option<Self> {
        json.as_f64()
    }
}

impl OptionValue for bool {
    const TYPE: OptionType = OptionType::Boolean;
    fn from_json(json: &Value) -> Option<Self> {
        json.as_bool()
    }
}

impl OptionValue for SecretUri {
    const TYPE: OptionType = OptionType::Secret;
    fn from_json(json: &Value) -> Option<Self> {
        json.as_str()?.parse().ok()
    }
}

/// The value of option `name`, `None` when it has none (`null`, or left
/// out as `config-get` leaves out options with no value and no default).
pub fn optional<T: OptionValue>(values: &ConfigValues, name: &str) -> Result<Option<T>> {
    match values.get(name) {
        None | Some(Value::Null) => Ok(None),
        Some(json) => T::from_json(json).map(Some).ok_or_else(|| Error::Config {
            option: name.to_owned(),
            reason: format!("expected {}, found {}", T::TYPE, shown(json)),
        }),
    }
}

/// `json` as text for an error, cut after 64 characters.
fn shown(json: &Value) -> String {
    let text = json.to_string();
    match text.char_indices().nth(64) {
        None => text,
        Some((cut, _)) => format!("{}... ({} bytes)", &text[..cut], text.len()),
    }
}

/// The value of option `name`, which has a default and so always a value.
pub fn required<T: OptionValue>(values: &ConfigValues, name: &str) -> Result<T> {
    optional(values, name)?.ok_or_else(|| Error::Config {
        option: name.to_owned(),
        reason: format!(
            "config-get gave no value for it, though it has a default ({})",
            T::TYPE
        ),
    })
}
