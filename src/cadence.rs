//! Meeting cadences and where each person stands against theirs.

use std::fmt;
use std::str::FromStr;

use chrono::{Datelike, NaiveDate};

/// The kind of 1:1.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Kind {
    DirectReport,
    Peer,
    Mentee,
    Mentor,
    SkipLevel,
    CrossFunctional,
}

impl Kind {
    pub const ALL: [Kind; 6] = [
        Kind::DirectReport,
        Kind::Peer,
        Kind::Mentee,
        Kind::Mentor,
        Kind::SkipLevel,
        Kind::CrossFunctional,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Kind::DirectReport => "direct-report",
            Kind::Peer => "peer",
            Kind::Mentee => "mentee",
            Kind::Mentor => "mentor",
            Kind::SkipLevel => "skip-level",
            Kind::CrossFunctional => "cross-functional",
        }
    }

    pub fn default_cadence(self) -> Cadence {
        match self {
            Kind::DirectReport => Cadence::Days(7),
            Kind::Peer => Cadence::Days(14),
            Kind::Mentee | Kind::Mentor | Kind::CrossFunctional => Cadence::Months(1),
            Kind::SkipLevel => Cadence::Months(3),
        }
    }
}

impl FromStr for Kind {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Kind::ALL
            .into_iter()
            .find(|k| k.as_str() == s)
            .ok_or_else(|| {
                let names = Kind::ALL.map(Kind::as_str).join(", ");
                format!("unknown kind `{s}` (expected one of: {names})")
            })
    }
}

impl fmt::Display for Kind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// How often a person should be met.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Cadence {
    Days(u32),
    Months(u32),
}

const MAX_DAYS: u32 = 3650;
const MAX_WEEKS: u32 = 520;
const MAX_MONTHS: u32 = 120;
/// Shared by parsing and display so the canonical names cannot drift apart.
const NAMED: [(&str, Cadence); 5] = [
    ("weekly", Cadence::Days(7)),
    ("biweekly", Cadence::Days(14)),
    ("monthly", Cadence::Months(1)),
    ("quarterly", Cadence::Months(3)),
    ("semiannual", Cadence::Months(6)),
];
const CADENCE_HINT: &str =
    "expected weekly, biweekly, monthly, quarterly, semiannual, or Nd/Nw/Nm such as 10d, 3w, 2m";

impl FromStr for Cadence {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let s = s.trim();
        if s.is_empty() {
            return Err(format!("empty cadence ({CADENCE_HINT})"));
        }
        if let Some(&(_, cadence)) = NAMED.iter().find(|(name, _)| *name == s) {
            return Ok(cadence);
        }
        let unknown = || format!("unknown cadence `{s}` ({CADENCE_HINT})");
        let (count, unit) = s.split_at(s.len() - s.chars().last().map_or(0, char::len_utf8));
        let (max, unit_name, build): (u32, &str, fn(u32) -> Cadence) = match unit {
            "d" => (MAX_DAYS, "days", Cadence::Days),
            "w" => (MAX_WEEKS, "weeks", |n| Cadence::Days(n * 7)),
            "m" => (MAX_MONTHS, "months", Cadence::Months),
            _ => return Err(unknown()),
        };
        // A signed count is clearly meant as a number, so it earns the range
        // message rather than the generic one; `+` is refused although
        // `u32::from_str` would take it, to keep one spelling per value.
        let digits = count.strip_prefix(['-', '+']).unwrap_or(count);
        if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
            return Err(unknown());
        }
        match count.parse::<u32>() {
            Ok(n) if (1..=max).contains(&n) && !count.starts_with('+') => Ok(build(n)),
            _ => Err(format!(
                "invalid cadence `{s}`: the count must be a whole number from 1 to {max} {unit_name}"
            )),
        }
    }
}

