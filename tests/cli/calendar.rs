//! `oneonone calendar`: the iCalendar file, read back with a real RFC 5545
//! parser (the `icalendar` crate's) and its recurrences expanded by another
//! (the `rrule` crate), as a calendar application would.

use std::collections::{BTreeMap, BTreeSet};

use chrono::{Datelike, Days, Months, NaiveDate, NaiveDateTime};
use icalendar::parser::{read_calendar, unfold};

use crate::support::TestRepo;

/// One property: its value (TEXT unescaped) and parameters.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Prop {
    params: BTreeMap<String, String>,
    value: String,
}

/// One component (VEVENT, VTIMEZONE): its properties by name, in order.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Event {
    props: BTreeMap<String, Vec<Prop>>,
}

impl Event {
    fn all(&self, name: &str) -> &[Prop] {
        self.props.get(name).map_or(&[], Vec::as_slice)
    }

    #[track_caller]
    fn one(&self, name: &str) -> &Prop {
        match self.all(name) {
            [one] => one,
            all => panic!("{name}: {} times in {self:#?}", all.len()),
        }
    }

    #[track_caller]
    fn get(&self, name: &str) -> &str {
        &self.one(name).value
    }

    fn param(&self, name: &str, key: &str) -> Option<&str> {
        self.one(name).params.get(key).map(String::as_str)
    }
}

impl std::ops::Index<&str> for Event {
    type Output = str;
    #[track_caller]
    fn index(&self, name: &str) -> &str {
        self.get(name)
    }
}

struct Ics {
    events: Vec<Event>,
    /// The TZID of each VTIMEZONE.
    zones: Vec<String>,
}

/// Reads a calendar, checking the framing on the way: CRLF line ends
/// only, no physical line over 75 octets, every TZID defined.
fn read(ics: &str) -> Ics {
    assert!(ics.ends_with("\r\n"), "ends with CRLF");
    assert!(
        !ics.replace("\r\n", "").contains(['\n', '\r']),
        "bare LF or CR"
    );
    for line in ics.split("\r\n") {
        assert!(line.len() <= 75, "{} octets: {line:?}", line.len());
    }
    let unfolded = unfold(ics);
    let calendar = read_calendar(&unfolded).expect("a valid iCalendar file");
    let owned = |props: &[icalendar::parser::Property<'_>]| {
        let mut out: BTreeMap<String, Vec<Prop>> = BTreeMap::new();
        for p in props {
            out.entry(p.name.as_str().to_owned())
                .or_default()
                .push(Prop {
                    params: p
                        .params
                        .iter()
                        .map(|k| {
                            let value = k.val.as_ref().map_or("", |v| v.as_str());
                            (k.key.as_str().to_owned(), value.to_owned())
                        })
                        .collect(),
                    value: p.val.as_str().to_owned(),
                });
        }
        Event { props: out }
    };
    let head = owned(&calendar.properties);
    assert_eq!(head["VERSION"], *"2.0");
    assert_eq!(head["PRODID"], *"-//oneonone//EN");
    let mut events = Vec::new();
    let mut zones = Vec::new();
    for component in &calendar.components {
        let c = owned(&component.properties);
        match component.name.as_str() {
            "VEVENT" => events.push(c),
            "VTIMEZONE" => {
                let kinds: Vec<&str> = component
                    .components
                    .iter()
                    .map(|s| s.name.as_str())
                    .collect();
                assert!(
                    !kinds.is_empty() && kinds.iter().all(|k| ["STANDARD", "DAYLIGHT"].contains(k)),
                    "{kinds:?}"
                );
                zones.push(c["TZID"].to_owned());
            }
            other => panic!("unexpected {other}"),
        }
    }
    let uids: BTreeSet<&str> = events.iter().map(|e| &e["UID"]).collect();
    assert_eq!(uids.len(), events.len(), "UIDs are unique");
    for e in &events {
        for name in ["DTSTART", "EXDATE"] {
            for p in e.all(name) {
                if let Some(tzid) = p.params.get("TZID") {
                    assert!(zones.contains(tzid), "no VTIMEZONE for {tzid}");
                }
            }
        }
    }
    Ics { events, zones }
}

/// Just the events.
fn parse(ics: &str) -> Vec<Event> {
    read(ics).events
}

