//! `oneonone calendar`: the 1:1s ahead as an iCalendar (RFC 5545) file, to
//! import into any calendar or subscribe to.
//!
//! Someone with a timeslot gets one recurring event: timed at the slot, as
//! long as the meeting, repeating by the cadence (RRULE), with the meetings
//! that fall in a pause left out (EXDATE). Everyone else gets an all-day
//! event for each meeting ahead, as a reminder to plan it.
//!
//! The output depends only on the notes, the settings and `today`, never on
//! the clock, so the same repository gives the same bytes:
//! - UID: the person and the slot (`alice/tue-1000@oneonone`), or the person
//!   and the meeting's place in line (`alice/1@oneonone` is the next one).
//!   No date is part of it, so an export on another day updates the events
//!   a calendar already has instead of adding new ones.
//! - SEQUENCE: the day number (days since 1970-01-01) of the person's next
//!   meeting. Holding a meeting, or a day passing while one is overdue,
//!   moves that meeting later and so raises the number; while nothing moves
//!   it stays put, and so do the bytes.
//! - DTSTAMP: the day the plan was last revised as far as the notes show:
//!   the person's latest note, or today when the next meeting is today (it
//!   moves every day while overdue), at midnight UTC.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use chrono::{
    DateTime, Datelike, Days, NaiveDate, NaiveDateTime, NaiveTime, Offset, TimeZone, Utc,
};
use chrono_tz::{OffsetComponents, OffsetName, Tz};
use icalendar::{Calendar, CalendarDateTime, Component, EventLike, Property};

use super::status;
use crate::model::cadence::{Cadence, Kind};
use crate::model::index::Index;
use crate::model::slot::Slot;
use crate::plan::schedule::{self, Series};

/// Names the events' UIDs (`alice/tue-1000@oneonone`).
const UID_DOMAIN: &str = "oneonone";

/// One event: a person's recurring meeting at their slot, or one all-day
/// reminder.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Event {
    pub person: String,
    /// Display name, else the id.
    pub name: String,
    pub kind: Kind,
    pub cadence: Cadence,
    pub last: Option<NaiveDate>,
    pub open_actions: usize,
    /// The person's next meeting: the SEQUENCE.
    pub next: NaiveDate,
    /// The day the plan last changed, as far as the notes show: the DTSTAMP.
    pub revised: NaiveDate,
    pub when: When,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum When {
    /// An all-day event for the `nth` meeting ahead (1 is the next one).
    Day { date: NaiveDate, nth: usize },
    /// Every meeting of `series`, at `slot`, `minutes` long.
    Slot {
        slot: Slot,
        minutes: u32,
        series: Series,
    },
}

impl Event {
    /// The event's first date.
    pub fn date(&self) -> NaiveDate {
        match &self.when {
            When::Day { date, .. } => *date,
            When::Slot { series, .. } => series.first(),
        }
    }

    /// Stable per person and slot (or place in line); never a date.
    pub fn uid(&self) -> String {
        match &self.when {
            When::Day { nth, .. } => format!("{}/{nth}@{UID_DOMAIN}", self.person),
            When::Slot { slot, .. } => {
                let mut uid = format!(
                    "{}/{}-{}",
                    self.person,
                    slot.weekday.to_string().to_lowercase(),
                    slot.time.format("%H%M")
                );
                if let Some(zone) = slot.zone {
                    uid.push('/');
                    uid.push_str(zone.name());
                }
                uid + "@" + UID_DOMAIN
            }
        }
    }

    /// Days from 1970-01-01 to the person's next meeting.
    pub fn sequence(&self) -> u32 {
        // `NaiveDate::default()` is 1970-01-01.
        let days = (self.next - NaiveDate::default()).num_days();
        u32::try_from(days).unwrap_or(0)
    }
}

