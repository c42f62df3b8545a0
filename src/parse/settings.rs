//! `.oneonone.yaml`: optional settings. Every field has a default, so a
//! repository without the file works as is. A key the tool does not know
//! (a typo, a key of a newer version) is a warning with its place and the
//! nearest known key, not an error: the rest of the file still applies. A
//! known key with a bad value is an error.

use std::collections::BTreeMap;
use std::path::Path;

use chrono::NaiveDate;
use serde::Deserialize;
use serde::de::{self, DeserializeOwned, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_saphyr::Spanned;

use crate::error::{Error, Result};
use crate::model::cadence::{Cadence, Kind};
use crate::model::slot::Slot;
use crate::parse::frontmatter;

pub const FILE_NAME: &str = ".oneonone.yaml";

/// What `review` gathers when the settings do not say.
pub const REVIEW_HEADINGS: [&str; 5] = ["Wins", "Feedback", "Growth", "Goals", "Concerns"];

#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
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
    /// The headings `review` gathers sections under; `None`: the defaults.
    #[serde(default)]
    pub review_headings: Option<Vec<String>>,
    /// Keys the tool does not know, with where they are written.
    #[serde(skip)]
    pub warnings: Vec<Warning>,
}

/// Something in the settings worth saying that does not stop the tool.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Warning {
    pub line: usize,
    pub column: usize,
    pub message: String,
}

impl Warning {
    /// As an error of the settings file, to print or list: `path:line:col: message`.
    pub fn to_error(&self) -> Error {
        self.in_file(Path::new(FILE_NAME))
    }

    /// As an error of the file at `path`.
    pub fn in_file(&self, path: &Path) -> Error {
        Error::at(path, self.line, self.column, &self.message)
    }
}

/// The front-matter keys that are private unless the settings say otherwise.
pub const DEFAULT_PRIVATE_KEYS: [&str; 2] = ["energy", "rating"];

#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
pub struct Defaults {
    pub kind: Option<Kind>,
    pub cadence: Option<Cadence>,
    pub grace: Option<u32>,
    pub duration: Option<u32>,
    pub template: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
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
    pub slot: Option<Slot>,
}

/// One pause as the settings spell it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
pub struct PauseSetting {
    pub from: Option<NaiveDate>,
    pub until: NaiveDate,
    pub reason: Option<String>,
}

/// A key whose children are all commented out reads as null; treat it as empty.
pub(crate) fn null_as_default<'de, D, T>(d: D) -> Result<T, D::Error>
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
        let mut settings: Settings = frontmatter::from_yaml(path, text, 1)?;
        for (id, person) in &settings.people {
            for pause in &person.pauses {
                if pause.from.is_some_and(|from| from > pause.until) {
                    return Err(Error::input(
                        path,
                        format!(
                            "people.{id}.pauses: the pause from {} ends before it starts \
                             (until: {})",
                            pause.from.map(|d| d.to_string()).unwrap_or_default(),
                            pause.until
                        ),
                    ));
                }
            }
        }
        // The file read as typed values; now the keys none of them took.
        if let Ok(shape) = frontmatter::from_yaml::<Shape>(path, text, 1) {
            unknown_keys(&shape, &Schema::Settings, &mut settings.warnings);
        }
        Ok(settings)
    }

    pub fn me(&self) -> &str {
        self.me.as_deref().unwrap_or("me")
    }

    /// The headings `review` gathers: `review_headings`, else
    /// [`REVIEW_HEADINGS`].
    pub fn review_headings(&self) -> Vec<&str> {
        match &self.review_headings {
            Some(headings) => headings.iter().map(String::as_str).collect(),
            None => REVIEW_HEADINGS.to_vec(),
        }
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

/// The keys of a YAML document and where each is written; values are only
/// looked into for more keys.
#[derive(Debug)]
enum Shape {
    Map(Vec<(Spanned<String>, Shape)>),
    Seq(Vec<Shape>),
    Scalar,
}

impl<'de> Deserialize<'de> for Shape {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct ShapeVisitor;
        impl<'de> Visitor<'de> for ShapeVisitor {
            type Value = Shape;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("any YAML value")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Shape, A::Error> {
                let mut entries = Vec::new();
                while let Some(key) = map.next_key::<Spanned<String>>()? {
                    entries.push((key, map.next_value::<Shape>()?));
                }
                Ok(Shape::Map(entries))
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Shape, A::Error> {
                let mut items = Vec::new();
                while let Some(item) = seq.next_element::<Shape>()? {
                    items.push(item);
                }
                Ok(Shape::Seq(items))
            }
            fn visit_bool<E>(self, _: bool) -> Result<Shape, E> {
                Ok(Shape::Scalar)
            }
            fn visit_i64<E>(self, _: i64) -> Result<Shape, E> {
                Ok(Shape::Scalar)
            }
            fn visit_u64<E>(self, _: u64) -> Result<Shape, E> {
                Ok(Shape::Scalar)
            }
            fn visit_f64<E>(self, _: f64) -> Result<Shape, E> {
                Ok(Shape::Scalar)
            }
            fn visit_str<E>(self, _: &str) -> Result<Shape, E> {
                Ok(Shape::Scalar)
            }
            fn visit_unit<E>(self) -> Result<Shape, E> {
                Ok(Shape::Scalar)
            }
            fn visit_none<E>(self) -> Result<Shape, E> {
                Ok(Shape::Scalar)
            }
        }
        d.deserialize_any(ShapeVisitor)
    }
}

/// A warning for each key at the top of `text` that `T` does not read: for
/// a flat file of the tool's own (the user's config file), read as `T`.
pub(crate) fn unknown_keys_of<T: DeserializeOwned>(path: &Path, text: &str) -> Vec<Warning> {
    let mut warnings = Vec::new();
    if let Ok(shape) = frontmatter::from_yaml::<Shape>(path, text, 1) {
        unknown_keys(&shape, &Schema::Flat(fields_of::<T>()), &mut warnings);
    }
    warnings
}

/// Which settings struct a mapping of the file is read into.
enum Schema {
    /// A struct of these keys, none of them looked into.
    Flat(&'static [&'static str]),
    Settings,
    Defaults,
    /// `people`: any id, each a person.
    People,
    Person,
    /// `pauses`: a list of pauses.
    Pauses,
    Pause,
}