/// `(UID, DTSTART)` of every event, in file order.
fn dates(events: &[Event]) -> Vec<(String, String)> {
    events
        .iter()
        .map(|e| (e["UID"].to_owned(), e["DTSTART"].to_owned()))
        .collect()
}

fn pairs(expected: &[(&str, &str)]) -> Vec<(String, String)> {
    expected
        .iter()
        .map(|(u, d)| ((*u).to_owned(), (*d).to_owned()))
        .collect()
}

fn d(s: &str) -> NaiveDate {
    s.parse().expect("valid test date")
}

/// The meetings a calendar application shows for a recurring event, at
/// their local times (a floating time read as UTC, which changes nothing
/// about its dates).
fn expand(e: &Event) -> Vec<NaiveDateTime> {
    let start = e.one("DTSTART");
    let tz = start.params.get("TZID").map_or("UTC", String::as_str);
    let mut text = format!("DTSTART;TZID={tz}:{}\nRRULE:{}", start.value, &e["RRULE"]);
    for x in e.all("EXDATE") {
        let xtz = x.params.get("TZID").map_or("UTC", String::as_str);
        text.push_str(&format!("\nEXDATE;TZID={xtz}:{}", x.value));
    }
    let set: rrule::RRuleSet = text.parse().expect("a valid recurrence");
    set.all(u16::MAX)
        .dates
        .iter()
        .map(chrono::DateTime::naive_local)
        .collect()
}

#[test]
fn the_next_meeting_with_everyone() {
    let repo = TestRepo::example();
    let ics = repo.run(&["calendar"]).ok().to_owned();
    let events = parse(&ics);
    // bob is due (since yesterday) and carol overdue: both today; erin is
    // on leave until 2027-01-31: her next 1:1 is the day after.
    assert_eq!(
        dates(&events),
        pairs(&[
            ("bob/1@oneonone", "20261125"),
            ("carol/1@oneonone", "20261125"),
            ("alice/1@oneonone", "20261201"),
            ("dave/1@oneonone", "20261215"),
            ("erin/1@oneonone", "20270201"),
        ])
    );
    let alice = &events[2];
    assert_eq!(&alice["SUMMARY"], "1:1 with Alice Smith (direct-report)");
    assert_eq!(alice.param("DTSTART", "VALUE"), Some("DATE"), "all-day");
    assert_eq!(alice.param("DTEND", "VALUE"), Some("DATE"));
    assert_eq!(&alice["DTEND"], "20261202");
    assert_eq!(&alice["TRANSP"], "TRANSPARENT");
    // Stamped with her latest note; numbered by the day of her next meeting.
    assert_eq!(&alice["DTSTAMP"], "20261124T000000Z");
    assert_eq!(&alice["SEQUENCE"], "20788");
    assert!(alice.all("RRULE").is_empty());
    assert_eq!(
        &alice["DESCRIPTION"],
        "Cadence: weekly (last held 2026-11-24)\nOpen action items: 5"
    );
    assert_eq!(&events[1]["SUMMARY"], "1:1 with Carol Nguyen (mentee)");
    assert_eq!(
        &events[1]["DTSTAMP"], "20261125T000000Z",
        "planned for today"
    );

    let again = repo.run(&["calendar"]);
    assert_eq!(again.ok(), ics, "byte for byte the same, so imports update");
}

#[test]
fn weeks_add_later_meetings_by_cadence() {
    let repo = TestRepo::example();
    let events = parse(repo.run(&["calendar", "--weeks", "4"]).ok());
    let of = |who: &str| -> Vec<(String, String)> {
        let prefix = format!("{who}/");
        dates(&events)
            .into_iter()
            .filter(|(uid, _)| uid.starts_with(&prefix))
            .collect()
    };
    assert_eq!(
        of("alice"),
        pairs(&[
            ("alice/1@oneonone", "20261201"),
            ("alice/2@oneonone", "20261208"),
            ("alice/3@oneonone", "20261215"),
            ("alice/4@oneonone", "20261222"),
        ])
    );
    // Planned for today, then every two weeks while within 4 weeks of that.
    assert_eq!(
        of("bob"),
        pairs(&[
            ("bob/1@oneonone", "20261125"),
            ("bob/2@oneonone", "20261209")
        ])
    );
    assert_eq!(of("carol"), pairs(&[("carol/1@oneonone", "20261125")]));
    assert_eq!(of("dave"), pairs(&[("dave/1@oneonone", "20261215")]));
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
    assert_eq!(&events[0]["UID"], "jane/1@oneonone");
    assert_eq!(&events[0]["DTSTART"], "20261125", "never met: today");
    assert_eq!(
        &events[0]["SUMMARY"],
        "1:1 with Smith, Jane; the \\ \"boss\" with a very long name that needs folding — Ünïcödé (peer)"
    );
}

