//! Charts as inline SVG, drawn with plotters' SVG backend.
//!
//! plotters lays out axes, ticks and legends and escapes the text it
//! writes; pm adds what it does not: an accessible name and description
//! (`role="img"`, `<title>`, `<desc>`), a class for CSS, and no fixed size
//! (the viewBox scales to the page). The output depends only on the data,
//! so the same repository gives the same bytes.

use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use crate::clock;
use crate::render::escape;
use crate::render::view::PostMortemView;

/// Colours of the milestone kinds, also used by the HTML legend.
const START: RGBColor = RGBColor(0xc0, 0x39, 0x2b);
const DETECTED: RGBColor = RGBColor(0xd3, 0x54, 0x00);
const ACKNOWLEDGED: RGBColor = RGBColor(0x8e, 0x44, 0xad);
const MITIGATED: RGBColor = RGBColor(0x1f, 0x6f, 0xb2);
const RESOLVED: RGBColor = RGBColor(0x1e, 0x84, 0x49);
const INK: RGBColor = RGBColor(0x22, 0x22, 0x22);
const GRID: RGBColor = RGBColor(0xdd, 0xdd, 0xdd);
const WINDOW: RGBColor = RGBColor(0xf5, 0xb7, 0xb1);

/// Series colours, distinguishable for common colour blindness (Okabe-Ito).
pub const PALETTE: [RGBColor; 8] = [
    RGBColor(0xd5, 0x5e, 0x00),
    RGBColor(0x00, 0x72, 0xb2),
    RGBColor(0x00, 0x9e, 0x73),
    RGBColor(0xcc, 0x79, 0xa7),
    RGBColor(0xe6, 0x9f, 0x00),
    RGBColor(0x56, 0xb4, 0xe9),
    RGBColor(0x00, 0x00, 0x00),
    RGBColor(0xf0, 0xe4, 0x42),
];

const FONT: &str = "sans-serif";

/// Give plotters' SVG an accessible name and description, a class, and
/// let CSS size it. `id` must be unique in the page.
fn accessible(svg: String, id: &str, title: &str, desc: &str) -> String {
    let head_end = svg.find('>').unwrap_or(0);
    let (head, body) = svg.split_at(head_end + 1);
    let head = head.replacen(
        "<svg ",
        &format!("<svg class=\"chart\" role=\"img\" aria-labelledby=\"{id}-title {id}-desc\" "),
        1,
    );
    format!(
        "{head}\n<title id=\"{id}-title\">{}</title>\n<desc id=\"{id}-desc\">{}</desc>\n{}",
        escape::html(title),
        escape::html(desc),
        body.trim_start_matches('\n')
    )
}

fn milestone_color(kind: &str) -> RGBColor {
    match kind {
        "impact-start" => START,
        "detected" => DETECTED,
        "acknowledged" => ACKNOWLEDGED,
        "mitigated" => MITIGATED,
        "resolved" => RESOLVED,
        _ => INK,
    }
}

