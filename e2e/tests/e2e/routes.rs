//! Routes: modules mounted by the page's path, navigation without reloads, prefetch, the
//! favorites demo across modules, and what is left to the browser.

use crate::support;

use flotilla_contract::policy::Prefetch;
use flotilla_contract::Registry;
use flotilla_e2e::network::NetworkConditions;
use flotilla_e2e::{stack_with, Browser};
use serde_json::{json, Value};
use support::ImagePage;
use xtask::serve::Stack;

/// No update checks; `home` and `favorites` fetch ahead only as told.
fn registry(home: Prefetch, favorites: Prefetch) -> impl FnOnce(&mut Registry) {
    move |r: &mut Registry| {
        r.updates.interval_ms = 600_000;
        r.updates.max_interval_ms = 600_000;
        // Downloads are counted from the page's resource timings, which show a download the
        // offline tier's worker made for the page as none; offline.rs tests the worker.
        r.offline.enabled = false;
        for remote in &mut r.remotes {
            match remote.name.as_str() {
                "home-app" => remote.prefetch = home,
                "favorites-app" => remote.prefetch = favorites,
                _ => {}
            }
        }
    }
}

/// How many times files of `origin` ending with `suffix` were downloaded (resource timings
/// with bytes on the wire; module origins send `Timing-Allow-Origin`).
async fn downloads(browser: &Browser, origin: &str, suffix: &str) -> u64 {
    browser
        .eval(
            "return performance.getEntriesByType('resource') \
               .filter(e => e.name.startsWith(arguments[0]) && e.name.endsWith(arguments[1]) && e.transferSize > 0) \
               .length;",
            vec![json!(origin), json!(suffix)],
        )
        .await
        .unwrap()
        .as_u64()
        .unwrap()
}

async fn path(browser: &Browser) -> String {
    let v = browser
        .eval("return location.pathname;", vec![])
        .await
        .unwrap();
    v.as_str().unwrap().to_owned()
}

/// Clicks the header's link whose text starts with `text` (a real click).
async fn click_link(browser: &Browser, text: &str) {
    let links = browser
        .in_slot("header", ".fl-header__nav")
        .await
        .unwrap()
        .find_all(fantoccini::Locator::Css("a"))
        .await
        .unwrap();
    for link in links {
        if link.text().await.unwrap().starts_with(text) {
            link.click().await.unwrap();
            return;
        }
    }
    panic!("no header link {text:?}");
}

async fn hidden(browser: &Browser, slot: &str) -> bool {
    browser
        .eval(
            "return document.querySelector(`[data-flotilla-slot=\"${arguments[0]}\"]`).hidden;",
            vec![json!(slot)],
        )
        .await
        .unwrap()
        == json!(true)
}

#[tokio::test]
async fn a_deep_link_mounts_its_module_only_and_navigation_needs_no_reload() {
    let stack = stack_with(registry(Prefetch::Hover, Prefetch::Hover)).await;
    let home = stack.module_origin("home-app");
    let browser = open_at_favorites(&stack).await;
    browser.wait_slot("header", "mounted").await.unwrap();
    assert_eq!(
        browser.slot_data("content", "state").await.unwrap(),
        "inactive"
    );
    assert!(hidden(&browser, "content").await);
    assert_eq!(
        downloads(&browser, &home, ".wasm").await,
        0,
        "home-app's code was fetched"
    );
    assert_eq!(downloads(&browser, &home, ".js").await, 0);
    browser
        .eval("window.__samePage = true;", vec![])
        .await
        .unwrap();

    // Home: mounted in place, no document load.
    click_link(&browser, "Home").await;
    browser.wait_slot("content", "mounted").await.unwrap();
    browser.shown_image().await.unwrap();
    assert_eq!(path(&browser).await, "/");
    assert_eq!(
        browser.slot_data("favorites", "state").await.unwrap(),
        "inactive"
    );
    assert!(hidden(&browser, "favorites").await);
    let marked = browser
        .in_slot_js(
            "header",
            "return root.querySelector('[aria-current=page]')?.textContent;",
        )
        .await
        .unwrap();
    assert_eq!(marked, json!("Home"), "the header marks the route");

    // Back to /favorites, then forward to Home: home-app comes back from the code it has.
    browser.client.back().await.unwrap();
    browser.wait_slot("favorites", "mounted").await.unwrap();
    assert_eq!(path(&browser).await, "/favorites");
    assert_eq!(
        browser.slot_data("content", "state").await.unwrap(),
        "inactive"
    );
    browser.client.forward().await.unwrap();
    browser.wait_slot("content", "mounted").await.unwrap();
    browser.next_image().await.unwrap();
    assert_eq!(
        downloads(&browser, &home, ".wasm").await,
        1,
        "home-app downloaded again"
    );
    let same = browser
        .eval("return window.__samePage === true;", vec![])
        .await
        .unwrap();
    assert_eq!(same, json!(true), "the document was reloaded");
    browser.close().await;
}

