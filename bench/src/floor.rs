//! The process floor of a hook: the least it can cost on this machine. A
//! hook is a process and so is every hook tool call it makes, so no
//! implementation of a hook making `calls` calls takes less than
//! `(1 + calls)` spawns of `/bin/true` (plus `calls` times the tools'
//! delay). The targets measure iface against the floor at the protocol's
//! minimum of calls, since only a hook that makes no call it does not need
//! can come near it.

use crate::charms::Step;
use crate::hook::Sample;

/// The protocol's minimum of relation tool calls ([`crate::hook::is_relation_tool`])
/// for an http hook: one per read or write it needs. `-joined` needs one
/// (the provider's write of its settings, the requirer's read of the
/// remote unit's), `-changed` one (the read of the remote unit's bag,
/// whether or not anything changed); `-created` needs none (the relation
/// id is in the environment), nor do `-departed` and `-broken` (the unit
/// or relation that left is in the environment, and what the charm knew
/// about it is in its store), nor the hooks that are no relation hooks.
pub fn minimum_relation_calls(step: Step) -> usize {
    match step {
        Step::Joined | Step::Changed | Step::Unchanged => 1,
        Step::Install | Step::Created | Step::ConfigChanged | Step::Departed | Step::Broken => 0,
    }
}

/// The calls a hook of `step` makes at the protocol's minimum: the
/// minimum of relation calls, and the other calls `sample` made (what the
/// charm asked for, such as a `status-set`), as made.
pub fn minimum_calls(step: Step, sample: &Sample) -> usize {
    minimum_relation_calls(step) + sample.other_calls().values().sum::<usize>()
}

/// The relation calls `sample` made beyond the protocol's minimum for
/// `step`.
pub fn relation_calls_over_minimum(step: Step, sample: &Sample) -> usize {
    let made: usize = sample.relation_calls().values().sum();
    made.saturating_sub(minimum_relation_calls(step))
}

/// The least a hook making `calls` tool calls can take, in ms: its own
/// process and one per call, each at least `spawn_ms`, plus the tools'
/// delay per call.
#[allow(clippy::cast_precision_loss)]
pub fn floor_ms(spawn_ms: f64, calls: usize, delay_ms: u64) -> f64 {
    (1.0 + calls as f64) * spawn_ms + calls as f64 * delay_ms as f64
}

#[cfg(test)]
mod tests {
    use super::{floor_ms, minimum_relation_calls};
    use crate::charms::Step;

    #[test]
    fn the_floor_is_one_spawn_per_process_and_the_delay_per_call() {
        assert!((floor_ms(1.0, 0, 20) - 1.0).abs() < 1e-9);
        assert!((floor_ms(1.5, 2, 20) - 44.5).abs() < 1e-9);
    }

    #[test]
    fn only_joined_and_changed_need_a_relation_call() {
        let needing: Vec<Step> = Step::ALL
            .into_iter()
            .filter(|step| minimum_relation_calls(*step) > 0)
            .collect();
        assert_eq!(needing, [Step::Joined, Step::Changed, Step::Unchanged]);
    }
}
