//! `oneonone report --html FILE`: one self-contained page to read or print.
//! Everything is inline (CSS and SVG, no fonts, scripts or links), so it
//! opens offline, attaches to an e-mail and never calls out to the network.
//!
//! The markup is the template `templates/report.html`, built into the
//! binary. This module only gathers what the page shows into a serializable
//! context: the rows, the timeline's coordinates (computed here, as the page
//! writes them), the open items and the adherence. The template is rendered
//! with HTML autoescaping, so every name and item text from the notes is
//! escaped by the engine on its way into the page, and none by hand: there
//! is no place left to forget it.

use chrono::{Datelike, Days, Months, NaiveDate};
use serde::{Serialize, Serializer};

use super::gaps::{self, PersonGaps};
use super::status::{self, Row};
use crate::error::Result;
use crate::io::template;
use crate::model::index::Index;
use crate::model::item::ItemState;
use crate::model::note::Status as Held;
use crate::model::person::{Person, TrackedItem};
use crate::plan::cadence::{Rhythm, State};
use crate::plan::names::Directory;

/// The page's template, named as errors name it (`templates/report.html`).
const TEMPLATE: (&str, &str) = ("report.html", include_str!("../../templates/report.html"));

/// The page, without any private item. `me` is the user's own handle in
/// `@owner` markers; `people` says whom the other owners mean, so a
/// person's items are grouped under their id however the `@owner` spells
/// them (a handle, a former id). Fails only if the built-in template does
/// not fit the context: a bug, reported as
/// [`Error::Template`](crate::error::Error::Template).
pub fn render(index: &Index, people: &Directory, me: &str, today: NaiveDate) -> Result<String> {
    // The page is for sharing: nothing private goes into it.
    let index = &*super::shared(index);
    let report = status::status(&index.summaries(), today);
    // Status order (most urgent first) everywhere on the page.
    let known = people;
    let people: Vec<(&Row, &Person)> = report
        .people
        .iter()
        .filter_map(|row| index.person(&row.person).map(|p| (row, p)))
        .collect();
    let page = Page {
        today: today.to_string(),
        summary: report.summary(),
        status: people.iter().map(|(row, _)| status_row(row)).collect(),
        timeline: timeline(&people, today),
        items: open_items(&people, known, me, today),
        adherence: people
            .iter()
            .map(|(row, person)| adherence(row, person, today))
            .collect(),
    };
    let (name, source) = TEMPLATE;
    template::render_page(name, source, &page)
}

/// Everything the template shows. Dates and enums are passed as the text
/// the page shows; `None` is shown as `–` or left out.
#[derive(Serialize)]
struct Page {
    today: String,
    summary: String,
    /// Empty when there is nobody: then the page says how to start.
    status: Vec<StatusRow>,
    timeline: Timeline,
    items: OpenItems,
    adherence: Vec<AdherenceRow>,
}

#[derive(Serialize)]
struct StatusRow {
    state: &'static str,
    name: String,
    /// The id, when it differs from the name.
    id: Option<String>,
    kind: String,
    cadence: String,
    last: Option<String>,
    next_due: Option<String>,
    days: Option<i64>,
    open: usize,
    oldest: Option<i64>,
}

fn status_row(row: &Row) -> StatusRow {
    StatusRow {
        state: row.state.as_str(),
        name: row.name.clone(),
        id: (row.name != row.person).then(|| row.person.clone()),
        kind: row.kind.to_string(),
        cadence: row.cadence.to_string(),
        last: row.last.map(|d| d.to_string()),
        next_due: row.next_due.map(|d| d.to_string()),
        days: row.days,
        open: row.open_actions,
        oldest: row.oldest_open_days,
    }
}

/// A number as the page writes it, formatted here: `190` and `4.5` as
/// Rust writes them, coordinates with one decimal (`234.3`). The template
/// prints it as is (minijinja would write the float 190 as `190.0`).
#[derive(Clone, Copy)]
struct Num {
    value: f64,
    decimals: Option<usize>,
}

/// A number written as Rust writes it.
fn num(value: f64) -> Num {
    Num {
        value,
        decimals: None,
    }
}

/// A coordinate, written with one decimal.
fn px(value: f64) -> Num {
    Num {
        value,
        decimals: Some(1),
    }
}

impl Serialize for Num {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self.decimals {
            Some(decimals) => serializer.collect_str(&format_args!("{:.*}", decimals, self.value)),
            None => serializer.collect_str(&self.value),
        }
    }
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