/// Everyone: with a slot, one recurring event over the meetings from the
/// next one to `weeks` weeks after it; without, one all-day event for each
/// of those meetings. Meetings inside a pause are left out: someone on
/// leave gets their first meeting back after it. Sorted by first date, then
/// person.
pub fn events(index: &Index, today: NaiveDate, weeks: u32) -> Vec<Event> {
    let mut events = Vec::new();
    // Counts only what may be shared: a calendar is seen by others.
    let index = &*super::shared(index);
    for person in &index.people {
        let row = status::row(&person.summary(), today);
        let Some(series) = schedule::series(
            row.next_due,
            person.cadence,
            person.slot,
            &person.pauses,
            today,
            weeks,
        ) else {
            continue;
        };
        let next = series.first();
        let latest_note = person.meetings.last().map(|m| m.name.date);
        let revised = if next == today {
            today
        } else {
            latest_note.unwrap_or(today)
        };
        let event = |when| Event {
            person: row.person.clone(),
            name: row.name.clone(),
            kind: row.kind,
            cadence: row.cadence,
            last: row.last,
            open_actions: row.open_actions,
            next,
            revised,
            when,
        };
        match person.slot {
            Some(slot) => {
                let minutes = person
                    .duration
                    .filter(|&m| m > 0)
                    .unwrap_or_else(|| person.cadence.default_duration());
                events.push(event(When::Slot {
                    slot,
                    minutes,
                    series,
                }));
            }
            None => {
                for (i, date) in series.meetings().enumerate() {
                    events.push(event(When::Day { date, nth: i + 1 }));
                }
            }
        }
    }
    events.sort_by(|a, b| {
        a.date()
            .cmp(&b.date())
            .then_with(|| a.person.cmp(&b.person))
    });
    events
}

/// The iCalendar text: CRLF line ends, TEXT values escaped, lines folded at
/// 75 octets, and a VTIMEZONE for every zone a slot names.
pub fn render(events: &[Event]) -> String {
    let mut calendar = Calendar::empty();
    for (key, value) in [
        ("VERSION", "2.0"),
        ("PRODID", "-//oneonone//EN"),
        ("CALSCALE", "GREGORIAN"),
        ("X-WR-CALNAME", "1:1 meetings"),
    ] {
        calendar.append_property(Property::new(key, value));
    }
    for e in events {
        calendar.push(vevent(e));
    }
    let text = calendar.to_string();
    let zones = zones(events);
    let text = match text.find("\r\nBEGIN:VEVENT\r\n") {
        Some(at) if !zones.is_empty() => {
            let (head, tail) = text.split_at(at + 2);
            let timezones: String = zones
                .values()
                .map(|(tz, from, to)| vtimezone(*tz, *from, *to))
                .collect();
            format!("{head}{timezones}{tail}")
        }
        _ => text,
    };
    refold(&text)
}

fn vevent(e: &Event) -> icalendar::Event {
    let last = e
        .last
        .map_or_else(|| "never met".to_owned(), |d| format!("last held {d}"));
    let description = format!(
        "Cadence: {} ({last})\nOpen action items: {}",
        e.cadence, e.open_actions
    );
    let mut event = icalendar::Event::new();
    event
        .uid(&e.uid())
        .timestamp(midnight_utc(e.revised))
        .sequence(e.sequence())
        .summary(&clean(&format!("1:1 with {} ({})", e.name, e.kind)))
        .description(&clean(&description));
    match &e.when {
        When::Day { date, .. } => {
            event
                .starts(*date)
                .ends(date.succ_opt().unwrap_or(*date))
                // A reminder to plan the meeting, not a busy block.
                .add_property("TRANSP", "TRANSPARENT");
        }
        When::Slot {
            slot,
            minutes,
            series,
        } => {
            event
                .starts(at_slot(*slot, series.first()))
                .add_property("DURATION", duration(*minutes))
                .add_property("RRULE", rule(series));
            for o in series.occurrences.iter().filter(|o| o.paused) {
                let (value, tzid) = local(*slot, o.date);
                let mut exdate = Property::new("EXDATE", value);
                if let Some(tzid) = tzid {
                    exdate.add_parameter("TZID", tzid);
                }
                event.append_multi_property(exdate);
            }
        }
    }
    event.done()
}

fn midnight_utc(date: NaiveDate) -> DateTime<Utc> {
    Utc.from_utc_datetime(&date.and_time(NaiveTime::MIN))
}

/// The slot's time on `date`: floating without a zone, else in the zone.
fn at_slot(slot: Slot, date: NaiveDate) -> CalendarDateTime {
    let date_time = date.and_time(slot.time);
    match slot.zone {
        None => CalendarDateTime::Floating(date_time),
        Some(tz) => CalendarDateTime::WithTimezone {
            date_time,
            tzid: tz.name().to_owned(),
        },
    }
}

