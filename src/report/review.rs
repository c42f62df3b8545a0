//! `oneonone review PERSON`: everything in a date range that a performance
//! review or a promotion case draws on: meetings and adherence, how action
//! items fared per owner, the sections under the review headings, and the
//! numbers the notes' front matter records over time.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::PathBuf;

use chrono::NaiveDate;
use serde::Serialize;

use crate::error::{Error, Result};
use crate::io::repo::Repo;
use crate::io::{store, template};
use crate::model::item::ItemState;
use crate::model::note::Status;
use crate::model::person::{Person, TrackedItem};
use crate::parse::{frontmatter, note};
use crate::plan::cadence::Rhythm;
use crate::plan::names::{Directory, Known};
use crate::report::actions::Owners;

/// The page's template, named as errors name it.
const TEMPLATE: (&str, &str) = ("review.html", include_str!("../../templates/review.html"));

/// The range asked for: both ends included; no start means from the first
/// note.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Range {
    pub since: Option<NaiveDate>,
    pub until: NaiveDate,
}

impl Range {
    pub fn contains(&self, day: NaiveDate) -> bool {
        self.since.is_none_or(|s| s <= day) && day <= self.until
    }
}

/// The review, as `review --json` prints it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Review {
    pub person: String,
    pub name: String,
    pub since: Option<NaiveDate>,
    pub until: NaiveDate,
    pub meetings: Meetings,
    /// The person's items, yours (`@me`), then everyone else's and
    /// unowned ones; always these three rows.
    pub items: Vec<OwnerItems>,
    /// The headings gathered.
    pub headings: Vec<String>,
    /// In date order, then in note order.
    pub sections: Vec<Section>,
    /// One series per numeric front-matter field, by field name.
    pub trend: Vec<Series>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Meetings {
    /// Notes in the range with `status: held` (the default).
    pub held: usize,
    pub cancelled: usize,
    /// Intervals in the range the cadence asked for a meeting in, as
    /// `gaps` counts them, and those that passed without one.
    pub expected: u32,
    pub missed: u32,
    /// `held / expected` intervals, two decimals; 1 when none was expected.
    pub adherence: f64,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct OwnerItems {
    /// The person's id, `me`, or `others` (anyone else, and no owner).
    pub owner: String,
    /// Items first written in the range.
    pub opened: usize,
    /// Items ticked `[x]` in a note in the range.
    pub closed: usize,
    /// Items dropped (`[-]`, or their carried line deleted) in the range.
    pub dropped: usize,
    /// Items open at the end of the range.
    pub open: usize,
    /// Of the items opened in the range, the share ticked done by its end;
    /// two decimals; `null` when none was opened.
    pub follow_through: Option<f64>,
    /// Median days from an item's first note to the note that ticked it,
    /// over the items closed in the range; `null` when none was.
    pub median_days_to_close: Option<f64>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Section {
    pub date: NaiveDate,
    pub path: String,
    pub heading: String,
    pub text: String,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Series {
    pub field: String,
    pub points: Vec<Point>,
}

#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Point {
    pub date: NaiveDate,
    pub value: f64,
}

/// Builds the review of `person` over `range`, reading the bodies of the
/// notes in it for their sections and numbers. A note that cannot be read
/// is left out here; loading the index has already said why.
pub fn review(repo: &Repo, person: &Person, range: Range, today: NaiveDate) -> Result<Review> {
    if let Some(since) = range.since
        && since > range.until
    {
        return Err(Error::usage(format!(
            "--since {since} is after --until {}: the range is empty",
            range.until
        )));
    }
    let headings = repo.settings.review_headings();
    let mut notes = Vec::new();
    for (name, path) in repo.notes_of(&person.id)? {
        if !range.contains(name.date) {
            continue;
        }
        let Ok(bytes) = store::read(&repo.root.join(&path), &path) else {
            continue;
        };
        let Ok(text) = note::decode(&path, &bytes) else {
            continue;
        };
        let Ok(split) = frontmatter::split(text) else {
            continue;
        };
        notes.push(NoteText {
            date: name.date,
            path,
            sections: note::sections_under(split.body, &headings),
            numbers: frontmatter::numbers(split.yaml),
        });
    }
    let theirs = Directory::of_settings(&repo.settings)
        .get(&person.id)
        .cloned()
        .unwrap_or_else(|| Known {
            id: person.id.clone(),
            ..Known::default()
        });
    Ok(assemble(
        person,
        (repo.settings.me(), &theirs),
        &headings,
        notes,
        range,
        today,
    ))
}

/// What `review` reads of one note's text.
#[derive(Debug, Clone, PartialEq)]
pub struct NoteText {
    pub date: NaiveDate,
    pub path: PathBuf,
    pub sections: Vec<(String, String)>,
    pub numbers: Vec<(String, f64)>,
}

/// The pure part of [`review`].
pub fn assemble(
    person: &Person,
    (me, theirs): (&str, &Known),
    headings: &[&str],
    mut notes: Vec<NoteText>,
    range: Range,
    today: NaiveDate,
) -> Review {
    notes.sort_by(|a, b| (a.date, &a.path).cmp(&(b.date, &b.path)));
    let in_range: Vec<_> = person
        .meetings
        .iter()
        .filter(|m| range.contains(m.name.date))
        .collect();
    let adherence = Rhythm::of(person).adherence(range.since, range.until.min(today));
    let meetings = Meetings {
        held: in_range.iter().filter(|m| m.status == Status::Held).count(),
        cancelled: in_range
            .iter()
            .filter(|m| m.status == Status::Cancelled)
            .count(),
        expected: adherence.expected,
        missed: adherence.missed,
        adherence: round2(adherence.ratio()),
    };

    let mine = Owners::new("me", me, &Directory::default());
    let whose = |owner: Option<&str>| match owner {
        Some(o) if mine.matches(Some(o)) => 1,
        Some(o) if o.eq_ignore_ascii_case(&person.id) || theirs.is_owner(o) => 0,
        _ => 2,
    };
    let mut groups: [Vec<&TrackedItem>; 3] = Default::default();
    for item in &person.items {
        owned(item, None, &mut |item, owner| {
            groups[whose(owner)].push(item);
        });
    }
    let names = [person.id.as_str(), "me", "others"];
    let items = names
        .iter()
        .zip(&groups)
        .map(|(owner, items)| tally(owner, items, range))
        .collect();

    let mut sections = Vec::new();
    let mut series: BTreeMap<String, Vec<Point>> = BTreeMap::new();
    for note in &notes {
        let path = note.path.to_string_lossy().into_owned();
        for (heading, text) in &note.sections {
            sections.push(Section {
                date: note.date,
                path: path.clone(),
                heading: heading.clone(),
                text: text.clone(),
            });
        }
        for (field, value) in &note.numbers {
            series.entry(field.clone()).or_default().push(Point {
                date: note.date,
                value: *value,
            });
        }
    }
    Review {
        person: person.id.clone(),
        name: person.display_name().to_owned(),
        since: range.since,
        until: range.until,
        meetings,
        items,
        headings: headings.iter().map(|h| (*h).to_owned()).collect(),
        sections,
        trend: series
            .into_iter()
            .map(|(field, points)| Series { field, points })
            .collect(),
    }
}

/// Every item with its owner, a sub-item without one taking its parent's.
fn owned<'a>(
    item: &'a TrackedItem,
    parent: Option<&'a str>,
    visit: &mut dyn FnMut(&'a TrackedItem, Option<&'a str>),
) {
    let owner = item.owner.as_deref().or(parent);
    visit(item, owner);
    for child in &item.children {
        owned(child, owner, visit);
    }
}

fn tally(owner: &str, items: &[&TrackedItem], range: Range) -> OwnerItems {
    let closed_in = |item: &&&TrackedItem, state: ItemState| {
        item.state == state && item.closed.is_some_and(|d| range.contains(d))
    };
    let opened: Vec<_> = items.iter().filter(|i| range.contains(i.origin)).collect();
    let done =
        |i: &TrackedItem| i.state == ItemState::Done && i.closed.is_some_and(|d| d <= range.until);
    let followed = opened.iter().filter(|i| done(i)).count();
    let mut days: Vec<i64> = items
        .iter()
        .filter(|i| closed_in(i, ItemState::Done))
        .filter_map(|i| i.closed.map(|c| (c - i.origin).num_days()))
        .collect();
    days.sort_unstable();
    #[allow(clippy::cast_precision_loss)] // counts and day spans are small
    let median = match days.len() {
        0 => None,
        n if n % 2 == 1 => Some(days[n / 2] as f64),
        n => Some((days[n / 2 - 1] + days[n / 2]) as f64 / 2.0),
    };
    #[allow(clippy::cast_precision_loss)]
    let follow_through =
        (!opened.is_empty()).then(|| round2(followed as f64 / opened.len() as f64));
    OwnerItems {
        owner: owner.to_owned(),
        opened: opened.len(),
        closed: items
            .iter()
            .filter(|i| closed_in(i, ItemState::Done))
            .count(),
        dropped: items
            .iter()
            .filter(|i| closed_in(i, ItemState::Cancelled))
            .count(),
        open: items
            .iter()
            .filter(|i| i.origin <= range.until && i.closed.is_none_or(|c| c > range.until))
            .count(),
        follow_through,
        median_days_to_close: median,
    }
}

fn round2(x: f64) -> f64 {
    (x * 100.0).round() / 100.0
}

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
