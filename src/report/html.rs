//! `oneonone report --html FILE`: one self-contained page to read or print.
//! Everything is inline (CSS and SVG, no fonts, scripts or links), so it
//! opens offline, attaches to an e-mail and never calls out to the network.

use std::fmt::Write as _;

use chrono::{Datelike, Days, Months, NaiveDate};

use super::gaps::{self, PersonGaps};
use super::status::{self, Row};
use crate::model::index::Index;
use crate::model::item::ItemState;
use crate::model::note::Status as Held;
use crate::model::person::{Person, TrackedItem};
use crate::plan::cadence::{self, State};

/// The page. `me` is the user's own handle in `@owner` markers.
pub fn render(index: &Index, me: &str, today: NaiveDate) -> String {
    let report = status::status(&index.summaries(), today);
    // Status order (most urgent first) everywhere on the page.
    let people: Vec<(&Row, &Person)> = report
        .people
        .iter()
        .filter_map(|row| index.person(&row.person).map(|p| (row, p)))
        .collect();
    let mut page = String::with_capacity(16 * 1024);
    page.push_str(HEAD);
    let _ = writeln!(
        page,
        "<header><h1>1:1 report</h1><p class=\"meta\">{today} · {}</p></header>",
        escape(&report.summary())
    );
    if people.is_empty() {
        page.push_str("<p>No people yet. Start with <code>oneonone new PERSON</code>.</p>\n");
    } else {
        status_table(&mut page, &people);
        timeline(&mut page, &people, today);
        open_items(&mut page, &people, me, today);
        adherence(&mut page, &people, today);
    }
    page.push_str("</body>\n</html>\n");
    page
}