impl fmt::Display for Cadence {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some((name, _)) = NAMED.iter().find(|(_, c)| c == self) {
            return f.write_str(name);
        }
        match *self {
            // 3647d is 521 weeks, past the week limit, so it must stay in days
            // for the output to parse back.
            Cadence::Days(n) if n % 7 == 0 && n / 7 <= MAX_WEEKS => write!(f, "{}w", n / 7),
            Cadence::Days(n) => write!(f, "{n}d"),
            Cadence::Months(n) => write!(f, "{n}m"),
        }
    }
}

impl serde::Serialize for Cadence {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl Cadence {
    /// The date `k` intervals after `start`. Months are computed from `start`
    /// in one step, so a month-end start stays at month ends where possible
    /// instead of drifting to the shortest month's length. Saturates at
    /// `NaiveDate::MAX` rather than panicking.
    pub fn after(self, start: NaiveDate, k: u32) -> NaiveDate {
        let shifted = match self {
            Cadence::Days(n) => {
                start.checked_add_days(chrono::Days::new(u64::from(n) * u64::from(k)))
            }
            Cadence::Months(n) => n
                .checked_mul(k)
                .and_then(|m| start.checked_add_months(chrono::Months::new(m))),
        };
        shifted.unwrap_or(NaiveDate::MAX)
    }

    /// Nominal length in days, counting a calendar month as 30.
    pub fn nominal_days(self) -> u32 {
        match self {
            Cadence::Days(n) => n,
            Cadence::Months(n) => n.saturating_mul(30),
        }
    }

    pub fn default_grace(self) -> u32 {
        (self.nominal_days() / 7).max(1)
    }

    /// Default meeting length in minutes.
    pub fn default_duration(self) -> u32 {
        match self.nominal_days() {
            0..=7 => 30,
            8..=14 => 45,
            _ => 60,
        }
    }
}

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

/// Settings files spell kinds and cadences as text; reuse the parsers so the
/// messages are the same everywhere.
impl<'de> serde::Deserialize<'de> for Kind {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        String::deserialize(d)?
            .parse()
            .map_err(serde::de::Error::custom)
    }
}

