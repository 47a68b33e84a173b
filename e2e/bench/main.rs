//! `cargo xtask bench`: page-load, critical-path, swap and code-size figures, printed, never
//! asserted.
//!
//! Page load: for each network profile it opens N fresh headless Chromium profiles, lets each
//! browser settle on a blank page, loads the page (cold cache) and reloads it once more (warm
//! cache) once the offline tier's worker has settled, and reports the median time from
//! navigation start to the header mounted and the image loaded and mounted. For the cold loads
//! it prints the critical path (when each phase of the shell and of each module ran, median
//! over the runs; see [`timing`]) and, with `--svg PATH`, draws the median loopback load as a
//! waterfall ([`waterfall`]); `--table PATH` writes the critical paths as Markdown tables.
//!
//! The yardstick: the same two components as a webpack 5 Module Federation page with React 18,
//! loaded in the same runs with the same network profile ([`js_page`]); the ratio of the
//! medians and the code bytes each page downloaded are printed.
//!
//! Many modules: cold time to every module mounted on pages of 2, 8 and 32 modules, and memory
//! per module ([`fleet`]).
//!
//! Repeat visits: with the offline tier's worker warm and without it ([`repeat`]).
//!
//! Delta updates: the bytes an open page downloads for a header update, from an origin without
//! deltas and with them ([`delta`]).
//!
//! Usage: `bench [RUNS] [--svg PATH] [--table PATH] [--fleet-only] [--repeat-only]
//! [--delta-only] [--swap-only] [--loopback-only]`.
//!
//! `--loopback-only` measures page loads on loopback and prints their critical path, nothing
//! else (a quick check while working on the load path).

mod delta;
mod fleet;
mod js_page;
mod repeat;
#[path = "../tests/e2e/support.rs"]
mod support;
mod swap;
mod timing;
mod trace;
mod waterfall;

use std::path::PathBuf;
use std::time::Duration;

use anyhow::{bail, Context, Result};
use flotilla_e2e::network::NetworkConditions;
use flotilla_e2e::{ws, Browser};
use timing::{median, Origins, Phase};
use trace::Trace;
use xtask::serve::{self, StackConfig};

/// When header and image are on screen, in ms after navigation start (null until they are):
/// the later of the two components' mount marks and the image's bytes arriving, the image
/// decoded. Arguments: the marks, the element whose shadow root holds the image (or null),
/// the image's selector.
const ON_SCREEN: &str = "
    const mark = (n) => performance.getEntriesByName(n)[0]?.startTime;
    const header = mark(arguments[0]);
    const content = mark(arguments[1]);
    const scope = arguments[2] ? document.querySelector(arguments[2])?.shadowRoot : document;
    const img = scope?.querySelector(arguments[3]);
    if (header === undefined || content === undefined || !img || !img.complete || !img.naturalWidth) return null;
    const image = performance.getEntriesByName(img.src)[0]?.responseEnd ?? 0;
    return Math.max(header, content, image);";

/// How a page shows that its header and image are on screen, for [`ON_SCREEN`].
pub(crate) struct OnScreen {
    /// Performance mark set when the header mounted.
    pub header_mark: &'static str,
    /// Performance mark set when the image component mounted.
    pub content_mark: &'static str,
    /// The element whose shadow root holds the image, if it is in one.
    pub shadow_host: Option<&'static str>,
    /// The image's selector.
    pub img: &'static str,
}

/// Flotilla's page: the host's mount marks, the image inside the content slot's shadow root.
const FLOTILLA: OnScreen = OnScreen {
    header_mark: "flotilla:header-app:mounted",
    content_mark: "flotilla:home-app:mounted",
    shadow_host: Some("[data-flotilla-slot=\"content\"] .flotilla-slot__module"),
    img: ".fl-image__frame img",
};

/// What the command line asks for.
struct Args {
    runs: usize,
    svg: Option<PathBuf>,
    table: Option<PathBuf>,
    fleet_only: bool,
    repeat_only: bool,
    delta_only: bool,
    swap_only: bool,
    loopback_only: bool,
}

