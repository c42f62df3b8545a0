//! Who a name on the command line or an `@owner` in an item means. A person
//! answers to their id (the folder), to the ids they had before a rename
//! (`former_ids`), to the `handles` the settings give them, and to their
//! display name, case ignored. Every command that takes a person, and every
//! owner filter, asks here, so they all agree.
//!
//! Pure: the people are handed in (ids and display names, from the folders,
//! the notes or the settings), nothing is read.

use std::collections::BTreeMap;

use crate::error::{Error, Result};
use crate::model::person::person_arg;
use crate::parse::settings::Settings;

/// One person and every name they answer to.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Known {
    pub id: String,
    pub name: Option<String>,
    pub handles: Vec<String>,
    pub former_ids: Vec<String>,
}

impl Known {
    /// Whether `@owner` (without the `@`, any case) names this person: the
    /// id, a former id or a handle. Display names have spaces, so an
    /// `@word` never spells one.
    pub fn is_owner(&self, owner: &str) -> bool {
        let owner = owner.trim_start_matches('@');
        self.id.eq_ignore_ascii_case(owner)
            || self
                .former_ids
                .iter()
                .chain(&self.handles)
                .any(|h| h.to_lowercase() == owner.to_lowercase())
    }

    /// Every `@owner` spelling of this person, lower case.
    pub fn owner_names(&self) -> Vec<String> {
        std::iter::once(&self.id)
            .chain(&self.former_ids)
            .chain(&self.handles)
            .map(|h| h.to_lowercase())
            .collect()
    }

    /// The names compared when looking for a near match, lower case: id,
    /// former ids, handles, the display name and its slug.
    fn keys(&self) -> Vec<String> {
        let mut keys = self.owner_names();
        if let Some(name) = &self.name {
            keys.push(fold(name));
            if let Ok(arg) = person_arg(name) {
                keys.push(arg.id);
            }
        }
        keys
    }
}

/// Everyone a repository knows, sorted by id.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Directory {
    people: Vec<Known>,
}

