//! The precompute: round trips, and deltas as `deploy` writes them.

use super::*;
use crate::deploy::{self, tests::build, VERSIONS};

fn lorem(seed: u32, len: usize) -> Vec<u8> {
    // Text with structure but little repetition, so plain brotli cannot shrink it much.
    let mut x = seed.wrapping_mul(2_654_435_761).max(1);
    (0..len)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 17;
            x ^= x << 5;
            b'a' + (x % 26) as u8
        })
        .collect()
}

#[test]
fn ok_a_delta_decodes_with_its_dictionary_to_the_new_file() {
    let old = lorem(1, 100_000);
    let mut new = old.clone();
    new[50_000..50_010].copy_from_slice(b"0123456789");
    new.extend_from_slice(b"a new tail");
    let body = encode(&new, &old).unwrap();
    assert_eq!(body[..4], DCB_MAGIC);
    assert_eq!(body[4..36], Sha256::digest(&old)[..]);
    assert!(body.len() < 1_000, "{} bytes", body.len());
    assert_eq!(decode(&body, &old).unwrap(), new);
    let err = decode(&body, &new).unwrap_err();
    assert!(err.to_string().contains("another dictionary"), "{err}");
}

#[test]
fn ok_available_dictionary_is_parsed_and_mapped_to_folders() {
    let id = dictionary_id(b"x");
    assert_eq!(
        parse_available_dictionary(&format!(":{id}:")),
        Some(id.as_str())
    );
    for bad in [
        id.clone(),
        format!(":{id}"),
        ":abc=:".into(),
        format!(":{}.:", &id[..43]),
    ] {
        assert_eq!(parse_available_dictionary(&bad), None, "{bad}");
    }
    assert_eq!(
        path_in_version("/ab//cd+e=", "x.wasm"),
        Path::new(".deltas/ab/cd+e=/x.wasm")
    );
}

#[test]
fn ok_css_pairs_by_stem_and_stems_drop_the_hash() {
    assert_eq!(stem("style-0123456789abcdef.css"), "style");
    assert_eq!(stem("alpha-app-0123456789abcdef_bg.wasm"), "alpha-app");
    assert_eq!(stem("plain.css"), "plain");
}

/// Publishes builds 1.0.0, 2.0.0, … of one large code text with a small change each, with
/// deltas against `count` versions; returns the origin and the version ids.
fn publish_versions(n: usize, count: usize) -> (tempfile::TempDir, Vec<String>) {
    let tmp = tempfile::tempdir().unwrap();
    let origin = tmp.path().join("origin");
    let base = String::from_utf8(lorem(7, 60_000)).unwrap();
    let ids = (1..=n)
        .map(|i| {
            let dist = tmp.path().join(format!("b{i}"));
            build(&dist, &format!("{i}.0.0"), &format!("{base} version {i}"));
            deploy::publish_with(&origin, &dist, count).unwrap()
        })
        .collect();
    (tmp, ids)
}

fn folder(tmp: &tempfile::TempDir, id: &str) -> PathBuf {
    tmp.path().join("origin").join(VERSIONS).join(id)
}

/// The dictionaries (their ids) a version has a delta of `file` against.
fn dictionaries(version: &Path, file: &str) -> Vec<String> {
    let mut found = Vec::new();
    let deltas = version.join(DELTAS);
    if deltas.exists() {
        crate::files::walk(&deltas, &mut |p| {
            if p.file_name().is_some_and(|n| n == file) {
                let rel = p.parent().unwrap().strip_prefix(&deltas).unwrap();
                found.push(rel.to_string_lossy().into_owned());
            }
        })
        .unwrap();
    }
    found.sort();
    found
}

#[test]
fn ok_deploy_writes_deltas_that_decode_to_the_new_files() {
    let (tmp, ids) = publish_versions(2, DEFAULT_COUNT);
    let (v1, v2) = (folder(&tmp, &ids[0]), folder(&tmp, &ids[1]));
    assert!(
        !v1.join(DELTAS).exists(),
        "the first version has nothing to delta against"
    );
    for file in ["h_bg.wasm", "h.js"] {
        let old = fs::read(v1.join(file)).unwrap();
        let new = fs::read(v2.join(file)).unwrap();
        let delta = fs::read(v2.join(path_in_version(&dictionary_id(&old), file))).unwrap();
        assert_eq!(decode(&delta, &old).unwrap(), new, "{file}");
        let plain = crate::precompress::brotli(&new).unwrap();
        assert!(
            delta.len() * 10 < plain.len(),
            "{file}: delta {} bytes, brotli {}",
            delta.len(),
            plain.len()
        );
    }
}

#[test]
fn ok_deltas_reach_back_n_versions_and_no_further() {
    let (tmp, ids) = publish_versions(5, 2);
    let wasm_id =
        |id: &String| dictionary_id(&fs::read(folder(&tmp, id).join("h_bg.wasm")).unwrap());
    let latest = folder(&tmp, &ids[4]);
    let mut expected = vec![wasm_id(&ids[3]), wasm_id(&ids[2])]
        .into_iter()
        .map(|id| {
            path_in_version(&id, "x")
                .parent()
                .unwrap()
                .strip_prefix(DELTAS)
                .unwrap()
                .to_string_lossy()
                .into_owned()
        })
        .collect::<Vec<_>>();
    expected.sort();
    assert_eq!(dictionaries(&latest, "h_bg.wasm"), expected);

    let (tmp, ids) = publish_versions(2, 0);
    assert!(
        !folder(&tmp, &ids[1]).join(DELTAS).exists(),
        "--deltas 0 writes none"
    );
}

#[test]
fn ok_a_versions_deltas_stay_as_later_versions_come() {
    let (tmp, ids) = publish_versions(2, 1);
    let v2 = folder(&tmp, &ids[1]);
    let before = dictionaries(&v2, "h_bg.wasm");
    assert_eq!(before.len(), 1);
    let delta = v2.join(DELTAS).join(&before[0]).join("h_bg.wasm");
    let bytes = fs::read(&delta).unwrap();
    let origin = tmp.path().join("origin");
    for i in 3..=5 {
        let dist = tmp.path().join(format!("later{i}"));
        build(&dist, &format!("{i}.0.0"), &format!("later {i}"));
        deploy::publish_with(&origin, &dist, 1).unwrap();
    }
    assert_eq!(dictionaries(&v2, "h_bg.wasm"), before);
    assert_eq!(fs::read(&delta).unwrap(), bytes);
}

#[test]
fn ok_a_rolled_back_version_is_a_base_for_the_next() {
    let (tmp, ids) = publish_versions(2, 1);
    let origin = tmp.path().join("origin");
    deploy::rollback(&origin, Some(&ids[0])).unwrap();
    let dist = tmp.path().join("b3");
    build(&dist, "3.0.0", "three");
    let id3 = deploy::publish_with(&origin, &dist, 1).unwrap();
    let v1_wasm = fs::read(folder(&tmp, &ids[0]).join("h_bg.wasm")).unwrap();
    let v3 = folder(&tmp, &id3);
    assert!(
        v3.join(path_in_version(&dictionary_id(&v1_wasm), "h_bg.wasm"))
            .exists(),
        "the version current before the deploy (rolled back to) is its base"
    );
}
