//! `cargo xtask bench`: page-load and code-size figures, printed, never asserted.
//!
//! For each network profile it opens N fresh headless Chromium profiles (cold cache) and
//! reloads each once more (warm cache), and reports the median time from navigation start to
//! the header mounted and the image loaded and mounted.

use std::time::Duration;

use anyhow::{Context, Result};
use flotilla_e2e::network::NetworkConditions;
use flotilla_e2e::{stack, Browser};

const ON_SCREEN: &str = "
    const mark = (n) => performance.getEntriesByName(n)[0]?.startTime;
    const header = mark('flotilla:header-app:mounted');
    const content = mark('flotilla:home-app:mounted');
    const root = document.querySelector('[data-flotilla-slot=\"content\"] .flotilla-slot__module')?.shadowRoot;
    const img = root?.querySelector('.fl-image__frame img');
    if (header === undefined || content === undefined || !img || !img.complete || !img.naturalWidth) return null;
    const image = performance.getEntriesByName(img.src)[0]?.responseEnd ?? 0;
    return Math.max(header, content, image);";

async fn time_to_screen(browser: &Browser, url: &str) -> Result<f64> {
    browser.goto(url).await?;
    let v = browser
        .wait_for("header and image on screen", ON_SCREEN, vec![])
        .await?;
    v.as_f64().context("a number")
}

fn median(mut xs: Vec<f64>) -> f64 {
    xs.sort_by(f64::total_cmp);
    xs[xs.len() / 2]
}

#[tokio::main]
async fn main() -> Result<()> {
    let runs: usize = std::env::args()
        .nth(1)
        .and_then(|n| n.parse().ok())
        .unwrap_or(5);
    let stack = stack().await;
    let url = stack.shell_url();
    let profiles: [(&str, Option<NetworkConditions>); 2] = [
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
    for (name, conditions) in profiles {
        let (mut cold, mut warm) = (Vec::new(), Vec::new());
        for _ in 0..runs {
            let browser = Browser::open().await?;
            if let Some(c) = conditions {
                browser
                    .client
                    .issue_cmd(c)
                    .await
                    .context("set network conditions")?;
            }
            cold.push(time_to_screen(&browser, &url).await?);
            tokio::time::sleep(Duration::from_millis(100)).await;
            warm.push(time_to_screen(&browser, &url).await?);
            browser.close().await;
        }
        println!(
            "{name:<22} {:>9.0} ms {:>9.0} ms",
            median(cold),
            median(warm)
        );
    }
    println!();
    let sizes = xtask::sizes::report()?;
    if !sizes.is_empty() {
        println!("over budget: {}", sizes.join("; "));
    }
    Ok(())
}
