//! Modules talking through the page's bus and shared store, in headless Chromium.

use crate::support;

use anyhow::Result;
use flotilla_e2e::{serve_folder, stack, stack_with, Browser};
use serde_json::{json, Value};
use support::{header_v2_dist, page_theme_becomes, toggle_theme, ImagePage};
use xtask::serve::Stack;

/// The header's "on screen" and "viewed" texts once they say `count`.
async fn header_says(browser: &Browser, count: &str) -> Result<(String, String)> {
    let script = "const root = document.querySelector('[data-flotilla-slot=\"header\"] .flotilla-slot__module')?.shadowRoot; \
        const now = root?.querySelector('.fl-header__now')?.textContent; \
        const count = root?.querySelector('.fl-header__count')?.textContent; \
        return count === arguments[0] ? [now, count] : null;";
    let v = browser
        .wait_for(
            &format!("the header to say {count:?}"),
            script,
            vec![json!(count)],
        )
        .await?;
    Ok((
        v[0].as_str().unwrap_or_default().to_owned(),
        v[1].as_str().unwrap_or_default().to_owned(),
    ))
}

async fn image_credit(browser: &Browser) -> Result<String> {
    browser.slot_text("content", ".fl-image__credit").await
}

/// `data-theme` of the header, the image module and the page.
async fn themes(browser: &Browser) -> Result<Value> {
    browser
        .eval(
            "const shadow = (slot) => document.querySelector(`[data-flotilla-slot=\"${slot}\"] .flotilla-slot__module`).shadowRoot; \
             return [shadow('header').querySelector('.fl-header').dataset.theme, \
                     shadow('content').querySelector('.fl-image').dataset.theme, \
                     document.documentElement.dataset.theme, \
                     getComputedStyle(document.body).backgroundColor];",
            vec![],
        )
        .await
}

#[tokio::test]
async fn get_another_image_updates_the_header_text_and_count() {
    let stack = stack().await;
    let browser = Browser::open_at(&stack.shell_url()).await.unwrap();
    browser.shown_image().await.unwrap();
    let (now, _) = header_says(&browser, "1 image viewed").await.unwrap();
    let credit = image_credit(&browser).await.unwrap();
    assert_eq!(now, format!("On screen: {credit}"));

    browser.next_image().await.unwrap();
    let (now, _) = header_says(&browser, "2 images viewed").await.unwrap();
    let new_credit = image_credit(&browser).await.unwrap();
    assert_ne!(new_credit, credit);
    assert_eq!(now, format!("On screen: {new_credit}"));
    browser.close().await;
}

#[tokio::test]
async fn theme_toggle_changes_both_modules_and_the_shell() {
    let stack = stack().await;
    let browser = Browser::open_at(&stack.shell_url()).await.unwrap();
    browser.wait_slot("header", "mounted").await.unwrap();
    browser.shown_image().await.unwrap();
    let light = themes(&browser).await.unwrap();
    assert_eq!(
        light.as_array().unwrap()[0..3],
        [json!("light"), json!("light"), json!("light")]
    );

    toggle_theme(&browser).await.unwrap();
    let dark = browser
        .wait_for(
            "every part of the page to turn dark",
            "const s = (slot) => document.querySelector(`[data-flotilla-slot=\"${slot}\"] .flotilla-slot__module`).shadowRoot; \
             return s('header').querySelector('.fl-header').dataset.theme === 'dark' \
                 && s('content').querySelector('.fl-image').dataset.theme === 'dark' \
                 && document.documentElement.dataset.theme === 'dark';",
            vec![],
        )
        .await;
    dark.unwrap();
    let dark = themes(&browser).await.unwrap();
    assert_ne!(dark[3], light[3], "the page background did not change");
    let pressed = browser
        .in_slot("header", ".fl-header__theme")
        .await
        .unwrap()
        .attr("aria-pressed")
        .await
        .unwrap();
    assert_eq!(pressed.as_deref(), Some("true"));

    toggle_theme(&browser).await.unwrap();
    page_theme_becomes(&browser, "light").await;
    browser.close().await;
}

