//! How patiently a host loads a module: a timeout per phase, and retries for transient failures.

use serde::{Deserialize, Serialize};

/// Timeouts and retries for loading modules (the registry's `loading` field).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "wire", derive(flotilla_wire::Wire))]
#[serde(default, deny_unknown_fields)]
pub struct LoadPolicy {
    /// How long each phase may take.
    pub timeouts: Timeouts,
    /// How transient failures are retried.
    pub retry: RetryPolicy,
}

/// Milliseconds each phase of a load may take before it is abandoned.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "wire", derive(flotilla_wire::Wire))]
#[serde(default, deny_unknown_fields)]
pub struct Timeouts {
    /// Fetching the manifest (until its body is read).
    pub manifest_ms: u32,
    /// Fetching and verifying the glue and the wasm.
    pub fetch_ms: u32,
    /// Importing the glue and compiling and instantiating the wasm.
    pub init_ms: u32,
    /// Loading the module's styles and calling its mount function.
    pub mount_ms: u32,
}

impl Default for Timeouts {
    fn default() -> Self {
        Timeouts {
            manifest_ms: 5_000,
            fetch_ms: 20_000,
            init_ms: 10_000,
            mount_ms: 5_000,
        }
    }
}

/// Exponential backoff with jitter, for network errors, timeouts and 5xx answers only.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "wire", derive(flotilla_wire::Wire))]
#[serde(default, deny_unknown_fields)]
pub struct RetryPolicy {
    /// Attempts in all, the first one included (1 = no retry).
    pub attempts: u32,
    /// Delay before the first retry, before jitter.
    pub base_delay_ms: u32,
    /// Largest delay between two attempts.
    pub max_delay_ms: u32,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        RetryPolicy {
            attempts: 3,
            base_delay_ms: 250,
            max_delay_ms: 4_000,
        }
    }
}

impl RetryPolicy {
    /// Delay before retry number `retry` (1 = the first retry), given `random` in `[0, 1)`.
    ///
    /// The ceiling doubles with each retry up to `max_delay_ms`; the delay is drawn from its
    /// upper half ("equal jitter"), so clients that failed together do not retry together.
    pub fn delay_ms(&self, retry: u32, random: f64) -> u32 {
        let doublings = retry.saturating_sub(1).min(31);
        let ceiling = u64::from(self.base_delay_ms)
            .saturating_mul(1 << doublings)
            .min(u64::from(self.max_delay_ms)) as f64;
        let random = random.clamp(0.0, 1.0);
        (ceiling / 2.0 + random * ceiling / 2.0).round() as u32
    }
}

/// How a host watches module manifests for new versions (the registry's `updates` field).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "wire", derive(flotilla_wire::Wire))]
#[serde(default, deny_unknown_fields)]
pub struct WatchPolicy {
    /// Time between two checks of a manifest (a conditional request: 304 when unchanged).
    pub interval_ms: u32,
    /// Longest time between checks while checks fail (the interval doubles up to it).
    pub max_interval_ms: u32,
    /// After this many replaced module instances that could not be released (their glue has
    /// no release export), the page suggests a reload: those keep their memory (0: never
    /// suggest).
    pub suggest_reload_after: u32,
}

impl Default for WatchPolicy {
    fn default() -> Self {
        WatchPolicy {
            interval_ms: 30_000,
            max_interval_ms: 300_000,
            suggest_reload_after: 20,
        }
    }
}

impl WatchPolicy {
    /// The wait after `failures` checks in a row failed.
    pub fn delay_ms(&self, failures: u32) -> u32 {
        let grown = u64::from(self.interval_ms) << failures.min(16);
        grown.min(u64::from(self.max_interval_ms.max(self.interval_ms))) as u32
    }
}

/// The page's offline tier (the registry's `offline` field): a service worker on the shell's
/// origin keeps verified code and the last good page, registry and manifests.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "wire", derive(flotilla_wire::Wire))]
#[serde(default, deny_unknown_fields)]
pub struct OfflinePolicy {
    /// Whether the page registers the worker (`false` unregisters one left by earlier visits).
    pub enabled: bool,
    /// Cached code that neither a manifest nor a page used for this long is evicted.
    pub evict_after_s: u32,
    /// How long a request for a manifest, the registry or the page waits for the network
    /// before the last good copy is used.
    pub deadline_ms: u32,
}

impl Default for OfflinePolicy {
    fn default() -> Self {
        OfflinePolicy {
            enabled: true,
            evict_after_s: 7 * 86_400,
            deadline_ms: 3_000,
        }
    }
}

/// What a slot does when its module's manifest names a new version.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "wire", derive(flotilla_wire::Wire))]
#[serde(rename_all = "lowercase")]
pub enum UpdateMode {
    /// Swap to it at once.
    Auto,
    /// Offer it: "new version available — Update".
    #[default]
    Prompt,
    /// Do not watch.
    Off,
}

/// When a host fetches (and verifies, without running) the code of a module that is not on
/// the current route.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "wire", derive(flotilla_wire::Wire))]
#[serde(rename_all = "lowercase")]
pub enum Prefetch {
    /// Once the first route is on screen, the network has been quiet for half a second and
    /// the browser is idle.
    #[default]
    Idle,
    /// When a link to one of its routes is hovered or focused.
    Hover,
    /// Only when its route is entered.
    None,
}

/// Shortest watch interval a registry may set.
pub const MIN_WATCH_MS: u32 = 200;
/// Longest watch interval a registry may set (a day).
pub const MAX_WATCH_MS: u32 = 86_400_000;

/// Longest timeout or delay a registry may set, so a typo cannot make a page wait for hours.
pub const MAX_TIMEOUT_MS: u32 = 120_000;
/// Longest time cached code may go unused before it is evicted (a year).
pub const MAX_EVICT_S: u32 = 366 * 86_400;
/// Most attempts a registry may ask for.
pub const MAX_ATTEMPTS: u32 = 10;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn delays_double_up_to_the_ceiling_and_stay_in_its_upper_half() {
        let p = RetryPolicy {
            attempts: 5,
            base_delay_ms: 100,
            max_delay_ms: 1_000,
        };
        assert_eq!(p.delay_ms(1, 0.0), 50);
        assert_eq!(p.delay_ms(1, 0.999_999), 100);
        assert_eq!(p.delay_ms(2, 0.0), 100);
        assert_eq!(p.delay_ms(3, 0.0), 200);
        assert_eq!(p.delay_ms(4, 1.0), 800);
        assert_eq!(p.delay_ms(5, 1.0), 1_000, "capped");
        assert_eq!(
            p.delay_ms(40, 0.5),
            750,
            "no overflow on absurd retry numbers"
        );
    }

    #[test]
    fn watch_backs_off_on_failures_up_to_its_ceiling() {
        let w = WatchPolicy {
            interval_ms: 1_000,
            max_interval_ms: 5_000,
            suggest_reload_after: 0,
        };
        assert_eq!(w.delay_ms(0), 1_000);
        assert_eq!(w.delay_ms(1), 2_000);
        assert_eq!(w.delay_ms(2), 4_000);
        assert_eq!(w.delay_ms(3), 5_000);
        assert_eq!(w.delay_ms(99), 5_000);
    }

    #[test]
    fn jitter_spreads_clients_apart() {
        let p = RetryPolicy::default();
        let a = p.delay_ms(2, 0.1);
        let b = p.delay_ms(2, 0.9);
        assert!(b > a + 150, "{a} vs {b}");
    }
}