const HEAD: &str = r#"<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="oneonone">
<title>1:1 report</title>
<style>
:root { --overdue: #c0392b; --due: #b9770e; --ok: #1e8449; --quiet: #7f8c8d; --line: #d5d8dc; --ink: #1c2833; }
body { font-family: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--ink); margin: 2rem auto; max-width: 1100px; padding: 0 1rem; line-height: 1.4; }
h1 { margin: 0; font-size: 1.6rem; }
h2 { font-size: 1.2rem; margin: 2rem 0 .6rem; border-bottom: 1px solid var(--line); padding-bottom: .2rem; }
h3 { font-size: 1rem; margin: 1.2rem 0 .3rem; }
.meta, .small { color: var(--quiet); }
.small { font-size: .85em; }
table { border-collapse: collapse; width: 100%; font-size: .92rem; }
th, td { text-align: left; padding: .3rem .6rem .3rem 0; border-bottom: 1px solid var(--line); vertical-align: top; }
th { font-weight: 600; border-bottom: 2px solid var(--line); }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
.state { font-weight: 600; }
.state.overdue { color: var(--overdue); } .state.due { color: var(--due); } .state.ok { color: var(--ok); }
.state.never, .state.paused { color: var(--quiet); }
tr.paused td { color: var(--quiet); }
.late { color: var(--overdue); font-weight: 600; }
.child { padding-left: 1.2rem; }
table.items { table-layout: fixed; }
table.items th:nth-child(1) { width: 45%; } table.items th:nth-child(2) { width: 14%; }
table.items th:nth-child(3) { width: 7%; } table.items th:nth-child(4) { width: 11%; }
table.items td:nth-child(5) { white-space: nowrap; overflow: hidden; text-overflow: ellipsis; }
.bar { display: inline-block; width: 8rem; height: .6rem; background: #eaecee; border-radius: .3rem; vertical-align: middle; margin-right: .5rem; overflow: hidden; }
.bar > span { display: block; height: 100%; background: var(--ok); }
.bar.low > span { background: var(--overdue); } .bar.mid > span { background: var(--due); }
svg.timeline { width: 100%; height: auto; display: block; font-size: 12px; }
svg .axis { stroke: var(--line); }
svg .tick text, svg .row-label, svg .row-note { fill: var(--ink); }
svg .tick text { fill: var(--quiet); }
svg .row-note { fill: var(--quiet); font-size: 11px; }
svg .baseline { stroke: var(--line); stroke-width: 2; }
svg .gap { fill: var(--overdue); fill-opacity: .16; stroke: var(--overdue); stroke-opacity: .5; stroke-dasharray: 3 2; }
svg .gap.open { fill-opacity: .08; }
svg .held { fill: #2e4053; }
svg .missed { fill: #fff; stroke: #2e4053; stroke-width: 1.5; }
svg .due { stroke: #fff; stroke-width: 1; }
svg .due.overdue { fill: var(--overdue); } svg .due.due { fill: var(--due); } svg .due.ok { fill: var(--ok); }
svg .due.never { fill: var(--quiet); }
svg .today { stroke: var(--ink); stroke-width: 1.5; stroke-dasharray: 4 3; }
svg .today-label { fill: var(--ink); font-weight: 600; }
svg g.paused { opacity: .45; }
.legend { display: flex; flex-wrap: wrap; gap: 1.2rem; margin: .4rem 0 0; font-size: .85rem; color: var(--quiet); }
.legend svg { vertical-align: middle; margin-right: .3rem; }
@media print {
  body { margin: 0; max-width: none; font-size: 10pt; }
  * { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
  h2 { break-after: avoid; }
  tr, g.timeline-row, .timeline-section { break-inside: avoid; }
  @page { margin: 12mm; }
}
</style>
</head>
<body>
"#;

fn status_table(page: &mut String, people: &[(&Row, &Person)]) {
    page.push_str(
        "<section><h2>Status</h2>\n<table class=\"status\"><thead><tr><th>person</th><th>kind</th>\
         <th>cadence</th><th>last</th><th>next due</th><th class=\"num\">days</th><th>state</th>\
         <th class=\"num\">open</th><th class=\"num\">oldest</th></tr></thead><tbody>\n",
    );
    for (row, _) in people {
        let state = row.state.as_str();
        let days = row.days.map_or_else(
            || "–".to_owned(),
            |d| {
                if d > 0 {
                    format!("+{d}")
                } else {
                    d.to_string()
                }
            },
        );
        let _ = writeln!(
            page,
            "<tr class=\"{state}\"><td>{}{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td>\
             <td class=\"num\">{days}</td><td class=\"state {state}\">{state}</td>\
             <td class=\"num\">{}</td><td class=\"num\">{}</td></tr>",
            escape(&row.name),
            id_note(row),
            row.kind,
            row.cadence,
            optional(row.last),
            optional(row.next_due),
            row.open_actions,
            optional(row.oldest_open_days),
        );
    }
    page.push_str("</tbody></table></section>\n");
}

/// The id after the name, when they differ.
fn id_note(row: &Row) -> String {
    if row.name == row.person {
        String::new()
    } else {
        format!(" <span class=\"small\">{}</span>", escape(&row.person))
    }
}

fn optional(value: Option<impl ToString>) -> String {
    value.map_or_else(|| "–".to_owned(), |v| escape(&v.to_string()))
}

/// Horizontal geometry of the timeline: dates to x coordinates.
struct Scale {
    start: NaiveDate,
    end: NaiveDate,
}

const WIDTH: f64 = 1000.0;
const LABEL: f64 = 190.0;
const RIGHT: f64 = 16.0;
const ROW: f64 = 34.0;
const AXIS: f64 = 30.0;

impl Scale {
    /// Six months back from today, and forward far enough to show the next
    /// due dates (two weeks at least, three months at most).
    fn new(people: &[(&Row, &Person)], today: NaiveDate) -> Scale {
        let start = today.checked_sub_months(Months::new(6)).unwrap_or(today);
        let latest_due = people
            .iter()
            .filter(|(r, _)| r.state != State::Paused)
            .filter_map(|(r, _)| r.next_due)
            .max()
            .unwrap_or(today);
        let later = |days| today.checked_add_days(Days::new(days)).unwrap_or(today);
        let end = latest_due
            .checked_add_days(Days::new(7))
            .unwrap_or(latest_due)
            .max(later(14))
            .min(later(92));
        Scale { start, end }
    }

    fn x(&self, date: NaiveDate) -> f64 {
        let date = date.clamp(self.start, self.end);
        let span = float((self.end - self.start).num_days().max(1));
        let offset = float((date - self.start).num_days());
        LABEL + offset / span * (WIDTH - LABEL - RIGHT)
    }

    fn contains(&self, date: NaiveDate) -> bool {
        (self.start..=self.end).contains(&date)
    }
}

/// A count of days or rows as a coordinate; nothing on the page comes
/// near the limit.
fn float(n: impl TryInto<i32>) -> f64 {
    n.try_into().map_or(f64::from(i32::MAX), f64::from)
}

fn timeline(page: &mut String, people: &[(&Row, &Person)], today: NaiveDate) {
    let scale = Scale::new(people, today);
    let height = AXIS + ROW * float(people.len()) + 8.0;
    let _ = write!(
        page,
        "<section class=\"timeline-section\"><h2>Cadence, {} to {}</h2>\n\
         <svg class=\"timeline\" viewBox=\"0 0 {WIDTH} {height}\" role=\"img\" \
         aria-label=\"Meetings per person over time\">\n",
        scale.start, scale.end
    );
    months(page, &scale, height);
    for (i, (row, person)) in people.iter().enumerate() {
        timeline_row(page, &scale, row, person, AXIS + ROW * float(i), today);
    }
    let x = scale.x(today);
    let _ = write!(
        page,
        "<line class=\"today\" x1=\"{x:.1}\" y1=\"{}\" x2=\"{x:.1}\" y2=\"{height}\"/>\
         <text class=\"today-label\" x=\"{x:.1}\" y=\"{}\" text-anchor=\"middle\">today</text>\n</svg>\n",
        AXIS - 12.0,
        AXIS - 15.0,
    );
    page.push_str(LEGEND);
    page.push_str("</section>\n");
}

const LEGEND: &str = "<p class=\"legend\">\
<span><svg width=\"12\" height=\"12\"><circle cx=\"6\" cy=\"6\" r=\"5\" fill=\"#2e4053\"/></svg>held</span>\
<span><svg width=\"12\" height=\"12\"><circle cx=\"6\" cy=\"6\" r=\"4.5\" fill=\"#fff\" stroke=\"#2e4053\" stroke-width=\"1.5\"/></svg>cancelled or rescheduled</span>\
<span><svg width=\"12\" height=\"12\"><path d=\"M0 1 L12 1 L6 12 Z\" fill=\"#1e8449\"/></svg>next due (coloured by state)</span>\
<span><svg width=\"22\" height=\"12\"><rect x=\"1\" y=\"1\" width=\"20\" height=\"10\" fill=\"#c0392b\" fill-opacity=\".16\" stroke=\"#c0392b\" stroke-opacity=\".5\" stroke-dasharray=\"3 2\"/></svg>gap longer than cadence + grace</span>\
<span><svg width=\"12\" height=\"12\"><line x1=\"6\" y1=\"0\" x2=\"6\" y2=\"12\" stroke=\"#1c2833\" stroke-width=\"1.5\" stroke-dasharray=\"4 3\"/></svg>today</span>\
</p>\n";

/// Month boundaries as faint vertical lines with short labels.
fn months(page: &mut String, scale: &Scale, height: f64) {
    let mut month = NaiveDate::from_ymd_opt(scale.start.year(), scale.start.month(), 1);
    while let Some(first) = month.filter(|m| *m <= scale.end) {
        if first >= scale.start {
            let x = scale.x(first);
            let label = if first.month() == 1 {
                first.format("%b %Y").to_string()
            } else {
                first.format("%b").to_string()
            };
            let _ = writeln!(
                page,
                "<g class=\"tick\"><line class=\"axis\" x1=\"{x:.1}\" y1=\"{}\" x2=\"{x:.1}\" y2=\"{height}\"/>\
                 <text x=\"{:.1}\" y=\"{}\">{label}</text></g>",
                AXIS - 4.0,
                x + 3.0,
                AXIS - 4.0,
            );
        }
        month = first.checked_add_months(Months::new(1));
    }
}

fn timeline_row(
    page: &mut String,
    scale: &Scale,
    row: &Row,
    person: &Person,
    top: f64,
    today: NaiveDate,
) {
    let mid = top + ROW / 2.0 + 4.0;
    let paused = if row.state == State::Paused {
        " paused"
    } else {
        ""
    };
    let _ = writeln!(
        page,
        "<g class=\"timeline-row{paused}\" data-person=\"{}\">\
         <title>{}</title>\
         <text class=\"row-label\" x=\"0\" y=\"{:.1}\">{}</text>\
         <text class=\"row-note\" x=\"0\" y=\"{:.1}\">{}</text>\
         <line class=\"baseline\" x1=\"{LABEL}\" y1=\"{mid:.1}\" x2=\"{:.1}\" y2=\"{mid:.1}\"/>",
        escape(&row.person),
        escape(&format!("{} ({}, {})", row.name, row.kind, row.cadence)),
        mid - 2.0,
        escape(&truncate(&row.name, 26)),
        mid + 11.0,
        escape(&row_note(row, person)),
        WIDTH - RIGHT,
    );
    let band = |page: &mut String, from: NaiveDate, to: NaiveDate, class: &str, title: &str| {
        let (x1, x2) = (scale.x(from), scale.x(to));
        let _ = writeln!(
            page,
            "<rect class=\"{class}\" x=\"{x1:.1}\" y=\"{:.1}\" width=\"{:.1}\" height=\"{:.1}\" rx=\"3\">\
             <title>{}</title></rect>",
            mid - 9.0,
            (x2 - x1).max(1.0),
            18.0,
            escape(title),
        );
    };
    for gap in cadence::gaps(&person.held(), person.cadence, person.grace) {
        if gap.end >= scale.start && gap.start <= scale.end {
            let title = format!(
                "gap {} → {}: {} days ({} allowed)",
                gap.start, gap.end, gap.days, gap.allowed_days
            );
            band(page, gap.start, gap.end, "gap", &title);
        }
    }
    if let (State::Overdue, Some(last)) = (row.state, row.last) {
        let title = format!(
            "no meeting since {last}: {} days, overdue",
            (today - last).num_days()
        );
        band(page, last, today, "gap open", &title);
    }
    for m in &person.meetings {
        let date = m.name.date;
        if !scale.contains(date) {
            continue;
        }
        let (class, r) = if m.status == Held::Held {
            ("held", 5.0)
        } else {
            ("missed", 4.5)
        };
        let _ = writeln!(
            page,
            "<circle class=\"{class}\" cx=\"{:.1}\" cy=\"{mid:.1}\" r=\"{r}\"><title>{date} {}</title></circle>",
            scale.x(date),
            m.status,
        );
    }
    if row.state != State::Paused {
        let due = row.next_due.unwrap_or(today);
        let x = scale.x(due);
        let title = match row.next_due {
            Some(d) => format!("next due {d} ({})", row.state),
            None => "never met: due now".to_owned(),
        };
        // A pin above the line, so it never hides a meeting on that day.
        let _ = writeln!(
            page,
            "<path class=\"due {}\" d=\"M{:.1} {:.1} L{:.1} {:.1} L{x:.1} {:.1} Z\">\
             <title>{}</title></path>",
            row.state,
            x - 6.0,
            mid - 16.0,
            x + 6.0,
            mid - 16.0,
            mid - 5.0,
            escape(&title),
        );
    }
    page.push_str("</g>\n");
}

/// The small line under a name in the timeline.
fn row_note(row: &Row, person: &Person) -> String {
    match (row.state, row.days) {
        (State::Paused, _) => person
            .paused_until
            .map_or_else(|| "paused".to_owned(), |d| format!("paused until {d}")),
        (State::Never, _) => format!("{} · never met", row.cadence),
        (state, Some(d)) if d > 0 => format!("{} · {state} {d}d", row.cadence),
        (state, Some(0)) => format!("{} · {state} today", row.cadence),
        (state, Some(d)) => format!("{} · {state}, {} days left", row.cadence, -d),
        (state, None) => format!("{} · {state}", row.cadence),
    }
}

fn truncate(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        text.to_owned()
    } else {
        text.chars().take(max - 1).chain(['…']).collect()
    }
}

/// An open item with the owner it is grouped under.
struct Open<'a> {
    owner: Option<&'a str>,
    person: &'a Row,
    item: &'a TrackedItem,
    depth: usize,
}

/// Open items grouped by owner (you first, unowned last); a sub-item
/// without an owner of its own belongs to its parent's.
fn open_items(page: &mut String, people: &[(&Row, &Person)], me: &str, today: NaiveDate) {
    let mut open = Vec::new();
    for (row, person) in people {
        collect_open(&person.items, row, &mut open);
    }
    let _ = writeln!(page, "<section><h2>Open action items ({})</h2>", open.len());
    if open.is_empty() {
        page.push_str("<p class=\"meta\">Nothing open.</p>\n");
    }
    let rank = |owner: Option<&str>| match owner {
        Some(o) if o == me => (0, String::new()),
        Some(o) => (1, o.to_owned()),
        None => (2, String::new()),
    };
    // Stable: within an owner, people keep status order and items their own.
    open.sort_by_key(|o| rank(o.owner));
    for group in open.chunk_by(|a, b| a.owner == b.owner) {
        let heading = match group[0].owner {
            Some(o) if o == me => format!("@{o} (you)"),
            Some(o) => format!("@{o}"),
            None => "no owner".to_owned(),
        };
        let _ = writeln!(
            page,
            "<h3>{} <span class=\"small\">{} open</span></h3>\n<table class=\"items\"><thead><tr>\
             <th>item</th><th>with</th><th class=\"num\">age</th><th>due</th><th>where</th></tr></thead><tbody>",
            escape(&heading),
            group.len()
        );
        for o in group {
            let age = (today - o.item.origin).num_days();
            let due = o.item.due.map_or_else(String::new, |d| {
                if d < today {
                    format!("<span class=\"late\">{d}</span>")
                } else {
                    d.to_string()
                }
            });
            let class = if o.depth > 0 { " class=\"child\"" } else { "" };
            let _ = writeln!(
                page,
                "<tr><td{class}>{}{}</td><td>{}</td><td class=\"num\">{age}&nbsp;d</td><td>{due}</td>\
                 <td class=\"small\">{}:{}</td></tr>",
                if o.depth > 0 { "↳ " } else { "" },
                escape(&o.item.text),
                escape(&o.person.name),
                escape(&o.item.path(&o.person.person).to_string_lossy()),
                o.item.line,
            );
        }
        page.push_str("</tbody></table>\n");
    }
    page.push_str("</section>\n");
}

/// Parents before children, with an explicit stack so no nesting depth can
/// exhaust the call stack.
fn collect_open<'a>(items: &'a [TrackedItem], person: &'a Row, out: &mut Vec<Open<'a>>) {
    let mut stack: Vec<(&TrackedItem, Option<&str>, usize)> =
        items.iter().rev().map(|i| (i, None, 0)).collect();
    while let Some((item, inherited, depth)) = stack.pop() {
        let owner = item.owner.as_deref().or(inherited);
        if item.state == ItemState::Open {
            out.push(Open {
                owner,
                person,
                item,
                depth,
            });
        }
        stack.extend(item.children.iter().rev().map(|c| (c, owner, depth + 1)));
    }
}

fn adherence(page: &mut String, people: &[(&Row, &Person)], today: NaiveDate) {
    page.push_str(
        "<section><h2>Adherence</h2>\n<table class=\"adherence\"><thead><tr><th>person</th>\
         <th>cadence</th><th>since</th><th class=\"num\">held</th><th class=\"num\">expected</th>\
         <th>adherence</th><th class=\"num\">gaps</th><th class=\"num\">longest gap</th></tr></thead><tbody>\n",
    );
    for (row, person) in people {
        let g: PersonGaps = gaps::person_gaps(person, None, today);
        let percent = (g.adherence * 100.0).round();
        let level = match percent {
            p if p < 50.0 => " low",
            p if p < 80.0 => " mid",
            _ => "",
        };
        let bar = if g.since.is_some() {
            format!(
                "<span class=\"bar{level}\"><span style=\"width:{:.0}%\"></span></span>{percent:.0}%",
                percent.min(100.0)
            )
        } else {
            "–".to_owned()
        };
        let _ = writeln!(
            page,
            "<tr><td>{}</td><td>{}</td><td>{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td>\
             <td>{bar}</td><td class=\"num\">{}</td><td class=\"num\">{}</td></tr>",
            escape(&row.name),
            g.cadence,
            optional(g.since),
            g.held,
            g.expected,
            g.gaps.len(),
            g.longest_gap_days
                .map_or_else(|| "–".to_owned(), |d| format!("{d}&nbsp;d")),
        );
    }
    page.push_str("</tbody></table></section>\n");
}

/// Escapes text for HTML element content and quoted attribute values.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::cadence::{Cadence, Kind};
    use crate::model::note::NoteName;
    use crate::model::person::Meeting;

    fn d(s: &str) -> NaiveDate {
        s.parse().expect("valid test date")
    }

    fn person(id: &str, meetings: &[(&str, Held)]) -> Person {
        Person {
            id: id.into(),
            name: None,
            kind: Kind::DirectReport,
            cadence: Cadence::Days(7),
            grace: None,
            paused_until: None,
            meetings: meetings
                .iter()
                .map(|&(s, status)| Meeting::on(d(s), status))
                .collect(),
            items: Vec::new(),
        }
    }

    fn item(text: &str, owner: Option<&str>, children: Vec<TrackedItem>) -> TrackedItem {
        TrackedItem {
            text: text.into(),
            owner: owner.map(Into::into),
            due: Some(d("2026-11-20")),
            origin: d("2026-11-03"),
            state: ItemState::Open,
            closed: None,
            carried: 1,
            note: NoteName {
                date: d("2026-11-10"),
                seq: 1,
            },
            line: 12,
            children,
        }
    }

    #[test]
    fn escapes_markup_and_quotes() {
        assert_eq!(
            escape(r#"<script>alert("x") & 'y'</script>"#),
            "&lt;script&gt;alert(&quot;x&quot;) &amp; &#39;y&#39;&lt;/script&gt;"
        );
    }

    #[test]
    fn a_row_per_person_with_marks_gaps_and_due() {
        let mut amy = person(
            "amy",
            &[
                ("2026-10-01", Held::Held),
                ("2026-10-08", Held::Cancelled),
                ("2026-10-22", Held::Held),
                ("2026-11-20", Held::Held),
            ],
        );
        amy.name = Some("Amy <b>Lee</b>".into());
        amy.items = vec![item(
            "@me <script>x</script>",
            Some("me"),
            vec![item("sub-step", None, Vec::new())],
        )];
        let index = Index {
            people: vec![amy, person("bo", &[])],
            problems: Vec::new(),
        };
        let page = render(&index, "me", d("2026-11-25"));
        assert_eq!(page.matches("<g class=\"timeline-row").count(), 2);
        assert!(page.contains("<g class=\"timeline-row\" data-person=\"amy\">"));
        assert_eq!(page.matches("<circle class=\"held\"").count(), 3);
        assert_eq!(page.matches("<circle class=\"missed\"").count(), 1);
        // 10-01 → 10-22 and 10-22 → 11-20 are both longer than 7 + 1 days.
        assert_eq!(page.matches("<rect class=\"gap\"").count(), 2);
        assert!(page.contains("<path class=\"due ok\""));
        assert!(page.contains("<path class=\"due never\""));
        assert!(page.contains("Amy &lt;b&gt;Lee&lt;/b&gt;"));
        assert!(!page.contains("<script>"));
        assert!(page.contains("<h3>@me (you) <span class=\"small\">2 open</span></h3>"));
        assert!(
            page.contains("<td class=\"child\">↳ sub-step</td>"),
            "owner inherited"
        );
        assert!(page.contains("<span class=\"late\">2026-11-20</span>"));
        assert!(!page.contains("http"), "nothing points to the network");
    }

    #[test]
    fn an_empty_repository_says_how_to_start() {
        let page = render(&Index::default(), "me", d("2026-11-25"));
        assert!(page.contains("oneonone new PERSON"));
        assert!(!page.contains("<svg class=\"timeline\""));
    }
}
