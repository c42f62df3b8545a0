//! A review as text and as a self-contained HTML page (with an inline SVG
//! line for each number the notes record).

use std::fmt::Write as _;

use chrono::NaiveDate;
use serde::Serialize;

use super::{Point, Review, Series};
use crate::error::Result;
use crate::io::template;

/// The page's template, named as errors name it.
const TEMPLATE: (&str, &str) = (
    "review.html",
    include_str!("../../../templates/review.html"),
);

fn percent(x: Option<f64>) -> String {
    x.map_or_else(|| "–".to_owned(), |x| format!("{:.0}%", x * 100.0))
}

fn number(x: Option<f64>) -> String {
    x.map_or_else(|| "–".to_owned(), |x| format!("{x}"))
}

/// The range as the headings say it.
fn span(review: &Review) -> String {
    match review.since {
        Some(since) => format!("{since} to {}", review.until),
        None => format!("up to {}", review.until),
    }
}

/// The review as text: one block per part.
pub fn render_text(review: &Review) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "Review of {} ({}), {}",
        review.name,
        review.person,
        span(review)
    );
    let m = &review.meetings;
    let _ = writeln!(out, "\nMeetings");
    let _ = writeln!(
        out,
        "  {} held, {} cancelled; adherence {} ({} of {} intervals had a 1:1, {} missed)",
        m.held,
        m.cancelled,
        percent(Some(m.adherence)),
        m.expected - m.missed,
        m.expected,
        m.missed
    );

    let _ = writeln!(out, "\nAction items");
    let header = [
        "owner",
        "opened",
        "closed",
        "dropped",
        "open",
        "follow-through",
        "median days to close",
    ];
    let rows: Vec<[String; 7]> = review
        .items
        .iter()
        .map(|o| {
            [
                o.owner.clone(),
                o.opened.to_string(),
                o.closed.to_string(),
                o.dropped.to_string(),
                o.open.to_string(),
                percent(o.follow_through),
                number(o.median_days_to_close),
            ]
        })
        .collect();
    table(&mut out, &header.map(str::to_owned), &rows);

    let _ = writeln!(out, "\n{}", review.headings.join(", "));
    if review.sections.is_empty() {
        out.push_str("  none\n");
    }
    for s in &review.sections {
        let _ = writeln!(out, "  {}  {} ({})", s.date, s.heading, s.path);
        for line in s.text.lines() {
            let _ = writeln!(out, "    {line}");
        }
    }

    let _ = writeln!(out, "\nTrend");
    if review.trend.is_empty() {
        out.push_str("  none\n");
    } else {
        let mut dates: Vec<NaiveDate> = review
            .trend
            .iter()
            .flat_map(|s| s.points.iter().map(|p| p.date))
            .collect();
        dates.sort_unstable();
        dates.dedup();
        let mut header = vec!["date".to_owned()];
        header.extend(review.trend.iter().map(|s| s.field.clone()));
        let rows: Vec<Vec<String>> = dates
            .iter()
            .map(|d| {
                let mut row = vec![d.to_string()];
                row.extend(review.trend.iter().map(|s| {
                    let values: Vec<String> = s
                        .points
                        .iter()
                        .filter(|p| p.date == *d)
                        .map(|p| p.value.to_string())
                        .collect();
                    if values.is_empty() {
                        "–".to_owned()
                    } else {
                        values.join(" ")
                    }
                }));
                row
            })
            .collect();
        table(&mut out, &header, &rows);
    }
    out.lines()
        .map(str::trim_end)
        .collect::<Vec<_>>()
        .join("\n")
        + "\n"
}

/// Columns padded to their widest cell, two spaces apart; the first left
/// aligned, the rest right aligned.
fn table<R: AsRef<[String]>>(out: &mut String, header: &[String], rows: &[R]) {
    let widths: Vec<usize> = (0..header.len())
        .map(|c| {
            std::iter::once(&header[c])
                .chain(rows.iter().map(|r| &r.as_ref()[c]))
                .map(|s| s.chars().count())
                .max()
                .unwrap_or(0)
        })
        .collect();
    for row in std::iter::once(header).chain(rows.iter().map(AsRef::as_ref)) {
        out.push(' ');
        for (c, cell) in row.iter().enumerate() {
            let pad = widths[c] - cell.chars().count();
            if c == 0 {
                let _ = write!(out, " {cell}{}", " ".repeat(pad));
            } else {
                let _ = write!(out, "  {}{cell}", " ".repeat(pad));
            }
        }
        out.push('\n');
    }
}

/// What the page template shows.
#[derive(Serialize)]
struct Page<'a> {
    review: &'a Review,
    span: String,
    adherence: String,
    items: Vec<PageItems>,
    trend: Vec<PageSeries<'a>>,
}

#[derive(Serialize)]
struct PageItems {
    owner: String,
    opened: usize,
    closed: usize,
    dropped: usize,
    open: usize,
    follow_through: String,
    median: String,
}

#[derive(Serialize)]
struct PageSeries<'a> {
    field: &'a str,
    points: &'a [Point],
    /// The polyline's `points` attribute, in the SVG's own units.
    line: String,
    min: f64,
    max: f64,
}

const SVG_WIDTH: f64 = 320.0;
const SVG_HEIGHT: f64 = 80.0;
const SVG_PAD: f64 = 6.0;

/// The review as a self-contained HTML page: inline CSS, an inline SVG
/// line per numeric field, nothing loaded from the network.
pub fn render_html(review: &Review) -> Result<String> {
    let page = Page {
        review,
        span: span(review),
        adherence: percent(Some(review.meetings.adherence)),
        items: review
            .items
            .iter()
            .map(|o| PageItems {
                owner: o.owner.clone(),
                opened: o.opened,
                closed: o.closed,
                dropped: o.dropped,
                open: o.open,
                follow_through: percent(o.follow_through),
                median: number(o.median_days_to_close),
            })
            .collect(),
        trend: review.trend.iter().map(page_series).collect(),
    };
    let (name, source) = TEMPLATE;
    template::render_page(name, source, &page)
}

/// Places the points of a series: x by date across the series' dates, y
/// by value between its least and greatest (a flat line in the middle
/// when they are equal).
#[allow(clippy::cast_precision_loss)] // day spans are small
fn page_series(series: &Series) -> PageSeries<'_> {
    let values = series.points.iter().map(|p| p.value);
    let min = values.clone().fold(f64::INFINITY, f64::min);
    let max = values.fold(f64::NEG_INFINITY, f64::max);
    let first = series.points.first().map(|p| p.date);
    let last = series.points.last().map(|p| p.date);
    let days = match (first, last) {
        (Some(a), Some(b)) => (b - a).num_days(),
        _ => 0,
    };
    let inner_w = SVG_WIDTH - 2.0 * SVG_PAD;
    let inner_h = SVG_HEIGHT - 2.0 * SVG_PAD;
    let line = series
        .points
        .iter()
        .map(|p| {
            let offset = first.map_or(0, |f| (p.date - f).num_days());
            let x = if days == 0 {
                SVG_WIDTH / 2.0
            } else {
                SVG_PAD + inner_w * offset as f64 / days as f64
            };
            let y = if max > min {
                SVG_PAD + inner_h * (max - p.value) / (max - min)
            } else {
                SVG_HEIGHT / 2.0
            };
            format!("{x:.1},{y:.1}")
        })
        .collect::<Vec<_>>()
        .join(" ");
    PageSeries {
        field: &series.field,
        points: &series.points,
        line,
        min,
        max,
    }
}
