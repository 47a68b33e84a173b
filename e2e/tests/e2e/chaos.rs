//! The chaos suite: each case loads the page with one module broken, on real loopback servers in
//! headless Chromium, and checks that
//! 1. the broken slot shows the right code and a message naming the module, URL and cause,
//! 2. the other module still renders and responds,
//! 3. the shell still responds (its footer reports every slot),
//! 4. Retry (or Restart) brings the module back once the fault is removed.
//!
//! One test per fault, so the counts say how many held. Each writes its row of the table to
//! `target/chaos/rows/`; `cargo xtask test` assembles `target/chaos/table.md` and prints it.

use crate::support;

use anyhow::{ensure, Context, Result};
use fantoccini::Locator;
use flotilla_contract::policy::UpdateMode;
use flotilla_contract::Registry;
use flotilla_e2e::chaos::ChaosOrigin;
use flotilla_e2e::faults;
use flotilla_e2e::table::Row;
use flotilla_e2e::{point, stack_configured, Browser, ModuleCopy};
use serde_json::{json, Value};
use support::module_works;
use xtask::serve::Stack;

/// A page whose registry points one module at a chaos origin.
struct ChaosPage {
    origin: ChaosOrigin,
    browser: Browser,
    module: &'static str,
    _stack: Stack,
}

fn slot_of(module: &str) -> &'static str {
    if module == "header-app" {
        "header"
    } else {
        "content"
    }
}

impl ChaosPage {
    /// Points `module` at `origin` (and lets `customize` change the registry), opens the page.
    async fn open(
        module: &'static str,
        origin: ChaosOrigin,
        customize: impl FnOnce(&mut Registry),
    ) -> Result<Self> {
        let url = origin.manifest_url();
        // No composition snapshot: these cases test the host against the origin, and count the
        // page's own requests (the server's revalidations would add to them).
        let stack = stack_configured(
            |c| c.snapshot = None,
            |r| {
                point(r, module, &url);
                customize(r);
            },
        )
        .await;
        let browser = Browser::open_at(&stack.shell_url()).await?;
        Ok(ChaosPage {
            origin,
            browser,
            module,
            _stack: stack,
        })
    }

    fn slot(&self) -> &'static str {
        slot_of(self.module)
    }

    /// Waits for the slot to fail with `code`; checks the message has every fragment, the
    /// other module works and the shell's footer reports the failure. Returns the message.
    async fn survives(&self, state: &str, code: &str, fragments: &[&str]) -> Result<String> {
        let b = &self.browser;
        b.wait_slot(self.slot(), state).await?;
        let shown = b.slot_data(self.slot(), "error-code").await?;
        ensure!(shown == code, "slot shows {shown}, expected {code}");
        let text = b.wait_error_text(self.slot()).await?;
        ensure!(
            text.contains(self.module),
            "message does not name {}: {text}",
            self.module
        );
        for fragment in fragments {
            ensure!(text.contains(fragment), "no {fragment:?} in: {text}");
        }
        let action = if state == "crashed" {
            "Restart"
        } else {
            "Retry"
        };
        ensure!(text.contains(action), "no {action} in: {text}");
        other_module_works(b, self.module).await?;
        let footer = format!("{} {state} ({code})", self.module);
        self.footer_says(&footer).await?;
        Ok(text)
    }

    async fn footer_says(&self, wanted: &str) -> Result<()> {
        let script = "return document.querySelector('.flotilla-footer')?.textContent.includes(arguments[0]);";
        self.browser
            .wait_for(
                &format!("the shell's footer to say {wanted:?}"),
                script,
                vec![json!(wanted)],
            )
            .await
            .map(|_| ())
    }

    /// Presses the slot's Retry/Restart button and waits until the module is mounted again.
    async fn press_retry(&self) -> Result<()> {
        let css = format!(
            "[data-flotilla-slot=\"{}\"] .flotilla-error__retry",
            self.slot()
        );
        self.browser
            .client
            .find(Locator::Css(&css))
            .await?
            .click()
            .await?;
        Ok(())
    }

    /// Retry, then the module is back, works, and the shell says so; the failed loads left
    /// nothing in the slot (one instance element).
    async fn recovers(&self) -> Result<()> {
        self.press_retry().await?;
        self.browser.wait_slot(self.slot(), "mounted").await?;
        module_works(&self.browser, self.module).await?;
        let count = "return root.querySelectorAll('.flotilla-instance').length;";
        let instances = self.browser.in_slot_js(self.slot(), count).await?;
        ensure!(
            instances == json!(1),
            "{instances} instance elements in the slot"
        );
        ensure!(self.browser.error_text(self.slot()).await?.is_empty());
        self.footer_says(&format!("{} mounted", self.module)).await
    }

    async fn close(self) {
        self.browser.close().await;
    }
}

