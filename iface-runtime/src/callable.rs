//! An interface's public methods as other languages call them: by name,
//! with arguments given as text on a command line (seed 000's CLI API).
//!
//! `#[hooks]` builds one [`Callable`] per public method that takes a
//! conversation. Each argument is decoded from its text into the
//! parameter's Rust type with the relation-data codec (so `80` is a `u16`
//! and `["a","b"]` a `Vec<String>`), and a returned value is encoded as
//! JSON. A parameter whose type cannot be decoded, or a result that cannot
//! be encoded, makes the method callable from Rust only; the CLI says so.

use core::marker::PhantomData;

use serde::Serialize;
use serde::de::DeserializeOwned;

use crate::conversation::Conversation;
use crate::data;
use crate::error::{Error, Result};

/// One public interface method, callable with text arguments.
pub struct Callable<T: 'static> {
    /// The method name.
    pub name: &'static str,
    /// Its parameters after the conversation, in order.
    pub params: &'static [Param],
    /// Its return type, as written.
    pub returns: &'static str,
    /// Decodes the arguments, calls the method on one conversation and
    /// encodes what it returned (`None` for nothing).
    pub call: fn(&T, &mut Conversation<'_>, &[String]) -> Result<Option<serde_json::Value>>,
}

impl<T> core::fmt::Debug for Callable<T> {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("Callable")
            .field("name", &self.name)
            .field("params", &self.params)
            .field("returns", &self.returns)
            .finish_non_exhaustive()
    }
}

/// A method parameter: its name and its type as written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub struct Param {
    /// The parameter name.
    pub name: &'static str,
    /// The type, as written in the source.
    #[serde(rename = "type")]
    pub ty: &'static str,
}

/// Checks the argument count before any argument is decoded.
pub fn expect_args(method: &str, params: &[Param], args: &[String]) -> Result<()> {
    if args.len() == params.len() {
        return Ok(());
    }
    let wanted: Vec<String> = params
        .iter()
        .map(|p| format!("{}: {}", p.name, p.ty))
        .collect();
    Err(Error::Argument {
        param: None,
        reason: format!(
            "`{method}` takes {} argument{} ({}), got {}",
            params.len(),
            if params.len() == 1 { "" } else { "s" },
            wanted.join(", "),
            args.len()
        ),
    })
}

/// Chooses, for a concrete type `T`, between decoding with serde and
/// refusing: generated code calls `(&Probe::<T>::new()).decode_arg(...)`,
/// and method resolution picks [`DecodeArg`] when `T` is deserializable and
/// [`DecodeArgUnsupported`] otherwise (autoref specialization).
pub struct Probe<T>(PhantomData<fn() -> T>);

impl<T> Probe<T> {
    /// The probe for `T`.
    pub const fn new() -> Probe<T> {
        Probe(PhantomData)
    }
}

impl<T> Default for Probe<T> {
    fn default() -> Self {
        Probe::new()
    }
}

/// Decoding an argument of a deserializable type.
pub trait DecodeArg<T> {
    /// `text` as the parameter `name` of type `ty`.
    fn decode_arg(&self, name: &'static str, ty: &'static str, text: &str) -> Result<T>;
}

impl<T: DeserializeOwned> DecodeArg<T> for Probe<T> {
    fn decode_arg(&self, name: &'static str, ty: &'static str, text: &str) -> Result<T> {
        data::decode_value(name, text).map_err(|error| Error::Argument {
            param: Some((name, ty)),
            reason: error.to_string(),
        })
    }
}

/// The fallback for a type that cannot be decoded from text.
pub trait DecodeArgUnsupported<T> {
    /// Always an error saying the method is not callable from text.
    fn decode_arg(&self, name: &'static str, ty: &'static str, text: &str) -> Result<T>;
}

impl<T> DecodeArgUnsupported<T> for &Probe<T> {
    fn decode_arg(&self, name: &'static str, ty: &'static str, _text: &str) -> Result<T> {
        Err(Error::Argument {
            param: Some((name, ty)),
            reason: format!(
                "`{ty}` cannot be decoded from text, so this method is callable from Rust only"
            ),
        })
    }
}

/// Encoding a result of a serializable type.
pub trait EncodeResult<T> {
    /// The value as JSON.
    fn encode_result(&self, value: T) -> Result<Option<serde_json::Value>>;
}

impl<T: Serialize> EncodeResult<T> for Probe<T> {
    fn encode_result(&self, value: T) -> Result<Option<serde_json::Value>> {
        serde_json::to_value(value)
            .map(Some)
            .map_err(|error| Error::msg(format!("cannot encode the result: {error}")))
    }
}

/// The fallback for a result that cannot be encoded.
pub trait EncodeResultUnsupported<T> {
    /// Drops the value and says why.
    fn encode_result(&self, value: T) -> Result<Option<serde_json::Value>>;
}

impl<T> EncodeResultUnsupported<T> for &Probe<T> {
    fn encode_result(&self, _value: T) -> Result<Option<serde_json::Value>> {
        Ok(Some(serde_json::Value::String(format!(
            "(a {} that cannot be shown)",
            core::any::type_name::<T>()
        ))))
    }
}
