//! The Juju version a hook runs under (`JUJU_VERSION`), and the
//! capabilities that need a newer one.
//!
//! Juju 3.6 and 4.0 are the versions iface supports; a few features came
//! later than the oldest agent a charm may still meet, and asking for one
//! there fails with an error naming the version, before any tool runs.

use core::fmt;
use core::str::FromStr;

/// A Juju version: `3.6.4`, `4.0.0`, `3.6-beta2`, `2.9.42.1`.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct JujuVersion {
    /// The major number.
    pub major: u32,
    /// The minor number.
    pub minor: u32,
    /// The patch number (0 for a pre-release such as `3.6-beta2`).
    pub patch: u32,
    /// The build number, when given (`2.9.42.1`).
    pub build: u32,
    /// The pre-release tag (`beta2`), which orders before the release.
    pub tag: Option<String>,
}

/// What needs a Juju at least this new, as ops' own table has it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Capability {
    /// Application relation bags (2.7).
    AppBags,
    /// Juju secrets (3.0.3).
    Secrets,
}

impl Capability {
    /// What it is, for messages.
    pub const fn describe(self) -> &'static str {
        match self {
            Capability::AppBags => "application relation data",
            Capability::Secrets => "secrets",
        }
    }

    /// The first Juju that has it.
    pub const fn since(self) -> JujuVersion {
        match self {
            Capability::AppBags => JujuVersion::release(2, 7, 0),
            Capability::Secrets => JujuVersion::release(3, 0, 3),
        }
    }
}

impl JujuVersion {
    /// A release version.
    pub const fn release(major: u32, minor: u32, patch: u32) -> JujuVersion {
        JujuVersion {
            major,
            minor,
            patch,
            build: 0,
            tag: None,
        }
    }

    /// Whether this Juju has `capability`.
    pub fn has(&self, capability: Capability) -> bool {
        let numbers = |v: &JujuVersion| (v.major, v.minor, v.patch, v.build);
        let (mine, since) = (numbers(self), numbers(&capability.since()));
        // A pre-release comes before its release.
        mine > since || (mine == since && self.tag.is_none())
    }
}

/// Text that is not a Juju version.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct JujuVersionError {
    /// The text.
    pub input: String,
}

impl fmt::Display for JujuVersionError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{:?} is not a Juju version: expected MAJOR.MINOR.PATCH, MAJOR.MINOR-TAG or MAJOR.MINOR.PATCH.BUILD",
            self.input
        )
    }
}

impl std::error::Error for JujuVersionError {}

impl FromStr for JujuVersion {
    type Err = JujuVersionError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let bad = || JujuVersionError {
            input: s.to_owned(),
        };
        let number = |text: &str| -> Result<u32, JujuVersionError> {
            if text.is_empty() || !text.bytes().all(|b| b.is_ascii_digit()) {
                return Err(bad());
            }
            text.parse().map_err(|_| bad())
        };
        let (major, rest) = s.split_once('.').ok_or_else(bad)?;
        let major = number(major)?;
        // `3.6-beta2`: a tag where the patch would be.
        if let Some((minor, tag)) = rest.split_once('-') {
            let tag_ok = !tag.is_empty() && tag.bytes().all(|b| b.is_ascii_alphanumeric());
            if !tag_ok {
                return Err(bad());
            }
            return Ok(JujuVersion {
                major,
                minor: number(minor)?,
                patch: 0,
                build: 0,
                tag: Some(tag.to_owned()),
            });
        }
        let mut parts = rest.split('.');
        let minor = number(parts.next().ok_or_else(bad)?)?;
        let patch = number(parts.next().ok_or_else(bad)?)?;
        let build = parts.next().map(number).transpose()?.unwrap_or(0);
        if parts.next().is_some() {
            return Err(bad());
        }
        Ok(JujuVersion {
            major,
            minor,
            patch,
            build,
            tag: None,
        })
    }
}

impl fmt::Display for JujuVersion {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.tag {
            Some(tag) => write!(f, "{}.{}-{tag}", self.major, self.minor),
            None if self.build > 0 => {
                write!(
                    f,
                    "{}.{}.{}.{}",
                    self.major, self.minor, self.patch, self.build
                )
            }
            None => write!(f, "{}.{}.{}", self.major, self.minor, self.patch),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn versions_parse_and_gate_capabilities() {
        let v = |s: &str| s.parse::<JujuVersion>().unwrap();
        assert_eq!(v("3.6.4"), JujuVersion::release(3, 6, 4));
        assert_eq!(v("3.6-beta2").to_string(), "3.6-beta2");
        assert_eq!(v("2.9.42.1").to_string(), "2.9.42.1");
        for bad in [
            "",
            "3",
            "3.6",
            "3.x.1",
            "3.6.1.2.3",
            "3.6-",
            "v3.6.1",
            "3.6.-1",
        ] {
            assert!(bad.parse::<JujuVersion>().is_err(), "{bad}");
        }
        assert!(v("3.6.4").has(Capability::Secrets));
        assert!(v("3.0.3").has(Capability::Secrets));
        assert!(!v("3.0.2").has(Capability::Secrets));
        assert!(!v("3.0-beta1").has(Capability::Secrets));
        assert!(v("4.0.0").has(Capability::Secrets));
        assert!(!v("2.6.10").has(Capability::AppBags));
        assert!(v("2.7.0").has(Capability::AppBags));
    }
}