/// The incident on one axis: the impact window (impact start to resolved),
/// the milestones as labelled marks, other entries as ticks. `None`
/// without an impact-start entry: there is no T+0 to draw from.
pub fn timeline_chart(view: &PostMortemView, id: &str) -> Option<String> {
    if !view.has_impact_start {
        return None;
    }
    // Minutes from impact start, from the same offsets the table shows.
    // Only the first entry of each milestone kind is what figures measure
    // to; it gets a labelled mark, every other entry a tick.
    let mut seen = std::collections::BTreeSet::new();
    let points: Vec<(f64, &str, &str, bool)> = view
        .timeline
        .iter()
        .filter_map(|e| {
            let m = e.offset_seconds? as f64 / 60.0;
            let mark = e.milestone && seen.insert(e.kind.as_str());
            Some((m, e.kind.as_str(), e.offset.as_str(), mark))
        })
        .collect();
    let lo = points.iter().map(|p| p.0).fold(0.0_f64, f64::min);
    let hi = points.iter().map(|p| p.0).fold(1.0_f64, f64::max);
    let pad = ((hi - lo) * 0.04).max(1.0);
    let (x0, x1) = (lo - pad, hi + pad);
    let resolved = view
        .figures
        .iter()
        .find(|f| f.key == "time_to_resolve")
        .and_then(|f| f.seconds)
        .map(|s| s as f64 / 60.0);

    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, (900, 230)).into_drawing_area();
        root.fill(&WHITE).ok()?;
        let mut chart = ChartBuilder::on(&root)
            .margin(12)
            .margin_right(40)
            .x_label_area_size(36)
            .build_cartesian_2d(x0..x1, 0.0_f64..5.0)
            .ok()?;
        let fmt = |m: &f64| clock::t_offset((m * 60.0).round() as i64);
        chart
            .configure_mesh()
            .disable_y_mesh()
            .disable_y_axis()
            .x_labels(8)
            .x_label_formatter(&fmt)
            .max_light_lines(0)
            .bold_line_style(GRID)
            .label_style((FONT, 15).into_font().color(&INK))
            .x_desc("time from impact start (hours:minutes)")
            .axis_desc_style((FONT, 15).into_font().color(&INK))
            .draw()
            .ok()?;
        // The impact window; without a resolved entry it runs to the last
        // entry, drawn lighter, and the label says it has no recorded end.
        let (end, label, alpha) = match resolved {
            Some(r) => (r, "impact".to_string(), 0.8),
            None => (hi, "impact (end not recorded)".to_string(), 0.35),
        };
        chart
            .draw_series(std::iter::once(Rectangle::new(
                [(0.0, 0.6), (end.max(0.0), 1.4)],
                WINDOW.mix(alpha).filled(),
            )))
            .ok()?;
        chart
            .draw_series(std::iter::once(Text::new(
                label,
                (0.0 + pad * 0.2, 1.25),
                (FONT, 15).into_font().color(&INK),
            )))
            .ok()?;
        // Milestones: a line and a label, each label on the lowest of five
        // rows where it overlaps no label placed before it (there are five
        // milestone kinds, so every label has a row of its own if need
        // be): close milestones never overwrite each other, also when a
        // later entry stretches the axis.
        let per_char = (x1 - x0) / 848.0 * 8.5;
        let mut taken: Vec<Vec<(f64, f64)>> = vec![Vec::new(); 5];
        for (m, kind, offset, _) in points.iter().filter(|p| p.3) {
            let color = milestone_color(kind);
            let right = *m > x0 + (x1 - x0) * 0.66;
            let width = (kind.len() + offset.len() + 2) as f64 * per_char;
            let span = if right {
                (m - width, *m)
            } else {
                (*m, m + width)
            };
            let row = (0..taken.len())
                .find(|&r| taken[r].iter().all(|&(a, b)| span.1 < a || b < span.0))
                .unwrap_or(0);
            taken[row].push(span);
            chart
                .draw_series(std::iter::once(PathElement::new(
                    vec![(*m, 0.2), (*m, 1.8 + row as f64 * 0.6)],
                    color.stroke_width(2),
                )))
                .ok()?;
            // Labels in the right third of the axis end at their mark.
            let anchor = if right {
                Pos::new(HPos::Right, VPos::Center)
            } else {
                Pos::new(HPos::Left, VPos::Center)
            };
            chart
                .draw_series(std::iter::once(Text::new(
                    format!("{kind} {offset}"),
                    (*m, 2.3 + row as f64 * 0.6),
                    (FONT, 15).into_font().color(&color).pos(anchor),
                )))
                .ok()?;
        }
        // Every other entry: a tick under the window.
        chart
            .draw_series(
                points
                    .iter()
                    .filter(|p| !p.3)
                    .map(|p| Circle::new((p.0, 0.35), 3, INK.mix(0.6).filled())),
            )
            .ok()?;
        root.present().ok()?;
    }
    let desc = timeline_description(view);
    Some(accessible(
        svg,
        id,
        &format!("Timeline of {}", view.title.trim()),
        &desc,
    ))
}

