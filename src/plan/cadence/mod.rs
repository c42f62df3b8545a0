//! Where a person stands against their cadence, and where the rhythm
//! slipped: pure arithmetic on meeting dates and `today`.

use std::fmt;

use chrono::NaiveDate;

use crate::model::cadence::Cadence;
use crate::model::person::{Pause, Person, Summary};

/// Where a person stands today.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum State {
    Overdue,
    Due,
    Never,
    Ok,
    Paused,
}

impl State {
    pub fn as_str(self) -> &'static str {
        match self {
            State::Overdue => "overdue",
            State::Due => "due",
            State::Never => "never",
            State::Ok => "ok",
            State::Paused => "paused",
        }
    }

    /// Sort key for the status table, most urgent first. Kept explicit so
    /// reordering the variants cannot silently reorder the table.
    pub fn urgency(self) -> u8 {
        match self {
            State::Overdue => 0,
            State::Due => 1,
            State::Never => 2,
            State::Ok => 3,
            State::Paused => 4,
        }
    }
}

impl fmt::Display for State {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub struct Standing {
    pub state: State,
    /// When the next 1:1 is due: one interval after the last held meeting,
    /// or the day after a pause that interval runs into or that has begun
    /// since, whichever is later. `None` when never held.
    pub next_due: Option<NaiveDate>,
    /// `today - next_due`: negative is days left, positive is days overdue.
    pub days: Option<i64>,
    /// The last day of the pause `today` falls in, if it falls in one.
    pub paused_until: Option<NaiveDate>,
}

/// A stretch of days when no 1:1 is expected, both ends included.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Span {
    pub from: NaiveDate,
    pub until: NaiveDate,
}

impl Span {
    pub fn contains(&self, day: NaiveDate) -> bool {
        self.from <= day && day <= self.until
    }
}

/// The pauses as dated spans, oldest first, overlapping or touching ones
/// joined. A pause without `from` begins the day after the last meeting in
/// `held` (oldest first) on or before its end, or with time itself when
/// there is none; a pause ending before it begins is no pause.
pub fn pause_spans(pauses: &[Pause], held: &[NaiveDate]) -> Vec<Span> {
    let mut spans: Vec<Span> = pauses
        .iter()
        .filter_map(|p| {
            let from = start_of(p, held);
            (from <= p.until).then_some(Span {
                from,
                until: p.until,
            })
        })
        .collect();
    spans.sort_unstable_by_key(|s| (s.from, s.until));
    let mut joined: Vec<Span> = Vec::with_capacity(spans.len());
    for span in spans {
        match joined.last_mut() {
            Some(last) if span.from <= next_day(last.until) => {
                last.until = last.until.max(span.until);
            }
            _ => joined.push(span),
        }
    }
    joined
}

/// The first day of `pause`: its `from`, else the day after the last
/// meeting in `held` (oldest first) on or before its end.
fn start_of(pause: &Pause, held: &[NaiveDate]) -> NaiveDate {
    pause.from.unwrap_or_else(|| {
        held.partition_point(|d| *d <= pause.until)
            .checked_sub(1)
            .map_or(NaiveDate::MIN, |i| next_day(held[i]))
    })
}

/// The first pause recorded that `today` falls in, for its reason. `held`
/// as for [`pause_spans`]; the last meeting is enough for a pause that has
/// not ended by then.
pub fn pause_on<'a>(
    pauses: &'a [Pause],
    held: &[NaiveDate],
    today: NaiveDate,
) -> Option<&'a Pause> {
    pauses
        .iter()
        .find(|p| start_of(p, held) <= today && today <= p.until)
}

fn next_day(day: NaiveDate) -> NaiveDate {
    day.succ_opt().unwrap_or(NaiveDate::MAX)
}

fn plus_days(day: NaiveDate, n: i64) -> NaiveDate {
    day.checked_add_days(chrono::Days::new(n.unsigned_abs()))
        .unwrap_or(NaiveDate::MAX)
}

/// One interval of a cadence: the meeting it asks for is due on `due`, and
/// late after `deadline` (`due` plus grace).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Interval {
    pub cadence: Cadence,
    pub due: NaiveDate,
    pub deadline: NaiveDate,
    /// `due` is later than the cadence alone makes it, because of a pause.
    pub moved: bool,
}

/// A person's meetings, cadences and pauses: everything the arithmetic of
/// due dates, gaps and adherence needs.
#[derive(Debug, Clone, PartialEq)]
pub struct Rhythm {
    /// Days with a held meeting, oldest first, each once.
    held: Vec<NaiveDate>,
    /// Cadences recorded in notes (any status), oldest first.
    changes: Vec<(NaiveDate, Cadence)>,
    /// Where no note records a cadence.
    fallback: Cadence,
    /// The cadence now, from the last held meeting on.
    current: Cadence,
    grace: Option<u32>,
    pauses: Vec<Span>,
}

