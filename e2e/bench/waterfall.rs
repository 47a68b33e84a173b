//! The waterfall of one page load as plain SVG: one labelled bar per resource or phase on a
//! millisecond axis, ordered by start. No scripts, no external fonts: it shows on GitHub.

use std::fmt::Write;

/// One bar: a resource or phase of one part of the page.
#[derive(Debug, Clone, PartialEq)]
pub struct Bar {
    /// The part it belongs to (`shell`, a module's name); bars of one part share a colour.
    pub group: String,
    /// What it is (`code (glue + wasm)`, `mount` …).
    pub label: String,
    /// Milliseconds after navigation start.
    pub start: f64,
    /// Milliseconds after navigation start.
    pub end: f64,
}

/// A vertical line across the chart, e.g. the moment the page was on screen.
#[derive(Debug, Clone, PartialEq)]
pub struct Marker {
    /// What it marks.
    pub label: String,
    /// Milliseconds after navigation start.
    pub at: f64,
}

/// A chart: its title, its bars (drawn ordered by start) and an optional marker.
#[derive(Debug, Clone, PartialEq)]
pub struct Waterfall {
    /// The line above the chart.
    pub title: String,
    /// The bars, in any order.
    pub bars: Vec<Bar>,
    /// A line across the chart.
    pub marker: Option<Marker>,
}

const WIDTH: f64 = 960.0;
const LABELS: f64 = 300.0;
const RIGHT: f64 = 70.0;
const ROW: f64 = 22.0;
const TOP: f64 = 56.0;
const COLOURS: [&str; 6] = [
    "#6b7280", "#2563eb", "#16a34a", "#d97706", "#9333ea", "#dc2626",
];

impl Waterfall {
    /// The SVG document.
    pub fn svg(&self) -> String {
        let mut bars: Vec<&Bar> = self.bars.iter().collect();
        bars.sort_by(|a, b| a.start.total_cmp(&b.start).then(a.end.total_cmp(&b.end)));
        let mut groups: Vec<&str> = Vec::new();
        for bar in &self.bars {
            if !groups.contains(&bar.group.as_str()) {
                groups.push(&bar.group);
            }
        }
        let colour = |group: &str| {
            let i = groups.iter().position(|g| *g == group).unwrap_or(0);
            COLOURS[i % COLOURS.len()]
        };
        let last = bars
            .iter()
            .map(|b| b.end)
            .chain(self.marker.as_ref().map(|m| m.at))
            .fold(1.0, f64::max);
        let step = tick_step(last);
        let span = (last / step).ceil() * step;
        let plot = WIDTH - LABELS - RIGHT;
        let x = |ms: f64| LABELS + ms.max(0.0) / span * plot;
        let bottom = TOP + ROW * bars.len() as f64;
        let height = bottom + 36.0;

        let mut out = String::new();
        let _ = writeln!(
            out,
            r#"<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{height}" viewBox="0 0 {WIDTH} {height}" font-family="sans-serif" font-size="12">"#
        );
        let _ = writeln!(
            out,
            r##"<rect width="100%" height="100%" fill="#ffffff"/>"##
        );
        let _ = writeln!(
            out,
            r##"<text x="10" y="20" font-size="14" font-weight="bold" fill="#111827">{}</text>"##,
            escape(&self.title)
        );
        let mut tick = 0.0;
        while tick <= span + step / 2.0 {
            let tx = x(tick);
            let _ = writeln!(
                out,
                r##"<line x1="{tx:.1}" y1="{:.1}" x2="{tx:.1}" y2="{bottom:.1}" stroke="#e5e7eb"/><text x="{tx:.1}" y="{:.1}" text-anchor="middle" fill="#6b7280">{tick:.0} ms</text>"##,
                TOP - 14.0,
                TOP - 18.0
            );
            tick += step;
        }
        for (row, bar) in bars.iter().enumerate() {
            let y = TOP + ROW * row as f64;
            let (x0, x1) = (x(bar.start), x(bar.end.max(bar.start)));
            let width = (x1 - x0).max(2.0);
            let _ = writeln!(
                out,
                r##"<text x="10" y="{:.1}" fill="#111827"><tspan fill="{}" font-weight="bold">{}</tspan> {}</text>"##,
                y + 15.0,
                colour(&bar.group),
                escape(&bar.group),
                escape(&bar.label)
            );
            let _ = writeln!(
                out,
                r#"<rect class="bar" x="{x0:.1}" y="{:.1}" width="{width:.1}" height="{:.1}" rx="2" fill="{}"><title>{}</title></rect>"#,
                y + 4.0,
                ROW - 8.0,
                colour(&bar.group),
                escape(&format!(
                    "{} {}: {:.0}-{:.0} ms",
                    bar.group, bar.label, bar.start, bar.end
                ))
            );
            let _ = writeln!(
                out,
                r##"<text x="{:.1}" y="{:.1}" font-size="11" fill="#374151">{:.0}-{:.0}</text>"##,
                x0 + width + 4.0,
                y + 15.0,
                bar.start,
                bar.end
            );
        }
        if let Some(marker) = &self.marker {
            let mx = x(marker.at);
            // Its label reads towards the middle, so it never runs off the picture.
            let anchor = if mx > WIDTH / 2.0 { "end" } else { "start" };
            let _ = writeln!(
                out,
                r##"<line x1="{mx:.1}" y1="{:.1}" x2="{mx:.1}" y2="{bottom:.1}" stroke="#dc2626" stroke-dasharray="4 3"/><text x="{mx:.1}" y="{:.1}" text-anchor="{anchor}" fill="#dc2626">{} {:.0} ms</text>"##,
                TOP - 10.0,
                bottom + 18.0,
                escape(&marker.label),
                marker.at
            );
        }
        out.push_str("</svg>\n");
        out
    }
}

