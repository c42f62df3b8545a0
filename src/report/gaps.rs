//! `oneonone gaps`: where the cadence slipped in the past, and how well it
//! was kept overall.

use chrono::NaiveDate;
use serde::Serialize;

use super::Style;
use crate::model::cadence::Cadence;
use crate::model::person::Person;
use crate::plan::cadence::{Gap, Rhythm, Span};

/// The whole report, as printed by `gaps --json`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Gaps {
    pub today: NaiveDate,
    pub people: Vec<PersonGaps>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PersonGaps {
    /// The repository, when several are shown together.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub repo: Option<String>,
    pub person: String,
    pub cadence: Cadence,
    /// Intervals in the window in which a meeting took place.
    pub held: u32,
    /// Intervals in the window that asked for a meeting.
    pub expected: u32,
    /// Intervals in the window that passed without one.
    pub missed: u32,
    /// `held / expected`, rounded to two decimals; 1 when nothing was
    /// expected yet.
    pub adherence: f64,
    /// The longest of `gaps`, if any.
    pub longest_gap_days: Option<i64>,
    /// Oldest first; the last may still be open (ending today).
    pub gaps: Vec<Gap>,
    /// Start of the window; `None` when nothing was ever held and no
    /// `--since` was given.
    #[serde(skip)]
    pub since: Option<NaiveDate>,
    /// The pauses that overlap the window, oldest first.
    #[serde(skip)]
    pub pauses: Vec<Span>,
    /// The last day of the pause today falls in.
    #[serde(skip)]
    pub paused_until: Option<NaiveDate>,
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

/// Several repositories' gaps in one report, each entry saying whose
/// repository it is (`repo`): by person, then repository.
pub fn merged(reports: Vec<(String, Gaps)>, today: NaiveDate) -> Gaps {
    let mut people: Vec<PersonGaps> = reports
        .into_iter()
        .flat_map(|(repo, report)| {
            report.people.into_iter().map(move |p| PersonGaps {
                repo: Some(repo.clone()),
                ..p
            })
        })
        .collect();
    people.sort_by(|a, b| (&a.person, &a.repo).cmp(&(&b.person, &b.repo)));
    Gaps { today, people }
}

/// The window runs from `since` (default: the first held meeting) to
/// `today`; only gaps ending inside it are listed.
pub fn person_gaps(person: &Person, since: Option<NaiveDate>, today: NaiveDate) -> PersonGaps {
    let rhythm = Rhythm::of(person);
    let from = since.or_else(|| rhythm.held().first().copied());
    let found: Vec<Gap> = rhythm
        .gaps(today)
        .into_iter()
        .filter(|g| from.is_none_or(|s| g.end > s))
        .collect();
    let adherence = rhythm.adherence(since, today);
    let pauses = rhythm
        .pauses()
        .iter()
        .filter(|p| from.is_some_and(|s| p.until >= s && p.from <= today))
        .copied()
        .collect();
    PersonGaps {
        repo: None,
        person: person.id.clone(),
        cadence: person.cadence,
        held: adherence.held,
        expected: adherence.expected,
        missed: adherence.missed,
        adherence: (adherence.ratio() * 100.0).round() / 100.0,
        longest_gap_days: found.iter().map(|g| g.days).max(),
        gaps: found,
        since: from,
        pauses,
        paused_until: rhythm.standing(today).paused_until,
    }
}

/// `70% adherence, 7 of 10 held, 3 missed since 2026-09-15`, or what
/// stands in for it.
pub fn headline(p: &PersonGaps) -> String {
    match p.since {
        None => "never met".to_owned(),
        Some(since) if p.expected == 0 => format!("no 1:1 expected yet since {since}"),
        Some(since) => {
            let missed = if p.missed == 0 {
                String::new()
            } else {
                format!(", {} missed", p.missed)
            };
            format!(
                "{:.0}% adherence, {} of {} held{missed} since {since}",
                p.adherence * 100.0,
                p.held,
                p.expected,
            )
        }
    }
}

/// A line per person, then their gaps and pauses indented, oldest first.
pub fn render_text(report: &Gaps, style: Style) -> String {
    if report.people.is_empty() {
        return super::NO_PEOPLE.to_owned();
    }
    let widest = |name: fn(&PersonGaps) -> &str| {
        report
            .people
            .iter()
            .map(|p| name(p).chars().count())
            .max()
            .unwrap_or(0)
    };
    let width = widest(|p| &p.person);
    // The repository column only when rows come from several.
    let repo_width = widest(|p| p.repo.as_deref().unwrap_or(""));
    let mut out = String::new();
    for p in &report.people {
        let mut head = format!("{:<width$}", p.person);
        if let Some(repo) = &p.repo {
            head = format!("{repo:<repo_width$}  {head}");
        }
        out.push_str(&style.paint(&head, "1"));
        out.push_str(&format!("  {}: {}\n", p.cadence, headline(p)));
        if p.gaps.is_empty() {
            out.push_str(&format!("  {}\n", style.paint("no gaps", "2")));
        }
        let mut lines: Vec<(NaiveDate, String)> = p
            .gaps
            .iter()
            .map(|g| {
                let end = if g.open {
                    format!("today ({})", g.end)
                } else {
                    g.end.to_string()
                };
                let line = format!(
                    "  {} → {end}  {} days ({} allowed)\n",
                    g.start, g.days, g.allowed_days
                );
                (g.start, line)
            })
            .collect();
        lines.extend(p.pauses.iter().map(|s| {
            let from = if s.from == NaiveDate::MIN {
                "…".to_owned()
            } else {
                s.from.to_string()
            };
            let line = format!("paused {from} → {}", s.until);
            (s.from, format!("  {}\n", style.paint(&line, "2")))
        }));
        lines.sort_by_key(|(start, _)| *start);
        for (_, line) in lines {
            out.push_str(&line);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::person::Pause;

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
        // From 09-01: 09-08 held, 09-15 missed, 09-22 and 09-29 held,
        // 10-06 and 10-13 missed, 10-20 held; 10-27 is still due.
        assert_eq!((p.held, p.expected, p.missed), (4, 7, 3));
        assert!((p.adherence - 0.57).abs() < 1e-9, "{}", p.adherence);
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
        // From the meeting of 09-22: 09-29 held, 10-06 and 10-13 missed,
        // 10-20 held.
        assert_eq!((p.held, p.expected, p.missed), (2, 4, 2));
        assert!((p.adherence - 0.5).abs() < 1e-9);
        assert_eq!(p.gaps.len(), 1);
        assert_eq!(p.longest_gap_days, Some(21));
    }

    #[test]
    fn never_met_and_no_gaps() {
        let never = person_gaps(&person("bo", Cadence::Days(7), &[]), None, d("2026-10-27"));
        assert_eq!((never.held, never.expected, never.since), (0, 0, None));
        assert!((never.adherence - 1.0).abs() < 1e-9, "nothing expected yet");
        assert_eq!(never.longest_gap_days, None);
        let mut cy = person("cy", Cadence::Days(7), &["2026-09-01"]);
        cy.pauses = vec![Pause {
            from: Some(d("2026-09-10")),
            until: d("2026-09-30"),
            reason: None,
        }];
        let mut di = person("di", Cadence::Days(7), &["2026-10-20"]);
        di.pauses = vec![Pause {
            from: None,
            until: d("2026-11-30"),
            reason: None,
        }];
        let report = gaps(
            [
                &person("al", Cadence::Months(1), &["2026-09-27", "2026-10-27"]),
                &person("bo", Cadence::Days(7), &[]),
                &cy,
                &di,
            ],
            None,
            d("2026-10-27"),
        );
        let text = render_text(&report, Style { color: false });
        // cy: 09-08 missed before the pause; due again 10-01, then 10-01,
        // 10-08, 10-15 missed; 10-22 is still within grace.
        assert_eq!(
            text,
            "al  monthly: 100% adherence, 1 of 1 held since 2026-09-27\n  no gaps\n\
             bo  weekly: never met\n  no gaps\n\
             cy  weekly: 0% adherence, 0 of 5 held, 5 missed since 2026-09-01\n\
             \x20 2026-09-01 → today (2026-10-27)  35 days (8 allowed)\n\
             \x20 paused 2026-09-10 → 2026-09-30\n\
             di  weekly: no 1:1 expected yet since 2026-10-20\n  no gaps\n\
             \x20 paused 2026-10-21 → 2026-11-30\n"
        );
    }

    #[test]
    fn json_shape() {
        let report = gaps([&weekly_with_two_gaps()], None, d("2026-10-27"));
        let json = serde_json::to_value(&report).unwrap();
        let expected = serde_json::json!({
            "today": "2026-10-27",
            "people": [{
                "person": "amy", "cadence": "weekly", "held": 4, "expected": 7,
                "missed": 3, "adherence": 0.57, "longest_gap_days": 21,
                "gaps": [
                    {"start": "2026-09-08", "end": "2026-09-22", "days": 14, "allowed_days": 8},
                    {"start": "2026-09-29", "end": "2026-10-20", "days": 21, "allowed_days": 8},
                ],
            }],
        });
        assert_eq!(json, expected);
    }
}