/// The SVG: six months of meetings, a row per person.
#[derive(Serialize)]
struct Timeline {
    start: String,
    end: String,
    width: Num,
    height: Num,
    /// Where the month labels sit, and the month lines start.
    axis_y: Num,
    ticks: Vec<Tick>,
    /// Where each row's baseline starts and ends.
    line_from: Num,
    line_to: Num,
    rows: Vec<TimelineRow>,
    today: Today,
}

/// A month boundary.
#[derive(Serialize)]
struct Tick {
    x: Num,
    label_x: Num,
    label: String,
}

#[derive(Serialize)]
struct Today {
    x: Num,
    top: Num,
    label_y: Num,
}

#[derive(Serialize)]
struct TimelineRow {
    person: String,
    name: String,
    kind: String,
    cadence: String,
    paused: bool,
    /// The name, shortened to fit beside the chart.
    label: String,
    label_y: Num,
    note: String,
    note_y: Num,
    /// The baseline's y.
    mid: Num,
    /// Pauses: leave, a sabbatical.
    pauses: Vec<PauseBand>,
    gaps: Vec<Gap>,
    /// The gap still open: from the last meeting to today.
    open_gap: Option<OpenGap>,
    meetings: Vec<Mark>,
    /// The next due date's pin; none when paused.
    due: Option<Pin>,
}

#[derive(Serialize)]
struct Band {
    x: Num,
    y: Num,
    width: Num,
    height: Num,
}

#[derive(Serialize)]
struct Gap {
    band: Band,
    start: String,
    end: String,
    days: i64,
    allowed: i64,
}

#[derive(Serialize)]
struct PauseBand {
    band: Band,
    /// `None` when it began before anything was recorded.
    from: Option<String>,
    until: String,
}

#[derive(Serialize)]
struct OpenGap {
    band: Band,
    since: String,
    days: i64,
    allowed: i64,
}

/// A meeting: held or not.
#[derive(Serialize)]
struct Mark {
    class: &'static str,
    x: Num,
    r: Num,
    date: String,
    status: String,
}

/// A triangle pointing down at the due date, its tip above the line.
#[derive(Serialize)]
struct Pin {
    state: &'static str,
    /// `None` when never met: due now.
    date: Option<String>,
    left: Num,
    right: Num,
    x: Num,
    top: Num,
    tip: Num,
}

fn timeline(people: &[(&Row, &Person)], today: NaiveDate) -> Timeline {
    let scale = Scale::new(people, today);
    let height = AXIS + ROW * float(people.len()) + 8.0;
    Timeline {
        start: scale.start.to_string(),
        end: scale.end.to_string(),
        width: num(WIDTH),
        height: num(height),
        axis_y: num(AXIS - 4.0),
        ticks: months(&scale),
        line_from: num(LABEL),
        line_to: px(WIDTH - RIGHT),
        rows: people
            .iter()
            .enumerate()
            .map(|(i, (row, person))| {
                timeline_row(&scale, row, person, AXIS + ROW * float(i), today)
            })
            .collect(),
        today: Today {
            x: px(scale.x(today)),
            top: num(AXIS - 12.0),
            label_y: num(AXIS - 15.0),
        },
    }
}

/// Month boundaries, labelled with the month, and the year in January.
fn months(scale: &Scale) -> Vec<Tick> {
    let mut ticks = Vec::new();
    let mut month = NaiveDate::from_ymd_opt(scale.start.year(), scale.start.month(), 1);
    while let Some(first) = month.filter(|m| *m <= scale.end) {
        if first >= scale.start {
            let x = scale.x(first);
            let label = if first.month() == 1 {
                first.format("%b %Y").to_string()
            } else {
                first.format("%b").to_string()
            };
            ticks.push(Tick {
                x: px(x),
                label_x: px(x + 3.0),
                label,
            });
        }
        month = first.checked_add_months(Months::new(1));
    }
    ticks
}