/// The chart said in words, for screen readers and for the `<desc>`.
fn timeline_description(view: &PostMortemView) -> String {
    let mut parts = Vec::new();
    for f in &view.figures {
        if let Some(s) = f.seconds {
            parts.push(format!(
                "{} {}",
                f.milestone,
                clock::t_offset(s).replace("T+", "at T+")
            ));
        }
    }
    let notes = view.timeline.iter().filter(|e| !e.milestone).count();
    let mut text = String::from("Impact starts at T+0:00");
    if !parts.is_empty() {
        text.push_str("; ");
        text.push_str(&parts.join("; "));
    }
    if !view
        .figures
        .iter()
        .any(|f| f.key == "time_to_resolve" && f.seconds.is_some())
    {
        text.push_str("; no resolved entry, so the end of impact is not recorded");
    }
    text.push_str(&format!("; {notes} other entries."));
    text
}

/// One series of a chart: a name for the legend and a value per category.
pub struct Series {
    pub name: String,
    pub values: Vec<Option<f64>>,
}

/// A chart's text: its title (shown and announced) and a description.
pub struct Labels<'a> {
    pub id: &'a str,
    pub title: &'a str,
    pub desc: &'a str,
    pub y_desc: &'a str,
}

/// Which category labels to print: about `max` of them, evenly spaced.
/// The series legend, at the top left, as every chart with series draws it.
fn legend<'a, DB: DrawingBackend + 'a, CT: plotters::coord::CoordTranslate>(
    chart: &mut ChartContext<'a, DB, CT>,
) {
    let _ = chart
        .configure_series_labels()
        .position(SeriesLabelPosition::UpperLeft)
        .background_style(WHITE.mix(0.9))
        .border_style(GRID)
        .label_font((FONT, 15).into_font().color(&INK))
        .draw();
}

fn label_every(n: usize, max: usize) -> usize {
    n.div_ceil(max.max(1)).max(1)
}

/// The top of a y axis whose values are whole units (incidents, items,
/// minutes), and how many ticks to ask plotters for, so that every tick is
/// a whole number and no two ticks share a label: plotters steps by 1, 2 or
/// 5 times a power of ten and never gives more ticks than asked, and a step
/// below 1 would give more than `top + 1`.
fn whole_axis(top: f64) -> (f64, usize) {
    let top = top.ceil().max(2.0);
    (top, (top as usize + 1).min(6))
}

/// Stacked bars: one bar per category, one segment per series.
pub fn stacked_bars(labels: &Labels, categories: &[String], series: &[Series]) -> String {
    let n = categories.len().max(1);
    let totals: Vec<f64> = (0..n)
        .map(|i| {
            series
                .iter()
                .map(|s| s.values.get(i).copied().flatten().unwrap_or(0.0))
                .sum()
        })
        .collect();
    // Headroom above the highest bar for the legend.
    let (top, ticks) = whole_axis(totals.iter().copied().fold(1.0_f64, f64::max) * 1.3);
    let every = label_every(n, 12);
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, (900, 340)).into_drawing_area();
        let _ = root.fill(&WHITE);
        let Ok(mut chart) = ChartBuilder::on(&root)
            .margin(12)
            .x_label_area_size(40)
            .y_label_area_size(52)
            .build_cartesian_2d(0.0_f64..n as f64, 0.0_f64..top)
        else {
            return String::new();
        };
        let fmt_x = |x: &f64| {
            let i = x.floor() as usize;
            if (x - x.floor()).abs() < 1e-9 && i < categories.len() && i.is_multiple_of(every) {
                categories[i].clone()
            } else {
                String::new()
            }
        };
        let fmt_y = |y: &f64| format!("{}", y.round() as i64);
        let _ = chart
            .configure_mesh()
            .disable_x_mesh()
            .x_labels(n + 1)
            .y_labels(ticks)
            .x_label_formatter(&fmt_x)
            .y_label_formatter(&fmt_y)
            .max_light_lines(0)
            .bold_line_style(GRID)
            .label_style((FONT, 14).into_font().color(&INK))
            .y_desc(labels.y_desc)
            .axis_desc_style((FONT, 15).into_font().color(&INK))
            .draw();
        let mut base = vec![0.0_f64; n];
        for (k, s) in series.iter().enumerate() {
            let color = PALETTE[k % PALETTE.len()];
            let bars: Vec<Rectangle<(f64, f64)>> = (0..n)
                .filter_map(|i| {
                    let v = s.values.get(i).copied().flatten().unwrap_or(0.0);
                    if v <= 0.0 {
                        return None;
                    }
                    let r = Rectangle::new(
                        [(i as f64 + 0.12, base[i]), (i as f64 + 0.88, base[i] + v)],
                        color.filled(),
                    );
                    base[i] += v;
                    Some(r)
                })
                .collect();
            if let Ok(drawn) = chart.draw_series(bars) {
                drawn.label(s.name.clone()).legend(move |(x, y)| {
                    Rectangle::new([(x, y - 5), (x + 12, y + 5)], color.filled())
                });
            }
        }
        // No data, no legend: an empty box says nothing.
        if totals.iter().any(|t| *t > 0.0) {
            legend(&mut chart);
        }
        let _ = root.present();
    }
    accessible(svg, labels.id, labels.title, labels.desc)
}

