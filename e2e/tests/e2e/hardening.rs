//! What one module's script, a page script or a bad origin can no longer do to the page, its
//! bus and store, or the other modules (issue 10's probe findings, host and bus side).
//!
//! Each case also checks that the rest of the page still works, and writes its row of the fault
//! table next to the chaos suite's (`target/chaos/rows/`, orders 20 and up).

use crate::support;

use std::net::SocketAddr;
use std::time::Duration;

use anyhow::Result;
use axum::body::Body;
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use flotilla_e2e::table::Row;
use flotilla_e2e::{
    faults, point, serve_folder, stack, stack_configured, stack_with, Browser, ModuleCopy,
};
use futures::StreamExt;
use serde_json::{json, Value};
use support::{header_v2_dist, page_theme_becomes, page_works, toggle_theme, ImagePage};

/// Serves `router` on a free loopback port; returns its origin.
async fn serve(router: Router) -> (String, tokio::task::JoinHandle<()>) {
    let listener = tokio::net::TcpListener::bind(SocketAddr::from(([127, 0, 0, 1], 0)))
        .await
        .unwrap();
    let addr = listener.local_addr().unwrap();
    let task = tokio::spawn(async move {
        let _ = axum::serve(listener, router).await;
    });
    (format!("http://{addr}"), task)
}

async fn planted_preload() -> Result<Row> {
    let (v2_origin, _server) = serve_folder(&header_v2_dist()).await;
    let v2 = ModuleCopy::from_dir(&header_v2_dist()).manifest();
    let stack = stack_with(|r| r.allowed_origins.push(v2_origin.clone())).await;
    let browser = Browser::open_at(&stack.shell_url()).await.unwrap();
    browser.wait_slot("header", "mounted").await.unwrap();

    // A script tries to plant forged code under the keys the host would take for v2.
    let glue = format!(
        "{v2_origin}/{}#{}",
        v2.assets.js.file, v2.assets.js.integrity
    );
    let planted = browser
        .eval(
            "const fake = () => Promise.resolve(new Response('window.__pwned = true; export default () => {};', \
                 { headers: { 'content-type': 'text/javascript' } })); \
             const p = globalThis.__flotillaPreload; \
             const tries = []; \
             try { globalThis.__flotillaPreload = { take: fake }; } catch (e) { tries.push('global: ' + e.name); } \
             try { p.take = fake; } catch (e) { tries.push('take: ' + e.name); } \
             try { p.text = () => '{}'; } catch (e) { tries.push('text: ' + e.name); } \
             try { Object.defineProperty(Object.prototype, arguments[0], { value: fake(), configurable: true }); } catch (e) { tries.push('proto: ' + e.name); } \
             return [globalThis.__flotillaPreload === p, p.take === fake, tries, p.text() === '{}'];",
            vec![json!(glue)],
        )
        .await
        .unwrap();
    assert_eq!(
        planted[0],
        json!(true),
        "the global was replaced: {planted}"
    );
    assert_eq!(planted[1], json!(false), "take was replaced: {planted}");
    assert_eq!(planted[3], json!(false), "text was replaced: {planted}");

    let answer = browser
        .swap("header", &format!("{v2_origin}/mf-manifest.json"))
        .await
        .unwrap();
    assert_eq!(answer["version"], json!("2.0.0"), "{answer}");
    browser.wait_slot_version("header", "2.0.0").await.unwrap();
    let pwned = browser
        .eval("return window.__pwned === true;", vec![])
        .await
        .unwrap();
    assert_eq!(pwned, json!(false), "planted code ran");
    page_works(&browser, None).await?;
    browser.close().await;
    Ok(Row {
        fault: "Response planted in `__flotillaPreload`, then a swap",
        module: "header-app (a page script)",
        shown: "planted code never runs; the swap uses verified bytes".into(),
        recovery: "the swap completes".into(),
    })
}