fn timeline_row(
    scale: &Scale,
    row: &Row,
    person: &Person,
    top: f64,
    today: NaiveDate,
) -> TimelineRow {
    let mid = top + ROW / 2.0 + 4.0;
    let band = |from: NaiveDate, to: NaiveDate| {
        let (x1, x2) = (scale.x(from), scale.x(to));
        Band {
            x: px(x1),
            y: px(mid - 9.0),
            width: px((x2 - x1).max(1.0)),
            height: px(18.0),
        }
    };
    let rhythm = Rhythm::of(person);
    let (open, closed): (Vec<_>, Vec<_>) = rhythm.gaps(today).into_iter().partition(|g| g.open);
    let gaps = closed
        .into_iter()
        .filter(|gap| gap.end >= scale.start && gap.start <= scale.end)
        .map(|gap| Gap {
            band: band(gap.start, gap.end),
            start: gap.start.to_string(),
            end: gap.end.to_string(),
            days: gap.days,
            allowed: gap.allowed_days,
        })
        .collect();
    let pauses = rhythm
        .pauses()
        .iter()
        .filter(|p| p.until >= scale.start && p.from <= scale.end)
        .map(|p| PauseBand {
            band: band(p.from.max(scale.start), next_day(p.until).min(scale.end)),
            from: (p.from != NaiveDate::MIN).then(|| p.from.to_string()),
            until: p.until.to_string(),
        })
        .collect();
    let open_gap = open.first().map(|gap| OpenGap {
        band: band(gap.start, today),
        since: gap.start.to_string(),
        days: gap.days,
        allowed: gap.allowed_days,
    });
    let meetings = person
        .meetings
        .iter()
        .filter(|m| scale.contains(m.name.date))
        .map(|m| {
            let (class, r) = if m.status == Held::Held {
                ("held", 5.0)
            } else {
                ("missed", 4.5)
            };
            Mark {
                class,
                x: px(scale.x(m.name.date)),
                r: num(r),
                date: m.name.date.to_string(),
                status: m.status.to_string(),
            }
        })
        .collect();
    let due = (row.state != State::Paused).then(|| {
        let x = scale.x(row.next_due.unwrap_or(today));
        Pin {
            state: row.state.as_str(),
            date: row.next_due.map(|d| d.to_string()),
            left: px(x - 6.0),
            right: px(x + 6.0),
            x: px(x),
            top: px(mid - 16.0),
            tip: px(mid - 5.0),
        }
    });
    TimelineRow {
        person: row.person.clone(),
        name: row.name.clone(),
        kind: row.kind.to_string(),
        cadence: row.cadence.to_string(),
        paused: row.state == State::Paused,
        label: truncate(&row.name, 26),
        label_y: px(mid - 2.0),
        note: row_note(row),
        note_y: px(mid + 11.0),
        mid: px(mid),
        pauses,
        gaps,
        open_gap,
        meetings,
        due,
    }
}

fn next_day(day: NaiveDate) -> NaiveDate {
    day.succ_opt().unwrap_or(day)
}

/// The small line under a name in the timeline.
fn row_note(row: &Row) -> String {
    match (row.state, row.days) {
        (State::Paused, _) => row
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

#[derive(Serialize)]
struct OpenItems {
    count: usize,
    groups: Vec<Group>,
}

/// The open items of one owner; `None` for items nobody owns.
#[derive(Serialize)]
struct Group {
    owner: Option<String>,
    /// The owner is the user.
    you: bool,
    items: Vec<Item>,
}

#[derive(Serialize)]
struct Item {
    /// A sub-item, shown indented under its parent.
    child: bool,
    text: String,
    /// The display name of the person the item is with.
    person: String,
    age: i64,
    due: Option<String>,
    /// Due before today.
    late: bool,
    file: String,
    line: usize,
}

/// An open item with the owner it is grouped under.
struct Open<'a> {
    owner: Option<String>,
    person: &'a Row,
    item: &'a TrackedItem,
    depth: usize,
}

/// Open items grouped by owner (you first, unowned last); a sub-item
/// without an owner of its own belongs to its parent's. An owner who is a
/// person is grouped under their id.
fn open_items(
    people: &[(&Row, &Person)],
    known: &Directory,
    me: &str,
    today: NaiveDate,
) -> OpenItems {
    let mut open = Vec::new();
    for (row, person) in people {
        collect_open(&person.items, row, known, &mut open);
    }
    let rank = |owner: Option<&str>| match owner {
        Some(o) if o == me => (0, String::new()),
        Some(o) => (1, o.to_owned()),
        None => (2, String::new()),
    };
    // Stable: within an owner, people keep status order and items their own.
    open.sort_by_key(|o| rank(o.owner.as_deref()));
    let groups = open
        .chunk_by(|a, b| a.owner == b.owner)
        .map(|group| Group {
            owner: group[0].owner.clone(),
            you: group[0].owner.as_deref() == Some(me),
            items: group
                .iter()
                .map(|o| Item {
                    child: o.depth > 0,
                    text: o.item.text.clone(),
                    person: o.person.name.clone(),
                    age: o.item.age_days(today),
                    due: o.item.due.map(|d| d.to_string()),
                    late: o.item.due.is_some_and(|d| d < today),
                    file: o.item.path(&o.person.person).to_string_lossy().into_owned(),
                    line: o.item.line,
                })
                .collect(),
        })
        .collect();
    OpenItems {
        count: open.len(),
        groups,
    }
}

/// Parents before children, with an explicit stack so no nesting depth can
/// exhaust the call stack.
fn collect_open<'a>(
    items: &'a [TrackedItem],
    person: &'a Row,
    known: &Directory,
    out: &mut Vec<Open<'a>>,
) {
    let mut stack: Vec<(&TrackedItem, Option<&str>, usize)> =
        items.iter().rev().map(|i| (i, None, 0)).collect();
    while let Some((item, inherited, depth)) = stack.pop() {
        let owner = item.owner.as_deref().or(inherited);
        if item.state == ItemState::Open {
            out.push(Open {
                owner: owner.map(|o| known.owner(o).map_or(o, |k| k.id.as_str()).to_owned()),
                person,
                item,
                depth,
            });
        }
        stack.extend(item.children.iter().rev().map(|c| (c, owner, depth + 1)));
    }
}