/// Lines with points: one line per series; a missing value breaks the line.
pub fn lines(
    labels: &Labels,
    categories: &[String],
    series: &[Series],
    y_format: &dyn Fn(f64) -> String,
) -> String {
    let n = categories.len().max(1);
    let values = || {
        series
            .iter()
            .flat_map(|s| s.values.iter().flatten().copied())
    };
    // Below 0 only for a value below 0 (detected before impact-start).
    let bottom = values().fold(0.0_f64, f64::min).floor();
    let (span, ticks) = whole_axis(
        (values().fold(1.0_f64, f64::max) - bottom) * (1.15 + 0.12 * series.len() as f64),
    );
    let top = bottom + span;
    let every = label_every(n, 12);
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, (900, 340)).into_drawing_area();
        let _ = root.fill(&WHITE);
        let Ok(mut chart) = ChartBuilder::on(&root)
            .margin(12)
            .margin_right(24)
            .x_label_area_size(40)
            .y_label_area_size(64)
            .build_cartesian_2d(-0.5_f64..(n as f64 - 0.5), bottom..top)
        else {
            return String::new();
        };
        let fmt_x = |x: &f64| {
            let i = x.round();
            if (x - i).abs() < 1e-9 && i >= 0.0 && (i as usize) < categories.len() {
                let i = i as usize;
                if i.is_multiple_of(every) {
                    return categories[i].clone();
                }
            }
            String::new()
        };
        let fmt_y = |y: &f64| y_format(*y);
        let _ = chart
            .configure_mesh()
            .disable_x_mesh()
            .x_labels(n)
            .y_labels(ticks)
            .x_label_formatter(&fmt_x)
            .y_label_formatter(&fmt_y)
            .max_light_lines(0)
            .bold_line_style(GRID)
            .label_style((FONT, 14).into_font().color(&INK))
            .y_desc(labels.y_desc)
            .axis_desc_style((FONT, 15).into_font().color(&INK))
            .draw();
        for (k, s) in series.iter().enumerate() {
            let color = PALETTE[k % PALETTE.len()];
            // Runs of present values, each drawn as one line.
            let mut runs: Vec<Vec<(f64, f64)>> = vec![Vec::new()];
            for (i, v) in s.values.iter().enumerate() {
                match v {
                    Some(v) => runs.last_mut().expect("one run").push((i as f64, *v)),
                    None => runs.push(Vec::new()),
                }
            }
            let mut first = true;
            for run in runs.into_iter().filter(|r| !r.is_empty()) {
                let dots: Vec<Circle<(f64, f64), i32>> = if n <= 40 {
                    run.iter()
                        .map(|p| Circle::new(*p, 3, color.filled()))
                        .collect()
                } else {
                    Vec::new()
                };
                if let Ok(drawn) =
                    chart.draw_series(LineSeries::new(run.clone(), color.stroke_width(2)))
                    && first
                {
                    drawn.label(s.name.clone()).legend(move |(x, y)| {
                        PathElement::new(vec![(x, y), (x + 14, y)], color.stroke_width(3))
                    });
                    first = false;
                }
                let _ = chart.draw_series(dots);
            }
        }
        if series.iter().any(|s| s.values.iter().any(Option::is_some)) {
            legend(&mut chart);
        }
        let _ = root.present();
    }
    accessible(svg, labels.id, labels.title, labels.desc)
}

/// CSS colour of a milestone kind, for the HTML legend.
pub fn css_color(kind: &str) -> String {
    let RGBColor(r, g, b) = milestone_color(kind);
    format!("#{r:02x}{g:02x}{b:02x}")
}