async fn forged_crash_report() -> Result<Row> {
    let stack = stack().await;
    let browser = Browser::open_at(&stack.shell_url()).await.unwrap();
    browser.wait_slot("content", "mounted").await.unwrap();
    let image = browser
        .slot_text("content", ".fl-image__credit")
        .await
        .unwrap();
    // Every instance name a forger could guess, from the header module's side of the page.
    browser
        .eval(
            "for (let n = 0; n < 50; n++) for (const module of ['home-app', 'header-app']) \
               window.dispatchEvent(new CustomEvent('flotilla:crash', { detail: \
                 { module, instance: `${module}#${n}`, token: 'guess', message: 'forged' } })); \
             window.dispatchEvent(new CustomEvent('flotilla:crash', { detail: { module: 'home-app', message: 'forged' } }));",
            vec![],
        )
        .await
        .unwrap();
    // The reports were dispatched synchronously; give the slot tasks a turn.
    tokio::time::sleep(Duration::from_millis(300)).await;
    for slot in ["header", "content"] {
        assert_eq!(browser.slot_data(slot, "state").await.unwrap(), "mounted");
    }
    assert_eq!(
        browser
            .slot_text("content", ".fl-image__credit")
            .await
            .unwrap(),
        image
    );
    browser.next_image().await.unwrap();
    page_works(&browser, None).await?;
    browser.close().await;
    Ok(Row {
        fault: "forged `flotilla:crash` naming any instance",
        module: "home-app (forged by another script)",
        shown: "ignored without the mount's token".into(),
        recovery: "nothing unmounted".into(),
    })
}

async fn runtime_replaced() -> Result<Row> {
    let (v2_origin, _server) = serve_folder(&header_v2_dist()).await;
    let stack = stack_with(|r| r.allowed_origins.push(v2_origin.clone())).await;
    let browser = Browser::open_at(&stack.shell_url()).await.unwrap();
    browser.wait_slot("header", "mounted").await.unwrap();
    let kept = browser
        .eval(
            "const rt = globalThis.__flotillaRuntime; \
             try { globalThis.__flotillaRuntime = 0; } catch {} \
             try { rt.store = { get: () => ({}), update: () => true }; } catch {} \
             try { rt.store.update = () => true; } catch {} \
             return globalThis.__flotillaRuntime === rt && rt.store.update({ theme: 'purple' }, 'console') === false;",
            vec![],
        )
        .await
        .unwrap();
    assert_eq!(kept, json!(true), "the runtime or its store was replaced");
    let answer = browser
        .swap("header", &format!("{v2_origin}/mf-manifest.json"))
        .await
        .unwrap();
    assert_eq!(answer["version"], json!("2.0.0"), "{answer}");
    browser.wait_slot_version("header", "2.0.0").await.unwrap();
    toggle_theme(&browser).await.unwrap();
    page_theme_becomes(&browser, "dark").await;
    let content = browser
        .in_slot_js(
            "content",
            "return root.querySelector('.fl-image')?.dataset.theme;",
        )
        .await
        .unwrap();
    assert_eq!(
        content,
        json!("dark"),
        "home-app did not follow the new header"
    );
    page_works(&browser, None).await?;
    browser.close().await;
    Ok(Row {
        fault: "`__flotillaRuntime` or its store replaced, then a swap",
        module: "header-app (a page script)",
        shown: "refused: frozen, non-writable".into(),
        recovery: "the new instance still reaches the page".into(),
    })
}

async fn oversized_patches() -> Result<Row> {
    let stack = stack().await;
    let browser = Browser::open_at(&stack.shell_url()).await.unwrap();
    browser.wait_slot("header", "mounted").await.unwrap();
    let answer = browser
        .eval(
            "const rt = globalThis.__flotillaRuntime; \
             let calls = 0; \
             const sly = { toJSON() { calls++; return calls === 1 ? { a: 1 } : { big: 'x'.repeat(2000000) }; } }; \
             const sly_ok = rt.store.update(sly, 'console'); \
             let accepted = 0; \
             for (let i = 0; i < 500; i++) if (rt.store.update({ ['junk' + i]: 'y'.repeat(4000) }, 'console')) accepted++; \
             const size = JSON.stringify(rt.store.get()).length; \
             return [sly_ok, calls, accepted, size];",
            vec![],
        )
        .await
        .unwrap();
    assert_eq!(answer[1], json!(1), "toJSON was read twice: {answer}");
    let size = answer[3].as_u64().unwrap();
    assert!(
        size <= 16 * 1024,
        "the state grew to {size} bytes: {answer}"
    );
    let accepted = answer[2].as_u64().unwrap();
    assert!(accepted < 5, "{accepted} junk patches were accepted");
    // The page's own updates still work.
    toggle_theme(&browser).await.unwrap();
    page_theme_becomes(&browser, "dark").await;
    page_works(&browser, None).await?;
    browser.close().await;
    Ok(Row {
        fault: "sly `toJSON` patch, 500 junk patches",
        module: "the store (a page script)",
        shown: "refused past 4 KiB per patch / 16 KiB state".into(),
        recovery: "the store keeps working".into(),
    })
}

