//! `oneonone calendar`: the iCalendar file, read back with a small RFC 5545
//! reader (unfolding, property parameters, TEXT unescaping).

use std::collections::BTreeMap;

use crate::support::TestRepo;

type Event = BTreeMap<String, String>;

/// Splits a calendar into its VEVENTs, checking the framing on the way:
/// CRLF line ends only, no physical line over 75 octets.
fn parse(ics: &str) -> Vec<Event> {
    assert!(ics.ends_with("\r\n"), "ends with CRLF");
    assert!(
        !ics.replace("\r\n", "").contains(['\n', '\r']),
        "bare LF or CR"
    );
    for line in ics.split("\r\n") {
        assert!(line.len() <= 75, "{} octets: {line:?}", line.len());
    }
    let unfolded = ics.replace("\r\n ", "").replace("\r\n\t", "");
    let lines: Vec<&str> = unfolded.split("\r\n").filter(|l| !l.is_empty()).collect();
    assert_eq!(lines.first(), Some(&"BEGIN:VCALENDAR"));
    assert_eq!(lines.last(), Some(&"END:VCALENDAR"));
    assert!(lines.contains(&"VERSION:2.0"));
    assert!(lines.contains(&"PRODID:-//oneonone//EN"));
    let mut events = Vec::new();
    let mut current: Option<Event> = None;
    for line in lines {
        let (name, value) = line.split_once(':').expect("NAME:VALUE");
        match (name, current.as_mut()) {
            ("BEGIN", None) if value == "VEVENT" => current = Some(Event::new()),
            ("END", Some(_)) if value == "VEVENT" => events.extend(current.take()),
            (_, Some(event)) => {
                assert!(
                    event.insert(name.to_owned(), unescape(value)).is_none(),
                    "{name} twice"
                );
            }
            _ => {}
        }
    }
    events
}

fn unescape(value: &str) -> String {
    let mut out = String::new();
    let mut chars = value.chars();
    while let Some(c) = chars.next() {
        if c == '\\' {
            match chars.next() {
                Some('n' | 'N') => out.push('\n'),
                Some(other) => out.push(other),
                None => panic!("dangling backslash in {value:?}"),
            }
        } else {
            assert!(!matches!(c, ';' | ','), "unescaped {c:?} in {value:?}");
            out.push(c);
        }
    }
    out
}

/// `(UID, DTSTART)` of every event, in file order.
fn dates(events: &[Event]) -> Vec<(String, String)> {
    events
        .iter()
        .map(|e| (e["UID"].clone(), e["DTSTART;VALUE=DATE"].clone()))
        .collect()
}

fn pairs(expected: &[(&str, &str)]) -> Vec<(String, String)> {
    expected
        .iter()
        .map(|(u, d)| ((*u).to_owned(), (*d).to_owned()))
        .collect()
}

#[test]
fn the_next_meeting_with_everyone_not_paused() {
    let repo = TestRepo::example();
    let ics = repo.run(&["calendar"]).ok().to_owned();
    let events = parse(&ics);
    // bob is due (since yesterday) and carol overdue: both today; erin is paused.
    assert_eq!(
        dates(&events),
        pairs(&[
            ("bob-2026-11-25@oneonone", "20261125"),
            ("carol-2026-11-25@oneonone", "20261125"),
            ("alice-2026-12-01@oneonone", "20261201"),
            ("dave-2026-12-15@oneonone", "20261215"),
        ])
    );
    let alice = &events[2];
    assert_eq!(alice["SUMMARY"], "1:1 with Alice Smith (direct-report)");
    assert_eq!(alice["DTEND;VALUE=DATE"], "20261202", "all-day");
    assert_eq!(alice["DTSTAMP"], "20261125T000000Z");
    assert_eq!(
        alice["DESCRIPTION"],
        "Cadence: weekly (last held 2026-11-24)\nOpen action items: 5"
    );
    assert_eq!(events[1]["SUMMARY"], "1:1 with Carol Nguyen (mentee)");
    assert!(!ics.contains("erin"), "paused people are left out");

    let again = repo.run(&["calendar"]);
    assert_eq!(again.ok(), ics, "byte for byte the same, so imports update");
}

#[test]
fn weeks_add_later_meetings_by_cadence() {
    let repo = TestRepo::example();
    let events = parse(repo.run(&["calendar", "--weeks", "4"]).ok());
    let uids: Vec<String> = events.iter().map(|e| e["UID"].clone()).collect();
    let of = |who: &str| -> Vec<&str> {
        uids.iter()
            .filter(|u| u.starts_with(&format!("{who}-")))
            .map(String::as_str)
            .collect()
    };
    assert_eq!(
        of("alice"),
        [
            "alice-2026-12-01@oneonone",
            "alice-2026-12-08@oneonone",
            "alice-2026-12-15@oneonone",
            "alice-2026-12-22@oneonone",
        ]
    );
    // Planned for today, then every two weeks from today while within 4 weeks.
    assert_eq!(
        of("bob"),
        ["bob-2026-11-25@oneonone", "bob-2026-12-09@oneonone"]
    );
    assert_eq!(of("carol"), ["carol-2026-11-25@oneonone"]);
    assert_eq!(of("dave"), ["dave-2026-12-15@oneonone"]);
    let mut sorted = uids.clone();
    sorted.sort();
    sorted.dedup();
    assert_eq!(sorted.len(), uids.len(), "UIDs are unique");
    assert_eq!(repo.run(&["calendar", "--weeks", "9999"]).code, 2);
}

#[test]
fn names_are_escaped_and_long_lines_folded() {
    let repo = TestRepo::new();
    let name =
        "Smith, Jane; the \\\\ \\\"boss\\\" with a very long name that needs folding — Ünïcödé";
    repo.write(
        ".oneonone.yaml",
        format!("people:\n  jane:\n    name: \"{name}\"\n    kind: peer\n"),
    );
    let events = parse(repo.run(&["calendar"]).ok());
    assert_eq!(events.len(), 1);
    assert_eq!(
        events[0]["UID"], "jane-2026-11-25@oneonone",
        "never met: today"
    );
    assert_eq!(
        events[0]["SUMMARY"],
        "1:1 with Smith, Jane; the \\ \"boss\" with a very long name that needs folding — Ünïcödé (peer)"
    );
}

#[test]
fn out_writes_the_file_and_never_over_a_note() {
    let repo = TestRepo::example();
    let stdout = repo.run(&["calendar"]).ok().to_owned();
    let run = repo.run(&["calendar", "--out", "one-on-ones.ics"]);
    assert_eq!(
        run.ok_with_stderr("wrote one-on-ones.ics (4 events)\n"),
        "",
        "nothing on stdout"
    );
    assert_eq!(run.stderr, "wrote one-on-ones.ics (4 events)\n");
    assert_eq!(repo.read("one-on-ones.ics"), stdout);
    // Written again, replaced in place.
    repo.run(&["-q", "calendar", "--out", "one-on-ones.ics", "--weeks", "2"])
        .ok();
    assert!(repo.read("one-on-ones.ics").len() > stdout.len());

    let before = repo.snapshot();
    for target in ["alice/2026-11-24.md", "carol/topics.md", ".oneonone.yaml"] {
        let run = repo.run(&["calendar", "--out", target]);
        assert_eq!(run.code, 2, "{target}");
        assert!(run.stderr.contains("refusing"), "{}", run.stderr);
    }
    assert_eq!(repo.snapshot(), before, "nothing was touched");
}
