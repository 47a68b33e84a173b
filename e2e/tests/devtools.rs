//! The override panel: opened by `?devtools` or Ctrl+Shift+F; overrides swap live, survive a
//! reload, reset in one click, and are refused for origins not on the allow-list.

mod support;

use fantoccini::Locator;
use flotilla_e2e::{serve_folder, stack_with, Browser};
use serde_json::json;
use support::{header_v2_dist, ImagePage};

const ROW: &str = ".flotilla-devtools__row[data-slot=\"header\"]";

async fn apply_override(browser: &Browser, url: &str) {
    let input = browser
        .client
        .find(Locator::Css(&format!("{ROW} input")))
        .await
        .unwrap();
    input.clear().await.unwrap();
    input.send_keys(url).await.unwrap();
    browser
        .client
        .find(Locator::Css(&format!("{ROW} .flotilla-devtools__apply")))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
}

async fn message(browser: &Browser, contains: &str) -> String {
    let v = browser
        .wait_for(
            &format!("the panel to say {contains:?}"),
            "const t = document.querySelector(arguments[0] + ' .flotilla-devtools__message')?.textContent ?? ''; \
             return t.includes(arguments[1]) ? t : null;",
            vec![json!(ROW), json!(contains)],
        )
        .await
        .unwrap();
    v.as_str().unwrap_or_default().to_owned()
}

async fn overridden(browser: &Browser) -> (bool, bool) {
    let v = browser
        .eval(
            "return [document.querySelector('[data-flotilla-slot=\"header\"]').dataset.overridden === 'true', \
                     !!document.querySelector(arguments[0] + '.flotilla-devtools__row--overridden')];",
            vec![json!(ROW)],
        )
        .await
        .unwrap();
    (v[0] == json!(true), v[1] == json!(true))
}

#[tokio::test]
async fn an_override_swaps_live_survives_a_reload_and_resets() {
    let (v2_origin, _server) = serve_folder(&header_v2_dist()).await;
    let v2_manifest = format!("{v2_origin}/mf-manifest.json");
    let stack = stack_with(|r| r.allowed_origins.push(v2_origin.clone())).await;
    let page = format!("{}?devtools", stack.shell_url());
    let browser = Browser::open_at(&page).await.unwrap();
    browser.wait_slot_version("header", "1.0.0").await.unwrap();
    let image = browser.shown_image().await.unwrap();

    // The panel lists both slots with what runs there.
    let listed = browser
        .wait_for(
            "the panel's rows",
            "const rows = ['header', 'content'].map(s => document.querySelector(`.flotilla-devtools__row[data-slot=\"${s}\"]`)); \
             return rows.every(r => r && r.innerText.includes('mounted') && r.innerText.includes('manifest=')) \
                 ? rows.map(r => r.innerText) : null;",
            vec![],
        )
        .await
        .unwrap();
    assert!(
        listed[0].as_str().unwrap().contains("header-app"),
        "{listed}"
    );

    apply_override(&browser, &v2_manifest).await;
    browser.wait_slot_version("header", "2.0.0").await.unwrap();
    message(&browser, "Now running 2.0.0").await;
    assert_eq!(overridden(&browser).await, (true, true));
    assert_eq!(
        browser.shown_image().await.unwrap(),
        image,
        "home-app was disturbed"
    );

    // A reload starts from the override.
    browser.goto(&stack.shell_url()).await.unwrap();
    browser.wait_slot_version("header", "2.0.0").await.unwrap();
    let (slot_marked, _) = overridden(&browser).await;
    assert!(
        slot_marked,
        "the overridden slot is not marked after a reload"
    );
    assert_eq!(
        browser.slot_data("header", "origin").await.unwrap(),
        v2_origin
    );

    // One click resets, live and for the next load.
    browser.goto(&page).await.unwrap();
    browser.wait_slot_version("header", "2.0.0").await.unwrap();
    browser
        .client
        .wait()
        .for_element(Locator::Css(&format!("{ROW} .flotilla-devtools__reset")))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    browser.wait_slot_version("header", "1.0.0").await.unwrap();
    assert_eq!(overridden(&browser).await, (false, false));
    browser.goto(&stack.shell_url()).await.unwrap();
    browser.wait_slot_version("header", "1.0.0").await.unwrap();
    let stored = browser
        .eval("return localStorage.getItem('flotilla:overrides');", vec![])
        .await
        .unwrap();
    assert_eq!(stored, json!("{}"));
    browser.close().await;
}

#[tokio::test]
async fn an_override_to_an_origin_off_the_allow_list_is_refused() {
    let (foreign, _server) = serve_folder(&header_v2_dist()).await;
    let stack = stack_with(|_| {}).await;
    let browser = Browser::open_at(&format!("{}?devtools", stack.shell_url()))
        .await
        .unwrap();
    browser.wait_slot_version("header", "1.0.0").await.unwrap();
    apply_override(&browser, &format!("{foreign}/mf-manifest.json")).await;
    let text = message(&browser, "Refused").await;
    assert!(
        text.contains(&foreign) && text.contains("not on the allow-list"),
        "{text}"
    );
    assert_eq!(
        browser.slot_data("header", "version").await.unwrap(),
        "1.0.0"
    );
    let stored = browser
        .eval("return localStorage.getItem('flotilla:overrides');", vec![])
        .await
        .unwrap();
    assert_eq!(stored, json!(null), "a refused override was saved");
    // An override smuggled into localStorage is ignored on load as well.
    browser
        .eval(
            "localStorage.setItem('flotilla:overrides', JSON.stringify({ header: arguments[0] }));",
            vec![json!(format!("{foreign}/mf-manifest.json"))],
        )
        .await
        .unwrap();
    browser.goto(&stack.shell_url()).await.unwrap();
    browser.wait_slot_version("header", "1.0.0").await.unwrap();
    assert_eq!(
        browser.slot_data("header", "origin").await.unwrap(),
        stack.module_origin("header-app")
    );
    browser.close().await;
}

#[tokio::test]
async fn ctrl_shift_f_opens_and_closes_the_panel() {
    let stack = stack_with(|_| {}).await;
    let browser = Browser::open_at(&stack.shell_url()).await.unwrap();
    browser.wait_slot("header", "mounted").await.unwrap();
    let panel = "return !!document.querySelector('.flotilla-devtools');";
    assert_eq!(browser.eval(panel, vec![]).await.unwrap(), json!(false));
    let chord = "\u{E009}\u{E008}f\u{E000}"; // Ctrl, Shift, f, release all
    let body = browser.client.find(Locator::Css("body")).await.unwrap();
    body.send_keys(chord).await.unwrap();
    browser.wait_for("the panel", panel, vec![]).await.unwrap();
    body.send_keys(chord).await.unwrap();
    browser
        .wait_for(
            "the panel to close",
            "return !document.querySelector('.flotilla-devtools');",
            vec![],
        )
        .await
        .unwrap();
    browser.close().await;
}