async fn giant_bus_event() -> Result<Row> {
    let stack = stack().await;
    let browser = Browser::open_at(&stack.shell_url()).await.unwrap();
    browser.shown_image().await.unwrap();
    let before = browser
        .slot_text("header", ".fl-header__now")
        .await
        .unwrap();
    browser
        .eval(
            "globalThis.__flotillaRuntime.bus.dispatchEvent(new CustomEvent('flotilla:image-shown', { detail: \
               { v: 1, source: 'header-app', data: { title: 'Huge', credit: 'z'.repeat(20000000), url: 'http://127.0.0.1:9/h.jpg' } } }));",
            vec![],
        )
        .await
        .unwrap();
    let after = browser
        .slot_text("header", ".fl-header__now")
        .await
        .unwrap();
    assert_eq!(after, before, "the giant event was shown");
    browser.next_image().await.unwrap();
    page_works(&browser, None).await?;
    browser.close().await;
    Ok(Row {
        fault: "20 MB bus event",
        module: "home-app's event (forged)",
        shown: "dropped (over 16 KiB) with a warning".into(),
        recovery: "nothing to recover".into(),
    })
}

/// A module origin whose manifest is an endless stream (no `Content-Length`), with a count of
/// the bytes it managed to send.
async fn endless_manifest() -> (String, std::sync::Arc<std::sync::atomic::AtomicUsize>) {
    use std::sync::atomic::{AtomicUsize, Ordering};
    let sent = std::sync::Arc::new(AtomicUsize::new(0));
    let counter = sent.clone();
    let router = Router::new().route(
        "/mf-manifest.json",
        get(move || {
            let counter = counter.clone();
            async move {
                // At most 200 MB, in 64 KB chunks, as fast as the client reads.
                let chunks = futures::stream::iter(0..3_200).map(move |i| {
                    counter.fetch_add(65_536, Ordering::Relaxed);
                    let text = if i == 0 {
                        format!("{{\"padding\": \"{}", "p".repeat(65_536 - 13))
                    } else {
                        "p".repeat(65_536)
                    };
                    Ok::<_, std::io::Error>(text)
                });
                Response::builder()
                    .header(header::CONTENT_TYPE, "application/json")
                    .header(header::ACCESS_CONTROL_ALLOW_ORIGIN, "*")
                    .body(Body::from_stream(chunks))
                    .unwrap()
            }
        }),
    );
    let (origin, task) = serve(router).await;
    std::mem::forget(task);
    (origin, sent)
}

async fn endless_manifest_body() -> Result<Row> {
    let (origin, sent) = endless_manifest().await;
    let url = format!("{origin}/mf-manifest.json");
    // No composition snapshot: the bytes counted are the host's own reading.
    let stack = stack_configured(
        |c| c.snapshot = None,
        |r| {
            point(r, "header-app", &url);
            r.loading.retry.attempts = 1;
        },
    )
    .await;
    let browser = Browser::open_at(&stack.shell_url()).await.unwrap();
    browser.wait_slot("header", "failed").await.unwrap();
    assert_eq!(
        browser.slot_data("header", "error-code").await.unwrap(),
        "FLO-103"
    );
    let text = browser.wait_error_text("header").await.unwrap();
    assert!(
        text.contains("more than the 65536 bytes allowed") && text.contains(&url),
        "{text}"
    );
    let sent = sent.load(std::sync::atomic::Ordering::Relaxed);
    assert!(
        sent < 50 * 1024 * 1024,
        "the host kept reading: {sent} bytes were sent"
    );
    browser.wait_slot("content", "mounted").await.unwrap();
    page_works(&browser, Some("header")).await?;
    browser.close().await;
    Ok(Row {
        fault: "endless manifest body",
        module: "header-app",
        shown: "FLO-103 at 64 KiB, reading stops".into(),
        recovery: "Retry once the origin is fixed".into(),
    })
}

