//! Medians and spreads, and formatting them.

use std::collections::BTreeMap;
use std::time::Duration;

use crate::hook::{Sample, ToolCost};

/// Milliseconds.
pub fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

/// The median of `values` (the mean of the middle two for an even count).
pub fn median(values: &[f64]) -> f64 {
    if values.is_empty() {
        return f64::NAN;
    }
    let mut sorted = values.to_vec();
    sorted.sort_by(f64::total_cmp);
    let mid = sorted.len() / 2;
    if sorted.len() % 2 == 1 {
        sorted[mid]
    } else {
        f64::midpoint(sorted[mid - 1], sorted[mid])
    }
}

/// Wall times in ms.
pub fn walls(samples: &[Sample]) -> Vec<f64> {
    samples.iter().map(|s| ms(s.wall)).collect()
}

/// `median [min–max]` of wall times in ms.
pub fn spread(samples: &[Sample]) -> String {
    spread_ms(&walls(samples))
}

/// `median [min–max]` of `values` in ms.
pub fn spread_ms(values: &[f64]) -> String {
    if values.is_empty() {
        return "–".to_owned();
    }
    let min = values.iter().copied().fold(f64::INFINITY, f64::min);
    let max = values.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    format!("{} [{}–{}]", num(median(values)), num(min), num(max))
}

/// How many times slower `other` is than `base`, paired: run `n` of
/// `other` over run `n` of `base` (the same round, so under the same load),
/// the median over the pairs.
pub fn paired_ratio(base: &[Sample], other: &[Sample]) -> f64 {
    let ratios: Vec<f64> = base
        .iter()
        .zip(other)
        .map(|(b, o)| ms(o.wall) / ms(b.wall))
        .collect();
    median(&ratios)
}

/// A number of ms with sensible precision.
pub fn num(v: f64) -> String {
    if v.is_nan() {
        "–".to_owned()
    } else if v < 10.0 {
        format!("{v:.2}")
    } else if v < 100.0 {
        format!("{v:.1}")
    } else {
        format!("{v:.0}")
    }
}

/// Median peak RSS in KiB.
#[allow(
    clippy::cast_possible_truncation,
    clippy::cast_sign_loss,
    clippy::cast_precision_loss
)]
pub fn rss(samples: &[Sample]) -> u64 {
    let values: Vec<f64> = samples.iter().map(|s| s.maxrss_kib as f64).collect();
    median(&values) as u64
}

/// The largest peak RSS in KiB.
pub fn rss_max(samples: &[Sample]) -> u64 {
    samples.iter().map(|s| s.maxrss_kib).max().unwrap_or(0)
}

/// One class of calls of the samples (`class` picks them from a sample):
/// the count (`a–b` if runs differ) and, by tool, the first sample's,
/// e.g. `2: relation-get 1, relation-set 1`; `0` for none.
pub fn class_calls(samples: &[Sample], class: fn(&Sample) -> BTreeMap<String, usize>) -> String {
    let maps: Vec<BTreeMap<String, usize>> = samples.iter().map(class).collect();
    let counts: Vec<usize> = maps.iter().map(|m| m.values().sum()).collect();
    let (Some(min), Some(max), Some(first)) =
        (counts.iter().min(), counts.iter().max(), maps.first())
    else {
        return "–".to_owned();
    };
    let count = if min == max {
        min.to_string()
    } else {
        format!("{min}–{max}")
    };
    if first.is_empty() {
        count
    } else {
        format!("{count}: {}", by_tool_map(first))
    }
}

/// `n` of `what`: `1 call`, `2 calls`.
pub fn calls(n: usize, what: &str) -> String {
    if n == 1 {
        format!("1 {what}")
    } else {
        format!("{n} {what}s")
    }
}

