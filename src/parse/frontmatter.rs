//! The only module that touches YAML: splitting the front matter off a note,
//! and reading it (and the settings file) into typed values. User YAML is
//! never serialised back; the tool only ever reads it (the parsed values are
//! serialised, in binary, only into the index cache).

use std::borrow::Cow;
use std::path::Path;

use serde::Deserialize;
use serde::de::DeserializeOwned;
use serde_saphyr::Spanned;

use crate::error::{Error, Result};
use crate::model::cadence::{Cadence, Kind};
use crate::model::date::parse_date;
use crate::model::note::{FrontMatter, Located, NoteName, Status};
use crate::model::slot::Slot;

mod simple;

use simple::Scalar;

/// A note's text cut into its YAML block and its Markdown body.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Split<'a> {
    pub yaml: &'a str,
    /// 1-based line of the file on which the YAML starts.
    pub yaml_line: usize,
    pub body: &'a str,
    /// Byte offset of the body in the file.
    pub body_offset: usize,
}

/// Why a file has no usable front matter block.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SplitError {
    Missing,
    Unterminated,
}

/// Cuts the first `---` … `---`/`...` block off `text`. Only the very first
/// line may open it, so a `---` later in the body stays a thematic break.
pub fn split(text: &str) -> Result<Split<'_>, SplitError> {
    let start = if text.starts_with('\u{feff}') { 3 } else { 0 };
    let mut lines = LineSpans::new(text, start);
    match lines.next() {
        Some((_, line)) if is_fence(line, "---") => {}
        _ => return Err(SplitError::Missing),
    }
    let yaml_start = lines.pos;
    for (line_start, line) in lines.by_ref() {
        if is_fence(line, "---") || is_fence(line, "...") {
            return Ok(Split {
                yaml: &text[yaml_start..line_start],
                yaml_line: 2,
                body: &text[lines.pos..],
                body_offset: lines.pos,
            });
        }
    }
    Err(SplitError::Unterminated)
}

fn is_fence(line: &str, fence: &str) -> bool {
    line.strip_prefix(fence)
        .is_some_and(|rest| rest.bytes().all(|b| matches!(b, b'\r' | b' ' | b'\t')))
}

/// Lines of `text` from byte `pos`, each with its start offset, without the newline.
struct LineSpans<'a> {
    text: &'a str,
    pos: usize,
}

impl<'a> LineSpans<'a> {
    fn new(text: &'a str, pos: usize) -> Self {
        Self { text, pos }
    }
}

impl<'a> Iterator for LineSpans<'a> {
    type Item = (usize, &'a str);

    fn next(&mut self) -> Option<Self::Item> {
        if self.pos >= self.text.len() {
            return None;
        }
        let start = self.pos;
        let rest = &self.text[start..];
        let (line, advance) = match memchr::memchr(b'\n', rest.as_bytes()) {
            Some(i) => (&rest[..i], i + 1),
            None => (rest, rest.len()),
        };
        self.pos += advance;
        Some((start, line))
    }
}

#[derive(Deserialize)]
struct RawFrontMatter {
    person: Option<Spanned<String>>,
    name: Option<Spanned<String>>,
    date: Option<Spanned<String>>,
    kind: Option<Spanned<String>>,
    cadence: Option<Spanned<String>>,
    duration: Option<Spanned<String>>,
    status: Option<Spanned<String>>,
    slot: Option<Spanned<String>>,
    carried_from: Option<Spanned<String>>,
    private: Option<Spanned<String>>,
}

/// The known keys' raw values, from whichever reader read the block.
#[derive(Debug, Default, PartialEq)]
struct Scalars<'a> {
    person: Option<Scalar<'a>>,
    name: Option<Scalar<'a>>,
    date: Option<Scalar<'a>>,
    kind: Option<Scalar<'a>>,
    cadence: Option<Scalar<'a>>,
    duration: Option<Scalar<'a>>,
    status: Option<Scalar<'a>>,
    slot: Option<Scalar<'a>>,
    carried_from: Option<Scalar<'a>>,
    private: Option<Scalar<'a>>,
}

