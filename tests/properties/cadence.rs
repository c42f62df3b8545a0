//! Adherence over random histories: notes that change the cadence as they
//! go, settings with a cadence, a grace and pauses of every shape, any
//! window. Through the parser and the settings file, as the commands see
//! them.

use chrono::{Days, NaiveDate};
use proptest::prelude::*;

use oneonone::model::cadence::Cadence;
use oneonone::model::note::Note;
use oneonone::model::person::Person;
use oneonone::parse::settings::Settings;
use oneonone::plan::cadence::State;
use oneonone::plan::people;
use oneonone::report::{gaps, status};

use crate::{cases, date, parse};

fn cadence() -> impl Strategy<Value = Cadence> {
    prop_oneof![
        (1..=60u32).prop_map(Cadence::Days),
        (1..=8u32).prop_map(|w| Cadence::Days(7 * w)),
        (1..=12u32).prop_map(Cadence::Months),
    ]
}

fn plus(day: NaiveDate, n: i64) -> NaiveDate {
    day + Days::new(u64::try_from(n).expect("days ahead"))
}

/// A note of alice's on `day`, recording `cadence` when given.
fn note(day: NaiveDate, cadence: Option<Cadence>, held: bool) -> Note {
    let mut front = format!("person: alice\ndate: {day}\n");
    if let Some(c) = cadence {
        front.push_str(&format!("cadence: {c}\n"));
    }
    if !held {
        front.push_str("status: cancelled\n");
    }
    parse(day, format!("---\n{front}---\n").as_bytes()).expect("generated notes parse")
}

/// Alice as the commands see her: `settings` is the text of
/// `.oneonone.yaml`.
fn alice(notes: Vec<Note>, settings: &str, today: NaiveDate) -> Person {
    let settings = Settings::parse(std::path::Path::new(".oneonone.yaml"), settings.as_bytes())
        .expect("generated settings parse");
    let index = people::index(
        &settings,
        vec!["alice".to_owned()],
        notes.into_iter().map(Ok).collect(),
        Vec::new(),
        today,
    );
    index.people.into_iter().next().expect("alice")
}

/// The settings text: alice's cadence, grace and pauses.
fn settings(
    cadence: Option<Cadence>,
    grace: Option<u32>,
    pauses: &[(Option<NaiveDate>, NaiveDate)],
    paused_until: Option<NaiveDate>,
) -> String {
    let mut text = String::from("people:\n  alice:\n    name: Alice\n");
    if let Some(c) = cadence {
        text.push_str(&format!("    cadence: {c}\n"));
    }
    if let Some(g) = grace {
        text.push_str(&format!("    grace: {g}\n"));
    }
    if let Some(until) = paused_until {
        text.push_str(&format!("    paused_until: {until}\n"));
    }
    if !pauses.is_empty() {
        text.push_str("    pauses:\n");
        for &(from, until) in pauses {
            // A pause ending before it begins is refused by the settings
            // parser: the dates are taken in order.
            let (from, until) = match from {
                Some(from) if from > until => (Some(until), from),
                other => (other, until),
            };
            text.push_str(&format!("      - until: {until}\n"));
            if let Some(from) = from {
                text.push_str(&format!("        from: {from}\n"));
            }
        }
    }
    text
}

/// Anything: meetings held or cancelled, each maybe recording a cadence,
/// pauses overlapping, touching, without a start.
#[derive(Debug, Clone)]
struct Anything {
    notes: Vec<(i64, Option<Cadence>, bool)>,
    cadence: Option<Cadence>,
    grace: Option<u32>,
    pauses: Vec<(Option<i64>, i64)>,
    paused_until: Option<i64>,
    since: Option<i64>,
    today: i64,
}

fn anything() -> impl Strategy<Value = Anything> {
    (
        proptest::collection::vec(
            (0..1500i64, proptest::option::of(cadence()), any::<bool>()),
            0..25,
        ),
        proptest::option::of(cadence()),
        proptest::option::of(0..20u32),
        proptest::collection::vec((proptest::option::of(0..1600i64), 0..1600i64), 0..5),
        proptest::option::of(0..1600i64),
        proptest::option::of(0..1600i64),
        0..1600i64,
    )
        .prop_map(
            |(notes, cadence, grace, pauses, paused_until, since, today)| Anything {
                notes,
                cadence,
                grace,
                pauses,
                paused_until,
                since,
                today,
            },
        )
}