#[test]
fn out_writes_the_file_and_never_over_a_note() {
    let repo = TestRepo::example();
    let stdout = repo.run(&["calendar"]).ok().to_owned();
    let run = repo.run(&["calendar", "--out", "one-on-ones.ics"]);
    assert_eq!(
        run.ok_with_stderr("wrote one-on-ones.ics (5 events)\n"),
        "",
        "nothing on stdout"
    );
    assert_eq!(run.stderr, "wrote one-on-ones.ics (5 events)\n");
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

/// People with timeslots, and two without:
/// - alice, weekly, `tue 10:00` (floating) in her latest note, met on
///   Tuesdays: due Tuesday 2026-12-01;
/// - bob, biweekly, `thu 15:30 Europe/Berlin` from the settings (which win
///   over his note's slot), 45 minutes: due Thursday 2026-12-03;
/// - carol, monthly, `fri 09:00 America/New_York`: due Monday 2026-11-30,
///   so planned on the nearest Friday, 2026-11-27;
/// - dave, weekly, no slot, overdue since 2026-11-17: all-day events;
/// - erin, with a slot but on leave until 2027-01-31: back on the Wednesday
///   nearest the day after, 2027-02-03.
fn slotted() -> TestRepo {
    let repo = TestRepo::new();
    repo.write(
        ".oneonone.yaml",
        "people:\n  bob:\n    kind: peer\n    slot: thu 15:30 Europe/Berlin\n    duration: 45\n  \
         erin:\n    paused_until: 2027-01-31\n",
    );
    repo.note("alice/2026-11-17.md", "cadence: weekly\n", "");
    repo.note(
        "alice/2026-11-24.md",
        "cadence: weekly\nduration: 30\nslot: tue 10:00\n",
        "",
    );
    repo.note("bob/2026-11-19.md", "slot: mon 09:00\n", "");
    repo.note(
        "carol/2026-10-30.md",
        "kind: mentee\nslot: \"fri 09:00 America/New_York\"\n",
        "",
    );
    repo.note("dave/2026-11-10.md", "", "");
    repo.note("erin/2026-09-01.md", "slot: wed 11:00\n", "");
    repo
}

/// The dates `status` plans for a person from the next due date on: one
/// cadence interval after another while within `weeks` weeks of the first.
fn planned(first: NaiveDate, cadence: &str, weeks: u64) -> Vec<NaiveDate> {
    let end = first + Days::new(7 * weeks);
    let mut dates = vec![first];
    for k in 1..=weeks {
        let date = match cadence {
            "weekly" => first + Days::new(7 * k),
            "biweekly" => first + Days::new(14 * k),
            "monthly" => first + Months::new(u32::try_from(k).unwrap()),
            other => panic!("{other}"),
        };
        if date >= end {
            break;
        }
        dates.push(date);
    }
    dates
}

fn event<'a>(events: &'a [Event], uid: &str) -> &'a Event {
    events
        .iter()
        .find(|e| &e["UID"] == uid)
        .unwrap_or_else(|| panic!("no {uid} in {events:#?}"))
}

