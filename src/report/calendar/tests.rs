//! The calendar: the planned dates, stable UIDs, stamps and sequences from
//! the plan, recurrence rules that expand to the same dates, time zones.

use super::*;
use crate::model::person::{Pause, Person};
use crate::plan::schedule::Occurrence;

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
        .map(|e| e.date().to_string())
        .collect()
}

#[test]
fn next_meeting_then_later_ones_within_the_weeks() {
    let mut paused = person("erin", Cadence::Days(7), &["2026-09-01"]);
    paused.pauses = vec![crate::model::person::Pause {
        from: None,
        until: d("2027-01-31"),
        reason: None,
    }];
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
    assert_eq!(
        dates(&next, "erin"),
        ["2027-02-01"],
        "the day after the pause"
    );
    let order: Vec<_> = next.iter().map(|e| e.person.as_str()).collect();
    assert_eq!(order, ["bo", "cy", "amy", "di", "erin"]);

    let four = events(&index, today, 4);
    assert_eq!(
        dates(&four, "amy"),
        ["2026-12-01", "2026-12-08", "2026-12-15", "2026-12-22"]
    );
    assert_eq!(dates(&four, "bo"), ["2026-11-25", "2026-12-09"]);
    assert_eq!(dates(&four, "cy"), ["2026-11-25"]);
    assert_eq!(dates(&four, "di"), ["2026-12-30"]);
    let uids: Vec<String> = four
        .iter()
        .filter(|e| e.person == "bo")
        .map(Event::uid)
        .collect();
    assert_eq!(uids, ["bo/1@oneonone", "bo/2@oneonone"]);
}

#[test]
fn uids_name_the_person_and_the_slot() {
    let mut amy = person("amy", Cadence::Days(7), &["2026-11-24"]);
    amy.slot = Some("tue 10:00".parse().unwrap());
    let mut bo = person("bo", Cadence::Days(7), &["2026-11-24"]);
    bo.slot = Some("Thursday 9:30 europe/berlin".parse().unwrap());
    let index = Index {
        people: vec![amy, bo],
        problems: Vec::new(),
    };
    let uids =
        |today| -> Vec<String> { events(&index, d(today), 4).iter().map(Event::uid).collect() };
    assert_eq!(
        uids("2026-11-25"),
        [
            "amy/tue-1000@oneonone",
            "bo/thu-0930/Europe/Berlin@oneonone"
        ]
    );
    assert_eq!(uids("2026-11-26"), uids("2026-11-25"));
}

#[test]
fn stamp_and_sequence_follow_the_plan_not_the_clock() {
    let index = Index {
        people: vec![
            person("amy", Cadence::Days(7), &["2026-11-20", "2026-11-24"]),
            person("bo", Cadence::Days(7), &["2026-11-01"]),
        ],
        problems: Vec::new(),
    };
    let at = |today: &str| {
        let all = events(&index, d(today), 2);
        let amy = all.iter().find(|e| e.person == "amy").unwrap().clone();
        let bo = all.iter().find(|e| e.person == "bo").unwrap().clone();
        (amy, bo)
    };
    let (amy, bo) = at("2026-11-25");
    assert_eq!((amy.revised, amy.next), (d("2026-11-24"), d("2026-12-01")));
    assert_eq!(amy.sequence(), 20_788, "days from 1970-01-01 to 2026-12-01");
    assert_eq!((bo.revised, bo.next), (d("2026-11-25"), d("2026-11-25")));
    let (amy2, bo2) = at("2026-11-26");
    assert_eq!(amy2, amy, "nothing moved: the same event");
    assert_eq!(bo2.sequence(), bo.sequence() + 1, "overdue: moves daily");
    assert_eq!(bo2.revised, d("2026-11-26"));
}

fn series(first: &str, cadence: Cadence, paused: &[bool]) -> Series {
    let first = d(first);
    Series {
        cadence,
        occurrences: paused
            .iter()
            .zip(0..)
            .map(|(&paused, k)| Occurrence {
                date: cadence.after(first, k),
                paused,
            })
            .collect(),
    }
}

