//! `oneonone calendar`: the next 1:1 with everyone as an iCalendar
//! (RFC 5545) file of all-day events, to import into any calendar.
//!
//! The output depends only on the notes and `today`: the UID of an event is
//! the person and its date, and DTSTAMP is `today`, so importing the file
//! again updates the same events instead of duplicating them.

use chrono::{Days, NaiveDate};

use super::status;
use crate::model::cadence::{Cadence, Kind};
use crate::model::index::Index;
use crate::plan::cadence::State;

/// Names the events' UIDs (`alice-2026-12-01@oneonone`).
const UID_DOMAIN: &str = "oneonone";

/// One planned 1:1.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Event {
    pub person: String,
    /// Display name, else the id.
    pub name: String,
    pub kind: Kind,
    pub cadence: Cadence,
    pub date: NaiveDate,
    pub last: Option<NaiveDate>,
    pub open_actions: usize,
}

impl Event {
    pub fn uid(&self) -> String {
        format!("{}-{}@{UID_DOMAIN}", self.person, self.date)
    }
}

/// Everyone not paused: the next meeting on `max(next_due, today)` (today
/// for people never met), then one interval after another while the date
/// stays within `weeks` weeks of today. Sorted by date, then person.
pub fn events(index: &Index, today: NaiveDate, weeks: u32) -> Vec<Event> {
    let horizon = today
        .checked_add_days(Days::new(7 * u64::from(weeks)))
        .unwrap_or(NaiveDate::MAX);
    let mut events = Vec::new();
    // Counts only what may be shared: a calendar is seen by others.
    let index = &*super::shared(index);
    for person in &index.people {
        let row = status::row(&person.summary(), today);
        if row.state == State::Paused {
            continue;
        }
        // An overdue meeting is planned for today; the ones after it follow
        // from that date, as they would once it is held.
        let first = row.next_due.map_or(today, |due| due.max(today));
        let mut date = first;
        for k in 1.. {
            events.push(Event {
                person: row.person.clone(),
                name: row.name.clone(),
                kind: row.kind,
                cadence: row.cadence,
                date,
                last: row.last,
                open_actions: row.open_actions,
            });
            let next = person.cadence.after(first, k);
            if next <= date || next >= horizon {
                break;
            }
            date = next;
        }
    }
    events.sort_by(|a, b| a.date.cmp(&b.date).then_with(|| a.person.cmp(&b.person)));
    events
}

/// The iCalendar text: CRLF line ends, long lines folded.
pub fn render(events: &[Event], today: NaiveDate) -> String {
    let stamp = format!("{}T000000Z", today.format("%Y%m%d"));
    let mut lines = vec![
        "BEGIN:VCALENDAR".to_owned(),
        "VERSION:2.0".to_owned(),
        "PRODID:-//oneonone//EN".to_owned(),
        "CALSCALE:GREGORIAN".to_owned(),
        format!("X-WR-CALNAME:{}", escape("1:1 meetings")),
    ];
    for e in events {
        let end = e.date.succ_opt().unwrap_or(e.date);
        let last = e
            .last
            .map_or_else(|| "never met".to_owned(), |d| format!("last held {d}"));
        let description = format!(
            "Cadence: {} ({last})\nOpen action items: {}",
            e.cadence, e.open_actions
        );
        lines.extend([
            "BEGIN:VEVENT".to_owned(),
            format!("UID:{}", e.uid()),
            format!("DTSTAMP:{stamp}"),
            format!("DTSTART;VALUE=DATE:{}", e.date.format("%Y%m%d")),
            format!("DTEND;VALUE=DATE:{}", end.format("%Y%m%d")),
            format!(
                "SUMMARY:{}",
                escape(&format!("1:1 with {} ({})", e.name, e.kind))
            ),
            format!("DESCRIPTION:{}", escape(&description)),
            // A reminder to plan the meeting, not a busy block.
            "TRANSP:TRANSPARENT".to_owned(),
            "END:VEVENT".to_owned(),
        ]);
    }
    lines.push("END:VCALENDAR".to_owned());
    lines.iter().map(|l| fold(l)).collect()
}

/// Escapes a TEXT value (RFC 5545 §3.3.11): backslash, `;`, `,` and line
/// breaks. Other control characters are not allowed in TEXT and are dropped.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\r' if chars.peek() == Some(&'\n') => {}
            '\n' | '\r' => out.push_str("\\n"),
            '\t' => out.push('\t'),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
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
mod tests {
    use super::*;
    use crate::model::person::Person;

