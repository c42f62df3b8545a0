//! Standing, gaps and adherence on hand-worked histories (pauses, cadence
//! changes, month lengths), and properties that hold for any history.

use super::*;
use crate::model::cadence::strategies::{any_cadence, any_date};
use crate::model::note::Status;
use crate::model::person::Meeting;
use proptest::prelude::*;

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).expect("valid test date")
}

fn dates(list: &str) -> Vec<NaiveDate> {
    list.split_whitespace()
        .map(|s| s.parse().expect("valid test date"))
        .collect()
}

fn pause(from: Option<NaiveDate>, until: NaiveDate) -> Pause {
    Pause {
        from,
        until,
        reason: None,
    }
}

fn weekly(held: &str, pauses: &[Pause]) -> Rhythm {
    Rhythm::new(dates(held), Cadence::Days(7), None, pauses)
}

/// `(expected, missed)` from the first meeting to `today`.
fn tally(r: &Rhythm, today: &str) -> (u32, u32) {
    let a = r.adherence(None, today.parse().expect("date"));
    assert_eq!(a.held + a.missed, a.expected);
    (a.expected, a.missed)
}

#[test]
fn standing_states() {
    let weekly = |grace, pauses: &[Pause], today| {
        let r = Rhythm::new(vec![d(2026, 3, 2)], Cadence::Days(7), grace, pauses);
        let s = r.standing(today);
        (s.state, s.next_due, s.days)
    };
    let (mar, due) = (|day| d(2026, 3, day), Some(d(2026, 3, 9)));
    assert_eq!(weekly(None, &[], mar(6)), (State::Ok, due, Some(-3)));
    assert_eq!(weekly(None, &[], mar(9)), (State::Due, due, Some(0)));
    assert_eq!(weekly(None, &[], mar(10)), (State::Due, due, Some(1)));
    assert_eq!(weekly(None, &[], mar(11)), (State::Overdue, due, Some(2)));
    assert_eq!(weekly(Some(3), &[], mar(12)).0, State::Due);
    assert_eq!(weekly(Some(3), &[], mar(13)).0, State::Overdue);
    assert_eq!(weekly(Some(0), &[], mar(10)).0, State::Overdue);
    assert_eq!(weekly(None, &[], mar(1)).0, State::Ok);

    let never = Rhythm::new(Vec::new(), Cadence::Days(7), None, &[]).standing(mar(11));
    assert_eq!(
        (never.state, never.next_due, never.days),
        (State::Never, None, None)
    );
    let away = [pause(None, mar(31))];
    let paused = Rhythm::new(Vec::new(), Cadence::Days(7), None, &away).standing(mar(1));
    assert_eq!(
        (paused.state, paused.paused_until),
        (State::Paused, Some(mar(31)))
    );
}

#[test]
fn a_pause_restarts_the_clock() {
    let (mar, apr) = (|day| d(2026, 3, day), |day| d(2026, 4, day));
    // Met on Mar 2, on leave from Mar 4 to Mar 31.
    for leave in [pause(None, mar(31)), pause(Some(mar(4)), mar(31))] {
        let r = Rhythm::new(vec![mar(2)], Cadence::Days(7), None, &[leave]);
        let at = |today| {
            let s = r.standing(today);
            (s.state, s.next_due, s.days, s.paused_until)
        };
        let back = Some(apr(1));
        assert_eq!(at(mar(20)), (State::Paused, back, Some(-12), Some(mar(31))));
        assert_eq!(at(mar(31)), (State::Paused, back, Some(-1), Some(mar(31))));
        assert_eq!(
            at(apr(1)),
            (State::Due, back, Some(0), None),
            "due, not overdue"
        );
        assert_eq!(at(apr(2)), (State::Due, back, Some(1), None));
        assert_eq!(at(apr(3)), (State::Overdue, back, Some(2), None));
    }
    // Before the leave begins it already moves the due date.
    let r = Rhythm::new(
        vec![mar(2)],
        Cadence::Days(7),
        None,
        &[pause(Some(mar(9)), mar(20))],
    );
    assert_eq!(r.standing(mar(5)).next_due, Some(mar(21)));
    // A short break that ends before the due date changes nothing.
    let r = Rhythm::new(
        vec![mar(2)],
        Cadence::Days(7),
        None,
        &[pause(Some(mar(3)), mar(4))],
    );
    assert_eq!(r.standing(mar(5)).next_due, Some(mar(9)));
    // A leave that begins once the person is already overdue does not
    // wipe the slate: they are due the day after it.
    let r = Rhythm::new(
        vec![mar(2)],
        Cadence::Days(7),
        None,
        &[pause(Some(mar(20)), mar(25))],
    );
    assert_eq!(r.standing(mar(12)).state, State::Overdue);
    assert_eq!(r.standing(mar(26)).state, State::Due);
}