async fn other_module_works(browser: &Browser, broken: &str) -> Result<()> {
    let other = if broken == "header-app" {
        "home-app"
    } else {
        "header-app"
    };
    browser.wait_slot(slot_of(other), "mounted").await?;
    module_works(browser, other).await
}

/// Breaks `module`'s files (`break_files` returns what to restore), checks the failure, restores
/// the files and retries.
async fn broken_files(
    fault: &'static str,
    module: &'static str,
    code: &'static str,
    break_files: impl FnOnce(&ChaosOrigin) -> Vec<String>,
    fragments: impl FnOnce(&ChaosOrigin) -> Vec<String>,
) -> Result<Row> {
    let origin = ChaosOrigin::up(module).await;
    let pristine = ModuleCopy::of(module);
    let touched = break_files(&origin);
    let wanted = fragments(&origin);
    let page = ChaosPage::open(module, origin, |_| {}).await?;
    let wanted: Vec<&str> = wanted.iter().map(String::as_str).collect();
    page.survives("failed", code, &wanted).await?;
    for file in &touched {
        page.origin.write(file, std::fs::read(pristine.path(file))?);
    }
    page.recovers().await?;
    page.close().await;
    Ok(Row {
        fault,
        module,
        shown: code.into(),
        recovery: "Retry after the files were restored".into(),
    })
}

async fn origin_down() -> Result<Row> {
    let origin = ChaosOrigin::down("header-app");
    let url = origin.manifest_url();
    let mut page = ChaosPage::open("header-app", origin, |_| {}).await?;
    page.survives("failed", "FLO-101", &[&url, "unreachable", "tried 3 times"])
        .await?;
    page.origin.start().await;
    page.recovers().await?;
    page.close().await;
    Ok(Row {
        fault: "origin down (connection refused)",
        module: "header-app",
        shown: "FLO-101 after 3 attempts".into(),
        recovery: "Retry once the origin is up".into(),
    })
}

async fn origin_hangs() -> Result<Row> {
    let origin = ChaosOrigin::up("home-app").await;
    origin.hang("mf-manifest.json");
    let url = origin.manifest_url();
    let page = ChaosPage::open("home-app", origin, |r| {
        r.loading.timeouts.manifest_ms = 1_000;
        r.loading.retry.attempts = 2;
    })
    .await?;
    page.survives(
        "failed",
        "FLO-108",
        &[&url, "took longer than 1000 ms", "tried 2 times"],
    )
    .await?;
    page.origin.mend();
    page.recovers().await?;
    page.close().await;
    Ok(Row {
        fault: "origin hangs (manifest never answers)",
        module: "home-app",
        shown: "FLO-108 after 2 x 1 s".into(),
        recovery: "Retry once the origin answers".into(),
    })
}