#[test]
fn a_slot_is_one_recurring_event_that_expands_to_the_planned_dates() {
    let repo = slotted();
    let status = repo.run(&["status", "--json"]).json();
    let next_due = |who: &str| -> NaiveDate {
        let row = status["people"]
            .as_array()
            .unwrap()
            .iter()
            .find(|p| p["person"] == who)
            .unwrap();
        d(row["next_due"].as_str().unwrap())
    };
    let ics = repo.run(&["calendar", "--weeks", "8"]).ok().to_owned();
    let calendar = read(&ics);
    assert_eq!(calendar.zones, ["America/New_York", "Europe/Berlin"]);
    let events = &calendar.events;

    let alice = event(events, "alice/tue-1000@oneonone");
    assert_eq!(alice.param("DTSTART", "TZID"), None, "a floating time");
    assert_eq!(&alice["DTSTART"], "20261201T100000");
    assert_eq!(&alice["DURATION"], "PT30M");
    assert_eq!(&alice["RRULE"], "FREQ=WEEKLY;INTERVAL=1;COUNT=8");
    assert!(alice.all("TRANSP").is_empty(), "a meeting blocks its time");
    let bob = event(events, "bob/thu-1530/Europe/Berlin@oneonone");
    assert_eq!(bob.param("DTSTART", "TZID"), Some("Europe/Berlin"));
    assert_eq!(&bob["DURATION"], "PT45M");
    assert_eq!(&bob["RRULE"], "FREQ=WEEKLY;INTERVAL=2;COUNT=4");
    let carol = event(events, "carol/fri-0900/America/New_York@oneonone");
    assert_eq!(&carol["DURATION"], "PT1H", "the monthly default");
    assert_eq!(&carol["RRULE"], "FREQ=MONTHLY;INTERVAL=1;COUNT=2");

    // What a calendar shows: the dates status plans, at the slot's time.
    for (e, who, cadence, weekday, time) in [
        (alice, "alice", "weekly", chrono::Weekday::Tue, "10:00"),
        (bob, "bob", "biweekly", chrono::Weekday::Thu, "15:30"),
        (carol, "carol", "monthly", chrono::Weekday::Fri, "09:00"),
    ] {
        let shown = expand(e);
        let due = next_due(who);
        // The first meeting is on the slot's weekday nearest the due date.
        let first = shown[0].date();
        assert_eq!(first.weekday(), weekday, "{who}");
        assert!(
            (first - due).num_days().abs() <= 3,
            "{who}: {first} for {due}"
        );
        let days: Vec<NaiveDate> = shown.iter().map(NaiveDateTime::date).collect();
        assert_eq!(days, planned(first, cadence, 8), "{who}");
        assert!(
            shown.iter().all(|t| t.format("%H:%M").to_string() == time),
            "{who}"
        );
    }
    // Where the due date is on the slot's weekday, it is the first meeting.
    assert_eq!(expand(alice)[0].date(), next_due("alice"));
    assert_eq!(expand(bob)[0].date(), next_due("bob"));
    assert_eq!(next_due("carol"), d("2026-11-30"));
    assert_eq!(expand(carol)[0].date(), d("2026-11-27"));

    // Without a slot, all-day events as before; paused people have none.
    let dave: Vec<&Event> = events
        .iter()
        .filter(|e| e["UID"].starts_with("dave/"))
        .collect();
    assert_eq!(dave.len(), 8);
    assert_eq!(&dave[0]["DTSTART"], "20261125", "overdue: today");
    assert!(
        dave.iter()
            .all(|e| e.param("DTSTART", "VALUE") == Some("DATE"))
    );
    let erin = event(events, "erin/wed-1100@oneonone");
    assert_eq!(&erin["DTSTART"], "20270203T110000", "back after the leave");
    let out = repo.run(&["calendar", "--weeks", "8", "--out", "cal.ics"]);
    out.ok_with_stderr("wrote cal.ics (12 events)\n");
    assert_eq!(repo.read("cal.ics"), ics);
}

#[test]
fn exports_on_consecutive_days_have_the_same_uids() {
    let repo = slotted();
    let export = |today: &str| {
        parse(
            repo.run(&["--today", today, "calendar", "--weeks", "4"])
                .ok(),
        )
    };
    let (first, second) = (export("2026-11-25"), export("2026-11-26"));
    let uids = |events: &[Event]| -> Vec<String> {
        let mut uids: Vec<String> = events.iter().map(|e| e["UID"].to_owned()).collect();
        uids.sort();
        uids
    };
    assert_eq!(uids(&first), uids(&second));
    assert!(
        uids(&first).iter().all(|u| !u.contains("2026")),
        "no date in a UID"
    );
    // A meeting that did not move is the same event, byte for byte.
    for uid in [
        "alice/tue-1000@oneonone",
        "bob/thu-1530/Europe/Berlin@oneonone",
    ] {
        assert_eq!(event(&first, uid), event(&second, uid), "{uid}");
    }
    // An overdue meeting moves to the new day: a revision, numbered higher.
    let (a, b) = (
        event(&first, "dave/1@oneonone"),
        event(&second, "dave/1@oneonone"),
    );
    assert_eq!((&a["DTSTART"], &b["DTSTART"]), ("20261125", "20261126"));
    let sequence = |e: &Event| e["SEQUENCE"].parse::<u32>().unwrap();
    assert_eq!(sequence(b), sequence(a) + 1);
    assert_eq!(&b["DTSTAMP"], "20261126T000000Z");
    // Holding the meeting moves alice's series on; its number goes up.
    repo.note("alice/2026-12-01.md", "", "");
    let later = parse(repo.run(&["--today", "2026-12-01", "calendar"]).ok());
    let moved = event(&later, "alice/tue-1000@oneonone");
    assert_eq!(&moved["DTSTART"], "20261208T100000");
    assert!(sequence(moved) > sequence(event(&first, "alice/tue-1000@oneonone")));
}