#[tokio::test]
async fn focusing_the_favorites_link_prefetches_its_code_without_mounting_it() {
    let stack = stack_with(registry(Prefetch::Hover, Prefetch::Hover)).await;
    let favorites = stack.module_origin("favorites-app");
    let browser = Browser::open_at(&stack.shell_url()).await.unwrap();
    browser.wait_slot("content", "mounted").await.unwrap();
    browser.wait_slot("header", "mounted").await.unwrap();
    assert_eq!(downloads(&browser, &favorites, ".wasm").await, 0);
    browser
        .in_slot_js(
            "header",
            "root.querySelector('a[href=\"/favorites\"]').focus(); return true;",
        )
        .await
        .unwrap();
    browser
        .wait_for(
            "favorites-app's code to be prefetched",
            "return performance.getEntriesByType('resource') \
               .some(e => e.name.startsWith(arguments[0]) && e.name.endsWith('.wasm'));",
            vec![json!(favorites)],
        )
        .await
        .unwrap();
    assert_eq!(
        browser.slot_data("favorites", "state").await.unwrap(),
        "inactive"
    );
    assert!(hidden(&browser, "favorites").await);
    // Entering the route uses the prefetched code: no second download.
    click_link(&browser, "Favorites").await;
    browser.wait_slot("favorites", "mounted").await.unwrap();
    assert_eq!(downloads(&browser, &favorites, ".wasm").await, 1);
    browser.close().await;
}

/// Script: the element the module on screen in a slot renders in (its first element in the
/// slot's shadow root `root`).
const MODULE_ELEMENT: &str = "root.querySelector('.flotilla-instance:not([hidden]) > div > *')";

/// Marks the element `slot`'s module renders in with a property, so a later look tells the
/// same element from a fresh one.
async fn mark(browser: &Browser, slot: &str) {
    let script = format!("{MODULE_ELEMENT}.__flotillaMark = true;");
    browser.in_slot_js(slot, &script).await.unwrap();
}

/// Whether `slot`'s module still renders in the element [`mark`] marked.
async fn same_element(browser: &Browser, slot: &str) -> bool {
    let script = format!("return {MODULE_ELEMENT}?.__flotillaMark === true;");
    browser.in_slot_js(slot, &script).await.unwrap() == json!(true)
}

/// The page at `/favorites`, once favorites-app is mounted there.
async fn open_at_favorites(stack: &Stack) -> Browser {
    let browser = Browser::open_at(&format!("{}favorites", stack.shell_url()))
        .await
        .unwrap();
    browser.wait_slot("favorites", "mounted").await.unwrap();
    browser
}

/// What `flotilla.slots()` says of `slot`: its state and the module mounted there.
async fn slot_entry(browser: &Browser, slot: &str) -> Value {
    browser
        .eval(
            "const s = flotilla.slots().find(s => s.slot === arguments[0]); \
             return { state: s.state, module: s.mounted?.module ?? null };",
            vec![json!(slot)],
        )
        .await
        .unwrap()
}

