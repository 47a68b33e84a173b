//! `flotilla.swap(slot, manifestUrl)` on a live page: atomic, a failure (integrity, origin
//! down, origin refused) keeps the old version, and a replaced instance's memory is freed.

use crate::support;

use flotilla_contract::abi::RELEASE_EXPORT;
use flotilla_e2e::chaos::ChaosOrigin;
use flotilla_e2e::{stack_with, Browser};
use serde_json::{json, Value};
use support::ImagePage;

#[tokio::test]
async fn a_swap_that_fails_integrity_leaves_the_old_version_working() {
    let broken = ChaosOrigin::up("header-app").await;
    let wasm = broken.copy.manifest().assets.wasm.file;
    let bytes = broken.read(&wasm);
    broken.write(&wasm, &bytes[..bytes.len() - 10]);
    let refused = ChaosOrigin::up("header-app").await;
    let refused_url = refused.manifest_url();
    let down_origin = ChaosOrigin::down("header-app");
    let stack = stack_with(|r| {
        r.allowed_origins.push(broken.origin());
        r.allowed_origins.push(down_origin.origin());
        r.loading.retry.attempts = 1;
    })
    .await;
    let browser = Browser::open_at(&stack.shell_url()).await.unwrap();
    browser.wait_slot("header", "mounted").await.unwrap();
    let before = browser.slot_data("header", "origin").await.unwrap();

    let answer = browser
        .swap("header", &broken.manifest_url())
        .await
        .unwrap();
    assert_eq!(answer["error"], json!("FLO-203"), "{answer}");
    assert!(
        answer["message"].as_str().unwrap().contains(&wasm),
        "{answer}"
    );
    assert_eq!(
        browser.slot_data("header", "state").await.unwrap(),
        "mounted"
    );
    assert_eq!(browser.slot_data("header", "origin").await.unwrap(), before);
    let title = browser.slot_text("header", "h1").await.unwrap();
    assert_eq!(title, "Flotilla", "the old header is gone");
    let notice = browser
        .eval(
            "return document.querySelector('[data-flotilla-slot=\"header\"] .flotilla-notice')?.innerText ?? '';",
            vec![],
        )
        .await
        .unwrap();
    let notice = notice.as_str().unwrap_or_default();
    assert!(
        notice.contains("FLO-203") && notice.contains("current version keeps running"),
        "{notice}"
    );

    let answer = browser
        .swap("header", &down_origin.manifest_url())
        .await
        .unwrap();
    assert_eq!(answer["error"], json!("FLO-101"), "{answer}");
    assert_eq!(browser.slot_data("header", "origin").await.unwrap(), before);
    assert_eq!(
        browser.slot_data("header", "state").await.unwrap(),
        "mounted"
    );

    let answer = browser.swap("header", &refused_url).await.unwrap();
    assert_eq!(answer["error"], json!("FLO-105"), "{answer}");
    assert_eq!(
        refused.hits("/mf-manifest.json"),
        0,
        "a refused origin was contacted"
    );
    assert_eq!(browser.slot_data("header", "origin").await.unwrap(), before);

    // The old header still works with the page: it follows the image count.
    browser.next_image().await.unwrap();
    browser.close().await;
}

#[tokio::test]
async fn swapping_to_what_is_mounted_is_a_no_op_and_a_new_origin_is_live() {
    let other = ChaosOrigin::up("header-app").await;
    let stack = stack_with(|r| {
        r.allowed_origins.push(other.origin());
        r.updates.suggest_reload_after = 2;
    })
    .await;
    let browser = Browser::open_at(&stack.shell_url()).await.unwrap();
    browser.wait_slot("header", "mounted").await.unwrap();
    let current = stack.registry.remotes[0].manifest.clone();

    let answer = browser.swap("header", &current).await.unwrap();
    assert_eq!(answer, json!({ "version": "1.0.0", "changed": false }));

    let answer = browser.swap("header", &other.manifest_url()).await.unwrap();
    assert_eq!(answer, json!({ "version": "1.0.0", "changed": true }));
    assert_eq!(
        browser.slot_data("header", "origin").await.unwrap(),
        other.origin()
    );
    let instances = browser
        .in_slot_js(
            "header",
            "return root.querySelectorAll('.flotilla-instance').length;",
        )
        .await
        .unwrap();
    assert_eq!(
        instances,
        json!(1),
        "the old instance's element was not removed"
    );
    browser.close().await;
}

/// The letter spacing of the first element the slot's module on screen rendered.
const SPACING: &str = "const el = root.querySelector('.flotilla-instance:not([hidden]) > div *'); \
                       return el ? getComputedStyle(el).letterSpacing : null;";

