//! `oneonone gaps`: where the cadence slipped in the past, and how well it
//! was kept overall.

use chrono::NaiveDate;
use serde::Serialize;

use super::Style;
use crate::model::cadence::Cadence;
use crate::model::person::Person;
use crate::plan::cadence::{self, Gap};

/// The whole report, as printed by `gaps --json`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Gaps {
    pub today: NaiveDate,
    pub people: Vec<PersonGaps>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PersonGaps {
    pub person: String,
    pub cadence: Cadence,
    /// Held meetings in the window.
    pub held: u32,
    /// Whole intervals in the window (at least 1).
    pub expected: u32,
    /// `held / expected`, rounded to two decimals.
    pub adherence: f64,
    /// The longest of `gaps`, if any.
    pub longest_gap_days: Option<i64>,
    /// Oldest first.
    pub gaps: Vec<Gap>,
    /// Start of the window; `None` when nothing was ever held and no
    /// `--since` was given.
    #[serde(skip)]
    pub since: Option<NaiveDate>,
}

/// One entry per person given, in the order given.
pub fn gaps<'a>(
    people: impl IntoIterator<Item = &'a Person>,
    since: Option<NaiveDate>,
    today: NaiveDate,
) -> Gaps {
    Gaps {
        today,
        people: people
            .into_iter()
            .map(|p| person_gaps(p, since, today))
            .collect(),
    }
}

/// The window runs from `since` (default: the first held meeting) to
/// `today`; only gaps ending inside it are listed.
pub fn person_gaps(person: &Person, since: Option<NaiveDate>, today: NaiveDate) -> PersonGaps {
    let held = person.held();
    let since = since.or_else(|| held.first().copied());
    let found: Vec<Gap> = cadence::gaps(&held, person.cadence, person.grace)
        .into_iter()
        .filter(|g| since.is_none_or(|s| g.end > s))
        .collect();
    let adherence = cadence::adherence(&held, since.unwrap_or(today), today, person.cadence);
    PersonGaps {
        person: person.id.clone(),
        cadence: person.cadence,
        held: adherence.held,
        expected: adherence.expected,
        adherence: (adherence.ratio * 100.0).round() / 100.0,
        longest_gap_days: found.iter().map(|g| g.days).max(),
        gaps: found,
        since,
    }
}

/// A line per person, then their gaps indented.
pub fn render_text(report: &Gaps, style: Style) -> String {
    if report.people.is_empty() {
        return super::NO_PEOPLE.to_owned();
    }
    let width = report
        .people
        .iter()
        .map(|p| p.person.chars().count())
        .max()
        .unwrap_or(0);
    let mut out = String::new();
    for p in &report.people {
        let head = format!("{:<width$}", p.person);
        out.push_str(&style.paint(&head, "1"));
        match p.since {
            None => out.push_str(&format!("  {}: never met\n", p.cadence)),
            Some(since) => out.push_str(&format!(
                "  {}: {:.0}% adherence, {} of {} expected since {since}\n",
                p.cadence,
                p.adherence * 100.0,
                p.held,
                p.expected,
            )),
        }
        if p.gaps.is_empty() {
            out.push_str(&format!("  {}\n", style.paint("no gaps", "2")));
        }
        for g in &p.gaps {
            out.push_str(&format!(
                "  {} → {}  {} days ({} allowed)\n",
                g.start, g.end, g.days, g.allowed_days
            ));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().expect("valid test date")
    }

    fn person(id: &str, cadence: Cadence, held: &[&str]) -> Person {
        Person::held_on(id, cadence, held)
    }

    fn weekly_with_two_gaps() -> Person {
        // 7, 14 (> 7 + 1), 7, 21 days apart.
        person(
            "amy",
            Cadence::Days(7),
            &[
                "2026-09-01",
                "2026-09-08",
                "2026-09-22",
                "2026-09-29",
                "2026-10-20",
            ],
        )
    }

    #[test]
    fn window_defaults_to_first_held_meeting() {
        let p = person_gaps(&weekly_with_two_gaps(), None, d("2026-10-27"));
        // 56 days: 8 whole weeks, 5 held.
        assert_eq!((p.held, p.expected), (5, 8));
        assert!((p.adherence - 0.63).abs() < 1e-9, "{}", p.adherence);
        assert_eq!(p.longest_gap_days, Some(21));
        let spans: Vec<_> = p
            .gaps
            .iter()
            .map(|g| (g.start, g.days, g.allowed_days))
            .collect();
        assert_eq!(spans, [(d("2026-09-08"), 14, 8), (d("2026-09-29"), 21, 8)]);
    }

    #[test]
    fn since_narrows_the_window_and_the_gaps() {
        let p = person_gaps(
            &weekly_with_two_gaps(),
            Some(d("2026-09-25")),
            d("2026-10-27"),
        );
        assert_eq!((p.held, p.expected), (2, 4));
        assert!((p.adherence - 0.5).abs() < 1e-9);
        assert_eq!(p.gaps.len(), 1);
        assert_eq!(p.longest_gap_days, Some(21));
    }

    #[test]
    fn never_met_and_no_gaps() {
        let never = person_gaps(&person("bo", Cadence::Days(7), &[]), None, d("2026-10-27"));
        assert_eq!((never.held, never.expected, never.since), (0, 1, None));
        assert_eq!(never.longest_gap_days, None);
        let report = gaps(
            [
                &person("al", Cadence::Months(1), &["2026-09-27", "2026-10-27"]),
                &person("bo", Cadence::Days(7), &[]),
            ],
            None,
            d("2026-10-27"),
        );
        let text = render_text(&report, Style { color: false });
        assert_eq!(
            text,
            "al  monthly: 200% adherence, 2 of 1 expected since 2026-09-27\n  no gaps\n\
             bo  weekly: never met\n  no gaps\n"
        );
    }

    #[test]
    fn json_shape() {
        let report = gaps([&weekly_with_two_gaps()], None, d("2026-10-27"));
        let json = serde_json::to_value(&report).unwrap();
        let expected = serde_json::json!({
            "today": "2026-10-27",
            "people": [{
                "person": "amy", "cadence": "weekly", "held": 5, "expected": 8,
                "adherence": 0.63, "longest_gap_days": 21,
                "gaps": [
                    {"start": "2026-09-08", "end": "2026-09-22", "days": 14, "allowed_days": 8},
                    {"start": "2026-09-29", "end": "2026-10-20", "days": 21, "allowed_days": 8},
                ],
            }],
        });
        assert_eq!(json, expected);
    }
}