    fn d(s: &str) -> NaiveDate {
        s.parse().expect("valid test date")
    }

    fn person(id: &str, cadence: Cadence, held: &[&str]) -> Person {
        Person::held_on(id, cadence, held)
    }

    fn dates(events: &[Event], id: &str) -> Vec<String> {
        events
            .iter()
            .filter(|e| e.person == id)
            .map(|e| e.date.to_string())
            .collect()
    }

    #[test]
    fn next_meeting_then_later_ones_within_the_weeks() {
        let mut paused = person("erin", Cadence::Days(7), &["2026-09-01"]);
        paused.paused_until = Some(d("2027-01-31"));
        let index = Index {
            people: vec![
                person("amy", Cadence::Days(7), &["2026-11-24"]),
                person("bo", Cadence::Days(14), &["2026-10-01"]),
                person("cy", Cadence::Months(1), &[]),
                person("di", Cadence::Months(3), &["2026-09-30"]),
                paused,
            ],
            problems: Vec::new(),
        };
        let today = d("2026-11-25");
        let next = events(&index, today, 0);
        assert_eq!(dates(&next, "amy"), ["2026-12-01"]);
        assert_eq!(dates(&next, "bo"), ["2026-11-25"], "overdue: today");
        assert_eq!(dates(&next, "cy"), ["2026-11-25"], "never met: today");
        assert_eq!(dates(&next, "di"), ["2026-12-30"], "beyond the window");
        assert!(dates(&next, "erin").is_empty(), "paused");
        let order: Vec<_> = next.iter().map(|e| e.person.as_str()).collect();
        assert_eq!(order, ["bo", "cy", "amy", "di"]);

        let four = events(&index, today, 4);
        assert_eq!(
            dates(&four, "amy"),
            ["2026-12-01", "2026-12-08", "2026-12-15", "2026-12-22"]
        );
        assert_eq!(dates(&four, "bo"), ["2026-11-25", "2026-12-09"]);
        assert_eq!(dates(&four, "cy"), ["2026-11-25"]);
        assert_eq!(dates(&four, "di"), ["2026-12-30"]);
        assert_eq!(four[0].uid(), "bo-2026-11-25@oneonone");
    }

    #[test]
    fn escaping_text_values() {
        assert_eq!(
            escape("Smith, Alice; \\o/\r\nnext\nline\u{7}"),
            "Smith\\, Alice\\; \\\\o/\\nnext\\nline"
        );
        assert_eq!(escape("1:1 with Zoë"), "1:1 with Zoë");
    }

    #[test]
    fn folding_at_75_octets_between_characters() {
        assert_eq!(fold("SHORT:x"), "SHORT:x\r\n");
        let exact = "X".repeat(75);
        assert_eq!(fold(&exact), format!("{exact}\r\n"));
        let long = format!("SUMMARY:{}", "é".repeat(100));
        let folded = fold(&long);
        for line in folded.split("\r\n").filter(|l| !l.is_empty()) {
            assert!(line.len() <= 75, "{} octets: {line}", line.len());
        }
        let physical: Vec<&str> = folded.trim_end_matches("\r\n").split("\r\n").collect();
        assert!(physical.len() > 1 && physical[1..].iter().all(|l| l.starts_with(' ')));
        let unfolded = folded.trim_end_matches("\r\n").replace("\r\n ", "");
        assert_eq!(unfolded, long);
    }

    #[test]
    fn rendered_calendar_is_crlf_and_stamped_with_today() {
        let mut amy = person("amy", Cadence::Days(7), &["2026-11-24"]);
        amy.name = Some("Smith, Amy".into());
        let index = Index {
            people: vec![amy],
            problems: Vec::new(),
        };
        let today = d("2026-11-25");
        let text = render(&events(&index, today, 0), today);
        assert!(text.starts_with("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//oneonone//EN\r\n"));
        assert!(text.ends_with("END:VCALENDAR\r\n"));
        assert!(!text.replace("\r\n", "").contains('\n'), "CRLF only");
        for line in [
            "UID:amy-2026-12-01@oneonone",
            "DTSTAMP:20261125T000000Z",
            "DTSTART;VALUE=DATE:20261201",
            "DTEND;VALUE=DATE:20261202",
            "SUMMARY:1:1 with Smith\\, Amy (direct-report)",
            "DESCRIPTION:Cadence: weekly (last held 2026-11-24)\\nOpen action items: 0",
        ] {
            assert!(
                text.contains(&format!("\r\n{line}\r\n")),
                "{line} in\n{text}"
            );
        }
    }
}