/// The slot's time on `date` as a property value, and its TZID.
fn local(slot: Slot, date: NaiveDate) -> (String, Option<&'static str>) {
    let value = date.and_time(slot.time).format("%Y%m%dT%H%M%S").to_string();
    (value, slot.zone.map(Tz::name))
}

/// `PT30M`, `PT1H`, `PT1H30M`.
fn duration(minutes: u32) -> String {
    match (minutes / 60, minutes % 60) {
        (0, m) => format!("PT{m}M"),
        (h, 0) => format!("PT{h}H"),
        (h, m) => format!("PT{h}H{m}M"),
    }
}

/// The recurrence rule that expands to exactly the series' dates. Months
/// are calendar-true, counted from the first date in one step as the
/// cadence does: from a 31st, the last day of each month; from a 29th or
/// 30th, that day or the month's last when it is shorter
/// (`BYMONTHDAY=28,29,30;BYSETPOS=-1` picks the latest that exists).
pub fn rule(series: &Series) -> String {
    let count = series.occurrences.len();
    let rhythm = match series.cadence {
        Cadence::Days(n) if n % 7 == 0 => format!("FREQ=WEEKLY;INTERVAL={}", n / 7),
        Cadence::Days(n) => format!("FREQ=DAILY;INTERVAL={}", n.max(1)),
        Cadence::Months(n) => {
            let day = series.first().day();
            let mut rule = format!("FREQ=MONTHLY;INTERVAL={}", n.max(1));
            if day > 28 {
                let days: Vec<String> = (28..=day).map(|d| d.to_string()).collect();
                let _ = write!(rule, ";BYMONTHDAY={};BYSETPOS=-1", days.join(","));
            }
            rule
        }
    };
    format!("{rhythm};COUNT={count}")
}

/// TEXT as RFC 5545 allows it: line breaks as `\n` (the crate escapes
/// them), other control characters dropped.
fn clean(text: &str) -> String {
    text.replace("\r\n", "\n")
        .replace('\r', "\n")
        .chars()
        .filter(|&c| c == '\n' || c == '\t' || !c.is_control())
        .collect()
}

/// Each zone the slots name, with the first and last meeting in it.
fn zones(events: &[Event]) -> BTreeMap<&'static str, (Tz, NaiveDate, NaiveDate)> {
    let mut zones: BTreeMap<&'static str, (Tz, NaiveDate, NaiveDate)> = BTreeMap::new();
    for e in events {
        if let When::Slot { slot, series, .. } = &e.when
            && let Some(tz) = slot.zone
        {
            let first = series.first();
            let last = series.occurrences.last().map_or(first, |o| o.date);
            let span = zones.entry(tz.name()).or_insert((tz, first, last));
            *span = (tz, span.1.min(first), span.2.max(last));
        }
    }
    zones
}

/// The UTC offset in force at an instant, and what it is called.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Observed {
    seconds: i32,
    daylight: bool,
    name: Option<String>,
}

fn offset(tz: Tz, utc: NaiveDateTime) -> Observed {
    let offset = tz.offset_from_utc_datetime(&utc);
    Observed {
        seconds: offset.fix().local_minus_utc(),
        daylight: !offset.dst_offset().is_zero(),
        name: offset.abbreviation().map(str::to_owned),
    }
}

/// A change of offset: the instant (UTC) and the offsets either side.
struct Transition {
    at: NaiveDateTime,
    from: Observed,
    to: Observed,
}

/// The offset changes between `start` and `end`, found a day at a time and
/// then to the second.
fn transitions(tz: Tz, start: NaiveDateTime, end: NaiveDateTime) -> Vec<Transition> {
    let mut found = Vec::new();
    let mut t = start;
    let mut before = offset(tz, t);
    while t < end {
        let next = t + chrono::Duration::days(1);
        let after = offset(tz, next);
        if after != before {
            // The first second with the new offset lies in (t, next].
            let (mut lo, mut hi) = (t, next);
            while hi - lo > chrono::Duration::seconds(1) {
                let mid = lo + (hi - lo) / 2;
                if offset(tz, mid) == before {
                    lo = mid;
                } else {
                    hi = mid;
                }
            }
            found.push(Transition {
                at: hi,
                from: before,
                to: after.clone(),
            });
        }
        t = next;
        before = after;
    }
    found
}