/// A round tick interval giving at most about ten ticks up to `last` ms.
fn tick_step(last: f64) -> f64 {
    let mut magnitude = 1.0;
    loop {
        for step in [1.0, 2.0, 2.5, 5.0] {
            if last / (step * magnitude) <= 10.0 {
                return step * magnitude;
            }
        }
        magnitude *= 10.0;
    }
}

/// Text safe inside an SVG element or attribute.
fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bar(group: &str, label: &str, start: f64, end: f64) -> Bar {
        Bar {
            group: group.into(),
            label: label.into(),
            start,
            end,
        }
    }

    fn chart() -> Waterfall {
        Waterfall {
            title: "cold load <loopback> & more".into(),
            bars: vec![
                bar("home-app", "mount", 300.0, 340.0),
                bar("shell", "boot.js", 20.0, 45.0),
                bar("header-app", "code (glue + wasm)", 120.0, 180.0),
                bar("shell", "page (HTML)", 0.0, 12.0),
                bar("home-app", "first image \"a&b\"", 350.0, 420.0),
                bar("header-app", "init", 180.0, 180.0),
            ],
            marker: Some(Marker {
                label: "on screen".into(),
                at: 425.0,
            }),
        }
    }

    #[test]
    fn svg_is_well_formed_with_one_bar_per_phase_ordered_by_start() {
        let chart = chart();
        let svg = chart.svg();
        let doc = roxmltree::Document::parse(&svg).expect("well-formed XML");
        let root = doc.root_element();
        assert_eq!(root.tag_name().name(), "svg");
        assert_eq!(
            root.tag_name().namespace(),
            Some("http://www.w3.org/2000/svg")
        );
        assert!(!svg.contains("<script"), "no scripts");

        let bars: Vec<_> = doc
            .descendants()
            .filter(|n| n.has_tag_name("rect") && n.attribute("class") == Some("bar"))
            .collect();
        assert_eq!(bars.len(), chart.bars.len(), "one bar per phase");

        let mut expected = chart.bars.clone();
        expected.sort_by(|a, b| a.start.total_cmp(&b.start));
        let titles: Vec<String> = bars
            .iter()
            .map(|b| {
                b.first_element_child()
                    .and_then(|t| t.text())
                    .unwrap_or_default()
                    .to_owned()
            })
            .collect();
        let wanted: Vec<String> = expected
            .iter()
            .map(|b| format!("{} {}: {:.0}-{:.0} ms", b.group, b.label, b.start, b.end))
            .collect();
        assert_eq!(titles, wanted, "bars in order of start, labelled");

        let num = |n: &roxmltree::Node, a: &str| n.attribute(a).unwrap().parse::<f64>().unwrap();
        for pair in bars.windows(2) {
            assert!(
                num(&pair[0], "y") < num(&pair[1], "y"),
                "one row each, top down"
            );
            assert!(
                num(&pair[0], "x") <= num(&pair[1], "x"),
                "later starts further right"
            );
        }
        assert!(
            bars.iter().all(|b| num(b, "width") >= 2.0),
            "even an instant shows"
        );
        assert!(svg.contains("on screen 425 ms"));
    }

    #[test]
    fn ticks_are_round_and_few() {
        assert_eq!(tick_step(420.0), 50.0);
        assert_eq!(tick_step(95.0), 10.0);
        assert_eq!(tick_step(1300.0), 200.0);
    }
}
