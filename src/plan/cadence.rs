//! Where a person stands against their cadence, and where the rhythm
//! slipped: pure arithmetic on meeting dates and `today`.

use std::fmt;

use chrono::{Datelike, NaiveDate};

use crate::model::cadence::Cadence;

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
    /// One interval after the last held meeting; `None` when never held.
    pub next_due: Option<NaiveDate>,
    /// `today - next_due`: negative is days left, positive is days overdue.
    pub days: Option<i64>,
}

/// Where a person stands on `today`. `grace` of `None` means the cadence's
/// default. Paused people still get `next_due`/`days` so the table can show
/// what will be waiting when the pause ends.
pub fn standing(
    last_held: Option<NaiveDate>,
    cadence: Cadence,
    grace: Option<u32>,
    paused_until: Option<NaiveDate>,
    today: NaiveDate,
) -> Standing {
    let grace = i64::from(grace.unwrap_or_else(|| cadence.default_grace()));
    let next_due = last_held.map(|d| cadence.after(d, 1));
    let days = next_due.map(|due| (today - due).num_days());
    let state = match days {
        _ if paused_until.is_some_and(|until| today <= until) => State::Paused,
        None => State::Never,
        Some(d) if d < 0 => State::Ok,
        Some(d) if d <= grace => State::Due,
        Some(_) => State::Overdue,
    };
    Standing {
        state,
        next_due,
        days,
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub struct Gap {
    pub start: NaiveDate,
    pub end: NaiveDate,
    pub days: i64,
    pub allowed_days: i64,
}

/// Consecutive held meetings further apart than one interval plus grace.
/// The interval is measured in real days from the earlier meeting, so a
/// month starting on Jan 31 allows only 28 days (plus grace) in 2026.
pub fn gaps(held: &[NaiveDate], cadence: Cadence, grace: Option<u32>) -> Vec<Gap> {
    let grace = i64::from(grace.unwrap_or_else(|| cadence.default_grace()));
    let mut dates = held.to_vec();
    dates.sort_unstable();
    dates.dedup();
    dates
        .iter()
        .zip(dates.iter().skip(1))
        .filter_map(|(&start, &end)| {
            let allowed_days = (cadence.after(start, 1) - start).num_days() + grace;
            let days = (end - start).num_days();
            (days > allowed_days).then_some(Gap {
                start,
                end,
                days,
                allowed_days,
            })
        })
        .collect()
}

#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize)]
pub struct Adherence {
    pub held: u32,
    pub expected: u32,
    pub ratio: f64,
}

/// Meetings held in `[since, today]` against the whole intervals that fit
/// in it. `expected` never drops below 1 so the ratio is always defined.
pub fn adherence(
    held: &[NaiveDate],
    since: NaiveDate,
    today: NaiveDate,
    cadence: Cadence,
) -> Adherence {
    let (held, expected) = if since > today {
        (0, 1)
    } else {
        let count = held.iter().filter(|d| (since..=today).contains(d)).count();
        let held = u32::try_from(count).unwrap_or(u32::MAX);
        (held, whole_intervals(cadence, since, today).max(1))
    };
    Adherence {
        held,
        expected,
        ratio: f64::from(held) / f64::from(expected),
    }
}

/// Largest `k` with `cadence.after(since, k) <= today`; needs `since <= today`.
fn whole_intervals(cadence: Cadence, since: NaiveDate, today: NaiveDate) -> u32 {
    let estimate = match cadence {
        Cadence::Days(n) => {
            // Days(0) cannot come from parsing; treat it as daily rather
            // than divide by zero.
            (today - since).num_days() / i64::from(n.max(1))
        }
        Cadence::Months(n) => {
            let months = |d: NaiveDate| i64::from(d.year()) * 12 + i64::from(d.month0());
            (months(today) - months(since)) / i64::from(n.max(1))
        }
    };
    let k = u32::try_from(estimate).unwrap_or(u32::MAX);
    // The month estimate is never too small, but it can land later in
    // today's month than today: one interval too far.
    if k > 0 && cadence.after(since, k) > today {
        k - 1
    } else {
        k
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::cadence::strategies::{any_cadence, any_date};
    use proptest::prelude::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).expect("valid test date")
    }

    fn dates(list: &str) -> Vec<NaiveDate> {
        list.split(' ')
            .map(|s| s.parse().expect("valid test date"))
            .collect()
    }

    #[test]
    fn standing_states() {
        let weekly = Cadence::Days(7);
        let (mar, due) = (|day| d(2026, 3, day), Some(d(2026, 3, 9)));
        let at = |grace, paused, today| {
            let s = standing(Some(mar(2)), weekly, grace, paused, today);
            (s.state, s.next_due, s.days)
        };
        assert_eq!(at(None, None, mar(6)), (State::Ok, due, Some(-3)));
        assert_eq!(at(None, None, mar(9)), (State::Due, due, Some(0)));
        assert_eq!(at(None, None, mar(10)), (State::Due, due, Some(1)));
        assert_eq!(at(None, None, mar(11)), (State::Overdue, due, Some(2)));
        assert_eq!(at(Some(3), None, mar(12)).0, State::Due);
        assert_eq!(at(Some(3), None, mar(13)).0, State::Overdue);
        assert_eq!(at(Some(0), None, mar(10)).0, State::Overdue);
        let until = Some(mar(31));
        assert_eq!(at(None, until, mar(31)), (State::Paused, due, Some(22)));
        assert_eq!(at(None, until, d(2026, 4, 1)).0, State::Overdue);

        assert_eq!(at(None, None, mar(1)).0, State::Ok);
        let never = standing(None, weekly, None, None, mar(11));
        assert_eq!((never.state, never.next_due), (State::Never, None));
        assert_eq!(never.days, None);
        assert_eq!(
            standing(None, weekly, None, until, mar(1)).state,
            State::Paused
        );
    }

    #[test]
    fn urgency_orders_most_urgent_first() {
        use State::{Due, Never, Overdue, Paused};
        let mut states = [Paused, State::Ok, Never, Overdue, Due];
        states.sort_by_key(|s| s.urgency());
        let names = states.map(|s| s.to_string());
        assert_eq!(names, ["overdue", "due", "never", "ok", "paused"]);
    }

    fn spans(found: &[Gap]) -> Vec<(NaiveDate, NaiveDate, i64, i64)> {
        found
            .iter()
            .map(|g| (g.start, g.end, g.days, g.allowed_days))
            .collect()
    }

    #[test]
    fn gaps_in_known_history() {
        let (weekly, jan) = (Cadence::Days(7), |day| d(2026, 1, day));
        // 7, 10 (over 7 + 1), 8 (exactly allowed) and 21 days apart.
        let held = [jan(5), jan(12), jan(22), jan(30), d(2026, 2, 20)];
        let expected = [(jan(12), jan(22), 10, 8), (jan(30), d(2026, 2, 20), 21, 8)];
        assert_eq!(spans(&gaps(&held, weekly, None)), expected);
        assert!(gaps(&held, weekly, Some(14)).is_empty());
        assert!(gaps(&[], weekly, None).is_empty());
        assert!(gaps(&[jan(12)], weekly, None).is_empty());
        // Unsorted, with same-day duplicates.
        let messy = dates("2026-02-20 2026-01-30 2026-01-30 2026-01-05 2026-01-12 2026-01-22");
        assert_eq!(spans(&gaps(&messy, weekly, None)), expected);
    }

    #[test]
    fn gaps_use_real_month_length() {
        // Jan 31 + 1 month is Feb 28: 28 days, plus the monthly grace of 4.
        let (jan31, mar5) = (d(2026, 1, 31), d(2026, 3, 5));
        let found = gaps(&[jan31, mar5], Cadence::Months(1), None);
        assert_eq!(spans(&found), [(jan31, mar5, 33, 32)]);
        // The same spacing from Mar 31 fits: Apr 30 is 30 days on.
        assert!(gaps(&[d(2026, 3, 31), d(2026, 5, 3)], Cadence::Months(1), None).is_empty());
    }

    #[test]
    fn adherence_counts_window() {
        let jan = |day| d(2026, 1, day);
        // One before the window, a same-day pair that counts twice, one after.
        let held = dates("2025-12-31 2026-01-01 2026-01-08 2026-01-08 2026-01-29 2026-02-01");
        let weekly = |today| adherence(&held, jan(1), today, Cadence::Days(7));
        let a = weekly(jan(31));
        assert_eq!((a.held, a.expected), (4, 4));
        assert!((a.ratio - 1.0).abs() < f64::EPSILON);
        let a = weekly(jan(28));
        assert_eq!((a.held, a.expected), (3, 3));
        let a = weekly(jan(3)); // no whole interval yet, still expects one
        assert_eq!((a.held, a.expected), (1, 1));
        let a = adherence(&held, jan(1), jan(8), Cadence::Months(3));
        assert_eq!((a.held, a.expected), (3, 1));
        assert!((a.ratio - 3.0).abs() < f64::EPSILON);
        let late = adherence(&held, d(2026, 2, 1), jan(8), Cadence::Days(7));
        assert_eq!((late.held, late.expected), (0, 1));
        assert!(late.ratio.abs() < f64::EPSILON);

        let monthly = |since, today| adherence(&[], since, today, Cadence::Months(1)).expected;
        assert_eq!(monthly(jan(31), d(2026, 3, 30)), 1);
        assert_eq!(monthly(jan(31), d(2026, 3, 31)), 2);
        assert_eq!(monthly(jan(15), d(2026, 7, 14)), 5);
    }

    proptest! {
        #[test]
        fn expected_is_largest_k(c in any_cadence(), a in any_date(), span in 0..2000u64) {
            let today = a + chrono::Days::new(span);
            let k = adherence(&[], a, today, c).expected;
            prop_assert!(k == 1 || c.after(a, k) <= today);
            prop_assert!(c.after(a, k + 1) > today);
        }
    }
}
