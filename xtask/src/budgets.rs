//! What an app's code may weigh: the target budgets, which the apps do not meet yet, and
//! the regression ceilings `cargo xtask test` enforces until they do.

use std::collections::BTreeMap;

use anyhow::{bail, Result};

use crate::rust::{self, Rust};
use crate::sizes::{kb, measure, Sizes};
use crate::workspace::metadata::SIZES_TABLE;
use crate::workspace::Workspace;

/// Target brotli budget of each module (wasm + JS + CSS), from issue 11.
pub const MODULE_TARGET: usize = 45 * 1024;
/// Target brotli budget of the shell at startup, from issue 11.
pub const SHELL_TARGET: usize = 60 * 1024;

/// A ceiling this much above an app's size (a fraction) is worth lowering.
const SLACK: f64 = 0.06;

/// How much more a stable build of an app may ship than its ceiling (which holds the pinned
/// nightly's build): stable builds measured 16-23 % larger than nightly ones.
pub const STABLE_ALLOWANCE: f64 = 0.25;

/// An app's target and the ceiling it is held to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// The target budget.
    pub target: usize,
    /// Bytes over which the size check fails.
    pub ceiling: usize,
    /// Whether the ceiling is the app's own (otherwise it is its target).
    pub recorded: bool,
    /// Whether the build was made with stable Rust (its ceiling has the allowance).
    pub stable: bool,
}

impl Limits {
    /// These limits for a build made with `rust`: a recorded ceiling grows by
    /// [`STABLE_ALLOWANCE`] for a stable build.
    pub fn for_rust(self, rust: Rust) -> Limits {
        if rust != Rust::Stable || !self.recorded {
            return self;
        }
        Limits {
            ceiling: (self.ceiling as f64 * (1.0 + STABLE_ALLOWANCE)).floor() as usize,
            stable: true,
            ..self
        }
    }
}

/// The limits of the app `name` (a module unless `is_module` is false): its target, and its
/// ceiling from `ceilings` (the workspace's `[workspace.metadata.flotilla-sizes]`), or its
/// target when it has none.
pub fn limits(name: &str, is_module: bool, ceilings: &BTreeMap<String, usize>) -> Limits {
    let target = if is_module {
        MODULE_TARGET
    } else {
        SHELL_TARGET
    };
    match ceilings.get(name) {
        Some(&ceiling) => Limits {
            target,
            ceiling,
            recorded: true,
            stable: false,
        },
        None => Limits {
            target,
            ceiling: target,
            recorded: false,
            stable: false,
        },
    }
}

/// One app's size against its limits.
#[derive(Debug, Clone)]
pub struct Check {
    /// The app.
    pub app: String,
    /// What its build ships.
    pub sizes: Sizes,
    /// What it may ship.
    pub limits: Limits,
}

/// What a size check says.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict {
    /// Within the target budget: passes.
    Met,
    /// Over the target, within the ceiling: passes; the target is not yet met.
    Holding,
    /// Over the ceiling: a regression, fails.
    Regressed,
}

impl Check {
    /// Met, holding or regressed.
    pub fn verdict(&self) -> Verdict {
        let size = self.sizes.brotli;
        if size > self.limits.ceiling {
            Verdict::Regressed
        } else if size <= self.limits.target {
            Verdict::Met
        } else {
            Verdict::Holding
        }
    }

    /// Whether the check passes (not over the ceiling).
    pub fn passed(&self) -> bool {
        self.verdict() != Verdict::Regressed
    }

    /// `ok`, or what is wrong with the ceiling.
    pub fn ceiling_mark(&self) -> String {
        let (size, limits) = (self.sizes.brotli, self.limits);
        if size > limits.ceiling {
            let by = kb(size - limits.ceiling);
            return if limits.recorded {
                format!(
                    "OVER by {by}: a regression (make it smaller, or raise its ceiling in \
                     Cargo.toml [workspace.metadata.{SIZES_TABLE}] saying why)"
                )
            } else {
                format!(
                    "OVER by {by}: no ceiling recorded, held to its target (or give it one in \
                     Cargo.toml [workspace.metadata.{SIZES_TABLE}])"
                )
            };
        }
        if limits.recorded
            && !limits.stable
            && (limits.ceiling as f64) > size as f64 * (1.0 + SLACK)
        {
            let lower = (size as f64 * 1.03).ceil() as usize;
            return format!("ok (shrank: lower its ceiling to {lower} bytes)");
        }
        "ok".to_owned()
    }

    /// `45 KB: met` or `45 KB: target, not yet met`.
    pub fn target_mark(&self) -> String {
        let met = if self.verdict() == Verdict::Met {
            "met"
        } else {
            "target, not yet met"
        };
        format!("{}: {met}", kb(self.limits.target))
    }

