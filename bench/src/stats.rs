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
    let w = walls(samples);
    if w.is_empty() {
        return "–".to_owned();
    }
    let min = w.iter().copied().fold(f64::INFINITY, f64::min);
    let max = w.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    format!("{} [{}–{}]", num(median(&w)), num(min), num(max))
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

/// Tool calls of the samples: the total (or `a–b` if runs differ).
pub fn call_count(samples: &[Sample]) -> String {
    let counts: Vec<usize> = samples.iter().map(|s| s.calls.len()).collect();
    let (Some(min), Some(max)) = (counts.iter().min(), counts.iter().max()) else {
        return "–".to_owned();
    };
    if min == max {
        min.to_string()
    } else {
        format!("{min}–{max}")
    }
}

/// Calls by tool of the first sample, e.g. `relation-get 1, relation-set 1`.
pub fn by_tool(samples: &[Sample]) -> String {
    let Some(first) = samples.first() else {
        return "–".to_owned();
    };
    by_tool_map(&first.calls_by_tool())
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