async fn manifest_redirected() -> Result<Row> {
    // The redirect's target is a real header build on an allowed origin.
    let copy = ModuleCopy::of("header-app");
    let (allowed, _server) = copy.serve().await;
    let target = format!("{allowed}/mf-manifest.json");
    let redirector = Router::new().route(
        "/mf-manifest.json",
        get(move || {
            let target = target.clone();
            async move {
                (
                    StatusCode::FOUND,
                    [
                        (header::LOCATION, target),
                        (header::ACCESS_CONTROL_ALLOW_ORIGIN, "*".to_owned()),
                    ],
                )
                    .into_response()
            }
        }),
    );
    let (origin, _task) = serve(redirector).await;
    let url = format!("{origin}/mf-manifest.json");
    let stack = stack_with(|r| {
        point(r, "header-app", &url);
        r.allowed_origins.push(allowed.clone());
    })
    .await;
    let browser = Browser::open_at(&stack.shell_url()).await.unwrap();
    browser.wait_slot("header", "failed").await.unwrap();
    assert_eq!(
        browser.slot_data("header", "error-code").await.unwrap(),
        "FLO-110"
    );
    let text = browser.wait_error_text("header").await.unwrap();
    assert!(text.contains(&url) && text.contains("redirected"), "{text}");
    browser.wait_slot("content", "mounted").await.unwrap();
    page_works(&browser, Some("header")).await?;
    browser.close().await;
    Ok(Row {
        fault: "manifest redirected to another allowed origin",
        module: "header-app",
        shown: "FLO-110".into(),
        recovery: "fix the URL in remotes.json".into(),
    })
}

async fn css_covers_the_page() -> Result<Row> {
    // home-app's stylesheet, changed to cover the whole window (and re-hashed, so it is valid).
    let copy = ModuleCopy::of("home-app");
    let mut manifest: Value =
        serde_json::from_str(&std::fs::read_to_string(copy.path("mf-manifest.json")).unwrap())
            .unwrap();
    let css_file = manifest["assets"]["css"][0]["file"]
        .as_str()
        .unwrap()
        .to_owned();
    let mut css = std::fs::read(copy.path(&css_file)).unwrap();
    css.extend_from_slice(
        b"\n.fl-image { position: fixed !important; inset: 0 !important; z-index: 99999; background: red; }\n",
    );
    for ext in ["br", "gz"] {
        let _ = std::fs::remove_file(copy.path(&format!("{css_file}.{ext}")));
    }
    std::fs::write(copy.path(&css_file), &css).unwrap();
    manifest["assets"]["css"][0]["integrity"] = json!(xtask::manifest::integrity(&css));
    manifest["assets"]["css"][0]["size"] = json!(css.len());
    std::fs::write(copy.path("mf-manifest.json"), manifest.to_string()).unwrap();
    let (origin, _server) = copy.serve().await;
    let url = format!("{origin}/mf-manifest.json");
    let stack = stack_with(|r| point(r, "home-app", &url)).await;
    let browser = Browser::open_at(&stack.shell_url()).await.unwrap();
    browser.wait_slot("content", "mounted").await.unwrap();
    browser.wait_slot("header", "mounted").await.unwrap();
    let hit = browser
        .eval(
            "const header = document.querySelector('[data-flotilla-slot=\"header\"]'); \
             const box = header.getBoundingClientRect(); \
             const at = document.elementFromPoint(box.left + box.width / 2, box.top + box.height / 2); \
             return at?.closest('[data-flotilla-slot]')?.dataset.flotillaSlot ?? null;",
            vec![],
        )
        .await
        .unwrap();
    assert_eq!(hit, json!("header"), "home-app's CSS covers the header");
    page_works(&browser, Some("content")).await?;
    browser.close().await;
    Ok(Row {
        fault: "module CSS `position: fixed; inset: 0`",
        module: "home-app",
        shown: "painted inside its own slot (`contain: paint`)".into(),
        recovery: "nothing to recover".into(),
    })
}