impl Rhythm {
    /// The rhythm of a person's whole history.
    pub fn of(person: &Person) -> Rhythm {
        let mut held = person.held();
        held.sort_unstable();
        held.dedup();
        let changes = person
            .meetings
            .iter()
            .filter_map(|m| m.cadence.map(|c| (m.name.date, c)))
            .collect();
        Rhythm {
            pauses: pause_spans(&person.pauses, &held),
            held,
            changes,
            fallback: person.fallback_cadence,
            current: person.cadence,
            grace: person.grace,
        }
    }

    /// The rhythm `status` can know: the last meeting only, enough for
    /// where a person stands today.
    pub fn of_summary(person: &Summary) -> Rhythm {
        Rhythm::new(
            person.last_held.into_iter().collect(),
            person.cadence,
            person.grace,
            &person.pauses,
        )
    }

    /// Held meetings on `held` (any order) on one cadence, no change ever
    /// recorded.
    pub fn new(
        mut held: Vec<NaiveDate>,
        cadence: Cadence,
        grace: Option<u32>,
        pauses: &[Pause],
    ) -> Rhythm {
        held.sort_unstable();
        held.dedup();
        Rhythm {
            pauses: pause_spans(pauses, &held),
            held,
            changes: Vec::new(),
            fallback: cadence,
            current: cadence,
            grace,
        }
    }

    /// Days with a held meeting, oldest first.
    pub fn held(&self) -> &[NaiveDate] {
        &self.held
    }

    /// The pauses, dated and joined, oldest first.
    pub fn pauses(&self) -> &[Span] {
        &self.pauses
    }

    /// The cadence in effect on `day`: the current one from the last held
    /// meeting on; before that the one the latest note up to `day`
    /// records, else the fallback.
    pub fn cadence_on(&self, day: NaiveDate) -> Cadence {
        if self.held.last().is_none_or(|last| day >= *last) {
            return self.current;
        }
        let recorded = self.changes.partition_point(|(d, _)| *d <= day);
        recorded
            .checked_sub(1)
            .map_or(self.fallback, |i| self.changes[i].1)
    }

    fn grace_of(&self, cadence: Cadence) -> i64 {
        i64::from(self.grace.unwrap_or_else(|| cadence.default_grace()))
    }

    /// The interval that starts on `start` and asks for a meeting on
    /// `nominal` (without pauses), on `cadence`. A pause that begins by the
    /// deadline moves the due date to the day after it ends, if that is
    /// later: the clock restarts when the pause is over.
    fn interval_to(&self, start: NaiveDate, nominal: NaiveDate, cadence: Cadence) -> Interval {
        let grace = self.grace_of(cadence);
        let mut due = nominal;
        for span in &self.pauses {
            if span.until <= start {
                continue;
            }
            if span.from > plus_days(due, grace) {
                break;
            }
            due = due.max(next_day(span.until));
        }
        Interval {
            cadence,
            due,
            deadline: plus_days(due, grace),
            moved: due != nominal,
        }
    }

    /// The interval that starts with a meeting on `start`.
    pub fn interval(&self, start: NaiveDate) -> Interval {
        let cadence = self.cadence_on(start);
        self.interval_to(start, cadence.after(start, 1), cadence)
    }

    /// The interval since the last meeting on `last` as it stands on
    /// `today`: a pause that began by today restarts the clock even when
    /// it began after the deadline, so a person back from leave is due,
    /// not overdue.
    fn restarted(&self, last: NaiveDate, today: NaiveDate) -> Interval {
        let mut interval = self.interval(last);
        let grace = (interval.deadline - interval.due).num_days();
        for span in &self.pauses {
            if span.until <= last || span.until < interval.due {
                continue;
            }
            if span.from > today.max(interval.deadline) {
                break;
            }
            interval.due = interval.due.max(next_day(span.until));
            interval.deadline = plus_days(interval.due, grace);
            interval.moved = true;
        }
        interval
    }

    /// Paused days in `(after, to]`.
    pub fn paused_days(&self, after: NaiveDate, to: NaiveDate) -> i64 {
        let first = next_day(after);
        self.pauses
            .iter()
            .map(|s| {
                let (a, b) = (s.from.max(first), s.until.min(to));
                if a <= b { (b - a).num_days() + 1 } else { 0 }
            })
            .sum()
    }