/// What looking a name up found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Lookup<'a> {
    One(&'a Known),
    /// Several people answer to it equally well (a shared handle or name).
    Several(Vec<&'a Known>),
    Nobody,
}

impl Directory {
    /// The people with these ids and display names (the name the settings
    /// give wins), plus everyone the settings name, each with the handles
    /// and former ids the settings give them.
    pub fn new<'a>(
        people: impl IntoIterator<Item = (&'a str, Option<&'a str>)>,
        settings: &Settings,
    ) -> Directory {
        let mut by_id: BTreeMap<String, Known> = BTreeMap::new();
        for (id, name) in people {
            let known = by_id.entry(id.to_owned()).or_default();
            id.clone_into(&mut known.id);
            if known.name.is_none() {
                known.name = name.map(str::to_owned);
            }
        }
        for (id, own) in &settings.people {
            let known = by_id.entry(id.clone()).or_default();
            known.id.clone_from(id);
            if own.name.is_some() {
                known.name.clone_from(&own.name);
            }
            known.handles.clone_from(&own.handles);
            known.former_ids.clone_from(&own.former_ids);
        }
        Directory {
            people: by_id.into_values().collect(),
        }
    }

    /// Only the people of the settings: enough to find anyone by a former
    /// id, a handle or the name the settings give, without reading a note.
    pub fn of_settings(settings: &Settings) -> Directory {
        Directory::new(std::iter::empty(), settings)
    }

    pub fn is_empty(&self) -> bool {
        self.people.is_empty()
    }

    pub fn people(&self) -> &[Known] {
        &self.people
    }

    pub fn get(&self, id: &str) -> Option<&Known> {
        self.people
            .binary_search_by(|k| k.id.as_str().cmp(id))
            .ok()
            .map(|i| &self.people[i])
    }

    /// Whether `@owner` (any case) names anyone: `me`, the user's own name
    /// `me` from the settings, or someone here.
    pub fn names_someone(&self, owner: &str, me: &str) -> bool {
        let lower = owner.to_lowercase();
        lower == "me" || lower == me.to_lowercase() || self.owner(owner).is_some()
    }

    /// The person `@owner` names, if exactly one does.
    pub fn owner(&self, owner: &str) -> Option<&Known> {
        let owner = owner.trim().trim_start_matches('@');
        if let Some(known) = self.get(owner) {
            return Some(known);
        }
        let mut found = self.people.iter().filter(|k| k.is_owner(owner));
        match (found.next(), found.next()) {
            (Some(known), None) => Some(known),
            _ => None,
        }
    }

    /// Who `input` names: the id first, then a former id or handle, then a
    /// display name (case and spacing ignored), then the id `input`
    /// slugifies to (`"Alice Smith"` → `alice-smith`).
    pub fn find(&self, input: &str) -> Lookup<'_> {
        let typed = input.trim().trim_start_matches('@');
        if let Some(known) = self.get(typed) {
            return Lookup::One(known);
        }
        let wanted = fold(typed);
        let slug = person_arg(typed).ok().map(|arg| arg.id);
        let tiers: [&dyn Fn(&Known) -> bool; 3] = [
            &|k| k.is_owner(&wanted),
            &|k| k.name.as_deref().is_some_and(|n| fold(n) == wanted),
            &|k| {
                slug.as_deref().is_some_and(|slug| {
                    k.is_owner(slug)
                        || k.name
                            .as_deref()
                            .and_then(|n| person_arg(n).ok())
                            .is_some_and(|arg| arg.id == slug)
                })
            },
        ];
        for tier in tiers {
            let found: Vec<&Known> = self.people.iter().filter(|k| tier(k)).collect();
            match found.len() {
                0 => {}
                1 => return Lookup::One(found[0]),
                _ => return Lookup::Several(found),
            }
        }
        Lookup::Nobody
    }

    /// The person `input` names, or an error that says who it might have
    /// meant: `no person 'alcie' — did you mean 'alice'?`.
    pub fn resolve(&self, input: &str) -> Result<&Known> {
        match self.find(input) {
            Lookup::One(known) => Ok(known),
            Lookup::Several(found) => Err(Error::usage(format!(
                "'{}' could be {}; name one by id",
                input.trim(),
                either(&found)
            ))),
            Lookup::Nobody => Err(self.unknown(input)),
        }
    }

    /// The error for a name nobody answers to, with the nearest names.
    pub fn unknown(&self, input: &str) -> Error {
        Error::not_found(self.unknown_message(input))
    }

    /// What [`Directory::unknown`] says.
    pub fn unknown_message(&self, input: &str) -> String {
        let typed = input.trim();
        if self.people.is_empty() {
            let start = person_arg(typed).map_or_else(|_| "PERSON".to_owned(), |arg| arg.id);
            return format!(
                "no person '{typed}': there is nobody yet; start with `oneonone new {start}`"
            );
        }
        let near = self.near(typed);
        if near.is_empty() {
            format!("no person '{typed}' (`oneonone people` lists everyone)")
        } else {
            format!("no person '{typed}' — did you mean {}?", either(&near))
        }
    }

    /// The people whose names are nearest `input`: a few typos away
    /// (transposed letters count as one), or starting with it, or it
    /// starting with theirs at a word boundary (`alice-smith` and
    /// `alice`). The closest first, at most three, only the closest kind.
    pub fn near(&self, input: &str) -> Vec<&Known> {
        let wanted: Vec<String> = {
            let mut w = vec![fold(input.trim().trim_start_matches('@'))];
            if let Ok(arg) = person_arg(input) {
                w.push(arg.id);
            }
            w.dedup();
            w
        };
        let mut scored: Vec<(usize, &Known)> = self
            .people
            .iter()
            .filter_map(|known| {
                let keys = known.keys();
                let best = wanted
                    .iter()
                    .flat_map(|w| keys.iter().filter_map(move |key| closeness(w, key)))
                    .min()?;
                Some((best, known))
            })
            .collect();
        scored.sort_by(|a, b| (a.0, &a.1.id).cmp(&(b.0, &b.1.id)));
        let best = scored.first().map(|(score, _)| *score);
        scored
            .into_iter()
            .take_while(|(score, _)| Some(*score) == best)
            .take(3)
            .map(|(_, known)| known)
            .collect()
    }
}

