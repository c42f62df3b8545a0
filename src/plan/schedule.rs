//! The meetings ahead with one person: the dates `calendar` plans.
//!
//! The first meeting is on the next due date, or today when that has
//! passed (or the person was never met). A due date inside a pause moves to
//! the day after it, as the clock restarts when a pause ends. With a
//! timeslot, the first meeting moves to the slot's weekday nearest that day
//! (never before today, never into a pause). The later meetings follow one
//! cadence interval after another from the first, as they would once each
//! is held on time; those that fall in a pause are kept in the series but
//! marked, so a calendar leaves them out while the rhythm stays the same.

use chrono::{Days, NaiveDate};

use crate::model::cadence::Cadence;
use crate::model::person::Pause;
use crate::model::slot::Slot;

/// One date of a series.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Occurrence {
    pub date: NaiveDate,
    /// Inside a pause: part of the rhythm, but no meeting.
    pub paused: bool,
}

/// The planned meetings with one person.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Series {
    pub cadence: Cadence,
    /// `cadence.after(first, k)` for `k` in `0..len`, from the first meeting
    /// to the last one in the window. Never empty; the first and the last
    /// are never paused.
    pub occurrences: Vec<Occurrence>,
}

impl Series {
    /// The first meeting.
    pub fn first(&self) -> NaiveDate {
        self.occurrences[0].date
    }

    /// The dates that are meetings, paused ones left out.
    pub fn meetings(&self) -> impl Iterator<Item = NaiveDate> + '_ {
        self.occurrences
            .iter()
            .filter(|o| !o.paused)
            .map(|o| o.date)
    }
}

/// Is `date` inside one of `pauses`? A pause without a start covers every
/// day up to its end.
pub fn paused_on(pauses: &[Pause], date: NaiveDate) -> bool {
    pauses
        .iter()
        .any(|p| p.from.is_none_or(|from| from <= date) && date <= p.until)
}

