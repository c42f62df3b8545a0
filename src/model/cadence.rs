//! Kinds of 1:1 and meeting cadences: what they are called and how far
//! apart their meetings fall.

use std::fmt;
use std::str::FromStr;

use chrono::NaiveDate;

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
    /// The user's own manager: the 1:1 seen from the report's side.
    Manager,
}

impl Kind {
    pub const ALL: [Kind; 7] = [
        Kind::DirectReport,
        Kind::Peer,
        Kind::Mentee,
        Kind::Mentor,
        Kind::SkipLevel,
        Kind::CrossFunctional,
        Kind::Manager,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Kind::DirectReport => "direct-report",
            Kind::Peer => "peer",
            Kind::Mentee => "mentee",
            Kind::Mentor => "mentor",
            Kind::SkipLevel => "skip-level",
            Kind::CrossFunctional => "cross-functional",
            Kind::Manager => "manager",
        }
    }

    pub fn default_cadence(self) -> Cadence {
        match self {
            Kind::DirectReport | Kind::Manager => Cadence::Days(7),
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
        if let Some(name) = self.name() {
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
    /// The cadences that have a name (`weekly`, …), shortest first.
    pub fn names() -> impl Iterator<Item = &'static str> {
        NAMED.into_iter().map(|(name, _)| name)
    }

    /// This cadence's name, when it has one (`weekly`); the text form
    /// without building a string, for the cadences nearly every note uses.
    pub fn name(self) -> Option<&'static str> {
        NAMED
            .iter()
            .find(|(_, c)| *c == self)
            .map(|&(name, _)| name)
    }

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

#[cfg(test)]
mod tests {
    use super::strategies::{any_cadence, any_date};
    use super::*;
    use proptest::prelude::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).expect("valid test date")
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
                        mentor, skip-level, cross-functional, manager)";
        assert_eq!(err, expected);
        assert!("Peer".parse::<Kind>().is_err());
        let defaults = Kind::ALL.map(|k| k.default_cadence().to_string());
        assert_eq!(
            defaults.join(" "),
            "weekly biweekly monthly monthly quarterly monthly weekly"
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

    }
}

/// Random cadences and dates, for the property tests of every module that
/// does date arithmetic.
#[cfg(test)]
pub(crate) mod strategies {
    use super::{Cadence, MAX_DAYS, MAX_MONTHS, MAX_WEEKS};
    use chrono::NaiveDate;
    use proptest::prelude::*;

    pub fn any_cadence() -> impl Strategy<Value = Cadence> {
        prop_oneof![
            (1..=MAX_DAYS).prop_map(Cadence::Days),
            (1..=MAX_WEEKS).prop_map(|w| Cadence::Days(w * 7)),
            (1..=MAX_MONTHS).prop_map(Cadence::Months),
        ]
    }

    pub fn any_date() -> impl Strategy<Value = NaiveDate> {
        (700_000..800_000i32)
            .prop_map(|n| NaiveDate::from_num_days_from_ce_opt(n).expect("in chrono's range"))
    }
}
