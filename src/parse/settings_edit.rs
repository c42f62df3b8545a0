//! Changing `.oneonone.yaml` as a careful person would in an editor: the
//! file is read as a lossless syntax tree (`yaml-edit`), only the entries
//! that change are touched, and every comment, blank line, key order,
//! quoting and indentation around them stays as the user wrote it. The
//! user's YAML is never parsed into values and written back out.
//!
//! Each function takes the file's text and returns the new text, or why
//! it could not be changed. The caller reads the result back with the
//! settings parser and checks it says exactly what was meant before
//! writing anything (`io::settings_edit`).

use std::str::FromStr;

use chrono::NaiveDate;
use yaml_edit::{Document, Mapping, Sequence, YamlFile};

use crate::parse::settings::PauseSetting;

/// Appends a pause to `people.ID.pauses`, creating what is missing.
pub fn add_pause(text: &str, id: &str, pause: &PauseSetting) -> Result<String, String> {
    edit(text, |root| {
        let person = person(root, id)?;
        let entry = Mapping::new();
        if let Some(from) = pause.from {
            entry.set("from", from.to_string());
        }
        entry.set("until", pause.until.to_string());
        if let Some(reason) = &pause.reason {
            entry.set("reason", reason.as_str());
        }
        push(&person, "pauses", entry)
    })
}

/// Sets the `until` of the `index`th entry of `people.ID.pauses`.
pub fn end_pause(text: &str, id: &str, index: usize, until: NaiveDate) -> Result<String, String> {
    edit(text, |root| {
        let entry = pause_entry(root, id, index)?;
        entry.set("until", until.to_string());
        Ok(())
    })
}

/// Removes the `index`th entry of `people.ID.pauses`.
pub fn remove_pause(text: &str, id: &str, index: usize) -> Result<String, String> {
    edit(text, |root| {
        let pauses = person(root, id)?
            .get_sequence("pauses")
            .ok_or("it has no `pauses` list")?;
        pauses
            .remove(index)
            .map(drop)
            .ok_or_else(|| format!("`pauses` has no entry {}", index + 1))
    })
}

/// Sets `people.ID.paused_until`.
pub fn set_paused_until(text: &str, id: &str, until: NaiveDate) -> Result<String, String> {
    edit(text, |root| {
        person(root, id)?.set("paused_until", until.to_string());
        Ok(())
    })
}

/// Renames `people.OLD` to `people.NEW` (when there is one) and records
/// OLD among NEW's `former_ids`, taking NEW itself out of them.
pub fn rename(text: &str, old: &str, new: &str) -> Result<String, String> {
    edit(text, |root| {
        if let Some(people) = root.get_mapping("people")
            && people.contains_key(old)
            && !people.rename_key(old, new)
        {
            return Err(format!("`people.{old}` could not be renamed"));
        }
        let person = person(root, new)?;
        if let Some(former) = person.get_sequence("former_ids") {
            while let Some(at) = former.values().position(|v| v == new) {
                former.remove(at);
            }
            if former.values().any(|v| v == old) {
                return Ok(());
            }
        }
        push(&person, "former_ids", old)
    })
}

/// Applies `change` to the document's top mapping. A file with nothing
/// but comments (or nothing at all) gets a `people:` key to build on.
fn edit(text: &str, change: impl FnOnce(&Mapping) -> Result<(), String>) -> Result<String, String> {
    let eol = if text.contains("\r\n") { "\r\n" } else { "\n" };
    let mut source = text.to_owned();
    let blank = text
        .lines()
        .all(|l| l.trim().is_empty() || l.trim_start().starts_with('#'));
    if blank {
        if !source.is_empty() && !source.ends_with('\n') {
            source.push_str(eol);
        }
        source.push_str("people:");
        source.push_str(eol);
    }
    let file = YamlFile::from_str(&source).map_err(|e| format!("it cannot be read: {e}"))?;
    let mut documents = file.documents();
    let document: Document = documents.next().ok_or("it holds no YAML document")?;
    if documents.next().is_some() {
        return Err("it holds several YAML documents".to_owned());
    }
    let root = document
        .as_mapping()
        .ok_or("it is not a mapping of `key: value` lines")?;
    change(&root)?;
    Ok(file.to_string())
}

/// The mapping `people.ID`, made when missing (also under a `people:` or
/// `ID:` key whose value is empty).
fn person(root: &Mapping, id: &str) -> Result<Mapping, String> {
    let people = child(root, "people")?;
    child(&people, id)
}

/// The mapping under `key`, made when the key is missing or empty.
fn child(parent: &Mapping, key: &str) -> Result<Mapping, String> {
    if let Some(mapping) = parent.get_mapping(key) {
        return Ok(mapping);
    }
    let empty = parent.get(key).is_none_or(|v| {
        v.as_scalar()
            .is_some_and(|s| s.is_null() || s.value().is_empty())
    });
    if !empty {
        return Err(format!("`{key}` is not a mapping of `key: value` lines"));
    }
    parent.set(key, Mapping::new());
    parent
        .get_mapping(key)
        .ok_or_else(|| format!("`{key}` could not be added"))
}