#[derive(Serialize)]
struct AdherenceRow {
    name: String,
    cadence: String,
    /// Start of the window; no bar without one.
    since: Option<String>,
    held: u32,
    expected: u32,
    missed: u32,
    /// Adherence in whole percent, and the bar's width (at most 100).
    percent: Num,
    width: Num,
    /// The bar's colour below 80 %: `mid`, or `low` below 50 %.
    level: Option<&'static str>,
    gaps: usize,
    longest_gap: Option<i64>,
}

fn adherence(row: &Row, person: &Person, today: NaiveDate) -> AdherenceRow {
    let g: PersonGaps = gaps::person_gaps(person, None, today);
    let percent = (g.adherence * 100.0).round();
    let level = match percent {
        p if p < 50.0 => Some("low"),
        p if p < 80.0 => Some("mid"),
        _ => None,
    };
    let whole = |value| Num {
        value,
        decimals: Some(0),
    };
    AdherenceRow {
        name: row.name.clone(),
        cadence: g.cadence.to_string(),
        since: g.since.map(|d| d.to_string()),
        held: g.held,
        expected: g.expected,
        missed: g.missed,
        percent: whole(percent),
        width: whole(percent.min(100.0)),
        level,
        gaps: g.gaps.len(),
        longest_gap: g.longest_gap_days,
    }
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
            fallback_cadence: Cadence::Days(7),
            grace: None,
            pauses: Vec::new(),
            slot: None,
            duration: None,
            meetings: meetings
                .iter()
                .map(|&(s, status)| Meeting::on(d(s), status))
                .collect(),
            items: Vec::new(),
            planned: None,
        }
    }

    fn item(text: &str, owner: Option<&str>, children: Vec<TrackedItem>) -> TrackedItem {
        TrackedItem {
            text: text.into(),
            owner: owner.map(Into::into),
            due: Some(d("2026-11-20")),
            origin: d("2026-11-03"),
            state: ItemState::Open,
            how: None,
            closed: None,
            carried: 1,
            note: NoteName {
                date: d("2026-11-10"),
                seq: 1,
            },
            line: 12,
            private: false,
            children,
        }
    }

    #[test]
    fn escapes_markup_and_quotes() {
        let mut amy = person("amy", &[("2026-11-20", Held::Held)]);
        amy.name = Some(r#"Amy "A/B" O'Lee & <co>"#.into());
        amy.items = vec![item(
            r#"<script>alert("x") & 'y'</script>"#,
            Some("me"),
            Vec::new(),
        )];
        let index = Index {
            people: vec![amy],
            problems: Vec::new(),
        };
        let page = render(&index, &Directory::default(), "me", d("2026-11-25")).expect("renders");
        assert!(page.contains(
            "<td>&lt;script&gt;alert(&quot;x&quot;) &amp; &#39;y&#39;&lt;/script&gt;</td>"
        ));
        let name = "Amy &quot;A/B&quot; O&#39;Lee &amp; &lt;co&gt;";
        // Status, timeline (title and label), the item's row, adherence.
        assert!(page.contains(&format!("<td>{name} <span class=\"small\">amy</span></td>")));
        assert!(page.contains(&format!("<title>{name} (direct-report, weekly)</title>")));
        assert!(page.contains(&format!("<td>{name}</td><td class=\"num\">")));
        assert_eq!(page.matches(name).count(), 5, "{page}");
        assert!(!page.contains("<script"));
        assert!(!page.contains("<co>"));
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
        let page = render(&index, &Directory::default(), "me", d("2026-11-25")).expect("renders");
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
        let page = render(
            &Index::default(),
            &Directory::default(),
            "me",
            d("2026-11-25"),
        )
        .expect("renders");
        assert!(page.contains("oneonone new PERSON"));
        assert!(!page.contains("<svg class=\"timeline\""));
    }
}