#[tokio::test]
async fn a_module_kept_alive_comes_back_as_it_was_and_one_not_kept_is_mounted_afresh() {
    let stack = stack_with(|r: &mut Registry| {
        registry(Prefetch::Idle, Prefetch::Idle)(r);
        for remote in &mut r.remotes {
            remote.keep_alive = remote.name == "home-app";
        }
    })
    .await;
    let browser = open_at_favorites(&stack).await;
    click_link(&browser, "Home").await;
    browser.wait_slot("content", "mounted").await.unwrap();
    let image = browser.next_image().await.unwrap();
    mark(&browser, "content").await;

    // Off its route, home-app stays mounted in its hidden slot.
    click_link(&browser, "Favorites").await;
    browser.wait_slot("favorites", "mounted").await.unwrap();
    assert_eq!(
        browser.slot_data("content", "state").await.unwrap(),
        "inactive"
    );
    assert!(hidden(&browser, "content").await);
    assert_eq!(
        slot_entry(&browser, "content").await,
        json!({ "state": "inactive", "module": "home-app" }),
        "the kept instance is still mounted"
    );
    mark(&browser, "favorites").await;

    // Back home: the same element, showing the image it showed, with no new mount.
    click_link(&browser, "Home").await;
    browser.wait_slot("content", "mounted").await.unwrap();
    assert!(!hidden(&browser, "content").await);
    assert!(
        same_element(&browser, "content").await,
        "home-app was mounted again"
    );
    assert_eq!(browser.shown_image().await.unwrap(), image);
    // favorites-app (not kept alive) was unmounted off its route...
    assert_eq!(
        slot_entry(&browser, "favorites").await,
        json!({ "state": "inactive", "module": null })
    );
    // ...and comes back as a fresh instance.
    click_link(&browser, "Favorites").await;
    browser.wait_slot("favorites", "mounted").await.unwrap();
    assert!(
        !same_element(&browser, "favorites").await,
        "favorites-app kept its element"
    );
    // The kept module goes on working once back.
    click_link(&browser, "Home").await;
    browser.wait_slot("content", "mounted").await.unwrap();
    assert_ne!(browser.next_image().await.unwrap(), image);
    browser.close().await;
}

#[tokio::test]
async fn a_module_swapped_in_off_its_route_waits_hidden_and_shows_when_its_route_comes_back() {
    let stack = stack_with(registry(Prefetch::None, Prefetch::None)).await;
    let browser = open_at_favorites(&stack).await;
    let manifest = format!("{}/mf-manifest.json", stack.module_origin("home-app"));
    let swapped = browser.swap("content", &manifest).await.unwrap();
    assert_eq!(swapped["changed"], json!(true), "{swapped}");
    assert_eq!(
        slot_entry(&browser, "content").await,
        json!({ "state": "inactive", "module": "home-app" })
    );
    assert!(hidden(&browser, "content").await);

    click_link(&browser, "Home").await;
    browser.wait_slot("content", "mounted").await.unwrap();
    assert!(!hidden(&browser, "content").await);
    browser.next_image().await.unwrap();
    browser.close().await;
}

#[tokio::test]
async fn a_saved_image_is_listed_in_favorites_and_removing_it_updates_the_count() {
    let stack = stack_with(registry(Prefetch::Idle, Prefetch::Idle)).await;
    let browser = Browser::open_at(&stack.shell_url()).await.unwrap();
    browser.shown_image().await.unwrap();
    let credit = browser
        .slot_text("content", ".fl-image__credit")
        .await
        .unwrap();
    browser
        .in_slot("content", ".fl-image__save")
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    let count =
        "return [...root.querySelectorAll('.fl-header__link')].map(a => a.textContent).join('|');";
    browser
        .wait_for(
            "the header to count one favorite",
            &format!(
                "const root = document.querySelector('[data-flotilla-slot=\"header\"] .flotilla-slot__module').shadowRoot; \
                 const t = (() => {{ {count} }})(); return t.includes('Favorites (1)') ? t : null;"
            ),
            vec![],
        )
        .await
        .unwrap();

    click_link(&browser, "Favorites").await;
    browser.wait_slot("favorites", "mounted").await.unwrap();
    let listed = browser
        .slot_text("favorites", ".fl-favorites__credit")
        .await
        .unwrap();
    assert_eq!(listed, credit);
    browser
        .in_slot("favorites", ".fl-favorites__remove")
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    browser
        .wait_for(
            "the list to empty and the count to follow",
            &format!(
                "const f = document.querySelector('[data-flotilla-slot=\"favorites\"] .flotilla-slot__module').shadowRoot; \
                 const root = document.querySelector('[data-flotilla-slot=\"header\"] .flotilla-slot__module').shadowRoot; \
                 const t = (() => {{ {count} }})(); \
                 return f.querySelector('.fl-favorites__empty') && t.includes('Favorites (0)') ? t : null;"
            ),
            vec![],
        )
        .await
        .unwrap();
    browser.close().await;
}