#[test]
fn pauses_are_dated_and_joined() {
    let jan = |day| d(2026, 1, day);
    let held = [jan(5), jan(12)];
    let spans = pause_spans(
        &[
            pause(Some(jan(20)), jan(25)),
            pause(None, jan(10)),          // after the meeting of Jan 5
            pause(Some(jan(26)), jan(28)), // touches the one before
            pause(Some(jan(30)), jan(29)), // ends before it begins
            pause(None, jan(3)),           // before any meeting
            pause(None, jan(12)),          // the meeting was its last day
        ],
        &held,
    );
    let spans: Vec<_> = spans.iter().map(|s| (s.from, s.until)).collect();
    assert_eq!(
        spans,
        [
            (NaiveDate::MIN, jan(3)),
            (jan(6), jan(10)),
            (jan(20), jan(28))
        ]
    );
}

#[test]
fn cadence_changes_apply_from_the_note_on() {
    let mut person = Person::held_on(
        "p",
        Cadence::Days(14),
        &["2026-01-05", "2026-01-12", "2026-02-02"],
    );
    person.fallback_cadence = Cadence::Days(7);
    person.meetings[1].cadence = Some(Cadence::Days(21));
    let mut cancelled = Meeting::on(d(2026, 1, 20), Status::Cancelled);
    cancelled.cadence = Some(Cadence::Months(1));
    person.meetings.insert(2, cancelled);
    let r = Rhythm::of(&person);
    let on = |m, day| r.cadence_on(d(2026, m, day));
    assert_eq!(on(1, 5), Cadence::Days(7), "before any note says");
    assert_eq!(on(1, 12), Cadence::Days(21));
    assert_eq!(on(1, 19), Cadence::Days(21));
    assert_eq!(
        on(1, 20),
        Cadence::Months(1),
        "a cancelled note records one too"
    );
    assert_eq!(
        on(2, 2),
        Cadence::Days(14),
        "the current one since the last meeting"
    );
    assert_eq!(on(3, 1), Cadence::Days(14));
}

fn spans(found: &[Gap]) -> Vec<(NaiveDate, NaiveDate, i64, i64, bool)> {
    found
        .iter()
        .map(|g| (g.start, g.end, g.days, g.allowed_days, g.open))
        .collect()
}

#[test]
fn gaps_in_known_history() {
    let jan = |day| d(2026, 1, day);
    // 7, 10 (over 7 + 1), 8 (exactly allowed) and 21 days apart.
    let held = "2026-01-05 2026-01-12 2026-01-22 2026-01-30 2026-02-20";
    let expected = [
        (jan(12), jan(22), 10, 8, false),
        (jan(30), d(2026, 2, 20), 21, 8, false),
    ];
    assert_eq!(spans(&weekly(held, &[]).gaps(d(2026, 2, 21))), expected);
    let lenient = Rhythm::new(dates(held), Cadence::Days(7), Some(14), &[]);
    assert!(lenient.gaps(d(2026, 2, 21)).is_empty());
    assert!(weekly("", &[]).gaps(jan(30)).is_empty());
    assert!(weekly("2026-01-12", &[]).gaps(jan(20)).is_empty());
    // Unsorted, with same-day duplicates.
    let messy = "2026-02-20 2026-01-30 2026-01-30 2026-01-05 2026-01-12 2026-01-22";
    assert_eq!(spans(&weekly(messy, &[]).gaps(d(2026, 2, 21))), expected);
    // Still open: from the last meeting to today, once past the deadline.
    let open = weekly(held, &[]).gaps(d(2026, 3, 10));
    assert_eq!(
        spans(&open)[2],
        (d(2026, 2, 20), d(2026, 3, 10), 18, 8, true)
    );
    assert_eq!(
        weekly(held, &[]).gaps(d(2026, 2, 28)).len(),
        2,
        "within grace"
    );
}