async fn wasm_hangs() -> Result<Row> {
    let origin = ChaosOrigin::up("home-app").await;
    origin.hang("_bg.wasm");
    let page = ChaosPage::open("home-app", origin, |r| {
        r.loading.timeouts.fetch_ms = 1_000;
        r.loading.retry.attempts = 2;
    })
    .await?;
    page.survives(
        "failed",
        "FLO-206",
        &[
            "downloading the code",
            "took longer than 1000 ms",
            "tried 2 times",
        ],
    )
    .await?;
    page.origin.mend();
    page.recovers().await?;
    page.close().await;
    Ok(Row {
        fault: "wasm download hangs",
        module: "home-app",
        shown: "FLO-206 after 2 x 1 s".into(),
        recovery: "Retry once the origin answers".into(),
    })
}

async fn css_hangs() -> Result<Row> {
    let origin = ChaosOrigin::up("header-app").await;
    origin.hang(".css");
    let page = ChaosPage::open("header-app", origin, |r| {
        r.loading.timeouts.mount_ms = 1_000;
    })
    .await?;
    page.survives(
        "failed",
        "FLO-303",
        &["mounting", "took longer than 1000 ms"],
    )
    .await?;
    page.origin.mend();
    page.recovers().await?;
    page.close().await;
    Ok(Row {
        fault: "stylesheet never arrives",
        module: "header-app",
        shown: "FLO-303 after 1 s".into(),
        recovery: "Retry once the origin answers".into(),
    })
}

async fn transient_503s() -> Result<Row> {
    let origin = ChaosOrigin::up("home-app").await;
    origin.fail("mf-manifest.json", 503, 2);
    // Counted requests are the load's own: the slot is not watched, so no update check adds
    // one (the first check falls anywhere in the first interval, however long).
    let page = ChaosPage::open("home-app", origin, |r| {
        for remote in r.remotes.iter_mut().filter(|m| m.name == "home-app") {
            remote.update = UpdateMode::Off;
        }
    })
    .await?;
    page.browser.wait_slot("content", "mounted").await?;
    module_works(&page.browser, "home-app").await?;
    let hits = page.origin.hits("/mf-manifest.json");
    ensure!(hits == 3, "manifest requested {hits} times, expected 3");
    page.close().await;
    Ok(Row {
        fault: "manifest answers 503 twice",
        module: "home-app",
        shown: "nothing: retried with backoff".into(),
        recovery: "by itself (3 requests)".into(),
    })
}

async fn manifest_404() -> Result<Row> {
    let origin = ChaosOrigin::up("header-app").await;
    let url = origin.manifest_url();
    let held_back = origin.read("mf-manifest.json");
    std::fs::remove_file(origin.copy.path("mf-manifest.json"))?;
    let page = ChaosPage::open("header-app", origin, |_| {}).await?;
    page.survives("failed", "FLO-102", &[&url, "HTTP 404"])
        .await?;
    let hits = page.origin.hits("/mf-manifest.json");
    ensure!(hits == 1, "a 404 was retried ({hits} requests)");
    page.origin.write("mf-manifest.json", held_back);
    page.recovers().await?;
    page.close().await;
    Ok(Row {
        fault: "manifest 404",
        module: "header-app",
        shown: "FLO-102, not retried".into(),
        recovery: "Retry once deployed".into(),
    })
}

async fn malformed_manifest() -> Result<Row> {
    broken_files(
        "malformed manifest (cut in half)",
        "header-app",
        "FLO-103",
        |o| {
            let text = o.read("mf-manifest.json");
            o.write("mf-manifest.json", &text[..text.len() / 2]);
            vec!["mf-manifest.json".into()]
        },
        |o| vec![o.manifest_url(), "not valid JSON".into()],
    )
    .await
}

async fn bad_field() -> Result<Row> {
    broken_files(
        "manifest field escapes its folder",
        "home-app",
        "FLO-103",
        |o| {
            o.edit_manifest(|m| m["assets"]["wasm"]["file"] = json!("../../etc/x.wasm"));
            vec!["mf-manifest.json".into()]
        },
        |_| vec!["assets.wasm.file".into()],
    )
    .await
}

async fn oversized_manifest() -> Result<Row> {
    broken_files(
        "oversized manifest (100 KB)",
        "header-app",
        "FLO-103",
        |o| {
            o.edit_manifest(|m| m["padding"] = json!("x".repeat(100_000)));
            vec!["mf-manifest.json".into()]
        },
        |_| vec!["bytes is more than the 65536 bytes allowed".into()],
    )
    .await
}