#[tokio::test]
async fn modified_clicks_and_other_links_are_the_browsers_and_unknown_paths_get_a_404() {
    let stack = stack_with(registry(Prefetch::Idle, Prefetch::Idle)).await;
    let browser = Browser::open_at(&stack.shell_url()).await.unwrap();
    browser.wait_slot("header", "mounted").await.unwrap();
    // A listener on window (after the host's on document) records whether the host took the
    // click, then stops the browser from following it.
    let taken: Value = browser
        .eval(
            "const seen = []; \
             window.addEventListener('click', (e) => { seen.push(e.defaultPrevented); e.preventDefault(); }); \
             const fav = document.querySelector('[data-flotilla-slot=\"header\"] .flotilla-slot__module') \
               .shadowRoot.querySelector('a[href=\"/favorites\"]'); \
             const click = (el, init) => el.dispatchEvent(new MouseEvent('click', { bubbles: true, composed: true, cancelable: true, button: 0, ...init })); \
             const link = (href, attrs) => { const a = document.createElement('a'); a.href = href; \
               for (const [k, v] of Object.entries(attrs ?? {})) a.setAttribute(k, v); document.body.append(a); return a; }; \
             click(fav, { ctrlKey: true }); click(fav, { metaKey: true }); click(fav, { shiftKey: true }); \
             click(fav, { button: 1 }); \
             click(link('/favorites', { target: '_blank' })); click(link('/favorites', { download: '' })); \
             click(link(arguments[0] + '/favorites')); click(link('/nope')); \
             click(fav); \
             return { seen, path: location.pathname };",
            vec![json!(stack.module_origin("home-app"))],
        )
        .await
        .unwrap();
    assert_eq!(
        taken["seen"],
        json!([false, false, false, false, false, false, false, false, true]),
        "only the plain click on a routed same-origin link is the host's: {taken}"
    );
    assert_eq!(taken["path"], json!("/favorites"));
    browser.wait_slot("favorites", "mounted").await.unwrap();

    let not_found = browser
        .eval(
            "return fetch('/nope').then(async (r) => [r.status, await r.text()]);",
            vec![],
        )
        .await
        .unwrap();
    assert_eq!(not_found[0], json!(404));
    assert!(
        not_found[1].as_str().unwrap().contains("Page not found"),
        "{not_found}"
    );
    browser.close().await;
}

#[tokio::test]
async fn once_the_first_route_is_on_screen_idle_prefetch_fetches_the_other_routes_code() {
    let stack = stack_with(registry(Prefetch::Idle, Prefetch::Idle)).await;
    let favorites = stack.module_origin("favorites-app");
    let browser = Browser::open_at(&stack.shell_url()).await.unwrap();
    browser.wait_slot("content", "mounted").await.unwrap();
    browser
        .wait_for(
            "favorites-app's code to be fetched while idle",
            "return performance.getEntriesByType('resource') \
               .some(e => e.name.startsWith(arguments[0]) && e.name.endsWith('.wasm'));",
            vec![json!(favorites)],
        )
        .await
        .unwrap();
    assert_eq!(
        browser.slot_data("favorites", "state").await.unwrap(),
        "inactive"
    );
    browser.close().await;
}

#[tokio::test]
async fn idle_prefetch_waits_for_what_the_route_on_screen_still_downloads() {
    let stack = stack_with(registry(Prefetch::Idle, Prefetch::Idle)).await;
    let favorites = stack.module_origin("favorites-app");
    // A slow network, where a prefetch would share the bandwidth the route's image needs.
    let browser = Browser::open().await.unwrap();
    browser
        .client
        .issue_cmd(NetworkConditions {
            latency_ms: 85,
            bits_per_second: 9_000_000,
        })
        .await
        .unwrap();
    browser.goto(&stack.shell_url()).await.unwrap();
    let times = browser
        .wait_for(
            "the image shown and favorites-app's code prefetched",
            "const root = document.querySelector('[data-flotilla-slot=\"content\"] .flotilla-slot__module')?.shadowRoot; \
             const img = root?.querySelector('.fl-image__frame img'); \
             const image = img && performance.getEntriesByName(img.src)[0]; \
             const prefetch = performance.getEntriesByType('resource').filter((e) => e.name.startsWith(arguments[0])); \
             if (!image || prefetch.length === 0) return null; \
             return [image.responseEnd, Math.min(...prefetch.map((e) => e.startTime))];",
            vec![json!(favorites)],
        )
        .await
        .unwrap();
    let (image_end, prefetch_start) = (times[0].as_f64().unwrap(), times[1].as_f64().unwrap());
    assert!(
        prefetch_start >= image_end,
        "favorites-app's prefetch began at {prefetch_start:.0} ms, before the route's image had \
         arrived ({image_end:.0} ms)"
    );
    browser.close().await;
}