/// The front matter's keys the tool reads.
pub const KNOWN_KEYS: [&str; 10] = [
    "person",
    "name",
    "date",
    "kind",
    "cadence",
    "duration",
    "status",
    "slot",
    "carried_from",
    "private",
];

/// Reads the block with the fast reader when it can, else with the full
/// YAML parser (and its safety budgets).
fn scalars<'a>(path: &Path, yaml: &'a str) -> Result<Scalars<'a>> {
    if let Some(entries) = simple::parse(yaml, &|key| !KNOWN_KEYS.contains(&key)) {
        let mut s = Scalars::default();
        for (key, value) in entries {
            let slot = match key {
                "person" => &mut s.person,
                "name" => &mut s.name,
                "date" => &mut s.date,
                "kind" => &mut s.kind,
                "cadence" => &mut s.cadence,
                "duration" => &mut s.duration,
                "status" => &mut s.status,
                "slot" => &mut s.slot,
                "carried_from" => &mut s.carried_from,
                "private" => &mut s.private,
                _ => continue,
            };
            *slot = value;
        }
        return Ok(s);
    }
    full_scalars(path, yaml)
}

fn full_scalars(path: &Path, yaml: &str) -> Result<Scalars<'static>> {
    let raw: RawFrontMatter = from_yaml(path, yaml, 1)?;
    let scalar = |s: Option<Spanned<String>>| {
        s.map(|s| Scalar {
            line: usize::try_from(s.referenced.line()).unwrap_or(0),
            column: usize::try_from(s.referenced.column()).unwrap_or(0),
            value: Cow::Owned(s.value),
        })
    };
    Ok(Scalars {
        person: scalar(raw.person),
        name: scalar(raw.name),
        date: scalar(raw.date),
        kind: scalar(raw.kind),
        cadence: scalar(raw.cadence),
        duration: scalar(raw.duration),
        status: scalar(raw.status),
        slot: scalar(raw.slot),
        carried_from: scalar(raw.carried_from),
        private: scalar(raw.private),
    })
}

/// Longest meeting we accept; anything longer is a typo, not a 1:1.
const MAX_DURATION: u32 = 24 * 60;

/// Largest front matter read. A real one is a few hundred bytes; YAML is
/// slow to read (a few MB/s), so a huge block would stall every report.
pub const MAX_FRONT_MATTER_BYTES: usize = 64 << 10;