#[tokio::test]
async fn count_theme_and_image_survive_a_header_swap_to_v2() {
    let (origin, _server) = serve_folder(&header_v2_dist()).await;
    let stack = stack_with(|r| r.allowed_origins.push(origin.clone())).await;
    let browser = Browser::open_at(&stack.shell_url()).await.unwrap();
    browser.shown_image().await.unwrap();
    let image = browser.next_image().await.unwrap();
    header_says(&browser, "2 images viewed").await.unwrap();
    toggle_theme(&browser).await.unwrap();
    page_theme_becomes(&browser, "dark").await;
    let credit = image_credit(&browser).await.unwrap();

    let swapped = browser
        .client
        .execute_async(
            "const done = arguments[arguments.length - 1]; \
             flotilla.swap('header', arguments[0]).then(r => done(r), e => done({ error: e.code }));",
            vec![json!(format!("{origin}/mf-manifest.json"))],
        )
        .await
        .unwrap();
    assert_eq!(swapped, json!({ "version": "2.0.0", "changed": true }));
    assert_eq!(browser.slot_data("header", "origin").await.unwrap(), origin);

    let (now, _) = header_says(&browser, "2 images viewed").await.unwrap();
    assert_eq!(
        now,
        format!("On screen: {credit}"),
        "the new header starts from the last event"
    );
    let theme = browser
        .in_slot_js(
            "header",
            "return root.querySelector('.fl-header').dataset.theme;",
        )
        .await
        .unwrap();
    assert_eq!(theme, json!("dark"));
    assert_eq!(
        browser.shown_image().await.unwrap(),
        image,
        "home-app kept its image"
    );

    // The new header keeps counting and toggling.
    browser.next_image().await.unwrap();
    header_says(&browser, "3 images viewed").await.unwrap();
    toggle_theme(&browser).await.unwrap();
    page_theme_becomes(&browser, "light").await;
    browser.close().await;
}

#[tokio::test]
async fn malformed_events_and_updates_from_the_console_break_nothing() {
    let stack = stack().await;
    let browser = Browser::open_at(&stack.shell_url()).await.unwrap();
    browser.shown_image().await.unwrap();
    let (now, _) = header_says(&browser, "1 image viewed").await.unwrap();

    let refused = browser
        .eval(
            "const rt = globalThis.__flotillaRuntime; \
             const send = (detail) => rt.bus.dispatchEvent(new CustomEvent('flotilla:image-shown', { detail })); \
             send(42); send(null); send({ v: 1, source: 'console', data: { title: 5 } }); send({ nonsense: true }); \
             rt.bus.dispatchEvent(new Event('flotilla:image-shown')); \
             rt.bus.dispatchEvent(new CustomEvent('flotilla:state', { detail: 'junk' })); \
             return [rt.store.update('nonsense', 'console'), rt.store.update({ theme: 'purple' }, 'console'), \
                     rt.store.update([1, 2], 'console'), rt.store.update({ images_viewed: -3 }, 'console')];",
            vec![],
        )
        .await
        .unwrap();
    assert_eq!(
        refused,
        json!([false, false, false, false]),
        "the store accepted junk"
    );
    let (after, _) = header_says(&browser, "1 image viewed").await.unwrap();
    assert_eq!(after, now, "a malformed event changed the header");

    // A newer sender's event, with a field this build does not know, is still read.
    browser
        .eval(
            "globalThis.__flotillaRuntime.bus.dispatchEvent(new CustomEvent('flotilla:image-shown', { detail: \
               { v: 2, source: 'future-app', data: { title: 'Tomorrow', credit: 'Tomorrow by Nobody', url: 'http://127.0.0.1:9/t.jpg', mood: 'sunny' } } }));",
            vec![],
        )
        .await
        .unwrap();
    header_says(&browser, "1 image viewed").await.unwrap();
    let now = browser
        .slot_text("header", ".fl-header__now")
        .await
        .unwrap();
    assert_eq!(now, "On screen: Tomorrow by Nobody");

    // Both modules still work.
    browser.next_image().await.unwrap();
    header_says(&browser, "2 images viewed").await.unwrap();
    toggle_theme(&browser).await.unwrap();
    page_theme_becomes(&browser, "dark").await;
    assert_eq!(
        browser.slot_data("header", "state").await.unwrap(),
        "mounted"
    );
    assert_eq!(
        browser.slot_data("content", "state").await.unwrap(),
        "mounted"
    );
    browser.close().await;
}