#[test]
fn rules_by_cadence() {
    let rule_of = |first, cadence| rule(&series(first, cadence, &[false; 3]));
    assert_eq!(
        rule_of("2026-12-01", Cadence::Days(7)),
        "FREQ=WEEKLY;INTERVAL=1;COUNT=3"
    );
    assert_eq!(
        rule_of("2026-12-01", Cadence::Days(21)),
        "FREQ=WEEKLY;INTERVAL=3;COUNT=3"
    );
    assert_eq!(
        rule_of("2026-12-01", Cadence::Days(10)),
        "FREQ=DAILY;INTERVAL=10;COUNT=3"
    );
    assert_eq!(
        rule_of("2026-12-01", Cadence::Months(3)),
        "FREQ=MONTHLY;INTERVAL=3;COUNT=3"
    );
    assert_eq!(
        rule_of("2026-12-30", Cadence::Months(1)),
        "FREQ=MONTHLY;INTERVAL=1;BYMONTHDAY=28,29,30;BYSETPOS=-1;COUNT=3"
    );
    assert_eq!(duration(30), "PT30M");
    assert_eq!(duration(60), "PT1H");
    assert_eq!(duration(90), "PT1H30M");
}

/// What a calendar application makes of a rule: its dates, by the
/// `rrule` crate, an implementation of RFC 5545 recurrence.
fn expand(first: NaiveDate, rule: &str, exdates: &[NaiveDate]) -> Vec<NaiveDate> {
    let mut text = format!(
        "DTSTART;TZID=Europe/Berlin:{}T100000\nRRULE:{rule}",
        first.format("%Y%m%d")
    );
    for x in exdates {
        let _ = write!(
            text,
            "\nEXDATE;TZID=Europe/Berlin:{}T100000",
            x.format("%Y%m%d")
        );
    }
    let set: rrule::RRuleSet = text.parse().expect("a valid rule");
    set.all(u16::MAX)
        .dates
        .iter()
        .map(DateTime::date_naive)
        .collect()
}

proptest::proptest! {
    /// A calendar expands the rule to exactly the planned meetings,
    /// whatever the cadence, the first date and the pauses.
    #[test]
    fn rules_expand_to_the_planned_dates(
        cadence in crate::model::cadence::strategies::any_cadence(),
        offset in 0u64..(366 * 4),
        weeks in 0u32..120,
        pause_at in 0u64..400,
        pause_len in 0u64..60,
    ) {
        let today = d("2026-01-01").checked_add_days(Days::new(offset)).unwrap();
        let from = today.checked_add_days(Days::new(pause_at)).unwrap();
        let pauses = [Pause {
            from: Some(from),
            until: from.checked_add_days(Days::new(pause_len)).unwrap(),
            reason: None,
        }];
        let s = schedule::series(Some(today), cadence, None, &pauses, today, weeks).unwrap();
        let exdates: Vec<NaiveDate> =
            s.occurrences.iter().filter(|o| o.paused).map(|o| o.date).collect();
        let expanded = expand(s.first(), &rule(&s), &exdates);
        let planned: Vec<NaiveDate> = s.meetings().collect();
        proptest::prop_assert_eq!(expanded, planned, "{}", rule(&s));
    }
}

#[test]
fn month_ends_expand_like_the_cadence() {
    for first in [
        "2026-01-29",
        "2026-01-30",
        "2026-01-31",
        "2027-12-31",
        "2028-01-30",
    ] {
        for n in [1, 2, 3, 5] {
            let cadence = Cadence::Months(n);
            let s = series(first, cadence, &[false; 30]);
            let planned: Vec<NaiveDate> = s.meetings().collect();
            assert_eq!(expand(s.first(), &rule(&s), &[]), planned, "{first} {n}m");
        }
    }
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
    // Lines the crate folds are folded again within the limit: 75
    // octets left after the first fold once made a 76-octet line.
    let line = format!("DESCRIPTION:{}", "y".repeat(150 - 12));
    let refolded = refold(&fold(&line));
    assert!(refolded.split("\r\n").all(|l| l.len() <= 75), "{refolded}");
    assert_eq!(refolded.replace("\r\n ", ""), format!("{line}\r\n"));
}