async fn wrong_abi() -> Result<Row> {
    broken_files(
        "wrong ABI version",
        "home-app",
        "FLO-104",
        |o| {
            o.edit_manifest(|m| m["abi_version"] = json!(9));
            vec!["mf-manifest.json".into()]
        },
        |_| vec!["`abi_version` is 9; this host mounts [1]".into()],
    )
    .await
}

async fn truncated_wasm() -> Result<Row> {
    broken_files(
        "truncated wasm",
        "home-app",
        "FLO-203",
        |o| {
            let wasm = o.copy.manifest().assets.wasm.file;
            let bytes = o.read(&wasm);
            o.write(&wasm, &bytes[..bytes.len() - 100]);
            vec![wasm]
        },
        |o| {
            vec![
                o.copy.manifest().assets.wasm.file,
                "expected sha384-".into(),
            ]
        },
    )
    .await
}

async fn other_wasm() -> Result<Row> {
    broken_files(
        "wasm integrity mismatch (another build's wasm)",
        "header-app",
        "FLO-203",
        |o| {
            let wasm = o.copy.manifest().assets.wasm.file;
            let other = ModuleCopy::of("home-app");
            let other_wasm = other.manifest().assets.wasm.file;
            o.write(&wasm, std::fs::read(other.path(&other_wasm)).unwrap());
            vec![wasm]
        },
        |o| {
            vec![
                o.copy.manifest().assets.wasm.file,
                "failed its integrity check".into(),
            ]
        },
    )
    .await
}

async fn tampered_glue() -> Result<Row> {
    broken_files(
        "glue JS integrity mismatch (one line added)",
        "home-app",
        "FLO-203",
        |o| {
            let js = o.copy.manifest().assets.js.file;
            let mut glue = o.read(&js);
            glue.extend_from_slice(b"\nconsole.log('injected');\n");
            o.write(&js, glue);
            vec![js]
        },
        |o| {
            // The message names the hash of the bytes served, as the browser computed it.
            let js = o.copy.manifest().assets.js.file;
            let actual = xtask::manifest::integrity(&o.read(&js));
            vec![js, "expected sha384-".into(), format!("got {actual}")]
        },
    )
    .await
}

async fn missing_wasm() -> Result<Row> {
    broken_files(
        "wasm 404",
        "header-app",
        "FLO-202",
        |o| {
            let wasm = o.copy.manifest().assets.wasm.file;
            let renamed = format!("{wasm}.gone");
            std::fs::rename(o.copy.path(&wasm), o.copy.path(&renamed)).unwrap();
            for ext in ["br", "gz"] {
                let _ = std::fs::remove_file(o.copy.path(&format!("{wasm}.{ext}")));
            }
            vec![wasm]
        },
        |o| vec![o.copy.manifest().assets.wasm.file, "HTTP 404".into()],
    )
    .await
}

async fn glue_throws() -> Result<Row> {
    broken_files(
        "glue throws at import (integrity valid)",
        "header-app",
        "FLO-204",
        |o| {
            let js = o.copy.manifest().assets.js.file;
            let mut glue = b"throw new Error('chaos: the glue throws');\n".to_vec();
            glue.extend(o.read(&js));
            let integrity = xtask::manifest::integrity(&glue);
            let size = glue.len();
            o.write(&js, glue);
            o.edit_manifest(|m| {
                m["assets"]["js"]["integrity"] = json!(integrity);
                m["assets"]["js"]["size"] = json!(size);
            });
            vec![js, "mf-manifest.json".into()]
        },
        |_| {
            vec![
                "failed to initialise".into(),
                "chaos: the glue throws".into(),
            ]
        },
    )
    .await
}

