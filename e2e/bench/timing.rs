//! The critical path of a page load: for the shell and each module, when each phase ran.
//! Network phases come from the browser's resource timings (module origins send
//! `Timing-Allow-Origin`); the host's phases (manifest read, code taken from the preload and
//! verified, init, mount) from its `flotilla.stats()`.

use std::fmt::Write;

use url::Url;

use crate::trace::{Span, Trace};
use crate::waterfall::Bar;

/// The part of the page that is not a module.
pub const SHELL: &str = "shell";

/// Where each part of the page is served from.
pub struct Origins {
    /// The shell's origin (`http://127.0.0.1:8080`).
    pub shell: String,
    /// Each module's name and origin, in page order.
    pub modules: Vec<(String, String)>,
}

/// One phase of one part of the page.
#[derive(Debug, Clone, PartialEq)]
pub struct Phase {
    /// `shell` or a module's name.
    pub part: String,
    /// What ran (`code (glue + wasm)`, `init` …).
    pub name: String,
    /// When.
    pub span: Span,
}

/// Every phase of one load that the trace shows, part by part, in the order they depend on
/// each other. A phase the load did not have (no `remotes.json` request when the page carries
/// the registry) is left out or named after where it came from instead.
pub fn phases(trace: &Trace, origins: &Origins) -> Vec<Phase> {
    let mut out = Vec::new();
    let mut add = |part: &str, name: &str, span: Option<Span>| {
        if let Some(span) = span {
            out.push(Phase {
                part: part.into(),
                name: name.into(),
                span,
            });
        }
    };
    let stats = trace.stats.as_ref();
    let started = stats.and_then(|s| s.started_at);
    let shell_files =
        |wanted: &dyn Fn(&str) -> bool| requests(trace, &origins.shell, Fetch::First, wanted);
    add(SHELL, "page (HTML)", trace.document);
    let boot = |f: &str| f.starts_with("boot-") && f.ends_with(".js");
    add(SHELL, "boot.js", shell_files(&boot));
    // Chunks of code fetched on first use and the offline tier's module (after composition)
    // are not the startup code.
    let after_composition =
        |f: &str| f.contains(xtask::split::CHUNK_MARK) || xtask::worker::is_page_module(f);
    let code = shell_files(&|f| is_code(f) && !boot(f) && !after_composition(f));
    add(SHELL, "code (glue + wasm)", code);
    add(SHELL, "CSS", shell_files(&|f| f.ends_with(".css")));
    add(
        SHELL,
        "init (code in -> main)",
        between(code.map(|c| c.end), started),
    );
    match shell_files(&|f| f == "remotes.json") {
        Some(request) => add(SHELL, "registry (remotes.json)", Some(request)),
        None => add(
            SHELL,
            "registry (from the page)",
            between(started, stats.and_then(|s| s.registry_at)),
        ),
    }
    let ui_chunk = format!("{}ui-", xtask::split::CHUNK_MARK);
    let ui_code = shell_files(&|f| f.contains(&ui_chunk));
    add(
        SHELL,
        "UI (fetched once composed)",
        between(
            ui_code.map(|c| c.start).or(started),
            trace.mark("flotilla:shell:ui"),
        ),
    );

    for (module, origin) in &origins.modules {
        let files = |wanted: &dyn Fn(&str) -> bool| requests(trace, origin, Fetch::First, wanted);
        let css = |f: &str| f.ends_with(".css");
        let host = stats.and_then(|s| s.slots.iter().find(|slot| &slot.module == module));
        match files(&|f| f == "mf-manifest.json") {
            Some(request) => add(module, "manifest", Some(request)),
            None => add(module, "manifest (from the page)", host.map(|h| h.manifest)),
        }
        add(module, "code (glue + wasm)", files(&|f| is_code(f)));
        add(module, "CSS", files(&css));
        add(module, "code taken + verified", host.map(|h| h.fetch));
        add(module, "init", host.map(|h| h.init));
        add(module, "mount", host.map(|h| h.mount));
        add(
            module,
            "CSS again (in the mount)",
            requests(trace, origin, Fetch::Again, &css),
        );
        let image = trace.image.as_deref();
        let shown = trace.resources.iter().find(|r| {
            Some(r.url.as_str()) == image && origin_of(&r.url).as_deref() == Some(origin)
        });
        add(module, "first image", shown.map(|r| r.span));
    }
    out
}

