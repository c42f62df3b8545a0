//! `.oneonone.yaml`: optional settings. Every field has a default, so a
//! repository without the file works as is.

use std::collections::BTreeMap;
use std::path::Path;

use chrono::NaiveDate;
use serde::Deserialize;

use crate::error::{Error, Result};
use crate::model::cadence::{Cadence, Kind};
use crate::parse::frontmatter;

pub const FILE_NAME: &str = ".oneonone.yaml";

#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Settings {
    /// The user's own handle in `@owner` markers.
    #[serde(default)]
    pub me: Option<String>,
    #[serde(default, deserialize_with = "null_as_default")]
    pub defaults: Defaults,
    #[serde(default, deserialize_with = "null_as_default")]
    pub people: BTreeMap<String, PersonSettings>,
    /// Commit each new note with git, as `new --commit` does.
    #[serde(default)]
    pub commit_on_new: bool,
    /// Front-matter keys that stay with you when a note is shared; `None`
    /// for the default ([`DEFAULT_PRIVATE_KEYS`]).
    #[serde(default)]
    pub private_keys: Option<Vec<String>>,
}

/// The front-matter keys that are private unless the settings say otherwise.
pub const DEFAULT_PRIVATE_KEYS: [&str; 2] = ["energy", "rating"];

#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Defaults {
    pub kind: Option<Kind>,
    pub cadence: Option<Cadence>,
    pub grace: Option<u32>,
    pub duration: Option<u32>,
    pub template: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PersonSettings {
    pub name: Option<String>,
    pub kind: Option<Kind>,
    pub cadence: Option<Cadence>,
    pub grace: Option<u32>,
    pub duration: Option<u32>,
    pub template: Option<String>,
    pub paused_until: Option<NaiveDate>,
    /// Other names the person answers to, in commands and `@handle`s.
    #[serde(default)]
    pub handles: Vec<String>,
    /// Ids the person had before `rename`.
    #[serde(default)]
    pub former_ids: Vec<String>,
    /// Leave, sabbaticals, paused mentorships: kept as history.
    #[serde(default)]
    pub pauses: Vec<PauseSetting>,
    /// The usual timeslot: `tue 10:00`, optionally with an IANA zone.
    pub slot: Option<String>,
}

/// One pause as the settings spell it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PauseSetting {
    pub from: Option<NaiveDate>,
    pub until: NaiveDate,
    pub reason: Option<String>,
}

/// A key whose children are all commented out reads as null; treat it as empty.
fn null_as_default<'de, D, T>(d: D) -> Result<T, D::Error>
where
    D: serde::Deserializer<'de>,
    T: Deserialize<'de> + Default,
{
    Ok(Option::<T>::deserialize(d)?.unwrap_or_default())
}

impl Settings {
    pub fn parse(path: &Path, bytes: &[u8]) -> Result<Settings> {
        let text = std::str::from_utf8(bytes)
            .map_err(|_| Error::input(path, "not valid UTF-8"))?
            .trim_start_matches('\u{feff}');
        if text.trim().is_empty() {
            return Ok(Settings::default());
        }
        frontmatter::from_yaml(path, text, 1)
    }

    pub fn me(&self) -> &str {
        self.me.as_deref().unwrap_or("me")
    }

    pub fn person(&self, id: &str) -> Option<&PersonSettings> {
        self.people.get(id)
    }

    /// The front-matter keys left out when a note is shared.
    pub fn private_keys(&self) -> Vec<String> {
        self.private_keys.clone().unwrap_or_else(|| {
            DEFAULT_PRIVATE_KEYS
                .iter()
                .map(|k| (*k).to_owned())
                .collect()
        })
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

    #[test]
    fn reads_people_and_defaults() {
        let s = Settings::parse(
            Path::new(FILE_NAME),
            b"me: sam\ndefaults:\n  cadence: biweekly\npeople:\n  dave:\n    kind: skip-level\n    paused_until: 2026-12-31\n",
        )
        .unwrap();
        assert_eq!(s.me(), "sam");
        assert_eq!(s.defaults.cadence, Some(Cadence::Days(14)));
        let dave = s.person("dave").unwrap();
        assert_eq!(dave.kind, Some(Kind::SkipLevel));
        assert_eq!(dave.paused_until, NaiveDate::from_ymd_opt(2026, 12, 31));
        assert_eq!(s.private_keys(), ["energy", "rating"]);
        let s = Settings::parse(
            Path::new(FILE_NAME),
            b"private_keys: [mood]
",
        )
        .unwrap();
        assert_eq!(s.private_keys(), ["mood"]);
        let s = Settings::parse(
            Path::new(FILE_NAME),
            b"private_keys: []
",
        )
        .unwrap();
        assert!(s.private_keys().is_empty());
    }

    #[test]
    fn typos_are_errors_with_positions() {
        let e = Settings::parse(Path::new(FILE_NAME), b"people:\n  dave:\n    kind: boss\n")
            .unwrap_err()
            .to_string();
        assert!(e.starts_with(".oneonone.yaml:3:"), "{e}");
        assert!(e.contains("unknown kind `boss`"), "{e}");
        let e = Settings::parse(Path::new(FILE_NAME), b"cadense: weekly\n")
            .unwrap_err()
            .to_string();
        assert!(e.contains("cadense"), "{e}");
    }
}
