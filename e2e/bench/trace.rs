//! What one page load left in the browser: its resource timings, marks, and the host's
//! `flotilla.stats()`, read from the page once header and image are on screen.

use anyhow::{Context, Result};
use flotilla_e2e::Browser;
use serde::Deserialize;

/// Times are milliseconds after navigation start (`performance.now()`).
const SCRIPT: &str = "
    const img = document.querySelector('[data-flotilla-slot=\"content\"] .flotilla-slot__module')
        ?.shadowRoot?.querySelector('.fl-image__frame img');
    const nav = performance.getEntriesByType('navigation')[0];
    return {
        document: nav ? { start: nav.startTime, end: nav.responseEnd } : null,
        resources: performance.getEntriesByType('resource')
            .map(e => ({ url: e.name, start: e.startTime, end: e.responseEnd })),
        marks: performance.getEntriesByType('mark').map(e => ({ name: e.name, at: e.startTime })),
        stats: globalThis.flotilla?.stats?.() ?? null,
        image: img?.src ?? null,
    };";

/// From `start` to `end`, in milliseconds after navigation start.
#[derive(Debug, Clone, Copy, PartialEq, Deserialize)]
pub struct Span {
    /// When it began.
    pub start: f64,
    /// When it ended.
    pub end: f64,
}

/// One resource the page fetched.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct Resource {
    /// Its URL.
    pub url: String,
    /// Request start to response end.
    #[serde(flatten)]
    pub span: Span,
}

/// One `performance.mark`.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct Mark {
    /// Its name (`flotilla:shell:ui`, `flotilla:<module>:mounted`).
    pub name: String,
    /// When.
    pub at: f64,
}

/// A slot's load phases, as the host reports them.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct SlotTrace {
    /// The module mounted.
    pub module: String,
    /// Reading and validating its manifest.
    pub manifest: Span,
    /// Awaiting and verifying its code.
    pub fetch: Span,
    /// Importing the glue, instantiating the wasm.
    pub init: Span,
    /// Styles and the mount call.
    pub mount: Span,
}

/// The host's `flotilla.stats()`, the part the benchmark reads.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Stats {
    /// When the host started (the shell's `main`).
    pub started_at: Option<f64>,
    /// When it had read the registry.
    pub registry_at: Option<f64>,
    /// Each mounted slot's phases.
    #[serde(default)]
    pub slots: Vec<SlotTrace>,
}

/// One page load.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct Trace {
    /// The page's own request.
    pub document: Option<Span>,
    /// Every resource, in the order fetched.
    pub resources: Vec<Resource>,
    /// Every mark.
    pub marks: Vec<Mark>,
    /// `None` from a host without `flotilla.stats()`.
    pub stats: Option<Stats>,
    /// The URL of home-app's image.
    pub image: Option<String>,
}

impl Trace {
    /// Reads the trace of the load the page just made.
    pub async fn read(browser: &Browser) -> Result<Trace> {
        let value = browser.eval(SCRIPT, vec![]).await?;
        serde_json::from_value(value).context("reading the page's timings")
    }

    /// When the mark `name` was made, if it was.
    pub fn mark(&self, name: &str) -> Option<f64> {
        self.marks.iter().find(|m| m.name == name).map(|m| m.at)
    }
}