fn adherence_is_a_fraction(a: &Anything) -> Result<(), TestCaseError> {
    let start = date("2022-01-03");
    let day = |n: i64| plus(start, n);
    let today = day(a.today);
    let mut notes: Vec<(i64, Option<Cadence>, bool)> = a
        .notes
        .iter()
        .copied()
        .filter(|(n, _, _)| *n <= a.today)
        .collect();
    notes.sort_by_key(|(n, _, _)| *n);
    notes.dedup_by_key(|(n, _, _)| *n);
    let notes = notes
        .into_iter()
        .map(|(n, c, held)| note(day(n), c, held))
        .collect();
    let pauses: Vec<_> = a
        .pauses
        .iter()
        .map(|&(from, until)| (from.map(day), day(until)))
        .collect();
    let text = settings(a.cadence, a.grace, &pauses, a.paused_until.map(day));
    let person = alice(notes, &text, today);
    let since = a.since.map(day);
    let g = gaps::person_gaps(&person, since, today);
    prop_assert!((0.0..=1.0).contains(&g.adherence), "{}", g.adherence);
    prop_assert_eq!(g.held + g.missed, g.expected);
    if g.expected == 0 {
        prop_assert!((g.adherence - 1.0).abs() < f64::EPSILON);
    }
    for gap in &g.gaps {
        prop_assert!(gap.days >= gap.allowed_days, "{:?}", gap);
        prop_assert!(gap.start < gap.end && gap.end <= today, "{:?}", gap);
    }
    prop_assert_eq!(g.longest_gap_days, g.gaps.iter().map(|g| g.days).max());
    // Over the whole history, a missed interval is always inside a gap.
    let whole = gaps::person_gaps(&person, None, today);
    if whole.missed > 0 {
        prop_assert!(!whole.gaps.is_empty());
    }
    // `status` reads only the last meeting: it must stand where the
    // history does, and a paused person is not overdue.
    let row = status::row(&person.summary(), today);
    prop_assert_eq!(row.paused_until.is_some(), row.state == State::Paused);
    prop_assert_eq!(row.paused_until, g.paused_until);
    Ok(())
}

/// One meeting of a kept history: the cadence its note records, a pause
/// after it (when it begins, as a fraction of the interval, and its length
/// in days), and where the next meeting falls in the room it has.
type Step = (Option<Cadence>, Option<(f64, i64)>, f64);

/// A history that met every interval within its grace: a meeting after
/// each one within the interval plus grace, pauses skipped, the cadence
/// changing in the notes as it goes.
#[derive(Debug, Clone)]
struct Kept {
    start: i64,
    /// Settings: alice's cadence and grace.
    cadence: Option<Cadence>,
    grace: Option<u32>,
    steps: Vec<Step>,
    today: f64,
}

fn kept() -> impl Strategy<Value = Kept> {
    (
        0..2000i64,
        proptest::option::of(cadence()),
        proptest::option::of(0..10u32),
        proptest::collection::vec(
            (
                proptest::option::of(cadence()),
                proptest::option::of((0.0..1.0f64, 1..120i64)),
                0.0..=1.0f64,
            ),
            1..25,
        ),
        0.0..=1.0f64,
    )
        .prop_map(|(start, cadence, grace, steps, today)| Kept {
            start,
            cadence,
            grace,
            steps,
            today,
        })
}

/// `lo + frac` of the way to `hi`.
fn between(lo: NaiveDate, hi: NaiveDate, frac: f64) -> NaiveDate {
    let span = (hi - lo).num_days();
    #[allow(clippy::cast_possible_truncation, clippy::cast_precision_loss)]
    let pick = (frac * span as f64).floor() as i64;
    plus(lo, pick.clamp(0, span))
}

fn kept_cadence_scores_one(k: &Kept) -> Result<(), TestCaseError> {
    // The default of a direct report where neither settings nor notes say.
    let fallback = k.cadence.unwrap_or(Cadence::Days(7));
    let grace = |c: Cadence| i64::from(k.grace.unwrap_or_else(|| c.default_grace()));
    let mut in_effect = fallback;
    let mut day = plus(date("2020-01-06"), k.start);
    let mut notes = Vec::new();
    let mut pauses = Vec::new();
    let last = k.steps.len() - 1;
    for (i, &(recorded, pause, next)) in k.steps.iter().enumerate() {
        notes.push(note(day, recorded, true));
        in_effect = recorded.unwrap_or(in_effect);
        // The last meeting's interval runs on the cadence now: the
        // settings', else the latest note's.
        let c = if i == last {
            k.cadence.unwrap_or(in_effect)
        } else {
            in_effect
        };
        let nominal = c.after(day, 1);
        let mut due = nominal;
        let mut earliest = plus(day, 1);
        if let Some((at, len)) = pause {
            let from = between(plus(day, 1), nominal, at);
            let until = plus(from, len - 1);
            pauses.push((Some(from), until));
            due = due.max(plus(until, 1));
            earliest = plus(until, 1);
        }
        let deadline = plus(due, grace(c));
        day = between(earliest, deadline, if i == last { k.today } else { next });
    }
    let today = day;
    let text = settings(k.cadence, k.grace, &pauses, None);
    let person = alice(notes, &text, today);
    let g = gaps::person_gaps(&person, None, today);
    prop_assert_eq!(g.missed, 0, "{:?}", g);
    prop_assert!((g.adherence - 1.0).abs() < f64::EPSILON);
    prop_assert!(g.gaps.is_empty(), "{:?}", g.gaps);
    prop_assert!(g.expected <= u32::try_from(k.steps.len() - 1).expect("small"));
    let row = status::row(&person.summary(), today);
    prop_assert!(row.state != State::Overdue, "{:?}", row);
    Ok(())
}

proptest! {
    #![proptest_config(cases(256))]

    #[test]
    fn fuzz_adherence_is_a_fraction(a in anything()) {
        adherence_is_a_fraction(&a)?;
    }

    #[test]
    fn fuzz_a_kept_cadence_scores_exactly_one(k in kept()) {
        kept_cadence_scores_one(&k)?;
    }
}