/// header-app's own page on its origin, once the header is on it.
async fn standalone_header(stack: &Stack) -> Browser {
    let browser = Browser::open_at(&format!("{}/", stack.module_origin("header-app")))
        .await
        .unwrap();
    browser
        .wait_for(
            "the standalone header",
            "return document.querySelector('.fl-header__now')?.textContent;",
            vec![],
        )
        .await
        .unwrap();
    browser
}

#[tokio::test]
async fn standalone_header_uses_a_local_stand_in_bus() {
    let stack = stack().await;
    let browser = standalone_header(&stack).await;
    let button = ".fl-header__theme";
    let owner = browser
        .eval("return globalThis.__flotillaRuntime.owner;", vec![])
        .await
        .unwrap();
    assert_eq!(owner, json!("standalone header-app"));
    browser
        .client
        .find(fantoccini::Locator::Css(button))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    browser
        .wait_for(
            "the standalone header to turn dark",
            "return document.querySelector('.fl-header')?.dataset.theme === 'dark';",
            vec![],
        )
        .await
        .unwrap();
    browser.close().await;
}

/// Script: what the page's store does with a good update, junk, a patch over the limit, a
/// state over the limit and a burst of updates from one source, and whether the runtime can be
/// replaced. Schema-free: on a composed page the host's schema also refuses unknown values.
const STORE_LIMITS: &str = "const rt = globalThis.__flotillaRuntime; \
    const events = []; rt.bus.addEventListener('flotilla:state', (e) => events.push(e.detail.source)); \
    const good = rt.store.update({ probe: 1 }, 'probe-a'); \
    const kept = rt.store.get().probe === 1; \
    const copied = (() => { const s = rt.store.get(); s.probe = 2; return rt.store.get().probe === 1; })(); \
    const junk = [rt.store.update('x', 'probe-a'), rt.store.update([1], 'probe-a'), rt.store.update(null, 'probe-a')]; \
    const bigPatch = rt.store.update({ probe_big: 'x'.repeat(5000) }, 'probe-b'); \
    const wideChars = rt.store.update({ probe_wide: '\\u00e9'.repeat(2100) }, 'probe-b'); \
    for (let i = 0; i < 5; i++) rt.store.update({ ['probe_' + i]: 'y'.repeat(3500) }, 'probe-c' + i); \
    const bigState = rt.store.update({ probe_last: 'z'.repeat(3500) }, 'probe-d'); \
    let accepted = 0; for (let i = 0; i < 60; i++) if (rt.store.update({ probe_n: i }, 'probe-burst')) accepted++; \
    try { globalThis.__flotillaRuntime = null; } catch {} \
    return { good, kept, copied, junk, bigPatch, wideChars, bigState, accepted, \
             stateEvents: events.filter((s) => s === 'probe-a').length, \
             replaced: globalThis.__flotillaRuntime !== rt };";

#[tokio::test]
async fn the_standalone_stand_in_store_keeps_the_hosts_limits() {
    let stack = stack().await;
    let standalone = standalone_header(&stack).await;
    let on_its_own = standalone.eval(STORE_LIMITS, vec![]).await.unwrap();
    standalone.close().await;
    assert_eq!(
        on_its_own,
        json!({ "good": true, "kept": true, "copied": true, "junk": [false, false, false],
                "bigPatch": false, "wideChars": false, "bigState": false, "accepted": 50,
                "stateEvents": 1,
                "replaced": false }),
        "the stand-in store"
    );

    // The host's store (flotilla-bus, in the shell's wasm) answers the same.
    let page = Browser::open_at(&stack.shell_url()).await.unwrap();
    page.wait_slot("header", "mounted").await.unwrap();
    let composed = page.eval(STORE_LIMITS, vec![]).await.unwrap();
    page.close().await;
    assert_eq!(composed, on_its_own, "the host's store differs");
}