/// The meetings from the first one to `weeks` weeks after it (exclusive);
/// the first one always, whatever `weeks`. `None` only when the dates run
/// off the calendar.
pub fn series(
    next_due: Option<NaiveDate>,
    cadence: Cadence,
    slot: Option<Slot>,
    pauses: &[Pause],
    today: NaiveDate,
    weeks: u32,
) -> Option<Series> {
    let mut start = next_due.map_or(today, |due| due.max(today));
    // Each step leaves one pause behind for good, so this ends.
    while let Some(pause) = pauses
        .iter()
        .filter(|p| p.from.is_none_or(|from| from <= start) && start <= p.until)
        .max_by_key(|p| p.until)
    {
        start = pause.until.succ_opt()?;
    }
    let first = match slot {
        None => start,
        Some(slot) => {
            let mut day = slot.nearest(start);
            while day < today || paused_on(pauses, day) {
                day = day.checked_add_days(Days::new(7))?;
            }
            day
        }
    };
    let end = first
        .checked_add_days(Days::new(7 * u64::from(weeks)))
        .unwrap_or(NaiveDate::MAX);
    let mut occurrences = vec![Occurrence {
        date: first,
        paused: false,
    }];
    let mut previous = first;
    for k in 1.. {
        let date = cadence.after(first, k);
        if date <= previous || date >= end {
            break;
        }
        occurrences.push(Occurrence {
            date,
            paused: paused_on(pauses, date),
        });
        previous = date;
    }
    while occurrences.last().is_some_and(|o| o.paused) {
        occurrences.pop();
    }
    Some(Series {
        cadence,
        occurrences,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().expect("valid test date")
    }

    fn pause(from: Option<&str>, until: &str) -> Pause {
        Pause {
            from: from.map(d),
            until: d(until),
            reason: None,
        }
    }

    fn dates(series: &Series) -> Vec<String> {
        series
            .occurrences
            .iter()
            .map(|o| format!("{}{}", o.date, if o.paused { " paused" } else { "" }))
            .collect()
    }

    fn plan(
        due: Option<&str>,
        cadence: Cadence,
        slot: Option<&str>,
        pauses: &[Pause],
        weeks: u32,
    ) -> Vec<String> {
        let slot = slot.map(|s| s.parse::<Slot>().expect("valid slot"));
        let s = series(due.map(d), cadence, slot, pauses, d("2026-11-25"), weeks).unwrap();
        dates(&s)
    }

    const WEEKLY: Cadence = Cadence::Days(7);

    #[test]
    fn the_next_due_date_then_the_cadence() {
        assert_eq!(
            plan(Some("2026-12-01"), WEEKLY, None, &[], 0),
            ["2026-12-01"]
        );
        assert_eq!(
            plan(Some("2026-12-01"), WEEKLY, None, &[], 3),
            ["2026-12-01", "2026-12-08", "2026-12-15"]
        );
        // Overdue or never met: today.
        assert_eq!(
            plan(Some("2026-11-01"), WEEKLY, None, &[], 0),
            ["2026-11-25"]
        );
        assert_eq!(
            plan(None, Cadence::Days(14), None, &[], 4),
            ["2026-11-25", "2026-12-09"]
        );
        // Calendar months, from the first date in one step each.
        assert_eq!(
            plan(Some("2027-01-31"), Cadence::Months(1), None, &[], 13),
            ["2027-01-31", "2027-02-28", "2027-03-31", "2027-04-30"]
        );
    }

    #[test]
    fn a_slot_moves_the_first_meeting_to_its_nearest_weekday() {
        // 2026-12-01 is a Tuesday.
        let tue = Some("tue 10:00");
        assert_eq!(
            plan(Some("2026-12-01"), WEEKLY, tue, &[], 2),
            ["2026-12-01", "2026-12-08"]
        );
        assert_eq!(
            plan(Some("2026-12-03"), WEEKLY, tue, &[], 0),
            ["2026-12-01"],
            "early"
        );
        assert_eq!(
            plan(Some("2026-12-05"), WEEKLY, tue, &[], 0),
            ["2026-12-08"],
            "late"
        );
        // Never before today (a Wednesday): next week's Tuesday.
        assert_eq!(
            plan(Some("2026-11-20"), WEEKLY, tue, &[], 0),
            ["2026-12-01"]
        );
        assert_eq!(
            plan(None, WEEKLY, Some("wed 09:00"), &[], 0),
            ["2026-11-25"]
        );
        // Cadences not in whole weeks keep only the first on the weekday.
        assert_eq!(
            plan(Some("2026-12-01"), Cadence::Days(10), tue, &[], 3),
            ["2026-12-01", "2026-12-11", "2026-12-21"]
        );
    }

    #[test]
    fn pauses_mark_meetings_and_move_a_due_date_past_them() {
        let holiday = [pause(Some("2026-12-20"), "2027-01-04")];
        assert_eq!(
            plan(Some("2026-12-01"), WEEKLY, None, &holiday, 6),
            [
                "2026-12-01",
                "2026-12-08",
                "2026-12-15",
                "2026-12-22 paused",
                "2026-12-29 paused",
                "2027-01-05"
            ]
        );
        // A due date inside the pause moves to the day after it...
        assert_eq!(
            plan(Some("2026-12-22"), WEEKLY, None, &holiday, 1),
            ["2027-01-05"]
        );
        // ...and with a slot, to the slot's day nearest that, never back into the pause.
        assert_eq!(
            plan(Some("2026-12-22"), WEEKLY, Some("sat 10:00"), &holiday, 0),
            ["2027-01-09"]
        );
        assert_eq!(
            plan(Some("2026-12-22"), WEEKLY, Some("mon 10:00"), &holiday, 0),
            ["2027-01-11"]
        );
        // Paused dates at the end of the window are left out.
        assert_eq!(
            plan(Some("2026-12-08"), WEEKLY, None, &holiday, 3),
            ["2026-12-08", "2026-12-15"]
        );
        // Back-to-back pauses, and one with no start.
        let two = [
            pause(None, "2026-12-02"),
            pause(Some("2026-12-03"), "2026-12-10"),
        ];
        assert_eq!(
            plan(Some("2026-12-01"), WEEKLY, None, &two, 0),
            ["2026-12-11"]
        );
        assert!(paused_on(&two, d("2000-01-01")));
        assert!(!paused_on(&two, d("2026-12-11")));
    }

    #[test]
    fn the_last_day_of_the_calendar_ends_the_series() {
        let late = NaiveDate::MAX.pred_opt().unwrap();
        let s = series(Some(late), WEEKLY, None, &[], late, 520).unwrap();
        assert_eq!(s.occurrences.len(), 1);
        let forever = [Pause {
            from: None,
            until: NaiveDate::MAX,
            reason: None,
        }];
        assert_eq!(
            series(None, WEEKLY, None, &forever, d("2026-11-25"), 1),
            None
        );
    }
}