/// Appends `value` to the list under `key`, made when missing.
fn push(mapping: &Mapping, key: &str, value: impl yaml_edit::AsYaml) -> Result<(), String> {
    if let Some(list) = mapping.get_sequence(key) {
        list.push(value);
        return Ok(());
    }
    if mapping.contains_key(key) {
        let empty = mapping.get(key).is_some_and(|v| {
            v.as_scalar()
                .is_some_and(|s| s.is_null() || s.value().is_empty())
        });
        if !empty {
            return Err(format!("`{key}` is not a list"));
        }
    }
    let list = Sequence::new();
    list.push(value);
    mapping.set(key, list);
    Ok(())
}

/// The `index`th entry of `people.ID.pauses`.
fn pause_entry(root: &Mapping, id: &str, index: usize) -> Result<Mapping, String> {
    let pauses = person(root, id)?
        .get_sequence("pauses")
        .ok_or("it has no `pauses` list")?;
    let entry = pauses
        .get(index)
        .ok_or_else(|| format!("`pauses` has no entry {}", index + 1))?;
    entry
        .as_mapping()
        .cloned()
        .ok_or_else(|| format!("entry {} of `pauses` is not a mapping", index + 1))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(s: &str) -> NaiveDate {
        crate::model::date::parse_date(s).unwrap()
    }

    fn pause() -> PauseSetting {
        PauseSetting {
            from: Some(date("2026-11-25")),
            until: date("2027-01-31"),
            reason: Some("parental leave: yes # really".into()),
        }
    }

    #[test]
    fn a_pause_is_added_where_a_person_would_write_it() {
        let text = "# settings\nme: sam   # me\n\npeople:\n  # the team\n  alice:\n    name: \"Alice\"\n\n  bob: {kind: peer}\n";
        let out = add_pause(text, "alice", &pause()).unwrap();
        assert_eq!(
            out,
            "# settings\nme: sam   # me\n\npeople:\n  # the team\n  alice:\n    name: \"Alice\"\n    \
             pauses:\n      - from: 2026-11-25\n        until: 2027-01-31\n        \
             reason: 'parental leave: yes # really'\n\n  bob: {kind: peer}\n"
        );
        let out = add_pause(
            &out,
            "alice",
            &PauseSetting {
                from: None,
                ..pause()
            },
        )
        .unwrap();
        assert!(
            out.contains("reason: 'parental leave: yes # really'\n      - until: 2027-01-31\n"),
            "{out}"
        );
    }

    #[test]
    fn people_and_persons_are_made_when_missing() {
        for (text, expected) in [
            ("", "people:\n  zed:\n    former_ids:\n      - zoe\n"),
            (
                "# only a comment",
                "# only a comment\npeople:\n  zed:\n    former_ids:\n      - zoe\n",
            ),
            (
                "me: sam\r\n",
                "me: sam\r\npeople:\r\n  zed:\r\n    former_ids:\r\n      - zoe\r\n",
            ),
            (
                "people:\n#  alice:\n",
                "people:\n  zed:\n    former_ids:\n      - zoe\n#  alice:\n",
            ),
            (
                "people:\n  zed:\n",
                "people:\n  zed:\n    former_ids:\n      - zoe\n",
            ),
        ] {
            assert_eq!(rename(text, "zoe", "zed").unwrap(), expected, "{text:?}");
        }
    }

    #[test]
    fn a_rename_moves_the_entry_and_records_the_old_id() {
        let text = "people:\n  alice:   # Alice S.\n    kind: peer\n    former_ids: [al, alice-smith]\n  bob:\n    kind: peer\n";
        assert_eq!(
            rename(text, "alice", "alice-smith").unwrap(),
            "people:\n  alice-smith:   # Alice S.\n    kind: peer\n    former_ids: [al, alice]\n  bob:\n    kind: peer\n"
        );
    }

    #[test]
    fn pauses_end_or_go() {
        let text = "people:\n  erin:\n    pauses:\n      - {from: 2026-11-01, until: 2027-01-31}   # leave\n      - from: 2027-06-01\n        until: 2027-06-30\n";
        assert_eq!(
            end_pause(text, "erin", 0, date("2026-11-24")).unwrap(),
            "people:\n  erin:\n    pauses:\n      - {from: 2026-11-01, until: 2026-11-24}   # leave\n      - from: 2027-06-01\n        until: 2027-06-30\n"
        );
        let removed = remove_pause(text, "erin", 1).unwrap();
        assert!(!removed.contains("2027-06"), "{removed}");
        assert!(
            removed.contains("      - {from: 2026-11-01, until: 2027-01-31}   # leave\n"),
            "{removed}"
        );
        assert_eq!(
            set_paused_until(
                "people:\n  erin:\n    paused_until: 2027-01-31  # leave\n",
                "erin",
                date("2026-11-24")
            )
            .unwrap(),
            "people:\n  erin:\n    paused_until: 2026-11-24  # leave\n"
        );
    }

    #[test]
    fn what_cannot_be_edited_says_why() {
        assert!(
            rename("- a\n- b\n", "a", "b")
                .unwrap_err()
                .contains("not a mapping")
        );
        assert!(
            rename("people: [a]\n", "a", "b")
                .unwrap_err()
                .contains("`people` is not a mapping")
        );
        assert!(
            end_pause(
                "people:\n  a:\n    kind: peer\n",
                "a",
                0,
                date("2026-01-01")
            )
            .is_err()
        );
    }
}
