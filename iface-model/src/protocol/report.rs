//! What [`check`](super::check) found, for people and for programs.

use core::fmt;

use serde::Serialize;

use super::Mismatch;

/// One key written during the handshake.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Step {
    /// `charm:relation` of the side that writes it.
    pub side: String,
    /// The key.
    pub key: String,
    /// The remote keys it waited for.
    pub after: Vec<String>,
}

/// A key a side needs that is documented but never written.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Blocked {
    /// The side that would write it.
    pub side: String,
    /// The key.
    pub key: String,
    /// The keys it waits for that never arrive.
    pub waits_for: Vec<String>,
}

/// The verdict.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Verdict {
    /// The endpoints cannot be related at all.
    Mismatch(#[serde(serialize_with = "display")] Mismatch),
    /// The handshake was played.
    Played {
        /// Keys in the order they become available.
        steps: Vec<Step>,
        /// `(side, key, other side)`: `side` gets `key`, which `other side`
        /// never sets.
        unset: Vec<(String, String, String)>,
        /// Documented keys that wait forever.
        blocked: Vec<Blocked>,
    },
}

/// The outcome of checking one relation between two charms.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Report {
    /// The first end, `charm:relation`.
    pub a: String,
    /// The second end.
    pub b: String,
    /// Whether both sides get everything they need.
    pub compatible: bool,
    /// What was found.
    pub verdict: Verdict,
}

fn display<S: serde::Serializer>(value: &Mismatch, serializer: S) -> Result<S::Ok, S::Error> {
    serializer.collect_str(value)
}

impl Report {
    pub(super) fn mismatch(a: String, b: String, mismatch: Mismatch) -> Report {
        Report {
            a,
            b,
            compatible: false,
            verdict: Verdict::Mismatch(mismatch),
        }
    }

    pub(super) fn played(
        a: String,
        b: String,
        steps: Vec<Step>,
        unset: Vec<(String, String, String)>,
        blocked: Vec<Blocked>,
    ) -> Report {
        let compatible = unset.is_empty() && blocked.is_empty();
        Report {
            a,
            b,
            compatible,
            verdict: Verdict::Played {
                steps,
                unset,
                blocked,
            },
        }
    }

    /// Whether both sides get everything they need.
    pub fn compatible(&self) -> bool {
        self.compatible
    }
}

impl fmt::Display for Report {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (a, b) = (&self.a, &self.b);
        match &self.verdict {
            Verdict::Mismatch(mismatch) => {
                writeln!(f, "{a} and {b} are not compatible: {mismatch}")
            }
            Verdict::Played {
                steps,
                unset,
                blocked,
            } => {
                if self.compatible() {
                    writeln!(f, "{a} and {b} are compatible")?;
                } else {
                    writeln!(f, "{a} and {b} are not compatible")?;
                }
                if !steps.is_empty() {
                    writeln!(f, "keys become available in this order:")?;
                    for (i, step) in steps.iter().enumerate() {
                        if step.after.is_empty() {
                            writeln!(f, "  {}. {} sets {}", i + 1, step.side, step.key)?;
                        } else {
                            writeln!(
                                f,
                                "  {}. {} sets {} (after {})",
                                i + 1,
                                step.side,
                                step.key,
                                step.after.join(", ")
                            )?;
                        }
                    }
                }
                for (side, key, other) in unset {
                    writeln!(f, "{side} gets {key}, which {other} never sets")?;
                }
                for blocked in blocked {
                    writeln!(
                        f,
                        "{} never sets {}: it waits for {}, which never arrive{}",
                        blocked.side,
                        blocked.key,
                        blocked.waits_for.join(", "),
                        if blocked.waits_for.len() == 1 {
                            "s"
                        } else {
                            ""
                        }
                    )?;
                }
                Ok(())
            }
        }
    }
}