    /// Where the person stands on `today`.
    pub fn standing(&self, today: NaiveDate) -> Standing {
        let paused_until = self
            .pauses
            .iter()
            .find(|s| s.contains(today))
            .map(|s| s.until);
        let next = self.held.last().map(|&last| self.restarted(last, today));
        let days = next.map(|i| (today - i.due).num_days());
        let state = match (next, days) {
            _ if paused_until.is_some() => State::Paused,
            (Some(i), Some(d)) if d >= 0 => {
                if today <= i.deadline {
                    State::Due
                } else {
                    State::Overdue
                }
            }
            (Some(_), _) => State::Ok,
            (None, _) => State::Never,
        };
        Standing {
            state,
            next_due: next.map(|i| i.due),
            days,
            paused_until,
        }
    }

    /// Stretches between consecutive held meetings, and from the last one to
    /// `today`, in which the next meeting came (or is still coming) after
    /// the deadline, oldest first.
    pub fn gaps(&self, today: NaiveDate) -> Vec<Gap> {
        let last = self.held.partition_point(|d| *d <= today);
        let held = &self.held[..last];
        let closed = held
            .windows(2)
            .filter_map(|pair| self.gap(pair[0], pair[1], false));
        let open = held
            .last()
            .filter(|&&l| l < today)
            .and_then(|&l| self.gap(l, today, true));
        closed.chain(open).collect()
    }

    fn gap(&self, start: NaiveDate, end: NaiveDate, open: bool) -> Option<Gap> {
        let interval = self.interval(start);
        (end > interval.deadline).then(|| Gap {
            start,
            end,
            days: (end - start).num_days() - self.paused_days(start, end),
            allowed_days: (interval.deadline - start).num_days()
                - self.paused_days(start, interval.deadline),
            open,
        })
    }

    /// Of the 1:1s the cadence asked for from `since` (default: the first
    /// held meeting) to `today`, how many took place.
    ///
    /// The window is walked one interval at a time from the last meeting
    /// held on or before `since` (else the first one after it). An interval
    /// is held when a meeting falls within it (up to its deadline); the
    /// next interval starts from the latest meeting by the due date, else
    /// from the first one in the grace days, so extra meetings in one
    /// interval count once. An interval whose deadline passed with no
    /// meeting is missed, and the next one starts from its due date.
    /// Pauses move due dates past them, so paused days ask for nothing. An
    /// interval still running (deadline not yet passed, no meeting yet) is
    /// not counted. Missed intervals due before `since` are left out.
    pub fn adherence(&self, since: Option<NaiveDate>, today: NaiveDate) -> Adherence {
        let held = &self.held[..self.held.partition_point(|d| *d <= today)];
        let first = since.map_or(0, |s| held.partition_point(|d| *d <= s).saturating_sub(1));
        let mut tally = Adherence::default();
        let Some(&start) = held.get(first) else {
            return tally;
        };
        let mut next = first + 1;
        // Misses in a row step from one base date so calendar months do not
        // drift (Jan 31, Feb 28, Mar 31, not Mar 28).
        let (mut start, mut base, mut steps) = (start, start, 1);
        loop {
            let cadence = self.cadence_on(start);
            let interval = self.interval_to(start, cadence.after(base, steps), cadence);
            let rest = &held[next..];
            let on_time = rest.partition_point(|d| *d <= interval.due);
            let within = rest.partition_point(|d| *d <= interval.deadline);
            if within > 0 {
                // The latest meeting by the due date, else the first one in
                // the grace days, starts the next interval.
                next += on_time.max(1);
                tally.expected += 1;
                tally.held += 1;
                (start, base, steps) = (held[next - 1], held[next - 1], 1);
            } else if interval.deadline < today && interval.due > start {
                if since.is_none_or(|s| interval.due >= s) {
                    tally.expected += 1;
                    tally.missed += 1;
                }
                let again = !interval.moved && self.cadence_on(interval.due) == cadence;
                (start, base, steps) = if again {
                    (interval.due, base, steps.saturating_add(1))
                } else {
                    (interval.due, interval.due, 1)
                };
            } else {
                break;
            }
        }
        tally
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub struct Gap {
    pub start: NaiveDate,
    pub end: NaiveDate,
    /// Days from `start` to `end`, paused days left out.
    pub days: i64,
    /// Days the cadence and grace allowed from `start`, paused days left
    /// out.
    pub allowed_days: i64,
    /// Still running: `end` is today, and no meeting yet.
    #[serde(skip)]
    pub open: bool,
}

/// How well a cadence was kept: `held + missed == expected`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize)]
pub struct Adherence {
    /// Intervals in which a meeting took place.
    pub held: u32,
    /// Intervals the cadence asked for a meeting in.
    pub expected: u32,
    /// Intervals that passed without one.
    pub missed: u32,
}

impl Adherence {
    /// `held / expected`, in `0..=1`; 1 when nothing was expected yet.
    pub fn ratio(&self) -> f64 {
        if self.expected == 0 {
            1.0
        } else {
            f64::from(self.held) / f64::from(self.expected)
        }
    }
}

#[cfg(test)]
mod tests;