/// The phases of several loads: each phase's median start and median end over the loads
/// that had it, with how many did.
pub fn medians(loads: &[Vec<Phase>]) -> Vec<(Phase, usize)> {
    let mut keys: Vec<(&str, &str)> = Vec::new();
    for phase in loads.iter().flatten() {
        if !keys.contains(&(&phase.part, &phase.name)) {
            keys.push((&phase.part, &phase.name));
        }
    }
    keys.into_iter()
        .map(|(part, name)| {
            let spans: Vec<Span> = loads
                .iter()
                .flatten()
                .filter(|p| p.part == part && p.name == name)
                .map(|p| p.span)
                .collect();
            let span = Span {
                start: median(spans.iter().map(|s| s.start).collect()),
                end: median(spans.iter().map(|s| s.end).collect()),
            };
            let phase = Phase {
                part: part.into(),
                name: name.into(),
                span,
            };
            (phase, spans.len())
        })
        .collect()
}

/// The critical path as printed: one line per phase.
pub fn text(path: &[(Phase, usize)], runs: usize) -> String {
    let mut out = format!(
        "{:<12} {:<28} {:>8} {:>8} {:>7}\n",
        "part", "phase", "start", "end", "took"
    );
    for (phase, seen) in path {
        let Span { start, end } = phase.span;
        let _ = write!(
            out,
            "{:<12} {:<28} {start:>8.1} {end:>8.1} {:>7.1}",
            phase.part,
            phase.name,
            end - start
        );
        if *seen < runs {
            let _ = write!(out, "  (in {seen} of {runs} runs)");
        }
        out.push('\n');
    }
    out
}

/// The critical path as a Markdown table.
pub fn markdown(path: &[(Phase, usize)]) -> String {
    let mut out = String::from(
        "| part | phase | start (ms) | end (ms) | took (ms) |\n|---|---|---:|---:|---:|\n",
    );
    for (phase, _) in path {
        let Span { start, end } = phase.span;
        let _ = writeln!(
            out,
            "| {} | {} | {start:.1} | {end:.1} | {:.1} |",
            phase.part,
            phase.name,
            end - start
        );
    }
    out
}

/// The phases as waterfall bars.
pub fn bars(phases: &[Phase]) -> Vec<Bar> {
    phases
        .iter()
        .map(|p| Bar {
            group: p.part.clone(),
            label: p.name.clone(),
            start: p.span.start,
            end: p.span.end,
        })
        .collect()
}

/// The middle value (the upper one of an even count); 0 for none.
pub fn median(mut xs: Vec<f64>) -> f64 {
    xs.sort_by(f64::total_cmp);
    xs.get(xs.len() / 2).copied().unwrap_or_default()
}

/// Which requests of a file a phase is made of.
#[derive(Clone, Copy, PartialEq)]
enum Fetch {
    /// The first request of each file: its download.
    First,
    /// Any later request of a file already requested (a stylesheet applied at mount).
    Again,
}

/// From the first start to the last end of the requests to `origin` for files `wanted` names.
fn requests(
    trace: &Trace,
    origin: &str,
    which: Fetch,
    wanted: &dyn Fn(&str) -> bool,
) -> Option<Span> {
    trace
        .resources
        .iter()
        .enumerate()
        .filter(|(i, r)| {
            let again = trace.resources[..*i]
                .iter()
                .any(|earlier| earlier.url == r.url);
            again == (which == Fetch::Again)
        })
        .map(|(_, r)| r)
        .filter(|r| {
            let Ok(url) = Url::parse(&r.url) else {
                return false;
            };
            let file = url.path_segments().and_then(|mut s| s.next_back());
            url.origin().ascii_serialization() == origin && file.is_some_and(wanted)
        })
        .map(|r| r.span)
        .reduce(|a, b| Span {
            start: a.start.min(b.start),
            end: a.end.max(b.end),
        })
}

fn is_code(file: &str) -> bool {
    file.ends_with(".js") || file.ends_with(".wasm")
}

fn origin_of(url: &str) -> Option<String> {
    Url::parse(url)
        .ok()
        .map(|u| u.origin().ascii_serialization())
}