/// Reads the YAML of a note. `yaml_line` is the file line the YAML starts on,
/// so positions in errors point into the file, not into the block.
pub fn parse(path: &Path, yaml: &str, yaml_line: usize) -> Result<FrontMatter> {
    if yaml.trim().is_empty() {
        return Err(Error::at(path, yaml_line, 1, "front matter is empty"));
    }
    if yaml.len() > MAX_FRONT_MATTER_BYTES {
        return Err(Error::at(
            path,
            yaml_line,
            1,
            format!(
                "front matter is larger than {} KB; not read",
                MAX_FRONT_MATTER_BYTES >> 10
            ),
        ));
    }
    let raw = scalars(path, yaml).map_err(|e| e.shifted(yaml_line - 1))?;
    Ok(FrontMatter {
        person: located(path, yaml_line, raw.person, &|v| Ok(v.to_owned()))?,
        name: raw.name.map(|s| s.value.into_owned()),
        date: located(path, yaml_line, raw.date, &|v| {
            parse_date(v).ok_or_else(|| format!("`{v}` is not a real date (expected YYYY-MM-DD)"))
        })?,
        kind: located(path, yaml_line, raw.kind, &|v| v.parse::<Kind>())?.map(|l| l.value),
        cadence: located(path, yaml_line, raw.cadence, &|v| v.parse::<Cadence>())?.map(|l| l.value),
        duration: located(path, yaml_line, raw.duration, &|v| match v.parse::<u32>() {
            Ok(m) if (1..=MAX_DURATION).contains(&m) => Ok(m),
            _ => Err(format!(
                "duration must be minutes between 1 and {MAX_DURATION}, not `{v}`"
            )),
        })?
        .map(|l| l.value),
        status: located(path, yaml_line, raw.status, &|v| v.parse::<Status>())?
            .map(|l| l.value)
            .unwrap_or_default(),
        slot: located(path, yaml_line, raw.slot, &|v| v.parse::<Slot>())?.map(|l| l.value),
        carried_from: located(
            path,
            yaml_line,
            raw.carried_from,
            &|v| match NoteName::from_stem(v) {
                Some(Ok(name)) => Ok(name),
                _ => Err(format!(
                    "carried_from `{v}` names no note (expected YYYY-MM-DD or YYYY-MM-DD-N)"
                )),
            },
        )?
        .map(|l| l.value),
        private: located(path, yaml_line, raw.private, &|v| match v {
            "true" | "True" | "TRUE" | "yes" | "Yes" | "YES" | "on" | "On" | "ON" => Ok(true),
            "false" | "False" | "FALSE" | "no" | "No" | "NO" | "off" | "Off" | "OFF" => Ok(false),
            _ => Err(format!("private must be true or false, not `{v}`")),
        })?
        .is_some_and(|l| l.value),
    })
}

/// The front matter's own fields that are numbers (`energy: 4`,
/// `rating: 3.5`), sorted by key: what a note records beyond the fields the
/// tool knows. Known fields (`duration` among them), text, lists and
/// non-finite numbers are left out; YAML that cannot be read gives none.
pub fn numbers(yaml: &str) -> Vec<(String, f64)> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum Field {
        Number(f64),
        Other(serde::de::IgnoredAny),
    }
    let number = |key: &str, value: &str| {
        let value = value.trim();
        let n = value.parse::<f64>().ok().filter(|n| n.is_finite())?;
        // YAML's own spellings only: no `inf`, `nan` or `1_000`.
        let plain = value
            .bytes()
            .all(|b| b.is_ascii_digit() || b"+-.eE".contains(&b));
        (plain && !KNOWN_KEYS.contains(&key)).then(|| (key.to_owned(), n))
    };
    let mut out: Vec<(String, f64)> = if let Some(entries) = simple::parse(yaml, &|_| true) {
        entries
            .into_iter()
            .filter_map(|(key, value)| number(key, &value?.value))
            .collect()
    } else {
        let fields: std::collections::BTreeMap<String, Field> =
            from_yaml(Path::new(""), yaml, 1).unwrap_or_default();
        fields
            .into_iter()
            .filter_map(|(key, field)| match field {
                Field::Number(n) => number(&key, &n.to_string()),
                Field::Other(_) => None,
            })
            .collect()
    };
    out.sort_by(|a, b| a.0.cmp(&b.0));
    out
}

/// Converts one scalar, pinning a conversion error to where the file spells it.
fn located<T>(
    path: &Path,
    yaml_line: usize,
    scalar: Option<Scalar<'_>>,
    convert: &dyn Fn(&str) -> Result<T, String>,
) -> Result<Option<Located<T>>> {
    let Some(s) = scalar else { return Ok(None) };
    let line = s.line + yaml_line - 1;
    let column = s.column;
    let value = convert(&s.value).map_err(|e| Error::at(path, line, column, e))?;
    Ok(Some(Located {
        value,
        line,
        column,
    }))
}

