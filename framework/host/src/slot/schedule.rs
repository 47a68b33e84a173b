//! When each watched slot checks its manifest next: the pure part of the update clock.
//!
//! One clock serves every slot of a page. Checks fall on a common grid: a slot whose check
//! succeeded is due one interval after the tick it was checked on, so the slots of a page
//! check together, in one wake-up, however many there are. A slot whose check failed backs off
//! alone (the interval doubles up to the maximum) and rejoins the grid when it succeeds. The
//! grid starts at a random phase within the first interval, so pages opened together (or
//! reloaded after one deploy) do not poll an origin in step.

use flotilla_contract::policy::WatchPolicy;

/// Due times of the watched slots, in milliseconds on the page's clock.
#[derive(Debug, Clone)]
pub struct Schedule {
    policy: WatchPolicy,
    due: Vec<f64>,
    failures: Vec<u32>,
}

impl Schedule {
    /// `slots` slots, first due at `now` + `phase` × the interval (`phase` in 0..1).
    pub fn new(policy: WatchPolicy, slots: usize, now: f64, phase: f64) -> Self {
        let first = now + f64::from(policy.interval_ms) * phase.clamp(0.0, 1.0);
        Schedule {
            policy,
            due: vec![first; slots],
            failures: vec![0; slots],
        }
    }

    /// When the clock should next wake (`None` when no slot is watched).
    pub fn next_tick(&self) -> Option<f64> {
        self.due.iter().copied().reduce(f64::min)
    }

    /// The slots due at `now`, in slot order.
    pub fn due(&self, now: f64) -> Vec<usize> {
        (0..self.due.len())
            .filter(|&i| self.due[i] <= now)
            .collect()
    }

    /// Records the check of `slot` made on the tick at `tick`; returns the delay to its next
    /// check.
    pub fn checked(&mut self, slot: usize, tick: f64, ok: bool) -> u32 {
        self.failures[slot] = if ok { 0 } else { self.failures[slot] + 1 };
        let delay = self.policy.delay_ms(self.failures[slot]);
        self.due[slot] = tick + f64::from(delay);
        delay
    }

    /// Forgets `slot` (its task is gone): it is never due again.
    pub fn drop_slot(&mut self, slot: usize) {
        self.due[slot] = f64::INFINITY;
    }

    /// Whether no slot is watched any more.
    pub fn is_empty(&self) -> bool {
        self.due.iter().all(|d| d.is_infinite())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn policy() -> WatchPolicy {
        WatchPolicy {
            interval_ms: 1_000,
            max_interval_ms: 4_000,
            suggest_reload_after: 0,
        }
    }

    #[test]
    fn all_slots_fall_on_one_tick() {
        let mut s = Schedule::new(policy(), 32, 0.0, 0.25);
        assert_eq!(s.next_tick(), Some(250.0));
        assert!(s.due(249.0).is_empty());
        let due = s.due(250.0);
        assert_eq!(due.len(), 32);
        // Answers arrive at different times; the next tick is still one for all.
        for slot in due {
            s.checked(slot, 250.0, true);
        }
        assert_eq!(s.next_tick(), Some(1_250.0));
        assert_eq!(s.due(1_250.0).len(), 32);
    }

    #[test]
    fn a_failing_slot_backs_off_alone_and_rejoins_the_grid() {
        let mut s = Schedule::new(policy(), 3, 0.0, 0.0);
        assert_eq!(s.checked(0, 0.0, true), 1_000);
        assert_eq!(s.checked(1, 0.0, false), 2_000);
        assert_eq!(s.checked(2, 0.0, true), 1_000);
        assert_eq!(s.due(1_000.0), vec![0, 2]);
        s.checked(0, 1_000.0, true);
        s.checked(2, 1_000.0, true);
        assert_eq!(s.due(2_000.0), vec![0, 1, 2]);
        assert_eq!(s.checked(1, 2_000.0, false), 4_000);
        assert_eq!(s.checked(1, 6_000.0, false), 4_000, "capped at the maximum");
        assert_eq!(s.checked(1, 10_000.0, true), 1_000);
        s.checked(0, 10_000.0, true);
        s.checked(2, 10_000.0, true);
        assert_eq!(s.due(11_000.0), vec![0, 1, 2], "back on the common tick");
    }

    #[test]
    fn dropped_slots_are_never_due() {
        let mut s = Schedule::new(policy(), 2, 0.0, 0.0);
        s.drop_slot(0);
        assert_eq!(s.due(5_000.0), vec![1]);
        s.drop_slot(1);
        assert!(s.is_empty());
        assert_eq!(s.next_tick(), Some(f64::INFINITY));
    }

    #[test]
    fn the_phase_is_within_the_first_interval() {
        assert_eq!(
            Schedule::new(policy(), 1, 10.0, 7.0).next_tick(),
            Some(1_010.0)
        );
        assert_eq!(
            Schedule::new(policy(), 1, 10.0, -1.0).next_tick(),
            Some(10.0)
        );
        assert_eq!(Schedule::new(policy(), 0, 10.0, 0.5).next_tick(), None);
    }
}