/// `tool n, tool n`.
pub fn by_tool_map(map: &BTreeMap<String, usize>) -> String {
    if map.is_empty() {
        return "none".to_owned();
    }
    map.iter()
        .map(|(tool, n)| format!("{tool} {n}"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// The hook's tool time in ms: replayed calls, extrapolated to all calls
/// when only some were replayed.
#[allow(clippy::cast_precision_loss)]
pub fn tool_ms(tools: Option<&ToolCost>, calls: usize) -> f64 {
    match tools {
        None => f64::NAN,
        Some(t) if t.replayed == 0 => 0.0,
        Some(t) => ms(t.wall) / t.replayed as f64 * calls as f64,
    }
}

/// What one tool process costs beyond serving its call (being spawned,
/// starting, exiting), in ms, as replayed.
#[allow(clippy::cast_precision_loss)]
fn start_ms(tools: &ToolCost) -> Option<f64> {
    (tools.replayed > 0)
        .then(|| (ms(tools.wall) - ms(tools.served)).max(0.0) / tools.replayed as f64)
}

/// One run's tool time in ms: what each call took to serve inside the hook,
/// as the fake tools measured it, plus a tool process's start and exit as
/// replayed. (A call can take longer inside the hook than replayed alone:
/// at 10,000 units a `status-set` rewriting the 3 MiB state file does.)
/// Without those measurements, the replayed time.
#[allow(clippy::cast_precision_loss)]
fn sample_tool_ms(sample: &Sample, tools: Option<&ToolCost>) -> f64 {
    let served: Option<u64> = sample.calls.iter().map(|call| call.elapsed_us).sum();
    match (served, tools.and_then(start_ms)) {
        (Some(us), Some(start)) => us as f64 / 1000.0 + start * sample.calls.len() as f64,
        _ => tool_ms(tools, sample.calls.len()),
    }
}

/// The hook's tool time in ms, the median over its runs.
pub fn hook_tool_ms(samples: &[Sample], tools: Option<&ToolCost>) -> f64 {
    let times: Vec<f64> = samples.iter().map(|s| sample_tool_ms(s, tools)).collect();
    median(&times)
}

/// The hook's own time in ms: the median over its runs of wall time minus
/// tool time.
pub fn own_ms(samples: &[Sample], tools: Option<&ToolCost>) -> f64 {
    let own: Vec<f64> = samples
        .iter()
        .map(|s| (ms(s.wall) - sample_tool_ms(s, tools)).max(0.0))
        .collect();
    median(&own)
}

/// Bytes as KiB.
#[allow(clippy::cast_precision_loss)]
pub fn kib(bytes: u64) -> String {
    format!("{:.0} KiB", bytes as f64 / 1024.0)
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use iface_sim::CallRecord;

    use super::{class_calls, paired_ratio};
    use crate::hook::Sample;

    fn sample(wall_ms: u64, tools: &[&str]) -> Sample {
        Sample {
            wall: Duration::from_millis(wall_ms),
            maxrss_kib: 0,
            ok: true,
            timed_out: false,
            calls: tools
                .iter()
                .map(|tool| CallRecord {
                    tool: (*tool).to_owned(),
                    ..CallRecord::default()
                })
                .collect(),
            store_bytes: 0,
            stderr_tail: String::new(),
        }
    }

    #[test]
    fn ratios_pair_runs_of_the_same_round() {
        // Round 2 ran under load for both: paired, it is a 10× like the
        // others; the ratio of the medians would say 5×.
        let base = [sample(10, &[]), sample(100, &[]), sample(10, &[])];
        let other = [sample(100, &[]), sample(1000, &[]), sample(100, &[])];
        assert!((paired_ratio(&base, &other) - 10.0).abs() < 1e-9);
        let lopsided = [sample(10, &[]), sample(20, &[]), sample(100, &[])];
        let against = [sample(50, &[]), sample(100, &[]), sample(500, &[])];
        assert!((paired_ratio(&lopsided, &against) - 5.0).abs() < 1e-9);
        // Runs without a partner are left out.
        assert!((paired_ratio(&base[..1], &other) - 10.0).abs() < 1e-9);
    }

    #[test]
    fn relation_calls_and_other_calls_are_counted_apart() {
        let samples = [sample(
            1,
            &[
                "juju-log",
                "relation-ids",
                "relation-get",
                "juju-log",
                "status-set",
            ],
        )];
        assert_eq!(
            class_calls(&samples, Sample::relation_calls),
            "2: relation-get 1, relation-ids 1"
        );
        assert_eq!(
            class_calls(&samples, Sample::other_calls),
            "3: juju-log 2, status-set 1"
        );
        let none = [
            sample(1, &["status-set"]),
            sample(1, &["relation-get", "status-set"]),
        ];
        assert_eq!(class_calls(&none, Sample::relation_calls), "0–1");
    }
}
