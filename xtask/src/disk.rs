//! Free disk space where the builds go: the test command prints it beside each step, so a run
//! that fills the disk says so before the linker fails with a bus error.

use std::path::Path;

/// Below this much free space the test command warns: a full run from a clean clone leaves
/// about 5 GB under `target/` (wasm builds, test binaries, fuzz builds), and the tools it
/// installs take about as much again on a bare machine.
pub const RUN_NEEDS: u64 = 10 << 30;

/// Bytes free to an unprivileged user on the file system holding `path` (or its nearest
/// existing ancestor); `None` if it cannot be read.
pub fn free(path: &Path) -> Option<u64> {
    let existing = path.ancestors().find(|p| p.exists())?;
    let stat = rustix::fs::statvfs(existing).ok()?;
    Some(stat.f_bavail.saturating_mul(stat.f_frsize))
}

/// "12.3 GB free" for `path`, or why it is unknown.
pub fn describe(path: &Path) -> String {
    match free(path) {
        Some(bytes) => format!("{:.1} GB free", bytes as f64 / 1e9),
        None => "free space unknown".to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::{describe, free};

    #[test]
    fn ok_free_space_of_a_missing_folder_is_its_parents() {
        let tmp = tempfile::tempdir().unwrap();
        let here = free(tmp.path()).expect("statvfs of a temp folder");
        assert!(here > 0);
        let missing = tmp.path().join("not/yet/made");
        let there = free(&missing).expect("read from the nearest existing folder");
        // Same file system: the figures are within what another process wrote in between.
        assert!(here.abs_diff(there) < 1 << 30, "{here} vs {there}");
        assert!(
            describe(&missing).ends_with(" GB free"),
            "{}",
            describe(&missing)
        );
    }
}