#[test]
fn gaps_leave_paused_days_out() {
    let jan = |day| d(2026, 1, day);
    let leave = [pause(Some(jan(8)), jan(28))];
    // Back on Jan 29 and met on Jan 30: no gap.
    assert!(
        weekly("2026-01-05 2026-01-30", &leave)
            .gaps(jan(31))
            .is_empty()
    );
    // Met on Feb 3, four days after the deadline of Jan 30: 8 days of
    // 29 were not paused, 4 were allowed (2 before the leave, the day
    // back and a day of grace).
    let late = weekly("2026-01-05 2026-02-03", &leave).gaps(d(2026, 2, 4));
    assert_eq!(spans(&late), [(jan(5), d(2026, 2, 3), 8, 4, false)]);
    // Paused today: no open gap however long ago the last meeting was.
    let away = [pause(None, d(2026, 6, 1))];
    assert!(weekly("2026-01-05", &away).gaps(d(2026, 5, 1)).is_empty());
}

#[test]
fn gaps_use_real_month_length() {
    // Jan 31 + 1 month is Feb 28: 28 days, plus the monthly grace of 4.
    let (jan31, mar5) = (d(2026, 1, 31), d(2026, 3, 5));
    let monthly = |held| Rhythm::new(held, Cadence::Months(1), None, &[]);
    let found = monthly(vec![jan31, mar5]).gaps(mar5);
    assert_eq!(spans(&found), [(jan31, mar5, 33, 32, false)]);
    // The same spacing from Mar 31 fits: Apr 30 is 30 days on.
    assert!(
        monthly(vec![d(2026, 3, 31), d(2026, 5, 3)])
            .gaps(d(2026, 5, 3))
            .is_empty()
    );
}

#[test]
fn adherence_walks_interval_by_interval() {
    // Every 8 days on a weekly cadence: each within its grace.
    let jitter = "2026-01-01 2026-01-09 2026-01-17 2026-01-25 2026-02-02 2026-02-10";
    assert_eq!(tally(&weekly(jitter, &[]), "2026-02-11"), (5, 0));
    // Twice a week: one interval each, never above 100%.
    let twice = "2026-01-01 2026-01-04 2026-01-08 2026-01-11 2026-01-15 2026-01-18";
    assert_eq!(tally(&weekly(twice, &[]), "2026-01-19"), (3, 0));
    // Six weeks without a meeting: five missed, the sixth held.
    assert_eq!(
        tally(&weekly("2026-01-01 2026-02-12", &[]), "2026-02-12"),
        (6, 5)
    );
    // Not seen for six weeks, and today the last day of grace: five
    // missed, the sixth not yet.
    assert_eq!(tally(&weekly("2026-01-01", &[]), "2026-02-13"), (5, 5));
    assert_eq!(tally(&weekly("2026-01-01", &[]), "2026-02-14"), (6, 6));
    // Two meetings in one week do not make up for the next two weeks.
    assert_eq!(
        tally(
            &weekly("2026-01-01 2026-01-04 2026-01-22", &[]),
            "2026-01-22"
        ),
        (4, 2)
    );
    // A day past grace is a miss; the late meeting holds the next one.
    assert_eq!(
        tally(&weekly("2026-01-01 2026-01-10", &[]), "2026-01-10"),
        (2, 1)
    );
    // Nothing expected yet: after the first meeting, or never met.
    let one = weekly("2026-01-01", &[]);
    assert_eq!(tally(&one, "2026-01-09"), (0, 0));
    assert!((one.adherence(None, d(2026, 1, 9)).ratio() - 1.0).abs() < f64::EPSILON);
    assert_eq!(tally(&weekly("", &[]), "2026-01-09"), (0, 0));
}

#[test]
fn adherence_leaves_pauses_out() {
    let jan = |day| d(2026, 1, day);
    let held = "2026-01-05 2026-01-12 2026-02-16 2026-02-23";
    // Without the leave: Jan 19 .. Feb 9 missed.
    assert_eq!(tally(&weekly(held, &[]), "2026-02-23"), (7, 4));
    // On leave Jan 14 .. Feb 15: nothing missed.
    let leave = [pause(Some(jan(14)), d(2026, 2, 15))];
    assert_eq!(tally(&weekly(held, &leave), "2026-02-23"), (3, 0));
    // Another pause later does not bring the first one back.
    let both = [leave[0].clone(), pause(Some(d(2026, 3, 1)), d(2026, 3, 31))];
    assert_eq!(tally(&weekly(held, &both), "2026-03-20"), (3, 0));
    // Back on Feb 16, not met until Mar 2: the interval due on Feb 16
    // and the next are missed.
    let back = weekly("2026-01-05 2026-01-12 2026-03-02", &leave);
    assert_eq!(tally(&back, "2026-03-02"), (4, 2));
}

