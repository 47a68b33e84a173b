//! The standalone harness (`framework/module/standalone.js`, the runtime and mount of a
//! module's own page) keeps the contract's names and limits.

use flotilla_contract::abi::STANDALONE_ATTR;
use flotilla_contract::bus::{
    MAX_PATCH_BYTES, MAX_STATE_BYTES, MAX_UPDATES_PER_SECOND, RUNTIME_GLOBAL, STATE_EVENT,
};

const HARNESS: &str = include_str!("../../module/standalone.js");

#[test]
fn the_standalone_harness_keeps_the_contracts_names_and_limits() {
    let declared = [
        format!("const RUNTIME_GLOBAL = \"{RUNTIME_GLOBAL}\";"),
        format!("const STATE_EVENT = \"{STATE_EVENT}\";"),
        format!("const MAX_PATCH_BYTES = {MAX_PATCH_BYTES};"),
        format!("const MAX_STATE_BYTES = {MAX_STATE_BYTES};"),
        format!("const MAX_UPDATES_PER_SECOND = {MAX_UPDATES_PER_SECOND};"),
        format!("const STANDALONE_ATTR = \"{STANDALONE_ATTR}\";"),
    ];
    for line in declared {
        assert!(
            HARNESS.contains(&line),
            "framework/module/standalone.js does not declare `{line}`"
        );
    }
}