#[tokio::test]
async fn the_version_on_screen_keeps_its_styles_while_the_next_one_downloads() {
    let next = ChaosOrigin::up("header-app").await;
    let manifest = next.copy.manifest();
    let css = &manifest.assets.css[0].file;
    let mut restyled = next.read(css);
    restyled.extend_from_slice(b"\n* { letter-spacing: 7px; }\n");
    next.write(css, &restyled);
    next.edit_manifest(|m| {
        m["assets"]["css"][0]["integrity"] = json!(xtask::manifest::integrity(&restyled));
    });
    next.hang("_bg.wasm");
    let stack = stack_with(|r| r.allowed_origins.push(next.origin())).await;
    let browser = Browser::open_at(&stack.shell_url()).await.unwrap();
    browser.wait_slot("header", "mounted").await.unwrap();
    let before = browser.in_slot_js("header", SPACING).await.unwrap();
    assert_eq!(before, json!("normal"));

    // The swap waits for the wasm; meanwhile the old version looks as it did.
    browser
        .eval(
            "flotilla.swap('header', arguments[0]); return true;",
            vec![json!(next.manifest_url())],
        )
        .await
        .unwrap();
    let wasm = format!("/{}", manifest.assets.wasm.file);
    for _ in 0..100 {
        if next.hits(&wasm) > 0 {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    assert!(next.hits(&wasm) > 0, "the swap never asked for {wasm}");
    // Long enough for a stylesheet linked beside the old version to load and apply.
    tokio::time::sleep(std::time::Duration::from_millis(1_000)).await;
    assert_eq!(
        browser.in_slot_js("header", SPACING).await.unwrap(),
        json!("normal"),
        "the old version took on the new version's styles"
    );

    // Once the wasm arrives, the new version is on screen with its styles.
    next.mend();
    browser
        .wait_for(
            "the new version on screen",
            "return document.querySelector('[data-flotilla-slot=\"header\"]')\
               ?.getAttribute('data-origin') === arguments[0] || null;",
            vec![json!(next.origin())],
        )
        .await
        .unwrap();
    assert_eq!(
        browser.in_slot_js("header", SPACING).await.unwrap(),
        json!("7px")
    );
    browser.close().await;
}

#[tokio::test]
async fn a_replaced_instance_is_released_and_its_memory_collected() {
    // Two more builds of the header on their own origins; `kept`'s glue has no release export,
    // as a glue not built by `cargo xtask`.
    let other = ChaosOrigin::up("header-app").await;
    let kept = ChaosOrigin::up("header-app").await;
    let glue = kept.copy.manifest().assets.js.file;
    let text = String::from_utf8(kept.read(&glue)).unwrap();
    let release = format!(" as {RELEASE_EXPORT},");
    let start = text.find(&release).expect("the glue exports its release");
    let name_start = text[..start].rfind([',', '{']).unwrap() + 1;
    let stripped = format!("{}{}", &text[..name_start], &text[start + release.len()..]);
    kept.write(&glue, &stripped);
    kept.edit_manifest(|m| {
        m["assets"]["js"]["integrity"] = json!(xtask::manifest::integrity(stripped.as_bytes()));
    });
    let stack = stack_with(|r| {
        r.allowed_origins.push(other.origin());
        r.allowed_origins.push(kept.origin());
        r.updates.suggest_reload_after = 1;
    })
    .await;
    let browser = Browser::open_at(&stack.shell_url()).await.unwrap();
    browser.wait_slot("header", "mounted").await.unwrap();
    let first = stack.registry.remotes[0].manifest.clone();

    // Three instances replaced: the first one's, `kept`'s (which cannot be released) and
    // `other`'s.
    // `other`'s. A reload is suggested once one that could not be released was replaced.
    let hint = "return document.querySelector('.flotilla-reload')?.textContent ?? null;";
    for (url, hinted) in [
        (kept.manifest_url(), false),
        (other.manifest_url(), true),
        (first, true),
    ] {
        let answer = browser.swap("header", &url).await.unwrap();
        assert_eq!(answer["changed"], json!(true), "{answer}");
        let shown = browser.eval(hint, vec![]).await.unwrap();
        assert_eq!(
            shown.is_string(),
            hinted,
            "reload hint after swapping to {url}: {shown}"
        );
    }
    let shown = browser.eval(hint, vec![]).await.unwrap();
    assert!(
        shown
            .as_str()
            .unwrap()
            .starts_with("1 module instance replaced"),
        "{shown}"
    );
    // The first version again is a fresh instance of freshly imported glue: the glue boot.js
    // parsed at startup ran once.
    let load = browser.slot_data("header", "load-ms").await.unwrap();
    assert!(load.contains("preparsed=0"), "{load}");
    let mut stats = Value::Null;
    for _ in 0..50 {
        browser.collect_garbage().await.unwrap();
        stats = browser
            .eval("return flotilla.stats();", vec![])
            .await
            .unwrap();
        if stats["retiredHeldWasmBytes"] == stats["retiredKeptWasmBytes"] {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(200)).await;
    }
    assert_eq!(stats["retiredInstances"], json!(3), "{stats}");
    assert_eq!(stats["retiredKept"], json!(1), "{stats}");
    let kept_bytes = stats["retiredKeptWasmBytes"].as_f64().unwrap();
    assert!(kept_bytes > 0.0, "{stats}");
    // After a collection only the instance whose glue could not let go still has its memory.
    assert_eq!(
        stats["retiredHeldWasmBytes"], stats["retiredKeptWasmBytes"],
        "released instances were not collected: {stats}"
    );
    browser.next_image().await.unwrap();
    browser.close().await;
}