impl<'de> serde::Deserialize<'de> for Cadence {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        String::deserialize(d)?
            .parse()
            .map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).expect("valid test date")
    }

    fn dates(list: &str) -> Vec<NaiveDate> {
        list.split(' ')
            .map(|s| s.parse().expect("valid test date"))
            .collect()
    }

    fn parse(s: &str) -> Cadence {
        s.parse().expect("valid cadence")
    }

    #[test]
    fn cadences_parse_and_display() {
        use Cadence::{Days, Months};
        let cases = [
            ("weekly", Days(7), "weekly"),
            ("biweekly", Days(14), "biweekly"),
            ("monthly", Months(1), "monthly"),
            ("quarterly", Months(3), "quarterly"),
            ("semiannual", Months(6), "semiannual"),
            ("10d", Days(10), "10d"),
            ("3w", Days(21), "3w"),
            ("1w", Days(7), "weekly"),
            ("2m", Months(2), "2m"),
            (" 12m\n", Months(12), "12m"),
            ("3650d", Days(3650), "3650d"),
            ("3647d", Days(3647), "3647d"), // 521 weeks: past the week limit
            ("520w", Days(3640), "520w"),
            ("120m", Months(120), "120m"),
        ];
        for (text, cadence, shown) in cases {
            assert_eq!(parse(text), cadence, "{text}");
            assert_eq!(cadence.to_string(), shown);
            assert_eq!(parse(shown), cadence);
        }
    }

    #[test]
    fn bad_cadences_are_rejected() {
        let err = "fortnightly-ish".parse::<Cadence>().unwrap_err();
        assert!(err.starts_with("unknown cadence `fortnightly-ish` (expected weekly"));
        for bad in "0d 0w 0m -3w +3w 99999d 3651d 521w 121m 4294967296d".split(' ') {
            let err = bad.parse::<Cadence>().unwrap_err();
            assert!(err.contains("from 1 to"), "{bad}: {err}");
        }
        for bad in [
            "", "   ", "Weekly", "10D", "d", "w3", "1.5w", "ten-d", "10é",
        ] {
            assert!(bad.parse::<Cadence>().is_err(), "{bad}");
        }
    }

    #[test]
    fn kinds_parse_display_and_default() {
        for kind in Kind::ALL {
            assert_eq!(kind.as_str().parse::<Kind>(), Ok(kind));
            assert_eq!(kind.to_string(), kind.as_str());
        }
        let err = "foo".parse::<Kind>().unwrap_err();
        let expected = "unknown kind `foo` (expected one of: direct-report, peer, mentee, \
                        mentor, skip-level, cross-functional)";
        assert_eq!(err, expected);
        assert!("Peer".parse::<Kind>().is_err());
        let defaults = Kind::ALL.map(|k| k.default_cadence().to_string());
        assert_eq!(
            defaults.join(" "),
            "weekly biweekly monthly monthly quarterly monthly"
        );
    }

    #[test]
    fn months_are_calendar_true() {
        let (m1, m3, m6) = (Cadence::Months(1), Cadence::Months(3), Cadence::Months(6));
        assert_eq!(m1.after(d(2026, 1, 31), 1), d(2026, 2, 28));
        assert_eq!(m1.after(d(2026, 1, 31), 2), d(2026, 3, 31));
        assert_eq!(m1.after(d(2024, 1, 31), 1), d(2024, 2, 29));
        assert_eq!(m3.after(d(2026, 11, 30), 1), d(2027, 2, 28));
        assert_eq!(m6.after(d(2026, 8, 31), 1), d(2027, 2, 28));
        assert_eq!(m6.after(d(2026, 8, 31), 2), d(2027, 8, 31));
        assert_eq!(Cadence::Days(14).after(d(2026, 12, 25), 1), d(2027, 1, 8));
        assert_eq!(m1.after(d(2026, 5, 5), 0), d(2026, 5, 5));
        assert_eq!(m1.after(d(2026, 5, 5), u32::MAX), NaiveDate::MAX);
        assert_eq!(Cadence::Days(3650).after(NaiveDate::MAX, 1), NaiveDate::MAX);
    }

    #[test]
    fn grace_and_duration_defaults() {
        let named = NAMED.map(|(name, _)| parse(name));
        assert_eq!(named.map(Cadence::default_grace), [1, 2, 4, 12, 25]);
        assert_eq!(named.map(Cadence::default_duration), [30, 45, 60, 60, 60]);
        assert_eq!(Cadence::Days(3).default_grace(), 1);
        assert_eq!(Cadence::Days(10).default_duration(), 45);
        assert_eq!(Cadence::Days(15).default_duration(), 60);
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

    fn any_cadence() -> impl Strategy<Value = Cadence> {
        prop_oneof![
            (1..=MAX_DAYS).prop_map(Cadence::Days),
            (1..=MAX_WEEKS).prop_map(|w| Cadence::Days(w * 7)),
            (1..=MAX_MONTHS).prop_map(Cadence::Months),
        ]
    }

    fn any_date() -> impl Strategy<Value = NaiveDate> {
        (700_000..800_000i32)
            .prop_map(|n| NaiveDate::from_num_days_from_ce_opt(n).expect("in chrono's range"))
    }

    proptest! {
        #[test]
        fn next_due_is_monotonic(c in any_cadence(), a in any_date(), b in any_date()) {
            let (early, late) = if a <= b { (a, b) } else { (b, a) };
            prop_assert!(c.after(early, 1) <= c.after(late, 1));
            prop_assert!(c.after(a, 1) > a);
        }

        #[test]
        fn display_parses_back(c in any_cadence()) {
            prop_assert_eq!(c.to_string().parse::<Cadence>(), Ok(c));
        }

        #[test]
        fn expected_is_largest_k(c in any_cadence(), a in any_date(), span in 0..2000u64) {
            let today = a + chrono::Days::new(span);
            let k = adherence(&[], a, today, c).expected;
            prop_assert!(k == 1 || c.after(a, k) <= today);
            prop_assert!(c.after(a, k + 1) > today);
        }
    }
}