impl Schema {
    /// The keys this mapping may have (`None`: any key), and what each
    /// key's value is read as.
    fn keys(&self) -> Option<&'static [&'static str]> {
        match self {
            Schema::Settings => Some(fields_of::<Settings>()),
            Schema::Defaults => Some(fields_of::<Defaults>()),
            Schema::Person => Some(fields_of::<PersonSettings>()),
            Schema::Pause => Some(fields_of::<PauseSetting>()),
            Schema::Flat(keys) => Some(keys),
            Schema::People | Schema::Pauses => None,
        }
    }

    fn child(&self, key: &str) -> Option<Schema> {
        match (self, key) {
            (Schema::Settings, "defaults") => Some(Schema::Defaults),
            (Schema::Settings, "people") => Some(Schema::People),
            (Schema::People, _) => Some(Schema::Person),
            (Schema::Person, "pauses") => Some(Schema::Pauses),
            _ => None,
        }
    }
}

/// Adds a warning for every key of `shape` its schema does not know.
fn unknown_keys(shape: &Shape, schema: &Schema, out: &mut Vec<Warning>) {
    match shape {
        Shape::Map(entries) => {
            for (key, value) in entries {
                if let Some(known) = schema.keys()
                    && !known.contains(&key.value.as_str())
                {
                    // A default written at the top level belongs under `defaults:`.
                    let deeper = matches!(schema, Schema::Settings)
                        .then(|| ("defaults", fields_of::<Defaults>()));
                    out.push(Warning {
                        line: usize::try_from(key.referenced.line()).unwrap_or(0),
                        column: usize::try_from(key.referenced.column()).unwrap_or(0),
                        message: unknown_key_message(&key.value, known, deeper),
                    });
                    continue;
                }
                if let Some(child) = schema.child(&key.value) {
                    unknown_keys(value, &child, out);
                }
            }
        }
        Shape::Seq(items) if matches!(schema, Schema::Pauses) => {
            for item in items {
                unknown_keys(item, &Schema::Pause, out);
            }
        }
        Shape::Seq(_) | Shape::Scalar => {}
    }
}