/// Two people who may be one: why `check` thinks so.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Twins<'a> {
    pub first: &'a Known,
    pub second: &'a Known,
    pub why: String,
}

impl Directory {
    /// Pairs of people who look like one person written two ways: the
    /// same display name, or ids, former ids or handles a typo apart
    /// (one letter in five). Stricter than [`Directory::near`], which only
    /// suggests: two real people often have similar short names.
    pub fn twins(&self) -> Vec<Twins<'_>> {
        let mut out = Vec::new();
        for (i, first) in self.people.iter().enumerate() {
            for second in &self.people[i + 1..] {
                if let Some(why) = alike(first, second) {
                    out.push(Twins { first, second, why });
                }
            }
        }
        out
    }
}

/// Why `a` and `b` look like one person, if they do.
fn alike(a: &Known, b: &Known) -> Option<String> {
    if let (Some(x), Some(y)) = (&a.name, &b.name)
        && fold(x) == fold(y)
    {
        return Some(format!("both are named {x}"));
    }
    let names = |k: &Known| k.owner_names();
    for x in names(a) {
        for y in names(b) {
            if x == y {
                return Some(format!("both answer to `{x}`"));
            }
            let len = x.chars().count().max(y.chars().count());
            if len >= 5 && strsim::osa_distance(&x, &y) <= len / 5 && !numbered(&x, &y) {
                return Some(format!("`{x}` and `{y}` are a typo apart"));
            }
        }
    }
    None
}

/// Whether `a` and `b` differ only in their numbers (`team-01`, `team-02`):
/// numbered on purpose, not a typo.
fn numbered(a: &str, b: &str) -> bool {
    let letters = |s: &str| {
        s.chars()
            .filter(|c| !c.is_ascii_digit())
            .collect::<String>()
    };
    letters(a) == letters(b)
}

/// How close `wanted` is to `key` (both lower case), `None` when not near:
/// the edit distance, or 1 for a prefix.
fn closeness(wanted: &str, key: &str) -> Option<usize> {
    if wanted.is_empty() || key.is_empty() {
        return None;
    }
    let len = wanted.chars().count().max(key.chars().count());
    let limit = (len / 3).max(1);
    let distance = strsim::osa_distance(wanted, key);
    if distance <= limit {
        return Some(distance);
    }
    let typed_start = wanted.chars().count() >= 2 && key.starts_with(wanted);
    let at_boundary = |long: &str, short: &str| {
        short.chars().count() >= 3
            && long
                .strip_prefix(short)
                .is_some_and(|rest| rest.starts_with(['-', ' ', '.', '_']))
    };
    (typed_start || at_boundary(wanted, key)).then_some(limit.max(1))
}

/// `'a'`, `'a' or 'b'`, `'a', 'b' or 'c'`.
fn either(people: &[&Known]) -> String {
    let quoted: Vec<String> = people.iter().map(|k| format!("'{}'", k.id)).collect();
    match quoted.split_last() {
        Some((last, [])) => last.clone(),
        Some((last, rest)) => format!("{} or {last}", rest.join(", ")),
        None => String::new(),
    }
}