fn between(start: Option<f64>, end: Option<f64>) -> Option<Span> {
    let (start, end) = (start?, end?);
    Some(Span {
        start: start.min(end),
        end,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::trace::{Mark, Resource, SlotTrace, Stats};

    fn span(start: f64, end: f64) -> Span {
        Span { start, end }
    }

    fn resource(url: &str, start: f64, end: f64) -> Resource {
        Resource {
            url: url.into(),
            span: span(start, end),
        }
    }

    fn trace(with_registry_request: bool) -> Trace {
        let mut resources = vec![
            resource("http://127.0.0.1:8080/boot-0123456789abcdef.js", 10.0, 20.0),
            resource("http://127.0.0.1:8080/shell-1.js", 12.0, 25.0),
            resource("http://127.0.0.1:8080/shell-1_bg.wasm", 12.0, 40.0),
            resource("http://127.0.0.1:3001/home-1.js", 15.0, 30.0),
            resource("http://127.0.0.1:3001/home-1_bg.wasm", 15.0, 50.0),
            resource("http://127.0.0.1:3001/style-1.css", 16.0, 35.0),
            resource("http://127.0.0.1:3001/style-1.css", 62.0, 70.0),
            resource("http://127.0.0.1:3001/assets/images/a.jpg", 90.0, 120.0),
            resource("http://127.0.0.1:3001/assets/images/b.jpg", 95.0, 130.0),
            resource(
                "http://127.0.0.1:8080/shell-1-lazy-ui-0a1b.wasm",
                81.0,
                84.0,
            ),
            resource(
                "http://127.0.0.1:8080/offline-0123456789abcdef.js",
                140.0,
                142.0,
            ),
        ];
        if with_registry_request {
            resources.push(resource("http://127.0.0.1:8080/remotes.json", 45.0, 48.0));
        }
        Trace {
            document: Some(span(0.0, 5.0)),
            resources,
            marks: vec![Mark {
                name: "flotilla:shell:ui".into(),
                at: 86.0,
            }],
            stats: Some(Stats {
                started_at: Some(44.0),
                registry_at: Some(46.0),
                slots: vec![SlotTrace {
                    module: "home-app".into(),
                    manifest: span(46.0, 47.0),
                    fetch: span(47.0, 55.0),
                    init: span(55.0, 60.0),
                    mount: span(61.0, 80.0),
                }],
            }),
            image: Some("http://127.0.0.1:3001/assets/images/a.jpg".into()),
        }
    }

    fn origins() -> Origins {
        Origins {
            shell: "http://127.0.0.1:8080".into(),
            modules: vec![("home-app".into(), "http://127.0.0.1:3001".into())],
        }
    }

    fn find<'a>(phases: &'a [Phase], part: &str, name: &str) -> Option<&'a Phase> {
        phases.iter().find(|p| p.part == part && p.name == name)
    }

    #[test]
    fn phases_come_from_the_requests_and_the_host() {
        let phases = phases(&trace(false), &origins());
        let at = |part, name| find(&phases, part, name).map(|p| (p.span.start, p.span.end));
        assert_eq!(
            at(SHELL, "code (glue + wasm)"),
            Some((12.0, 40.0)),
            "not the chunks nor the offline module, fetched after composition"
        );
        assert_eq!(at(SHELL, "init (code in -> main)"), Some((40.0, 44.0)));
        assert_eq!(at(SHELL, "registry (from the page)"), Some((44.0, 46.0)));
        assert_eq!(
            at(SHELL, "UI (fetched once composed)"),
            Some((81.0, 86.0)),
            "from its chunk's request"
        );
        assert_eq!(
            at("home-app", "manifest (from the page)"),
            Some((46.0, 47.0))
        );
        assert_eq!(at("home-app", "code (glue + wasm)"), Some((15.0, 50.0)));
        assert_eq!(at("home-app", "code taken + verified"), Some((47.0, 55.0)));
        assert_eq!(at("home-app", "mount"), Some((61.0, 80.0)));
        assert_eq!(at("home-app", "first image"), Some((90.0, 120.0)));
        assert_eq!(at("home-app", "CSS"), Some((16.0, 35.0)), "its download");
        assert_eq!(
            at("home-app", "CSS again (in the mount)"),
            Some((62.0, 70.0))
        );
        assert_eq!(at(SHELL, "CSS"), None, "no shell CSS requested");
    }

    #[test]
    fn a_registry_request_is_shown_as_one() {
        let phases = phases(&trace(true), &origins());
        assert!(find(&phases, SHELL, "registry (remotes.json)").is_some());
        assert!(find(&phases, SHELL, "registry (from the page)").is_none());
    }

    #[test]
    fn medians_take_start_and_end_over_the_loads_that_had_the_phase() {
        let load = |start: f64, end: f64, extra: bool| {
            let mut phases = vec![Phase {
                part: "a".into(),
                name: "x".into(),
                span: span(start, end),
            }];
            if extra {
                phases.push(Phase {
                    part: "a".into(),
                    name: "y".into(),
                    span: span(1.0, 2.0),
                });
            }
            phases
        };
        let path = medians(&[
            load(1.0, 9.0, false),
            load(3.0, 5.0, true),
            load(2.0, 7.0, false),
        ]);
        assert_eq!(path.len(), 2);
        assert_eq!(
            (path[0].0.span.start, path[0].0.span.end, path[0].1),
            (2.0, 7.0, 3)
        );
        assert_eq!(path[1].1, 1);
        assert!(text(&path, 3).contains("(in 1 of 3 runs)"));
    }
}
