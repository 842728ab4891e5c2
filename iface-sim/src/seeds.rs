//! Seeded sweeps: one simulation per seed, the seeds spread over the
//! machine's cores, so that a thousand interleavings are one test.

use std::ops::RangeInclusive;

/// Runs `run` once per seed in `seeds`, in as many threads as the machine
/// has cores, and returns what each run returned, in seed order. A panic in
/// any run (a failed assertion) fails the caller once every thread ended.
///
/// ```
/// let squares = iface_sim::seeds::across_cores(1..=4, |seed| seed * seed);
/// assert_eq!(squares, [1, 4, 9, 16]);
/// ```
pub fn across_cores<T: Send>(seeds: RangeInclusive<u64>, run: impl Fn(u64) -> T + Sync) -> Vec<T> {
    let seeds: Vec<u64> = seeds.collect();
    let threads = std::thread::available_parallelism().map_or(1, usize::from);
    let chunk = seeds.len().div_ceil(threads).max(1);
    let run = &run;
    std::thread::scope(|scope| {
        let handles: Vec<_> = seeds
            .chunks(chunk)
            .map(|part| scope.spawn(move || part.iter().map(|&seed| run(seed)).collect::<Vec<T>>()))
            .collect();
        handles
            .into_iter()
            .flat_map(|handle| {
                handle
                    .join()
                    .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
            })
            .collect()
    })
}