#[test]
fn adherence_follows_recorded_cadence_changes() {
    // Weekly until Feb 2, then monthly: Feb 2 .. Mar 2 is one interval.
    let mut person = Person::held_on(
        "p",
        Cadence::Months(1),
        &[
            "2026-01-05",
            "2026-01-12",
            "2026-01-19",
            "2026-01-26",
            "2026-02-02",
            "2026-03-02",
        ],
    );
    person.fallback_cadence = Cadence::Days(7);
    person.meetings[4].cadence = Some(Cadence::Months(1));
    let r = Rhythm::of(&person);
    assert_eq!(tally(&r, "2026-03-03"), (5, 0));
    // The other way round: monthly, then weekly from Feb 2; the weeks
    // before stay monthly.
    let mut person = Person::held_on(
        "p",
        Cadence::Days(7),
        &[
            "2025-12-01",
            "2026-01-02",
            "2026-02-02",
            "2026-02-09",
            "2026-02-16",
        ],
    );
    person.fallback_cadence = Cadence::Months(1);
    person.meetings[2].cadence = Some(Cadence::Days(7));
    assert_eq!(tally(&Rhythm::of(&person), "2026-02-17"), (4, 0));
}

#[test]
fn adherence_since() {
    let held = "2026-01-05 2026-01-12 2026-02-09 2026-02-16";
    let r = weekly(held, &[]);
    let since = |s: &str| {
        let a = r.adherence(Some(s.parse().expect("date")), d(2026, 2, 17));
        (a.expected, a.missed)
    };
    assert_eq!(since("2026-01-01"), (6, 3), "before the first meeting");
    // The walk starts at Jan 12; Jan 19 is due before the window.
    assert_eq!(since("2026-01-20"), (4, 2));
    assert_eq!(since("2026-02-10"), (1, 0));
    assert_eq!(since("2026-03-01"), (0, 0), "after today");
}

#[test]
fn months_do_not_drift_through_missed_intervals() {
    // Jan 31, then due Feb 28, Mar 31, Apr 30: Mar 31 + 4 is Apr 4.
    let r = Rhythm::new(vec![d(2026, 1, 31)], Cadence::Months(1), None, &[]);
    assert_eq!(tally(&r, "2026-04-04"), (1, 1));
    assert_eq!(tally(&r, "2026-04-05"), (2, 2));
}

#[test]
fn urgency_orders_most_urgent_first() {
    use State::{Due, Never, Overdue, Paused};
    let mut states = [Paused, State::Ok, Never, Overdue, Due];
    states.sort_by_key(|s| s.urgency());
    let names = states.map(|s| s.to_string());
    assert_eq!(names, ["overdue", "due", "never", "ok", "paused"]);
}

proptest! {
    /// A meeting within every interval plus grace, any cadence, any
    /// jitter: exactly 100%, and no gap.
    #[test]
    fn kept_cadence_is_exactly_one(
        c in any_cadence(),
        start in any_date(),
        steps in proptest::collection::vec(0.0..=1.0f64, 0..30),
    ) {
        let grace = i64::from(c.default_grace());
        let mut held = vec![start];
        for step in steps {
            let last = *held.last().expect("one");
            let room = (c.after(last, 1) - last).num_days() + grace - 1;
            #[allow(clippy::cast_possible_truncation, clippy::cast_precision_loss)]
            let pick = (step * room as f64) as i64;
            held.push(plus_days(last, 1 + pick));
        }
        let last = *held.last().expect("one");
        let today = c.after(last, 1);
        let r = Rhythm::new(held.clone(), c, None, &[]);
        let a = r.adherence(None, today);
        prop_assert_eq!(a.missed, 0);
        prop_assert!(a.expected <= u32::try_from(held.len() - 1).expect("small"));
        prop_assert!((a.ratio() - 1.0).abs() < f64::EPSILON);
        prop_assert!(r.gaps(today).is_empty());
    }
}