fn args() -> Result<Args> {
    let mut args = Args {
        runs: 5,
        svg: None,
        table: None,
        fleet_only: false,
        repeat_only: false,
        delta_only: false,
        swap_only: false,
        loopback_only: false,
    };
    let mut words = std::env::args().skip(1);
    while let Some(word) = words.next() {
        match word.as_str() {
            "--svg" => args.svg = Some(words.next().context("--svg needs a path")?.into()),
            "--table" => args.table = Some(words.next().context("--table needs a path")?.into()),
            "--fleet-only" => args.fleet_only = true,
            "--repeat-only" => args.repeat_only = true,
            "--delta-only" => args.delta_only = true,
            "--swap-only" => args.swap_only = true,
            "--loopback-only" => args.loopback_only = true,
            runs => match runs.parse() {
                Ok(n) if n > 0 => args.runs = n,
                _ => bail!(
                    "unknown argument {runs:?}: bench [RUNS] [--svg PATH] [--table PATH] \
                     [--fleet-only] [--repeat-only] [--delta-only] [--swap-only] [--loopback-only]"
                ),
            },
        }
    }
    Ok(args)
}

/// One network profile's loads.
struct Profile {
    name: &'static str,
    cold: Vec<(f64, Vec<Phase>)>,
    warm: Vec<f64>,
    /// The warm loads' phases (read with `--loopback-only`).
    warm_phases: Vec<Vec<Phase>>,
    /// Code bytes Flotilla's page downloaded on each cold load.
    code_bytes: Vec<f64>,
    /// The webpack + React page's cold and warm loads and code bytes, when it is built.
    js: JsLoads,
}

/// The yardstick's loads in one profile.
#[derive(Default)]
struct JsLoads {
    cold: Vec<f64>,
    warm: Vec<f64>,
    code_bytes: Vec<f64>,
}

/// Lets a just-started browser finish its own start-up on a blank page, so a cold load measures
/// the page with an empty cache in a running browser, as a visitor's first visit is, not the
/// browser's start (which took ~100 ms of the 2 cores here).
pub(crate) async fn idle(browser: &Browser) -> Result<()> {
    browser.goto("about:blank").await?;
    tokio::time::sleep(BROWSER_START).await;
    Ok(())
}

/// How long a new browser is left idle before its cold load.
const BROWSER_START: Duration = Duration::from_millis(1500);

/// Navigates to Flotilla's page and waits until header and image are on screen; the time
/// that took, in ms after navigation start.
pub(crate) async fn time_to_screen(browser: &Browser, url: &str) -> Result<f64> {
    until_on_screen(browser, url, &FLOTILLA).await
}

/// Navigates to `url` and waits until header and image are on screen as `page` shows it; the
/// time that took, in ms after navigation start.
pub(crate) async fn until_on_screen(browser: &Browser, url: &str, page: &OnScreen) -> Result<f64> {
    browser.goto(url).await?;
    let args = vec![
        serde_json::json!(page.header_mark),
        serde_json::json!(page.content_mark),
        serde_json::json!(page.shadow_host),
        serde_json::json!(page.img),
    ];
    let v = browser
        .wait_for(
            &format!("header and image on screen at {url}"),
            ON_SCREEN,
            args,
        )
        .await?;
    v.as_f64().context("a number")
}

#[tokio::main]
async fn main() -> std::process::ExitCode {
    match bench().await {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("bench: {e:#}");
            std::process::ExitCode::FAILURE
        }
    }
}