/// `unknown key `cadance`; did you mean `cadence`?`, or the keys there are.
/// `deeper` is a mapping below this one whose keys are worth suggesting.
fn unknown_key_message(
    key: &str,
    known: &[&'static str],
    deeper: Option<(&str, &[&'static str])>,
) -> String {
    let nearest = |keys: &[&'static str]| {
        let limit = (key.chars().count() / 3).max(1);
        keys.iter()
            .map(|k| (strsim::osa_distance(&key.to_lowercase(), k), *k))
            .filter(|(distance, _)| *distance <= limit)
            .min()
            .map(|(_, k)| k)
    };
    if let Some(k) = nearest(known) {
        return format!("unknown key `{key}`; did you mean `{k}`?");
    }
    if let Some((under, keys)) = deeper
        && let Some(k) = nearest(keys)
    {
        return format!("unknown key `{key}`; did you mean `{k}` under `{under}:`?");
    }
    format!(
        "unknown key `{key}` (known here: {}); it is ignored",
        known.join(", ")
    )
}

/// The keys a settings struct reads, as serde's derive lists them: the
/// list cannot drift from the struct.
fn fields_of<T: DeserializeOwned>() -> &'static [&'static str] {
    struct Capture<'a>(&'a mut &'static [&'static str]);
    impl<'de> Deserializer<'de> for Capture<'_> {
        type Error = de::value::Error;
        fn deserialize_any<V: Visitor<'de>>(self, _: V) -> Result<V::Value, Self::Error> {
            Err(de::Error::custom("only structs are looked into"))
        }
        fn deserialize_struct<V: Visitor<'de>>(
            self,
            _: &'static str,
            fields: &'static [&'static str],
            _: V,
        ) -> Result<V::Value, Self::Error> {
            *self.0 = fields;
            Err(de::Error::custom("fields captured"))
        }
        serde::forward_to_deserialize_any! {
            bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string
            bytes byte_buf option unit unit_struct newtype_struct seq tuple
            tuple_struct map enum identifier ignored_any
        }
    }
    let mut fields: &'static [&'static str] = &[];
    let _ = T::deserialize(Capture(&mut fields));
    fields
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

impl<'de> serde::Deserialize<'de> for Slot {
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
    fn bad_values_are_errors_with_positions() {
        let e = Settings::parse(Path::new(FILE_NAME), b"people:\n  dave:\n    kind: boss\n")
            .unwrap_err()
            .to_string();
        assert!(e.starts_with(".oneonone.yaml:3:"), "{e}");
        assert!(e.contains("unknown kind `boss`"), "{e}");
        let e = Settings::parse(
            Path::new(FILE_NAME),
            b"people:\n  dave:\n    slot: thu 10:00 Europe/Berln\n",
        )
        .unwrap_err()
        .to_string();
        assert!(e.starts_with(".oneonone.yaml:3:"), "{e}");
        assert!(e.contains("unknown time zone `Europe/Berln`"), "{e}");
        let e = Settings::parse(
            Path::new(FILE_NAME),
            b"people:\n  dave:\n    pauses:\n      - {from: 2026-02-01, until: 2026-01-01}\n",
        )
        .unwrap_err()
        .to_string();
        assert!(e.contains("ends before it starts"), "{e}");
    }

    #[test]
    fn unknown_keys_are_warnings_with_the_nearest_key() {
        let s = Settings::parse(
            Path::new(FILE_NAME),
            b"me: sam\ncadense: weekly\ndefaults:\n  grase: 2\npeople:\n  dave:\n    \
              kind: peer\n    handels: [d]\n    pauses:\n      - {until: 2026-01-01, reson: x}\n\
              zzz_custom: 1\n",
        )
        .unwrap();
        assert_eq!(s.me(), "sam");
        assert_eq!(s.person("dave").unwrap().kind, Some(Kind::Peer));
        let warnings: Vec<String> = s
            .warnings
            .iter()
            .map(|w| w.to_error().to_string())
            .collect();
        assert_eq!(
            warnings,
            [
                ".oneonone.yaml:2:1: unknown key `cadense`; did you mean `cadence` under `defaults:`?",
                ".oneonone.yaml:4:3: unknown key `grase`; did you mean `grace`?",
                ".oneonone.yaml:8:5: unknown key `handels`; did you mean `handles`?",
                ".oneonone.yaml:10:29: unknown key `reson`; did you mean `reason`?",
                ".oneonone.yaml:11:1: unknown key `zzz_custom` (known here: me, defaults, \
                 people, commit_on_new, private_keys, review_headings); it is ignored",
            ]
        );
    }

    #[test]
    fn the_known_keys_are_the_structs_fields() {
        assert_eq!(
            fields_of::<Settings>(),
            [
                "me",
                "defaults",
                "people",
                "commit_on_new",
                "private_keys",
                "review_headings"
            ]
        );
        assert!(fields_of::<PersonSettings>().contains(&"former_ids"));
        assert_eq!(fields_of::<PauseSetting>(), ["from", "until", "reason"]);
    }
}
