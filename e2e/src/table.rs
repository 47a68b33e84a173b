//! The fault table: each chaos or hardening case writes its row to `target/chaos/rows/`;
//! `cargo xtask test` assembles them into `target/chaos/table.md` and prints it.

use std::future::Future;
use std::panic::AssertUnwindSafe;

use anyhow::{anyhow, Context, Result};
use futures::FutureExt;

/// One line of the table: what was done, to which module, what the page showed, how it
/// recovered. The other module and the shell were checked to work (the case fails if not).
pub struct Row {
    /// The fault, in a few words.
    pub fault: &'static str,
    /// The module broken, or the module the hostile script or origin posed as.
    pub module: &'static str,
    /// What the broken slot shows (or what the page did instead).
    pub shown: String,
    /// How the module comes back (or what keeps running).
    pub recovery: String,
}

/// Runs one case, writes its row (`<order>-<name>.md`; a failure or a panic is a
/// NOT SURVIVED row), then fails the test if the fault was not survived.
pub async fn record(order: u32, name: &str, case: impl Future<Output = Result<Row>>) {
    let result = match AssertUnwindSafe(case).catch_unwind().await {
        Ok(result) => result,
        Err(panic) => Err(anyhow!(panic_text(&panic))),
    };
    let row = match &result {
        Ok(r) => format!(
            "| {} | {} | {} | works | works | {} |",
            r.fault, r.module, r.shown, r.recovery
        ),
        Err(e) => format!("| {name} | | NOT SURVIVED: {e:#} | | | |"),
    };
    let dir = crate::ws().target.join("chaos/rows");
    let file = dir.join(format!("{order:02}-{}.md", name.replace(' ', "-")));
    std::fs::create_dir_all(&dir)
        .and_then(|()| std::fs::write(&file, row + "\n"))
        .context("write the fault table row")
        .unwrap();
    if let Err(e) = result {
        panic!("not survived: {name}: {e:#}");
    }
}

fn panic_text(panic: &Box<dyn std::any::Any + Send>) -> String {
    panic
        .downcast_ref::<String>()
        .cloned()
        .or_else(|| panic.downcast_ref::<&str>().map(|s| (*s).to_owned()))
        .unwrap_or_else(|| "panicked".into())
}

/// One `#[tokio::test]` per fault, each recording its row:
/// `order "name" => test_fn(case_fn);` where `case_fn` is an `async fn() -> Result<Row>`.
#[macro_export]
macro_rules! faults {
    ($($order:literal $name:literal => $test:ident($case:ident);)*) => {$(
        #[tokio::test]
        async fn $test() {
            $crate::table::record($order, $name, $case()).await;
        }
    )*};
}