async fn bench() -> Result<()> {
    let args = args()?;
    let runs = args.runs;
    if args.fleet_only {
        return fleet::report(runs).await;
    }
    if args.repeat_only {
        return repeat::report(runs).await;
    }
    if args.delta_only {
        return delta::report(runs).await;
    }
    if args.swap_only {
        return swap::report(runs).await;
    }
    let stack = serve::start(ws(), &StackConfig::ephemeral(), |_| {})
        .await
        .context("starting the servers")?;
    let url = stack.shell_url();
    let js = js_page::JsPage::serve(&js_page::built()).await?;
    let origins = Origins {
        shell: format!("http://{}", stack.shell),
        modules: stack
            .modules
            .iter()
            .map(|(name, addr)| (name.clone(), format!("http://{addr}")))
            .collect(),
    };
    let conditions: [(&str, Option<NetworkConditions>); 2] = [
        ("loopback", None),
        (
            "9 Mbit/s, 85 ms RTT",
            Some(NetworkConditions {
                latency_ms: 85,
                bits_per_second: 9_000_000,
            }),
        ),
    ];
    println!("page load: navigation start -> header and image on screen (median of {runs} runs)");
    println!(
        "{:<22} {:>12} {:>12}",
        "network", "cold cache", "warm cache"
    );
    let mut profiles = Vec::new();
    let profiles_wanted = if args.loopback_only {
        1
    } else {
        conditions.len()
    };
    for (name, conditions) in conditions.into_iter().take(profiles_wanted) {
        let mut profile = Profile {
            name,
            cold: Vec::new(),
            warm: Vec::new(),
            warm_phases: Vec::new(),
            code_bytes: Vec::new(),
            js: JsLoads::default(),
        };
        for _ in 0..runs {
            let browser = fresh_browser(conditions).await?;
            let cold = time_to_screen(&browser, &url).await?;
            let trace = Trace::read(&browser).await?;
            profile.cold.push((cold, timing::phases(&trace, &origins)));
            profile.code_bytes.push(code_bytes(&browser, cold).await?);
            settle(&browser).await;
            profile.warm.push(time_to_screen(&browser, &url).await?);
            if args.loopback_only {
                let trace = Trace::read(&browser).await?;
                profile.warm_phases.push(timing::phases(&trace, &origins));
            }
            browser.close().await;
            if let Some(js) = &js {
                js_loads(&mut profile.js, &js.url, conditions).await?;
            }
        }
        let (cold, warm) = (
            median(profile.cold.iter().map(|(t, _)| *t).collect()),
            median(profile.warm.clone()),
        );
        println!("{name:<22} {cold:>9.0} ms {warm:>9.0} ms");
        if js.is_some() {
            let (js_cold, js_warm) = (
                median(profile.js.cold.clone()),
                median(profile.js.warm.clone()),
            );
            println!(
                "{:<22} {js_cold:>9.0} ms {js_warm:>9.0} ms   Flotilla takes {:.2}x / {:.2}x of it",
                "  webpack + React",
                cold / js_cold,
                warm / js_warm
            );
        }
        profiles.push(profile);
    }
    print_code_bytes(&profiles, js.is_some());
    critical_paths(&profiles, &args)?;
    if args.loopback_only {
        let path = timing::medians(&profiles[0].warm_phases);
        println!("\ncritical path of a warm load (reload), loopback (median of {runs} runs)");
        print!("{}", timing::text(&path, runs));
        return Ok(());
    }
    println!();
    swap::report(runs).await?;
    println!();
    fleet::report(runs).await?;
    println!();
    repeat::report(runs).await?;
    println!();
    delta::report(runs).await?;
    println!();
    xtask::sizes::report(ws())?;
    Ok(())
}

/// A new browser on `conditions` (loopback when `None`), left idle on a blank page.
async fn fresh_browser(conditions: Option<NetworkConditions>) -> Result<Browser> {
    let browser = Browser::open().await?;
    if let Some(c) = conditions {
        browser
            .client
            .issue_cmd(c)
            .await
            .context("set network conditions")?;
    }
    idle(&browser).await?;
    Ok(browser)
}