/// Deserialises any YAML document (front matter or settings) with the
/// parser's safety budgets, turning its errors into `path:line:col` ones.
pub fn from_yaml<T: DeserializeOwned>(path: &Path, yaml: &str, yaml_line: usize) -> Result<T> {
    // A fifth of the parser's default node budget: still room for a 64 KB
    // front matter or thousands of people in the settings, and an alias
    // bomb is stopped five times sooner.
    let options = serde_saphyr::options! {
        budget: serde_saphyr::budget! { max_nodes: 50_000 },
    };
    serde_saphyr::from_str_with_options::<T>(yaml, options).map_err(|e| {
        let message = yaml_message(&e);
        match e.location() {
            Some(l) if l.line() > 0 => Error::at(
                path,
                usize::try_from(l.line()).unwrap_or(0) + yaml_line - 1,
                usize::try_from(l.column()).unwrap_or(0),
                message,
            ),
            _ => Error::input(path, message),
        }
    })
}

/// The parser's message in the user's terms: no position (the caller puts
/// it in front), no advice aimed at programmers.
fn yaml_message(e: &serde_saphyr::Error) -> String {
    let text = e.without_snippet().to_string();
    let text = text
        .split_once(" at line ")
        .map_or(text.as_str(), |(m, _)| m);
    let text = text.trim_end_matches(", set DuplicateKeyPolicy in Options if acceptable");
    if text.starts_with("budget breached: Depth") {
        return "invalid YAML: nested too deeply; not read".to_owned();
    }
    if text.starts_with("budget breached") {
        return "invalid YAML: it expands to too much data (an alias bomb?); not read".to_owned();
    }
    if text == "expected mapping start" {
        return "invalid YAML: expected a mapping of `key: value` lines".to_owned();
    }
    // Our own value checks (unknown kind, bad cadence, unknown key) arrive
    // as plain messages; only the parser's own complaints are about YAML.
    let ours = matches!(e.without_snippet(), serde_saphyr::Error::Message { .. });
    if (ours && !text.starts_with("duplicate")) || text.starts_with("unknown field") {
        text.to_owned()
    } else {
        format!("invalid YAML: {text}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;

    fn fm(yaml: &str) -> Result<FrontMatter> {
        parse(Path::new("a/2026-11-25.md"), yaml, 2)
    }

    #[test]
    fn carried_from_names_a_note_by_its_date() {
        let name = |v: &str| fm(&format!("person: a\ncarried_from: {v}\n")).map(|f| f.carried_from);
        let day = NaiveDate::from_ymd_opt(2026, 11, 18).unwrap();
        assert_eq!(
            name("2026-11-18").unwrap(),
            Some(NoteName { date: day, seq: 1 })
        );
        assert_eq!(
            name("2026-11-18-2").unwrap(),
            Some(NoteName { date: day, seq: 2 })
        );
        for wrong in ["2026-02-30", "2026-11-18-1", "2026-11-18.md", "last week"] {
            let message = name(wrong).unwrap_err().to_string();
            assert_eq!(
                message,
                format!(
                    "a/2026-11-25.md:3:15: carried_from `{wrong}` names no note \
                     (expected YYYY-MM-DD or YYYY-MM-DD-N)"
                ),
            );
        }
    }

    #[test]
    fn numbers_are_the_unknown_numeric_fields() {
        let yaml = "person: a\nduration: 30\nenergy: 4\nrating: 3.5\nmood: good\n\
                    focus: -1\nwhen: 2026-11-25\nbig: 1e3\n";
        assert_eq!(
            numbers(yaml),
            [
                ("big".to_owned(), 1000.0),
                ("energy".to_owned(), 4.0),
                ("focus".to_owned(), -1.0),
                ("rating".to_owned(), 3.5),
            ]
        );
        // Beyond the fast reader: the full parser, same answer.
        let nested = "person: a\ntags:\n  - x\nenergy: 2\n";
        assert_eq!(numbers(nested), [("energy".to_owned(), 2.0)]);
        assert!(numbers("energy: [\n").is_empty());
    }

    #[test]
    fn split_finds_first_block_only() {
        let text = "---\nperson: a\n---\nbody\n---\nmore\n";
        let s = split(text).unwrap();
        assert_eq!(s.yaml, "person: a\n");
        assert_eq!(s.body, "body\n---\nmore\n");
        assert_eq!(s.body_offset, 18);
    }

    #[test]
    fn split_tolerates_bom_crlf_and_dots() {
        let text = "\u{feff}---\r\nperson: a\r\n...\r\nbody\r\n";
        let s = split(text).unwrap();
        assert_eq!(s.yaml, "person: a\r\n");
        assert_eq!(s.body, "body\r\n");
    }

    #[test]
    fn split_reports_missing_and_unterminated() {
        assert_eq!(split("# title\n---\n"), Err(SplitError::Missing));
        assert_eq!(split(""), Err(SplitError::Missing));
        assert_eq!(split("---\nperson: a\n"), Err(SplitError::Unterminated));
        assert_eq!(split(" ---\na: 1\n---\n"), Err(SplitError::Missing));
    }

    #[test]
    fn parses_known_fields_and_ignores_unknown() {
        let f = fm("person: alice\nname: Alice Smith\ndate: 2026-11-25\nkind: peer\ncadence: 3w\nduration: 45\nstatus: cancelled\ntags: [growth]\nmood: great\n").unwrap();
        assert_eq!(f.person.unwrap().value, "alice");
        assert_eq!(f.name.as_deref(), Some("Alice Smith"));
        assert_eq!(
            f.date.unwrap().value,
            NaiveDate::from_ymd_opt(2026, 11, 25).unwrap()
        );
        assert_eq!(f.kind, Some(Kind::Peer));
        assert_eq!(f.cadence, Some(Cadence::Days(21)));
        assert_eq!(f.duration, Some(45));
        assert_eq!(f.status, Status::Cancelled);
        assert_eq!(f.slot, None);
        let f = fm("slot: tue 10:00\n").unwrap();
        assert_eq!(f.slot.map(|s| s.to_string()).as_deref(), Some("tue 10:00"));
        let f = fm("slot: \"thu 16:30 Europe/Berlin\"\n").unwrap();
        assert_eq!(
            f.slot.map(|s| s.to_string()).as_deref(),
            Some("thu 16:30 Europe/Berlin")
        );
    }

    #[test]
    fn errors_point_into_the_file() {
        let e = fm("person: alice\ndate: 2026-02-30\n").unwrap_err();
        assert_eq!(
            e.to_string(),
            "a/2026-11-25.md:3:7: `2026-02-30` is not a real date (expected YYYY-MM-DD)"
        );
        let e = fm("date: 20261101\n").unwrap_err().to_string();
        assert!(
            e.starts_with("a/2026-11-25.md:2:7: `20261101` is not a real date"),
            "{e}"
        );
        let e = fm("person: a\nperson: b\n").unwrap_err().to_string();
        assert!(
            e.starts_with("a/2026-11-25.md:3:1: invalid YAML: duplicate mapping key"),
            "{e}"
        );
        let e = fm("- a\n- b\n").unwrap_err().to_string();
        assert!(
            e.contains("expected a mapping of `key: value` lines"),
            "{e}"
        );
        let e = fm("kind: boss\n").unwrap_err().to_string();
        assert!(
            e.starts_with("a/2026-11-25.md:2:7: unknown kind `boss`"),
            "{e}"
        );
        let e = fm("cadence: fortnightly-ish\n").unwrap_err().to_string();
        assert!(e.contains("unknown cadence `fortnightly-ish`"), "{e}");
        let e = fm("duration: -5\n").unwrap_err().to_string();
        assert!(e.contains("duration must be minutes"), "{e}");
        let e = fm("status: maybe\n").unwrap_err().to_string();
        assert!(e.contains("unknown status"), "{e}");
        let e = fm("person: a\nslot: tue 25:00\n").unwrap_err().to_string();
        assert!(
            e.starts_with("a/2026-11-25.md:3:7: invalid slot `tue 25:00`"),
            "{e}"
        );
        let e = fm("slot: [tue, \"10:00\"]\n").unwrap_err().to_string();
        assert!(e.starts_with("a/2026-11-25.md:2:"), "{e}");
        assert!(fm("\n").unwrap_err().to_string().contains("empty"));
    }

    #[test]
    fn alias_bombs_are_refused() {
        let mut yaml = String::from("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
        for i in 1..12 {
            let prev = format!("*a{}", i - 1);
            yaml.push_str(&format!("a{i}: &a{i} [{}]\n", vec![prev; 10].join(", ")));
        }
        let e = fm(&yaml).unwrap_err().to_string();
        assert!(e.contains("alias bomb"), "{e}");
    }

    proptest::proptest! {
        // About a third of the cases reach the comparison (the rest are
        // shapes the fast reader leaves to the full parser): thousands are
        // compared on every run. `PROPTEST_CASES` can only raise it.
        #![proptest_config(proptest::prelude::ProptestConfig {
            cases: proptest::prelude::ProptestConfig::default().cases.max(12_000),
            ..proptest::prelude::ProptestConfig::default()
        })]

        /// Wherever the fast reader answers, the full YAML parser agrees.
        #[test]
        fn the_fast_reader_agrees_with_the_yaml_parser(
            lines in proptest::collection::vec(
                (
                    proptest::sample::select(vec!["person", "name", "date", "kind", "cadence", "duration", "status", "slot", "private", "tags", "mood", "x_y-z"]),
                    proptest::sample::select(vec![
                        "alice", "Alice Smith", "\"Alice: Smith #1\"", "'single q'", "2026-11-25", "20261101",
                        "-5", "45", "weekly", "3w", "~", "null", "", "[a, b]", "[]", "yes", "1e3", "a # comment",
                        "\"x\" # c", "0x1F", ".inf", "Zoë", "-", "x-y", "a:b", "2026-11-25T10:00", "true", "False",
                        "tue 10:00", "\"thu 16:30 Europe/Berlin\"", "10:00", "\u{3000}wide", "nbsp\u{a0}",
                        "\ttabbed", "x\t",
                    ]),
                    proptest::sample::select(vec!["", " ", "  ", "\r"]),
                ),
                1..8,
            )
        ) {
            let yaml: String = lines
                .iter()
                .map(|(k, v, pad)| format!("{k}:{}{v}{pad}\n", if v.is_empty() { "" } else { " " }))
                .collect();
            let path = Path::new("p.md");
            if let Some(entries) = simple::parse(&yaml, &|k| !KNOWN_KEYS.contains(&k)) {
                let fast = scalars(path, &yaml).unwrap();
                let full = full_scalars(path, &yaml);
                proptest::prop_assert!(full.is_ok(), "{yaml:?}: fast {entries:?}, full {full:?}");
                proptest::prop_assert_eq!(fast, full.unwrap(), "{:?}", yaml);
            }
        }
    }

    #[test]
    fn deep_and_huge_yaml_is_refused_quickly() {
        let deep = format!("tags: {}x{}\n", "{a: ".repeat(10_000), "}".repeat(10_000));
        let e = fm(&deep).unwrap_err().to_string();
        assert!(e.contains("nested too deeply"), "{e}");
        let huge = (0..10_000).fold(String::new(), |y, i| y + &format!("key{i}: {i}\n"));
        assert_eq!(
            fm(&huge).unwrap_err().to_string(),
            "a/2026-11-25.md:2:1: front matter is larger than 64 KB; not read"
        );
    }

    #[test]
    fn strict_dates() {
        assert!(parse_date("2026-11-25").is_some());
        assert!(parse_date("2026-2-05").is_none());
        assert!(parse_date("+2026-11-25").is_none());
        assert!(parse_date("2026-13-45").is_none());
    }
}