/// `+0100`, `-0430`, with seconds when there are any.
fn utc_offset(seconds: i32) -> String {
    let sign = if seconds < 0 { '-' } else { '+' };
    let s = seconds.unsigned_abs();
    let (h, m, sec) = (s / 3600, s / 60 % 60, s % 60);
    if sec == 0 {
        format!("{sign}{h:02}{m:02}")
    } else {
        format!("{sign}{h:02}{m:02}{sec:02}")
    }
}

fn line(key: &str, value: &str) -> String {
    Property::new(key, value).try_into().unwrap_or_default()
}

/// A VTIMEZONE for `tz` that covers the days `from` to `to`: the
/// observance in force on `from` (from its last change, up to 400 days
/// earlier), then every change up to `to`. Changes to the same offsets
/// share one observance, each later one as an RDATE.
fn vtimezone(tz: Tz, from: NaiveDate, to: NaiveDate) -> String {
    let start = from.checked_sub_days(Days::new(400)).unwrap_or(from);
    let end = to.checked_add_days(Days::new(2)).unwrap_or(to);
    let first_day = from.and_time(NaiveTime::MIN) - chrono::Duration::days(1);
    let all = transitions(
        tz,
        start.and_time(NaiveTime::MIN),
        end.and_time(NaiveTime::MIN),
    );
    let steady = offset(tz, first_day);
    let epoch = NaiveDate::default().and_time(NaiveTime::MIN);
    let mut groups: Vec<(&Observed, &Observed, Vec<NaiveDateTime>)> = Vec::new();
    // The offset in force on `from`: since its last change, else since 1970.
    let kept = all.iter().rposition(|t| t.at <= first_day);
    if kept.is_none() {
        groups.push((&steady, &steady, vec![epoch]));
    }
    for t in &all[kept.unwrap_or(0)..] {
        let onset = t.at + chrono::Duration::seconds(i64::from(t.from.seconds));
        match groups
            .iter_mut()
            .find(|(from, to, _)| *from == &t.from && *to == &t.to)
        {
            Some((_, _, onsets)) => onsets.push(onset),
            None => groups.push((&t.from, &t.to, vec![onset])),
        }
    }
    let mut out = line("BEGIN", "VTIMEZONE") + &line("TZID", tz.name());
    for (from, to, onsets) in groups {
        let kind = if to.daylight { "DAYLIGHT" } else { "STANDARD" };
        out += &line("BEGIN", kind);
        let mut onsets = onsets.iter().map(|o| o.format("%Y%m%dT%H%M%S").to_string());
        out += &line("DTSTART", &onsets.next().unwrap_or_default());
        out += &line("TZOFFSETFROM", &utc_offset(from.seconds));
        out += &line("TZOFFSETTO", &utc_offset(to.seconds));
        if let Some(name) = &to.name {
            out += &line("TZNAME", name);
        }
        for onset in onsets {
            out += &line("RDATE", &onset);
        }
        out += &line("END", kind);
    }
    out + &line("END", "VTIMEZONE")
}

/// Unfolds the text and folds every content line again, so that no
/// physical line exceeds 75 octets, the leading space of a continuation
/// included.
fn refold(text: &str) -> String {
    text.replace("\r\n ", "")
        .split_terminator("\r\n")
        .map(fold)
        .collect()
}

/// One content line with its CRLF, folded so no physical line exceeds 75
/// octets (RFC 5545 §3.1): continuation lines start with a space. Folds
/// fall between characters, never inside a UTF-8 sequence.
pub fn fold(line: &str) -> String {
    const LIMIT: usize = 75;
    let mut out = String::with_capacity(line.len() + line.len() / LIMIT * 3 + 2);
    let mut width = 0;
    for c in line.chars() {
        if width + c.len_utf8() > LIMIT {
            out.push_str("\r\n ");
            width = 1;
        }
        out.push(c);
        width += c.len_utf8();
    }
    out.push_str("\r\n");
    out
}

#[cfg(test)]
mod tests;