/// One cold load and one reload of the webpack + React page in a fresh browser.
async fn js_loads(
    loads: &mut JsLoads,
    url: &str,
    conditions: Option<NetworkConditions>,
) -> Result<()> {
    let browser = fresh_browser(conditions).await?;
    let cold = until_on_screen(&browser, url, &js_page::ON_SCREEN).await?;
    loads.cold.push(cold);
    loads.code_bytes.push(code_bytes(&browser, cold).await?);
    tokio::time::sleep(Duration::from_millis(500)).await;
    loads
        .warm
        .push(until_on_screen(&browser, url, &js_page::ON_SCREEN).await?);
    browser.close().await;
    Ok(())
}

/// Code bytes the page in `browser` downloaded by `until` (ms after navigation start), as sent.
async fn code_bytes(browser: &Browser, until: f64) -> Result<f64> {
    let bytes = browser
        .eval(js_page::CODE_BYTES, vec![serde_json::json!(until)])
        .await?;
    bytes.as_f64().context("a number of bytes")
}

/// Prints the code bytes of a cold load on loopback, for each page.
fn print_code_bytes(profiles: &[Profile], with_js: bool) {
    let Some(loopback) = profiles.first() else {
        return;
    };
    let kb = |bytes: &[f64]| median(bytes.to_vec()) / 1000.0;
    print!(
        "code downloaded until header and image were on screen, cold, as sent (compressed): \
         Flotilla {:.1} KB",
        kb(&loopback.code_bytes)
    );
    if with_js {
        print!(", webpack + React {:.1} KB", kb(&loopback.js.code_bytes));
    }
    println!();
}

/// Waits (at most 5 s) until the offline tier's worker controls the page and has taken over
/// what the first visit loaded, so a reload measures a repeat visit, not the worker's install.
async fn settle(browser: &Browser) {
    const CONTROLLED: &str = "return navigator.serviceWorker?.controller ? true : false";
    let controlled = browser.wait_for("the worker to control the page", CONTROLLED, vec![]);
    let _ = tokio::time::timeout(Duration::from_secs(5), controlled).await;
    tokio::time::sleep(Duration::from_millis(500)).await;
}

/// Prints each profile's critical path; writes the tables and the loopback waterfall if asked.
fn critical_paths(profiles: &[Profile], args: &Args) -> Result<()> {
    let mut tables = String::new();
    for profile in profiles {
        let loads: Vec<Vec<Phase>> = profile.cold.iter().map(|(_, p)| p.clone()).collect();
        let path = timing::medians(&loads);
        let what = format!(
            "critical path of a cold load, {} (ms after navigation start, median of {} runs)",
            profile.name, args.runs
        );
        println!("\n{what}");
        print!("{}", timing::text(&path, args.runs));
        tables.push_str(&format!("{what}:\n\n{}\n", timing::markdown(&path)));
    }
    if let Some(table) = &args.table {
        write(table, &tables)?;
    }
    let (Some(svg), Some(loopback)) = (&args.svg, profiles.first()) else {
        return Ok(());
    };
    let mut by_time: Vec<&(f64, Vec<Phase>)> = loopback.cold.iter().collect();
    by_time.sort_by(|a, b| a.0.total_cmp(&b.0));
    let Some((on_screen, phases)) = by_time.get(by_time.len() / 2) else {
        return Ok(());
    };
    let chart = waterfall::Waterfall {
        title: format!(
            "Cold load, {}: the median of {} runs (cargo xtask bench)",
            loopback.name, args.runs
        ),
        bars: timing::bars(phases),
        marker: Some(waterfall::Marker {
            label: "header and image on screen".into(),
            at: *on_screen,
        }),
    };
    write(svg, &chart.svg())?;
    println!(
        "\nwaterfall of the median cold load on {} ({on_screen:.0} ms): {}",
        loopback.name,
        svg.display()
    );
    Ok(())
}

fn write(path: &std::path::Path, text: &str) -> Result<()> {
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir)?;
    }
    std::fs::write(path, text).with_context(|| format!("writing {}", path.display()))
}
