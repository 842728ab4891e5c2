//! What a packed charm runs on: an Ubuntu base and an architecture, as
//! Juju and charmcraft name them.

use core::fmt;

use super::error::quoted_list as list;

/// An OS release a charm runs on. Only those a charm binary built by a
/// current Rust runs on (glibc 2.34 or later: Ubuntu 22.04 and 24.04).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Base {
    /// `ubuntu@22.04` (glibc 2.35).
    Ubuntu2204,
    /// `ubuntu@24.04` (glibc 2.39).
    Ubuntu2404,
}

impl Base {
    /// Every base `iface pack` packs for.
    pub const ALL: [Base; 2] = [Base::Ubuntu2204, Base::Ubuntu2404];

    /// The default: the newest LTS.
    pub const DEFAULT: Base = Base::Ubuntu2404;

    /// The OS name, as in `manifest.yaml`: `ubuntu`.
    pub fn name(self) -> &'static str {
        "ubuntu"
    }

    /// The channel, as in `manifest.yaml`: `24.04`.
    pub fn channel(self) -> &'static str {
        match self {
            Base::Ubuntu2204 => "22.04",
            Base::Ubuntu2404 => "24.04",
        }
    }

    /// Reads charmcraft's spelling, `ubuntu@24.04`.
    pub fn parse(text: &str) -> Result<Base, String> {
        Base::ALL
            .into_iter()
            .find(|base| base.to_string() == text)
            .ok_or_else(|| {
                format!(
                    "unsupported base `{text}`; iface charms run on {}",
                    list(&Base::ALL)
                )
            })
    }
}

impl fmt::Display for Base {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}@{}", self.name(), self.channel())
    }
}

/// A processor architecture, in Juju's (Debian's) names.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Arch {
    /// x86-64.
    Amd64,
    /// 64-bit ARM.
    Arm64,
    /// 32-bit ARM, hard float.
    Armhf,
    /// 64-bit POWER, little-endian.
    Ppc64el,
    /// 64-bit RISC-V.
    Riscv64,
    /// 64-bit IBM Z.
    S390x,
}

impl Arch {
    /// Every architecture Juju knows.
    pub const ALL: [Arch; 6] = [
        Arch::Amd64,
        Arch::Arm64,
        Arch::Armhf,
        Arch::Ppc64el,
        Arch::Riscv64,
        Arch::S390x,
    ];

    /// The name Juju and charmcraft use.
    pub fn name(self) -> &'static str {
        match self {
            Arch::Amd64 => "amd64",
            Arch::Arm64 => "arm64",
            Arch::Armhf => "armhf",
            Arch::Ppc64el => "ppc64el",
            Arch::Riscv64 => "riscv64",
            Arch::S390x => "s390x",
        }
    }

    /// Reads Juju's name, `amd64`.
    pub fn parse(text: &str) -> Result<Arch, String> {
        Arch::ALL
            .into_iter()
            .find(|arch| arch.name() == text)
            .ok_or_else(|| {
                format!(
                    "unknown architecture `{text}`; expected one of {}",
                    list(&Arch::ALL)
                )
            })
    }
}

impl fmt::Display for Arch {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip_and_others_are_refused() {
        for base in Base::ALL {
            assert_eq!(Base::parse(&base.to_string()), Ok(base));
        }
        for arch in Arch::ALL {
            assert_eq!(Arch::parse(arch.name()), Ok(arch));
        }
        assert_eq!(
            Base::parse("ubuntu@20.04").unwrap_err(),
            "unsupported base `ubuntu@20.04`; iface charms run on `ubuntu@22.04` and `ubuntu@24.04`"
        );
        assert!(
            Arch::parse("x86_64")
                .unwrap_err()
                .starts_with("unknown architecture `x86_64`")
        );
    }
}