/// Lower case with runs of spaces made one: how names, and the patterns
/// that pick an item, are compared.
pub fn fold(text: &str) -> String {
    text.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parse::settings::{PersonSettings, Settings};

    fn directory() -> Directory {
        let mut settings = Settings::default();
        settings.people.insert(
            "alice-smith".into(),
            PersonSettings {
                handles: vec!["alice".into(), "ASmith".into()],
                former_ids: vec!["al".into()],
                ..PersonSettings::default()
            },
        );
        Directory::new(
            [
                ("alice-smith", Some("Alice Smith")),
                ("bob", Some("Bob Jones")),
                ("carol", None),
                ("dave", Some("Dave Park")),
            ],
            &settings,
        )
    }

    fn id(d: &Directory, input: &str) -> Option<String> {
        match d.find(input) {
            Lookup::One(k) => Some(k.id.clone()),
            _ => None,
        }
    }

    #[test]
    fn a_person_answers_to_every_name() {
        let d = directory();
        for input in [
            "alice-smith",
            "alice",
            "Alice",
            "asmith",
            "@asmith",
            "al",
            "Alice Smith",
            "  alice   SMITH ",
        ] {
            assert_eq!(id(&d, input).as_deref(), Some("alice-smith"), "{input}");
        }
        assert_eq!(id(&d, "bob jones").as_deref(), Some("bob"));
        assert_eq!(id(&d, "Carol").as_deref(), Some("carol"));
        assert_eq!(id(&d, "zed"), None);
    }

    #[test]
    fn owners_are_ids_former_ids_and_handles() {
        let d = directory();
        assert_eq!(
            d.owner("@alice").map(|k| k.id.as_str()),
            Some("alice-smith")
        );
        assert_eq!(d.owner("AL").map(|k| k.id.as_str()), Some("alice-smith"));
        assert_eq!(d.owner("bob").map(|k| k.id.as_str()), Some("bob"));
        assert_eq!(d.owner("Bob Jones"), None, "a display name is no @owner");
        assert_eq!(d.owner("zed"), None);
    }

    #[test]
    fn unknown_names_suggest_the_nearest() {
        let d = directory();
        let message = |input: &str| d.resolve(input).unwrap_err().to_string();
        assert_eq!(
            message("alcie"),
            "no person 'alcie' — did you mean 'alice-smith'?"
        );
        assert_eq!(message("bobb"), "no person 'bobb' — did you mean 'bob'?");
        assert_eq!(
            message("karol"),
            "no person 'karol' — did you mean 'carol'?"
        );
        assert_eq!(message("da"), "no person 'da' — did you mean 'dave'?");
        assert_eq!(
            message("Dave Parks"),
            "no person 'Dave Parks' — did you mean 'dave'?"
        );
        assert_eq!(
            message("zed"),
            "no person 'zed' (`oneonone people` lists everyone)"
        );
        assert_eq!(
            Directory::default().resolve("zed").unwrap_err().to_string(),
            "no person 'zed': there is nobody yet; start with `oneonone new zed`"
        );
        let two = Directory::new([("alan", None), ("alin", None)], &Settings::default());
        assert_eq!(
            two.resolve("alen").unwrap_err().to_string(),
            "no person 'alen' — did you mean 'alan' or 'alin'?"
        );
    }

    #[test]
    fn near_matches_for_new_people() {
        let d = directory();
        let near =
            |input: &str| -> Vec<String> { d.near(input).iter().map(|k| k.id.clone()).collect() };
        assert_eq!(near("alice-smyth"), ["alice-smith"]);
        assert_eq!(near("alice-jones"), ["alice-smith"], "starts with a handle");
        assert_eq!(near("dave-p"), ["dave"]);
        assert_eq!(near("carl"), ["carol"]);
        assert!(near("zed").is_empty());
        assert!(near("erin").is_empty());
    }

    #[test]
    fn twins_are_people_written_two_ways() {
        let d = Directory::new(
            [
                ("alice", Some("Alice Smith")),
                ("alcie", None),
                ("asmith", Some("alice  smith")),
                ("erin", None),
                ("eric", None),
                ("bob", None),
                ("team-01", None),
                ("team-02", None),
            ],
            &Settings::default(),
        );
        let found: Vec<String> = d
            .twins()
            .iter()
            .map(|t| format!("{} {}: {}", t.first.id, t.second.id, t.why))
            .collect();
        assert_eq!(
            found,
            [
                "alcie alice: `alcie` and `alice` are a typo apart",
                "alice asmith: both are named Alice Smith",
            ]
        );
    }

    #[test]
    fn a_shared_name_is_ambiguous() {
        let d = Directory::new(
            [("alex-b", Some("Alex")), ("alex-k", Some("Alex"))],
            &Settings::default(),
        );
        assert_eq!(
            d.resolve("alex").unwrap_err().to_string(),
            "'alex' could be 'alex-b' or 'alex-k'; name one by id"
        );
    }
}
