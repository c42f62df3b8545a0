//! The cadence timeline of the report: one row per person, meetings,
//! gaps, pauses and the next due date placed on a shared scale of days, as
//! numbers the template draws as SVG.

use chrono::{Datelike, Days, Months, NaiveDate};
use serde::{Serialize, Serializer};

use crate::model::note::Status as Held;
use crate::model::person::Person;
use crate::plan::cadence::{Rhythm, State};
use crate::report::status::Row;

/// A number as the page writes it, formatted here: `190` and `4.5` as
/// Rust writes them, coordinates with one decimal (`234.3`). The template
/// prints it as is (minijinja would write the float 190 as `190.0`).
#[derive(Clone, Copy)]
pub(super) struct Num {
    pub(super) value: f64,
    pub(super) decimals: Option<usize>,
}

/// A number written as Rust writes it.
pub(super) fn num(value: f64) -> Num {
    Num {
        value,
        decimals: None,
    }
}

/// A coordinate, written with one decimal.
pub(super) fn px(value: f64) -> Num {
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
pub(super) struct Timeline {
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

pub(super) fn timeline(people: &[(&Row, &Person)], today: NaiveDate) -> Timeline {
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
