//! Any bytes as a manifest: parsing returns a manifest or an error, never panics or hangs;
//! whatever it accepts obeys the limits (relative paths, sha384 integrity, bounded strings).
#![no_main]

use flotilla_contract::Manifest;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if let Ok(m) = Manifest::from_json(text) {
        for asset in [&m.assets.js, &m.assets.wasm].into_iter().chain(&m.assets.css) {
            assert!(!asset.file.contains(':'), "scheme accepted: {}", asset.file);
            assert!(!asset.file.starts_with('/'), "absolute path accepted");
            assert!(!asset.file.split('/').any(|s| s == ".."), "path escape accepted");
            assert!(asset.integrity.starts_with("sha384-"));
        }
        assert!(m.name.len() <= 64 && m.version.len() <= 64);
    }
});