#[test]
fn rendered_calendar_is_crlf_and_stamped_by_the_plan() {
    let mut amy = person("amy", Cadence::Days(7), &["2026-11-24"]);
    amy.name = Some("Smith, Amy\r\n\u{7}".into());
    let index = Index {
        people: vec![amy],
        problems: Vec::new(),
    };
    let today = d("2026-11-25");
    let text = render(&events(&index, today, 0));
    assert!(text.starts_with("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//oneonone//EN\r\n"));
    assert!(text.ends_with("END:VCALENDAR\r\n"));
    assert!(!text.replace("\r\n", "").contains('\n'), "CRLF only");
    for line in [
        "UID:amy/1@oneonone",
        "DTSTAMP:20261124T000000Z",
        "SEQUENCE:20788",
        "DTSTART;VALUE=DATE:20261201",
        "DTEND;VALUE=DATE:20261202",
        "SUMMARY:1:1 with Smith\\, Amy\\n (direct-report)",
        "DESCRIPTION:Cadence: weekly (last held 2026-11-24)\\nOpen action items: 0",
        "TRANSP:TRANSPARENT",
    ] {
        assert!(
            text.contains(&format!("\r\n{line}\r\n")),
            "{line} in\n{text}"
        );
    }
}

#[test]
fn a_slot_in_a_zone_brings_its_timezone() {
    let mut amy = person("amy", Cadence::Days(7), &["2026-11-24"]);
    amy.slot = Some("tue 10:00 Europe/Berlin".parse().unwrap());
    amy.duration = Some(45);
    amy.pauses = vec![Pause {
        from: Some(d("2026-12-20")),
        until: d("2027-01-04"),
        reason: None,
    }];
    let index = Index {
        people: vec![amy],
        problems: Vec::new(),
    };
    let text = render(&events(&index, d("2026-11-25"), 30));
    let unfolded = text.replace("\r\n ", "");
    for line in [
        "BEGIN:VTIMEZONE",
        "TZID:Europe/Berlin",
        "DTSTART;TZID=Europe/Berlin:20261201T100000",
        "DURATION:PT45M",
        "RRULE:FREQ=WEEKLY;INTERVAL=1;COUNT=30",
        "EXDATE;TZID=Europe/Berlin:20261222T100000",
        "EXDATE;TZID=Europe/Berlin:20261229T100000",
        // The summer time of 2027 begins on 28 March at 02:00 (CET)...
        "BEGIN:DAYLIGHT\r\nDTSTART:20270328T020000\r\nTZOFFSETFROM:+0100\r\nTZOFFSETTO:+0200\r\nTZNAME:CEST\r\nEND:DAYLIGHT",
        // ...and the winter time in force since 25 October 2026.
        "BEGIN:STANDARD\r\nDTSTART:20261025T030000\r\nTZOFFSETFROM:+0200\r\nTZOFFSETTO:+0100\r\nTZNAME:CET\r\nEND:STANDARD",
    ] {
        assert!(
            unfolded.contains(&format!("\r\n{line}\r\n")),
            "{line} in\n{text}"
        );
    }
    assert!(!unfolded.contains("TRANSP"), "a meeting blocks its time");
    let zone = &unfolded
        [unfolded.find("BEGIN:VTIMEZONE").unwrap()..unfolded.find("END:VTIMEZONE").unwrap()];
    assert!(!zone.contains("UID") && !zone.contains("DTSTAMP"), "{zone}");
    assert!(unfolded.find("END:VTIMEZONE") < unfolded.find("BEGIN:VEVENT"));

    let utc = offset(Tz::UTC, d("2026-06-01").and_time(NaiveTime::MIN));
    assert_eq!((utc.seconds, utc.daylight), (0, false));
    let tokyo = vtimezone(Tz::Asia__Tokyo, d("2026-12-01"), d("2027-12-01"));
    assert!(
        tokyo.contains("DTSTART:19700101T000000\r\nTZOFFSETFROM:+0900\r\nTZOFFSETTO:+0900\r\n"),
        "{tokyo}"
    );
    assert_eq!(utc_offset(-16_200), "-0430");
    assert_eq!(utc_offset(3_600 + 35 * 60 + 12), "+013512");
}