/// chaos-app in the header slot, panicking as `panic` says.
async fn chaos_in_header(panic: &str) -> Result<ChaosPage> {
    let origin = ChaosOrigin::up("chaos-app").await;
    ChaosPage::open("header-app", origin, |r| {
        let header = &mut r.remotes[0];
        header.expose = None;
        header.props.insert("panic".into(), json!(panic));
    })
    .await
}

async fn panic_at_mount() -> Result<Row> {
    let page = chaos_in_header("mount").await?;
    page.survives("crashed", "FLO-302", &["told to panic while mounting"])
        .await?;
    page.origin.deploy("header-app");
    page.recovers().await?;
    page.close().await;
    Ok(Row {
        fault: "panic during mount",
        module: "header-app (chaos-app)",
        shown: "FLO-302 crashed".into(),
        recovery: "Restart after a fixed build was deployed".into(),
    })
}

async fn panic_on_click() -> Result<Row> {
    crashes_on_click(
        "click",
        &["told to panic on a click"],
        "panic in a click handler",
    )
    .await
}

/// chaos-app crashes (as `mode` says) when its button is clicked: the slot shows FLO-302 with
/// `fragments`, and Restart brings a fresh instance.
async fn crashes_on_click(mode: &str, fragments: &[&str], fault: &'static str) -> Result<Row> {
    let page = chaos_in_header(mode).await?;
    let b = &page.browser;
    b.wait_slot("header", "mounted").await?;
    b.in_slot("header", ".chaos__boom").await?.click().await?;
    page.survives("crashed", "FLO-302", fragments).await?;
    page.press_retry().await?;
    b.wait_slot("header", "mounted").await?;
    let text = b.slot_text("header", ".chaos__text").await?;
    ensure!(
        text == "chaos-app is running (0 clicks)",
        "after Restart: {text}"
    );
    page.footer_says("header-app mounted").await?;
    page.close().await;
    Ok(Row {
        fault,
        module: "header-app (chaos-app)",
        shown: "FLO-302 crashed".into(),
        recovery: "Restart: a fresh instance in a fresh element".into(),
    })
}

async fn origin_not_allowed() -> Result<Row> {
    let origin = ChaosOrigin::up("header-app").await;
    let url = origin.manifest_url();
    let refused = origin.origin();
    let page = ChaosPage::open("header-app", origin, |r| {
        r.allowed_origins.retain(|o| *o != refused);
    })
    .await?;
    page.survives("failed", "FLO-105", &[&url, "not allowed"])
        .await?;
    ensure!(
        page.origin.hits("/mf-manifest.json") == 0,
        "a refused origin was contacted"
    );
    page.press_retry().await?;
    page.survives("failed", "FLO-105", &[&url]).await?;
    ensure!(page.origin.hits("/mf-manifest.json") == 0);
    page.close().await;
    Ok(Row {
        fault: "origin not on the allow-list",
        module: "header-app",
        shown: "FLO-105, never contacted".into(),
        recovery: "refused again on Retry; fixed in remotes.json".into(),
    })
}

