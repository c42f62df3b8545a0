//! A person's usual timeslot: a weekday and a 24-hour time, optionally in
//! a named IANA time zone (`tue 10:00`, `thu 16:30 Europe/Berlin`).

use std::fmt;
use std::str::FromStr;

use chrono::{Datelike, Days, NaiveDate, NaiveTime, Timelike, Weekday};
use chrono_tz::Tz;

/// When the meetings with someone usually take place.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Slot {
    pub weekday: Weekday,
    /// Whole minutes: seconds are never written.
    pub time: NaiveTime,
    /// `None` is the wall-clock time wherever the user is (a floating time).
    pub zone: Option<Tz>,
}

const SLOT_HINT: &str = "expected a weekday and a 24-hour time, optionally with a time zone, such as `tue 10:00` or `tue 10:00 Europe/Berlin`";

const WEEKDAYS: [(Weekday, &str, &str); 7] = [
    (Weekday::Mon, "mon", "monday"),
    (Weekday::Tue, "tue", "tuesday"),
    (Weekday::Wed, "wed", "wednesday"),
    (Weekday::Thu, "thu", "thursday"),
    (Weekday::Fri, "fri", "friday"),
    (Weekday::Sat, "sat", "saturday"),
    (Weekday::Sun, "sun", "sunday"),
];

fn weekday(word: &str) -> Option<Weekday> {
    let word = word.to_ascii_lowercase();
    WEEKDAYS
        .iter()
        .find(|(_, short, long)| word == *short || word == *long)
        .map(|(day, _, _)| *day)
}

fn weekday_name(day: Weekday) -> &'static str {
    WEEKDAYS
        .iter()
        .find(|(d, _, _)| *d == day)
        .map_or("mon", |(_, short, _)| short)
}

/// `H:MM` or `HH:MM`, 00:00 to 23:59.
fn time(word: &str) -> Option<NaiveTime> {
    let (hours, minutes) = word.split_once(':')?;
    let digits = |s: &str, max_len| {
        (!s.is_empty() && s.len() <= max_len && s.bytes().all(|b| b.is_ascii_digit()))
            .then(|| s.parse::<u32>().ok())
            .flatten()
    };
    if minutes.len() != 2 {
        return None;
    }
    NaiveTime::from_hms_opt(digits(hours, 2)?, digits(minutes, 2)?, 0)
}

/// An IANA zone name, in any letter case (`europe/berlin` is `Europe/Berlin`).
fn zone(word: &str) -> Option<Tz> {
    word.parse::<Tz>().ok().or_else(|| {
        chrono_tz::TZ_VARIANTS
            .iter()
            .find(|tz| tz.name().eq_ignore_ascii_case(word))
            .copied()
    })
}

impl FromStr for Slot {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let words: Vec<&str> = s.split_whitespace().collect();
        let invalid = || format!("invalid slot `{s}` ({SLOT_HINT})");
        let (day, at, tz) = match words[..] {
            [day, at] => (day, at, None),
            [day, at, tz] => (day, at, Some(tz)),
            _ => return Err(invalid()),
        };
        let weekday = weekday(day).ok_or_else(|| {
            format!(
                "invalid slot `{s}`: `{day}` is not a weekday (mon, tue, wed, thu, fri, sat, sun)"
            )
        })?;
        let time = time(at).ok_or_else(|| {
            format!("invalid slot `{s}`: `{at}` is not a 24-hour time from 00:00 to 23:59")
        })?;
        let zone = match tz {
            None => None,
            Some(tz) => Some(zone(tz).ok_or_else(|| {
                format!(
                    "invalid slot `{s}`: unknown time zone `{tz}` (expected an IANA name such as Europe/Berlin or America/New_York)"
                )
            })?),
        };
        Ok(Slot {
            weekday,
            time,
            zone,
        })
    }
}

impl fmt::Display for Slot {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} {:02}:{:02}",
            weekday_name(self.weekday),
            self.time.hour(),
            self.time.minute()
        )?;
        match self.zone {
            Some(tz) => write!(f, " {}", tz.name()),
            None => Ok(()),
        }
    }
}

impl Slot {
    /// The day of this slot's weekday nearest to `date` (at most three days
    /// before or after it).
    pub fn nearest(self, date: NaiveDate) -> NaiveDate {
        let ahead =
            (7 + self.weekday.num_days_from_monday() - date.weekday().num_days_from_monday()) % 7;
        if ahead <= 3 {
            date.checked_add_days(Days::new(u64::from(ahead)))
                .unwrap_or(date)
        } else {
            date.checked_sub_days(Days::new(u64::from(7 - ahead)))
                .unwrap_or(date)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn slot(s: &str) -> Slot {
        s.parse().expect("valid slot")
    }

    #[test]
    fn parses_and_prints_canonically() {
        let s = slot("tue 10:00");
        assert_eq!(s.weekday, Weekday::Tue);
        assert_eq!(s.time, NaiveTime::from_hms_opt(10, 0, 0).unwrap());
        assert_eq!(s.zone, None);
        assert_eq!(s.to_string(), "tue 10:00");
        for (input, canonical) in [
            ("Tuesday 9:05", "tue 09:05"),
            ("  SUN   23:59  ", "sun 23:59"),
            ("thu 16:30 Europe/Berlin", "thu 16:30 Europe/Berlin"),
            ("mon 00:00 america/new_york", "mon 00:00 America/New_York"),
            ("fri 08:15 UTC", "fri 08:15 UTC"),
        ] {
            assert_eq!(slot(input).to_string(), canonical, "{input}");
            assert_eq!(slot(canonical), slot(input), "round trip of {input}");
        }
    }

    #[test]
    fn refuses_what_is_not_a_slot() {
        for (bad, why) in [
            ("", "expected a weekday"),
            ("tue", "expected a weekday"),
            ("tue 10:00 Europe/Berlin extra", "expected a weekday"),
            ("tues 10:00", "`tues` is not a weekday"),
            ("tue 25:00", "`25:00` is not a 24-hour time"),
            ("tue 10:60", "`10:60`"),
            ("tue 10", "`10`"),
            ("tue 10:0", "`10:0`"),
            ("tue -1:00", "`-1:00`"),
            ("tue 10am", "`10am`"),
            ("tue 10:00 Mars/Olympus", "unknown time zone `Mars/Olympus`"),
        ] {
            let e = bad.parse::<Slot>().unwrap_err();
            assert!(e.contains(why), "{bad:?}: {e}");
        }
    }

    #[test]
    fn nearest_day_of_the_slot() {
        let d = |s: &str| s.parse::<NaiveDate>().unwrap();
        let tue = slot("tue 10:00");
        // 2026-12-01 is a Tuesday.
        for (from, to) in [
            ("2026-12-01", "2026-12-01"),
            ("2026-12-02", "2026-12-01"),
            ("2026-12-04", "2026-12-01"),
            ("2026-12-05", "2026-12-08"),
            ("2026-11-28", "2026-12-01"),
            ("2026-11-30", "2026-12-01"),
        ] {
            assert_eq!(tue.nearest(d(from)), d(to), "{from}");
        }
    }
}
