//! Delta updates (Compression Dictionary Transport): an open page downloads a deployed header
//! as `dcb` deltas against the version it runs, integrity still checks what they decode to,
//! and clients without a matching dictionary get the normal files.

use crate::support;

use std::path::Path;

use flotilla_contract::policy::UpdateMode;
use flotilla_contract::{Manifest, Registry};
use flotilla_e2e::{http, point, stack_with, Browser, DeployedOrigin};
use serde_json::{json, Value};
use support::{header_v2_dist, HEADER_V2};
use xtask::delta;
use xtask::serve::Stack;

/// The most a header update's wasm may cost on the wire (the issue's target).
const WIRE_BUDGET: u64 = 10_000;

/// The page, with its header from `origin` and checked for updates every 300 ms.
async fn page(origin: &DeployedOrigin) -> (Stack, Browser) {
    let url = origin.manifest_url();
    let stack = stack_with(|r: &mut Registry| {
        point(r, "header-app", &url);
        r.remotes[0].update = UpdateMode::Auto;
        r.updates.interval_ms = 300;
        r.updates.max_interval_ms = 2_000;
        // The encodings are read from the page's resource timings, which show nothing of a
        // download the offline tier's worker made for the page (README, Known gaps).
        r.offline.enabled = false;
    })
    .await;
    let browser = Browser::open_at(&stack.shell_url()).await.unwrap();
    browser.wait_slot_version("header", "1.0.0").await.unwrap();
    browser.wait_slot("header", "mounted").await.unwrap();
    (stack, browser)
}

fn manifest_of(version: &Path) -> Manifest {
    xtask::deploy::read_manifest(&version.join("mf-manifest.json")).unwrap()
}

/// What the browser's resource timing says of `url`'s download (the entry with the most bytes on
/// the wire; a stylesheet link re-reads the host's response from the cache): `{ encoding,
/// transfer, encoded, decoded }`.
async fn download(browser: &Browser, url: &str) -> Value {
    browser
        .wait_for(
            &format!("a resource timing entry for {url}"),
            "const e = performance.getEntriesByName(arguments[0]) \
               .reduce((a, b) => (a && a.transferSize >= b.transferSize ? a : b), null); \
             return e ? { encoding: e.contentEncoding, transfer: e.transferSize, \
                          encoded: e.encodedBodySize, decoded: e.decodedBodySize } : null;",
            vec![json!(url)],
        )
        .await
        .unwrap()
}

#[tokio::test]
async fn a_deployed_header_arrives_as_deltas_under_10_kb_and_swaps_in() {
    let origin = DeployedOrigin::of("header-app").await;
    let (_stack, browser) = page(&origin).await;

    let id = origin.deploy(&header_v2_dist());
    browser
        .wait_slot_version("header", HEADER_V2)
        .await
        .unwrap();
    let text = browser
        .slot_text("header", ".fl-header__build")
        .await
        .unwrap();
    assert_eq!(text, format!("header-app v{HEADER_V2}"));
    let v2 = origin.dir.path().join("versions").join(&id);
    let assets = manifest_of(&v2).assets;
    let mut files = vec![assets.wasm.file.clone(), assets.js.file.clone()];
    files.extend(assets.css.iter().map(|c| c.file.clone()));
    for file in &files {
        let url = format!("{}/versions/{id}/{file}", origin.origin);
        let seen = download(&browser, &url).await;
        eprintln!("{file}: {seen}");
        assert_eq!(seen["encoding"], "dcb", "{file}: {seen}");
        let raw = std::fs::metadata(v2.join(file)).unwrap().len();
        assert_eq!(seen["decoded"], json!(raw), "{file}: {seen}");
    }
    let wasm_url = format!("{}/versions/{id}/{}", origin.origin, assets.wasm.file);
    let wasm = download(&browser, &wasm_url).await;
    let transfer = wasm["transfer"].as_u64().unwrap();
    assert!(
        transfer > 0 && transfer < WIRE_BUDGET,
        "the wasm cost {transfer} bytes on the wire: {wasm}"
    );
    browser.close().await;
}