async fn swap_to_another_module() -> Result<Row> {
    let stack = stack().await;
    let browser = Browser::open_at(&stack.shell_url()).await.unwrap();
    browser.wait_slot("header", "mounted").await.unwrap();
    let other = format!("{}/mf-manifest.json", stack.module_origin("home-app"));
    let answer = browser.swap("header", &other).await.unwrap();
    assert_eq!(answer["error"], json!("FLO-109"), "{answer}");
    let message = answer["message"].as_str().unwrap();
    assert!(
        message.contains("home-app") && message.contains("header-app"),
        "{message}"
    );
    assert_eq!(
        browser.slot_data("header", "module").await.unwrap(),
        "header-app"
    );
    let title = browser.slot_text("header", "h1").await.unwrap();
    assert_eq!(title, "Flotilla");
    page_works(&browser, None).await?;
    browser.close().await;
    Ok(Row {
        fault: "swap to another module's manifest",
        module: "header-app",
        shown: "FLO-109".into(),
        recovery: "the slot keeps its module".into(),
    })
}

/// Types `url` into the override panel's row for `slot`, presses Apply and returns the row's
/// message once it contains `wanted`.
async fn apply_in_panel(browser: &Browser, slot: &str, url: &str, wanted: &str) -> String {
    let row = format!(".flotilla-devtools__row[data-slot=\"{slot}\"]");
    // The panel loads after the page: wait for its row.
    let input = browser
        .client
        .wait()
        .for_element(fantoccini::Locator::Css(&format!("{row} input")))
        .await
        .unwrap();
    input.send_keys(url).await.unwrap();
    browser
        .client
        .find(fantoccini::Locator::Css(&format!(
            "{row} .flotilla-devtools__apply"
        )))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    let text = browser
        .wait_for(
            &format!("the panel to say {wanted:?}"),
            "const t = document.querySelector(arguments[0] + ' .flotilla-devtools__message')?.textContent ?? ''; \
             return t.includes(arguments[1]) ? t : null;",
            vec![json!(row), json!(wanted)],
        )
        .await
        .unwrap();
    text.as_str().unwrap_or_default().to_owned()
}

async fn override_not_saved() -> Result<Row> {
    let (v2_origin, _server) = serve_folder(&header_v2_dist()).await;
    let v2_manifest = format!("{v2_origin}/mf-manifest.json");
    let stack = stack_with(|r| r.allowed_origins.push(v2_origin.clone())).await;
    let browser = Browser::open_at(&format!("{}?devtools", stack.shell_url()))
        .await
        .unwrap();
    browser.wait_slot("header", "mounted").await.unwrap();
    // Fill localStorage to its quota.
    browser
        .eval(
            "const chunk = 'f'.repeat(1 << 20); \
             for (let i = 0; i < 64; i++) { try { localStorage.setItem('fill' + i, chunk); } catch { break; } } \
             for (let n = 1 << 19; n >= 1; n >>= 1) { try { localStorage.setItem('fill-tail' + n, chunk.slice(0, n)); } catch {} }",
            vec![],
        )
        .await
        .unwrap();
    let text = apply_in_panel(&browser, "header", &v2_manifest, "2.0.0").await;
    assert!(text.contains("not saved for the next load"), "{text}");
    browser.wait_slot_version("header", "2.0.0").await.unwrap();
    page_works(&browser, None).await?;
    browser.close().await;
    Ok(Row {
        fault: "override applied with localStorage full",
        module: "header-app",
        shown: "runs, marked \"not saved for the next load\"".into(),
        recovery: "gone after a reload, as said".into(),
    })
}

async fn store_flood() -> Result<Row> {
    let stack = stack().await;
    let browser = Browser::open_at(&stack.shell_url()).await.unwrap();
    browser.wait_slot("header", "mounted").await.unwrap();
    let accepted = browser
        .eval(
            "const rt = globalThis.__flotillaRuntime; let n = 0; \
             for (let i = 0; i < 1000; i++) if (rt.store.update({ images_viewed: i }, 'flood')) n++; \
             return n;",
            vec![],
        )
        .await
        .unwrap();
    let accepted = accepted.as_u64().unwrap();
    assert!(
        (1..=50).contains(&accepted),
        "{accepted} of 1000 updates in a burst were accepted"
    );
    // Other sources are not held back by the flood.
    toggle_theme(&browser).await.unwrap();
    page_theme_becomes(&browser, "dark").await;
    page_works(&browser, None).await?;
    browser.close().await;
    Ok(Row {
        fault: "1,000 store updates in a burst",
        module: "the store (a page script)",
        shown: "cut at 50 per second per source, with a warning".into(),
        recovery: "other sources unaffected".into(),
    })
}