async fn failing_builds_flip() -> Result<Row> {
    let origin = ChaosOrigin::up("header-app").await;
    origin.no_store();
    let good: Value = serde_json::from_slice(&origin.read("mf-manifest.json"))?;
    let glue = good["assets"]["js"]["file"]
        .as_str()
        .context("glue")?
        .to_owned();
    // Two builds whose glue does not match its integrity, each under a name of its own.
    let broken: Vec<(String, String)> = ["8.0.0", "9.0.0"]
        .iter()
        .map(|version| {
            let file = format!("broken-{version}.js");
            let bytes = origin.read(&glue);
            origin.write(&file, &bytes);
            // The manifest claims other bytes than the file holds.
            let mut claimed = bytes;
            claimed.extend_from_slice(format!("\n// the glue of {version}\n").as_bytes());
            let mut m = good.clone();
            m["version"] = json!(version);
            m["assets"]["js"]["file"] = json!(file);
            m["assets"]["js"]["integrity"] = json!(xtask::manifest::integrity(&claimed));
            (file, m.to_string())
        })
        .collect();
    let page = ChaosPage::open("header-app", origin, |r| {
        r.updates.interval_ms = 200;
        for remote in &mut r.remotes {
            remote.update = flotilla_contract::policy::UpdateMode::Auto;
        }
    })
    .await?;
    let b = &page.browser;
    b.wait_slot("header", "mounted").await?;
    let running = b.slot_data("header", "version").await?;
    // The manifest flips between the two broken builds for 6 s (about 30 update checks).
    let until = std::time::Instant::now() + std::time::Duration::from_secs(6);
    let mut i = 0;
    while std::time::Instant::now() < until {
        page.origin.write("mf-manifest.json", &broken[i % 2].1);
        i += 1;
        tokio::time::sleep(std::time::Duration::from_millis(400)).await;
    }
    page.origin.write("mf-manifest.json", good.to_string());
    let notice = b
        .eval(
            "return document.querySelector('[data-flotilla-slot=\"header\"] .flotilla-notice')?.innerText ?? '';",
            vec![],
        )
        .await?;
    let notice = notice.as_str().unwrap_or_default();
    ensure!(
        notice.contains("FLO-203"),
        "notice: {notice:?}; manifest checked {} times, {:?}",
        page.origin.hits("/mf-manifest.json"),
        broken
            .iter()
            .map(|(f, _)| page.origin.hits(&format!("/{f}")))
            .collect::<Vec<_>>()
    );
    for (file, _) in &broken {
        let hits = page.origin.hits(&format!("/{file}"));
        // One attempt is two requests: the verified fetch, and the unverified one that tells
        // "other bytes" from "unreachable" for the message.
        ensure!(
            hits == 2,
            "{file} was requested {hits} times, expected 2 (one attempt)"
        );
    }
    ensure!(b.slot_data("header", "state").await? == "mounted");
    let now = b.slot_data("header", "version").await?;
    ensure!(now == running, "the header runs {now}, not {running}");
    module_works(b, "header-app").await?;
    other_module_works(b, "header-app").await?;
    page.close().await;
    Ok(Row {
        fault: "manifest flips between two builds that fail integrity",
        module: "header-app",
        shown: "FLO-203 notice; each build tried once".into(),
        recovery: "the running version stays".into(),
    })
}

async fn trap_on_click() -> Result<Row> {
    crashes_on_click(
        "trap",
        &["RuntimeError", "unreachable", "the wasm trapped"],
        "wasm trap in a click handler (abort, no panic hook)",
    )
    .await
}

faults! {
    1 "origin down" => survives_origin_down(origin_down);
    2 "origin hangs" => survives_origin_hangs(origin_hangs);
    3 "wasm hangs" => survives_wasm_hangs(wasm_hangs);
    4 "css hangs" => survives_css_hangs(css_hangs);
    5 "transient 503" => survives_transient_503s(transient_503s);
    6 "manifest 404" => survives_manifest_404(manifest_404);
    7 "malformed manifest" => survives_malformed_manifest(malformed_manifest);
    8 "bad field" => survives_bad_field(bad_field);
    9 "oversized manifest" => survives_oversized_manifest(oversized_manifest);
    10 "wrong ABI" => survives_wrong_abi(wrong_abi);
    11 "truncated wasm" => survives_truncated_wasm(truncated_wasm);
    12 "other wasm" => survives_other_wasm(other_wasm);
    13 "tampered glue" => survives_tampered_glue(tampered_glue);
    14 "wasm 404" => survives_missing_wasm(missing_wasm);
    15 "glue throws" => survives_glue_throws(glue_throws);
    16 "panic at mount" => survives_panic_at_mount(panic_at_mount);
    17 "panic on click" => survives_panic_on_click(panic_on_click);
    18 "origin not allowed" => survives_origin_not_allowed(origin_not_allowed);
    19 "failing builds flip" => survives_failing_builds_flip(failing_builds_flip);
    33 "trap on click" => survives_trap_on_click(trap_on_click);
}