    /// `size an-app: 68.9 KB brotli (wasm …, JS …, CSS …), ceiling 71.0 KB: ok; 45.0 KB:
    /// target, not yet met`.
    pub fn line(&self) -> String {
        let s = self.sizes;
        format!(
            "size {}: {} brotli (wasm {}, JS {}, CSS {}), ceiling {}{}: {}; {}",
            self.app,
            kb(s.brotli),
            kb(s.wasm_brotli),
            kb(s.js_brotli),
            kb(s.css_brotli),
            kb(self.limits.ceiling),
            if self.limits.stable {
                format!(" (stable build: +{:.0} %)", STABLE_ALLOWANCE * 100.0)
            } else {
                String::new()
            },
            self.ceiling_mark(),
            self.target_mark()
        )
    }
}

/// Every built app's size check (the override panel's too), from its build in
/// `target/dist`; fails when the workspace has a ceiling for an app it does not build.
pub fn checks(ws: &Workspace) -> Result<Vec<Check>> {
    for name in ws.ceilings.keys() {
        if !ws.built().any(|a| &a.name == name) {
            bail!(
                "Cargo.toml: [workspace.metadata.{SIZES_TABLE}] {name}: no such app (the built \
                 apps are {})",
                ws.built()
                    .map(|a| a.name.as_str())
                    .collect::<Vec<_>>()
                    .join(", ")
            );
        }
    }
    ws.built()
        .map(|app| {
            Ok(Check {
                app: app.name.clone(),
                sizes: measure(app)?,
                limits: limits(&app.name, app.is_module(), &ws.ceilings)
                    .for_rust(rust::recorded(app.cargo_target_dir()).unwrap_or_default()),
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(brotli: usize, limits: Limits) -> Check {
        Check {
            app: "an-app".into(),
            sizes: Sizes {
                raw: 3 * brotli,
                gzip: 2 * brotli,
                brotli,
                wasm_brotli: brotli - 1024,
                js_brotli: 512,
                css_brotli: 512,
                lazy_brotli: 0,
            },
            limits,
        }
    }

    const HELD: Limits = Limits {
        target: 45 * 1024,
        ceiling: 70 * 1024,
        recorded: true,
        stable: false,
    };

    #[test]
    fn ok_a_stable_build_gets_the_allowance_and_says_so() {
        let stable = HELD.for_rust(Rust::Stable);
        assert_eq!(stable.ceiling, 89_600);
        let line = check(80 * 1024, stable).line();
        assert!(
            line.contains("ceiling 87.5 KB (stable build: +25 %): ok;"),
            "{line}"
        );
        assert_eq!(HELD.for_rust(Rust::Nightly), HELD);
        let unrecorded = limits("beta-app", true, &BTreeMap::new());
        assert_eq!(unrecorded.for_rust(Rust::Stable), unrecorded);
    }

    #[test]
    fn ok_under_the_ceiling_passes_and_says_whether_the_target_is_met() {
        assert_eq!(check(45 * 1024, HELD).verdict(), Verdict::Met);
        assert!(check(45 * 1024, HELD).target_mark().ends_with(": met"));
        let holding = check(69 * 1024, HELD);
        assert_eq!(holding.verdict(), Verdict::Holding);
        assert!(holding.passed());
        assert_eq!(
            holding.line(),
            "size an-app: 69.0 KB brotli (wasm 68.0 KB, JS 0.5 KB, CSS 0.5 KB), ceiling 70.0 KB: \
             ok; 45.0 KB: target, not yet met"
        );
        assert_eq!(check(70 * 1024, HELD).verdict(), Verdict::Holding);
    }

    #[test]
    fn bad_over_the_ceiling_fails_as_a_regression() {
        let over = check(70 * 1024 + 1, HELD);
        assert_eq!(over.verdict(), Verdict::Regressed);
        assert!(!over.passed());
        assert!(
            over.line()
                .contains("ceiling 70.0 KB: OVER by 0.0 KB: a regression"),
            "{}",
            over.line()
        );
    }

    #[test]
    fn ok_a_shrunk_app_is_told_to_lower_its_ceiling() {
        let mark = check(60 * 1024, HELD).ceiling_mark();
        assert_eq!(mark, "ok (shrank: lower its ceiling to 63284 bytes)");
    }

    #[test]
    fn bad_an_app_without_a_ceiling_is_held_to_its_target() {
        let ceilings = BTreeMap::from([("alpha-app".to_owned(), 70 * 1024)]);
        assert_eq!(limits("alpha-app", true, &ceilings), HELD);
        let module = limits("beta-app", true, &ceilings);
        assert_eq!(module.ceiling, MODULE_TARGET);
        assert!(!module.recorded);
        assert_eq!(limits("page", false, &ceilings).ceiling, SHELL_TARGET);
        let over = check(46 * 1024, module);
        assert!(!over.passed());
        assert!(
            over.ceiling_mark().contains("no ceiling recorded"),
            "{}",
            over.ceiling_mark()
        );
    }
}
