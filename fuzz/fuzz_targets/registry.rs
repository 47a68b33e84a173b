//! Any bytes as a registry (`remotes.json`): an error or a registry whose manifest URLs are
//! absolute http(s) URLs; never a panic or a hang.
#![no_main]

use flotilla_contract::Registry;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if let Ok(r) = Registry::from_json(text) {
        for remote in &r.remotes {
            let m = &remote.manifest;
            assert!(m.starts_with("http://") || m.starts_with("https://"), "{m}");
        }
    }
});