#[test]
fn pauses_leave_no_meeting_inside_them() {
    let repo = slotted();
    repo.write(
        ".oneonone.yaml",
        "people:\n  alice:\n    pauses:\n      - from: 2026-12-20\n        until: 2027-01-04\n  \
         dave:\n    pauses:\n      - from: 2026-12-20\n        until: 2027-01-04\n  \
         erin:\n    paused_until: 2027-01-31\n",
    );
    let events = parse(repo.run(&["calendar", "--weeks", "8"]).ok());
    let inside = |date: NaiveDate| (d("2026-12-20")..=d("2027-01-04")).contains(&date);
    let alice = event(&events, "alice/tue-1000@oneonone");
    let exdates: Vec<&str> = alice
        .all("EXDATE")
        .iter()
        .map(|p| p.value.as_str())
        .collect();
    assert_eq!(exdates, ["20261222T100000", "20261229T100000"]);
    let shown: Vec<NaiveDate> = expand(alice).iter().map(NaiveDateTime::date).collect();
    let expected: Vec<NaiveDate> = planned(d("2026-12-01"), "weekly", 8)
        .into_iter()
        .filter(|&date| !inside(date))
        .collect();
    assert_eq!(shown, expected);
    assert!(
        shown.contains(&d("2027-01-05")),
        "the series goes on after the pause"
    );
    let dave: Vec<NaiveDate> = events
        .iter()
        .filter(|e| e["UID"].starts_with("dave/"))
        .map(|e| NaiveDate::parse_from_str(&e["DTSTART"], "%Y%m%d").unwrap())
        .collect();
    assert_eq!(dave.len(), 6, "{dave:?}");
    assert!(dave.iter().all(|&date| !inside(date)), "{dave:?}");
    let erin = event(&events, "erin/wed-1100@oneonone");
    assert!(
        expand(erin).iter().all(|t| t.date() > d("2027-01-31")),
        "nothing inside her leave"
    );
}

#[test]
fn a_bad_slot_is_reported_with_its_place_and_the_note_skipped() {
    let repo = slotted();
    repo.note(
        "alice/2026-11-24.md",
        "cadence: weekly\nslot: tue 25:00\n",
        "",
    );
    let message = "alice/2026-11-24.md:5:7: invalid slot `tue 25:00`: \
                   `25:00` is not a 24-hour time from 00:00 to 23:59";
    let check = repo.run(&["check"]);
    assert_eq!(check.code, 1, "{}", check.stderr);
    assert!(
        check
            .stdout
            .contains(&message.replacen(": invalid", ": error: invalid", 1)),
        "{}",
        check.stdout
    );
    // The rest is still planned: alice from her note before.
    let run = repo.run(&["calendar"]);
    let events = parse(run.ok_with_stderr(&format!("oneonone: warning: {message}\n")));
    assert_eq!(&event(&events, "alice/1@oneonone")["DTSTART"], "20261125");

    // In the settings, a bad value is an error, as for any other key.
    repo.write(
        ".oneonone.yaml",
        "people:\n  bob:\n    slot: thu 15:30 Europe/Berln\n",
    );
    let run = repo.run(&["calendar"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains(
            ".oneonone.yaml:3:11: invalid slot `thu 15:30 Europe/Berln`: unknown time zone"
        ),
        "{}",
        run.stderr
    );
}
