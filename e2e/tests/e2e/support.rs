//! What the tests know of the demo page: home-app's image in slot `content`, the header's theme
//! toggle, and header-app built as 2.0.0 for the deploy tests.
#![allow(dead_code)]

use std::path::PathBuf;

use anyhow::Result;
use flotilla_e2e::Browser;
use serde_json::Value;

/// Version of the second header build (`[package.metadata.flotilla-tests]` in e2e/Cargo.toml).
pub const HEADER_V2: &str = "2.0.0";

/// The release build of header-app as [`HEADER_V2`] (`cargo xtask build --fixtures`).
pub fn header_v2_dist() -> PathBuf {
    flotilla_e2e::test_build("header-app", HEADER_V2)
}

/// Script: home-app's image URL once it has loaded, the module is idle, and it is not `arguments[0]`.
const IMAGE_SHOWN_OTHER_THAN: &str = "const root = document.querySelector('[data-flotilla-slot=\"content\"] .flotilla-slot__module')?.shadowRoot; \
    const img = root?.querySelector('.fl-image__frame img'); \
    const idle = root?.querySelector('.fl-image')?.getAttribute('aria-busy') === 'false'; \
    return img && idle && img.complete && img.naturalWidth > 0 && img.src !== arguments[0] ? img.src : null;";

/// home-app's image on the composed page.
pub(crate) trait ImagePage {
    /// The image home-app shows, once it has loaded and the module is idle.
    async fn shown_image(&self) -> Result<String>;
    /// Clicks "Get Another Image" (a real click) and waits for a different image to load.
    async fn next_image(&self) -> Result<String>;
}

impl ImagePage for Browser {
    async fn shown_image(&self) -> Result<String> {
        let v = self
            .wait_for(
                "an image on screen",
                IMAGE_SHOWN_OTHER_THAN,
                vec![Value::Null],
            )
            .await?;
        Ok(v.as_str().unwrap_or_default().to_owned())
    }

    async fn next_image(&self) -> Result<String> {
        let before = self.shown_image().await?;
        let button = self.in_slot("content", "button").await?;
        anyhow::ensure!(
            button.text().await? == "Get Another Image",
            "unexpected button"
        );
        button.click().await?;
        let v = self
            .wait_for(
                "a different image",
                IMAGE_SHOWN_OTHER_THAN,
                vec![Value::String(before)],
            )
            .await?;
        Ok(v.as_str().unwrap_or_default().to_owned())
    }
}

/// Clicks the header's theme toggle (a real click).
pub async fn toggle_theme(browser: &Browser) -> Result<()> {
    browser
        .in_slot("header", ".fl-header__theme")
        .await?
        .click()
        .await?;
    Ok(())
}

/// Waits until the page (`<html data-theme>`, set by the shell) has `theme`.
pub async fn page_theme_becomes(browser: &Browser, theme: &str) {
    browser
        .wait_for(
            &format!("the page to turn {theme}"),
            "return document.documentElement.dataset.theme === arguments[0];",
            vec![serde_json::json!(theme)],
        )
        .await
        .unwrap();
}

/// The module in its slot renders (and, for home-app, answers a click).
pub async fn module_works(browser: &Browser, module: &str) -> Result<()> {
    if module == "header-app" {
        let title = browser.slot_text("header", "h1").await?;
        anyhow::ensure!(title == "Flotilla", "header shows {title:?}");
    } else {
        browser.next_image().await?;
    }
    Ok(())
}

/// Every slot but `broken` has its module mounted, and the shell's footer says so; the image
/// module answers a click unless its slot is the broken one. Closes the override panel first
/// (it covers the bottom of the page).
pub async fn page_works(browser: &Browser, broken: Option<&str>) -> Result<()> {
    if let Ok(close) = browser
        .client
        .find(fantoccini::Locator::Css(".flotilla-devtools__close"))
        .await
    {
        close.click().await?;
    }
    let mut working = 0;
    for slot in ["header", "content"] {
        if broken != Some(slot) {
            browser.wait_slot(slot, "mounted").await?;
            working += 1;
        }
    }
    browser
        .wait_for(
            &format!("the shell's footer to report {working} slots mounted"),
            "return (document.querySelector('.flotilla-footer')?.textContent ?? '') \
               .split(' mounted').length - 1 >= arguments[0];",
            vec![serde_json::json!(working)],
        )
        .await?;
    if broken != Some("content") {
        browser.next_image().await?;
    }
    Ok(())
}