async fn blob_url() -> Result<Row> {
    let stack = stack().await;
    let browser = Browser::open_at(&format!("{}?devtools", stack.shell_url()))
        .await
        .unwrap();
    browser.wait_slot("header", "mounted").await.unwrap();
    let blob = browser
        .eval(
            "return URL.createObjectURL(new Blob(['{}'], { type: 'application/json' }));",
            vec![],
        )
        .await
        .unwrap();
    let answer = browser
        .swap("header", blob.as_str().unwrap())
        .await
        .unwrap();
    assert_eq!(answer["error"], json!("FLO-105"), "{answer}");
    assert!(
        answer["message"]
            .as_str()
            .unwrap()
            .contains("not an absolute http(s) URL"),
        "{answer}"
    );
    // The override panel refuses it with the same check, and saves nothing.
    let url = blob.as_str().unwrap();
    let text = apply_in_panel(&browser, "header", url, "not an absolute http(s) URL").await;
    assert!(text.contains(url), "{text}");
    let saved = browser
        .eval("return JSON.stringify(localStorage);", vec![])
        .await
        .unwrap();
    assert!(!saved.as_str().unwrap().contains("blob:"), "{saved}");
    assert_eq!(
        browser.slot_data("header", "state").await.unwrap(),
        "mounted"
    );
    assert_eq!(browser.slot_data("header", "overridden").await.unwrap(), "");
    page_works(&browser, None).await?;
    browser.close().await;
    Ok(Row {
        fault: "`blob:` URL of an allowed origin as a swap or override",
        module: "header-app",
        shown: "FLO-105, nothing fetched".into(),
        recovery: "the slot keeps its module".into(),
    })
}

async fn busy_at_mount() -> Result<Row> {
    let origin = flotilla_e2e::chaos::ChaosOrigin::up("chaos-app").await;
    let url = origin.manifest_url();
    let stack = stack_with(|r| {
        point(r, "header-app", &url);
        let header = r
            .remotes
            .iter_mut()
            .find(|m| m.name == "header-app")
            .unwrap();
        header.expose = None;
        header.props.insert("busy_ms".into(), json!(400));
    })
    .await;
    let browser = Browser::open_at(&stack.shell_url()).await.unwrap();
    browser.wait_slot("header", "mounted").await.unwrap();
    let task = browser
        .wait_for(
            "a long task to be reported",
            "return flotilla.stats().longTasks.find(t => t.module === 'header-app' && t.ms >= 300) ?? null;",
            vec![],
        )
        .await
        .unwrap();
    assert_eq!(task["module"], json!("header-app"), "{task}");
    browser.wait_slot("content", "mounted").await.unwrap();
    page_works(&browser, None).await?;
    browser.close().await;
    Ok(Row {
        fault: "module busy for 300 ms while mounting",
        module: "chaos-app in the header",
        shown: "named in the panel, console and `flotilla.stats()`".into(),
        recovery: "cannot be contained in a shared page".into(),
    })
}

faults! {
    20 "planted preload" => a_planted_preload_is_never_run(planted_preload);
    21 "forged crash report" => a_forged_crash_report_unmounts_nothing(forged_crash_report);
    22 "runtime replaced" => the_runtime_cannot_be_replaced_so_a_swapped_in_module_still_reaches_the_page(runtime_replaced);
    23 "oversized patches" => the_store_stays_small_whatever_patches_it_is_sent(oversized_patches);
    24 "giant bus event" => a_giant_bus_event_is_ignored_and_the_page_keeps_working(giant_bus_event);
    25 "endless manifest body" => an_endless_manifest_is_cut_off_at_the_limit(endless_manifest_body);
    26 "manifest redirected" => a_manifest_redirected_to_another_origin_is_refused(manifest_redirected);
    27 "css covers the page" => module_css_cannot_cover_another_slot(css_covers_the_page);
    28 "swap to another module" => a_swap_to_another_module_is_refused_and_the_slot_keeps_its_own(swap_to_another_module);
    29 "override not saved" => an_override_the_browser_cannot_save_says_so(override_not_saved);
    30 "store flood" => a_flood_of_store_updates_is_cut_at_the_rate_limit(store_flood);
    31 "blob url" => a_blob_url_of_an_allowed_origin_is_refused_as_an_override_or_swap(blob_url);
    32 "busy at mount" => a_long_task_during_a_mount_is_named_after_its_module(busy_at_mount);
}
