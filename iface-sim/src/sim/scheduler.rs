//! Which due hook runs next: first come first served, or a seeded choice
//! among every hook that may legally run now.

/// A small deterministic generator (`SplitMix64`): enough to pick among a
/// handful of hooks, the same on every platform, and no dependency.
#[derive(Debug, Clone)]
pub struct SplitMix64 {
    state: u64,
}

impl SplitMix64 {
    /// A generator started at `seed`.
    pub fn new(seed: u64) -> SplitMix64 {
        SplitMix64 { state: seed }
    }

    /// The next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        self.state = self.state.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.state;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `0..n` (`n > 0`); the modulo bias is irrelevant for
    /// picking among a few hooks.
    pub fn below(&mut self, n: usize) -> usize {
        // usize is at most 64 bits on every supported target.
        let n = n as u64;
        usize::try_from(self.next_u64() % n).unwrap_or(0)
    }
}

/// How the simulation picks the next hook among those due.
#[derive(Debug, Clone)]
pub enum Scheduler {
    /// The hook that became due first.
    Fifo,
    /// A hook chosen by a generator seeded with the given seed, among all
    /// that may legally run now.
    Seeded(SplitMix64),
}

impl Scheduler {
    /// Seed 0 is [`Scheduler::Fifo`]; any other seed shuffles.
    pub fn from_seed(seed: u64) -> Scheduler {
        if seed == 0 {
            Scheduler::Fifo
        } else {
            Scheduler::Seeded(SplitMix64::new(seed))
        }
    }

    /// The index of the hook to run among `due` hooks (`due > 0`), which
    /// are in the order they became due.
    pub fn pick(&mut self, due: usize) -> usize {
        match self {
            Scheduler::Fifo => 0,
            Scheduler::Seeded(rng) => rng.below(due),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_generator_is_splitmix64() {
        // Reference values of SplitMix64 from seed 1234567.
        let mut rng = SplitMix64::new(1_234_567);
        assert_eq!(rng.next_u64(), 6_457_827_717_110_365_317);
        assert_eq!(rng.next_u64(), 3_203_168_211_198_807_973);
    }

    #[test]
    fn seed_zero_is_fifo() {
        let mut fifo = Scheduler::from_seed(0);
        assert_eq!((0..5).map(|_| fifo.pick(3)).collect::<Vec<_>>(), [0; 5]);
        let mut seeded = Scheduler::from_seed(7);
        let picks: Vec<usize> = (0..50).map(|_| seeded.pick(3)).collect();
        assert!(picks.iter().all(|&i| i < 3));
        assert!((0..3).all(|i| picks.contains(&i)), "{picks:?}");
    }
}