#[tokio::test]
async fn a_delta_that_decodes_to_other_bytes_fails_integrity_and_v1_keeps_running() {
    let origin = DeployedOrigin::of("header-app").await;
    let id2 = origin.deploy(&header_v2_dist());
    let id1 = origin.rollback();
    let (_stack, browser) = page(&origin).await;

    // v2's stored wasm delta, made against the right dictionary (v1's wasm), now decodes to
    // other bytes: v1's wasm with one byte changed.
    let versions = origin.dir.path().join("versions");
    let v1_wasm_file = manifest_of(&versions.join(&id1)).assets.wasm.file;
    let v1_wasm = std::fs::read(versions.join(&id1).join(&v1_wasm_file)).unwrap();
    let wasm = manifest_of(&versions.join(&id2)).assets.wasm.file;
    let stored = versions.join(&id2).join(delta::path_in_version(
        &delta::dictionary_id(&v1_wasm),
        &wasm,
    ));
    assert!(
        stored.is_file(),
        "deploy stored no delta at {}",
        stored.display()
    );
    let mut other = v1_wasm.clone();
    let middle = other.len() / 2;
    other[middle] ^= 0xff;
    std::fs::write(&stored, delta::encode(&other, &v1_wasm).unwrap()).unwrap();
    xtask::deploy::rollback(origin.dir.path(), Some(&id2)).unwrap();

    let notice = browser
        .wait_for(
            "the failed-update notice",
            "return document.querySelector('[data-flotilla-slot=\"header\"] .flotilla-notice')?.innerText;",
            vec![],
        )
        .await
        .unwrap();
    let notice = notice.as_str().unwrap();
    // The host downloads the file again to say why: when that second download is the delta
    // too it reports FLO-203; when the browser no longer offers v1's wasm as the dictionary
    // (the refused bytes may have replaced it) the plain file arrives, with the right bytes,
    // and the failure reads as a download failure (FLO-201, retried). Either way the
    // delta's bytes never run.
    assert!(
        (notice.contains("FLO-203") || notice.contains("FLO-201")) && notice.contains(&wasm),
        "{notice}"
    );
    let url = format!("{}/versions/{id2}/{wasm}", origin.origin);
    // What arrived is the stored delta: its bytes on the wire (Chromium leaves
    // `contentEncoding` empty on the fetch that failed its integrity check).
    let sent = std::fs::metadata(&stored).unwrap().len();
    let seen = browser
        .wait_for(
            "the wasm's downloads",
            "return performance.getEntriesByName(arguments[0]) \
               .map(e => ({ encoding: e.contentEncoding, encoded: e.encodedBodySize }));",
            vec![json!(url)],
        )
        .await
        .unwrap();
    let entries = seen.as_array().unwrap();
    assert!(
        entries.first().is_some_and(|e| e["encoded"] == json!(sent)),
        "the delta ({sent} bytes) was not what arrived first: {seen}"
    );
    assert_eq!(
        browser.slot_data("header", "version").await.unwrap(),
        "1.0.0"
    );
    assert_eq!(
        browser.slot_data("header", "state").await.unwrap(),
        "mounted"
    );
    let text = browser
        .slot_text("header", ".fl-header__build")
        .await
        .unwrap();
    assert_eq!(text, "header-app v1.0.0");
    browser.close().await;
}

#[tokio::test]
async fn clients_without_a_matching_dictionary_get_the_normal_files() {
    let origin = DeployedOrigin::of("header-app").await;
    let versions = origin.dir.path().join("versions");
    let id1 = xtask::deploy::read_log(origin.dir.path())
        .unwrap()
        .current
        .unwrap();
    let id2 = origin.deploy(&header_v2_dist());
    let old_file = manifest_of(&versions.join(&id1)).assets.wasm.file;
    let old = std::fs::read(versions.join(&id1).join(old_file)).unwrap();
    let file = manifest_of(&versions.join(&id2)).assets.wasm.file;
    let new = std::fs::read(versions.join(&id2).join(&file)).unwrap();
    let brotli = std::fs::read(versions.join(&id2).join(format!("{file}.br"))).unwrap();
    let url = format!("{}/versions/{id2}/{file}", origin.origin);
    let accept = ("Accept-Encoding", "gzip, deflate, br, zstd, dcb, dcz");
    let have = format!(":{}:", delta::dictionary_id(&old));
    let unknown = format!(
        ":{}:",
        delta::dictionary_id(b"a file this origin never served")
    );

    let with_delta = http::get(&url, &[accept, ("Available-Dictionary", have.as_str())])
        .await
        .unwrap();
    assert_eq!(with_delta.status, 200);
    assert_eq!(with_delta.header("content-encoding"), "dcb");
    assert_eq!(delta::decode(&with_delta.body, &old).unwrap(), new);

    for (what, headers) in [
        ("no dictionary", vec![accept]),
        (
            "a dictionary no delta exists for",
            vec![accept, ("Available-Dictionary", unknown.as_str())],
        ),
        (
            "no dcb in Accept-Encoding",
            vec![
                ("Accept-Encoding", "br"),
                ("Available-Dictionary", have.as_str()),
            ],
        ),
    ] {
        let plain = http::get(&url, &headers).await.unwrap();
        assert_eq!(plain.status, 200, "{what}");
        assert_eq!(plain.header("content-encoding"), "br", "{what}");
        assert_eq!(plain.body, brotli, "{what}");
        for name in http::SAME_FOR_DELTA_AND_FILE {
            assert_eq!(
                plain.header(name),
                with_delta.header(name),
                "{what}: {name}"
            );
        }
    }
    assert_eq!(with_delta.header("content-type"), "application/wasm");
    assert_eq!(
        with_delta.header("cache-control"),
        "public, max-age=31536000, immutable"
    );
    let vary = with_delta.header("vary");
    assert!(
        vary.starts_with("accept-encoding, available-dictionary"),
        "{vary}"
    );
    assert_eq!(
        with_delta.header("use-as-dictionary"),
        "match=\"/versions/*/header-app-*_bg.wasm\""
    );
    let identity = http::get(&url, &[("Available-Dictionary", have.as_str())])
        .await
        .unwrap();
    assert_eq!(identity.body, new, "a client that accepts no encoding");
}
