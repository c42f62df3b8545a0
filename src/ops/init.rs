//! `oneonone init`: a commented settings file and editable copies of the
//! built-in templates. Never overwrites anything; the one change it makes
//! to an existing file is appending the union merge of topic queues to
//! `.gitattributes`.

use std::path::{Path, PathBuf};

use crate::error::Result;
use crate::io::repo::Repo;
use crate::io::store::{self, Created};
use crate::io::template;
use crate::parse::settings;

const SETTINGS: &str = r"# oneonone settings. Every key is optional; delete what you do not need.

# Your own handle in action items: `- [ ] @me send the packet`.
me: me

# Commit each new note with git (same as `oneonone new --commit`).
commit_on_new: false

# Front-matter keys `oneonone share` leaves out, with the private parts.
# private_keys: [energy, rating]

# Defaults for everyone not listed under `people`.
defaults:
  # kind: direct-report       # direct-report | peer | mentee | mentor | skip-level | cross-functional | manager
  # cadence: weekly           # weekly | biweekly | monthly | quarterly | semiannual | Nd | Nw | Nm
  # grace: 1                  # days after the due date before someone counts as overdue
  # duration: 30              # minutes
  # template: direct-report   # a file in .oneonone/templates/ or a built-in

# Per person, keyed by folder name. These win over the notes' front matter.
people:
  # alice:
  #   name: Alice Smith
  #   kind: direct-report
  #   cadence: weekly
  #   grace: 2
  # dave:
  #   kind: skip-level
  #   paused_until: 2027-01-15  # on leave: not due until then
";

/// Topic queues are merged by keeping both sides' lines: two people who
/// queue topics in clones of one repository never get a conflict.
pub const UNION_MERGE: &str = "*/topics.md merge=union";

const GITATTRIBUTES: &str = "*.md diff=markdown\n*/topics.md merge=union\n";

/// What `init` did with one file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    Created,
    Kept,
    /// An existing `.gitattributes` without a line for `topics.md` got
    /// [`UNION_MERGE`] appended; its other lines are unchanged.
    Appended,
}

/// One file `init` considered, and what it did with it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InitFile {
    pub path: PathBuf,
    pub outcome: Outcome,
}

pub fn init(repo: &Repo) -> Result<Vec<InitFile>> {
    let mut files = vec![(PathBuf::from(settings::FILE_NAME), SETTINGS.to_owned())];
    for (name, source) in template::BUILTIN {
        files.push((
            PathBuf::from(template::USER_DIR).join(format!("{name}.md")),
            source.to_owned(),
        ));
    }
    // Lets `git diff` and `git log -p` show the Markdown heading a change
    // belongs to, and merges topic queues without conflicts. An existing
    // file only gets the union merge appended, when it has no line for
    // topics.md.
    files.push((PathBuf::from(GITATTRIBUTES_FILE), GITATTRIBUTES.to_owned()));
    let mut done = Vec::new();
    for (path, contents) in files {
        let full = repo.root.join(&path);
        if let Some(parent) = full.parent() {
            store::ensure_dir_inside(&repo.root, parent)?;
        }
        let outcome = if store::create_new(&full, contents.as_bytes())? == Created::Created {
            Outcome::Created
        } else if path == Path::new(GITATTRIBUTES_FILE) {
            append_union_merge(repo, &full)?
        } else {
            Outcome::Kept
        };
        done.push(InitFile { path, outcome });
    }
    Ok(done)
}

const GITATTRIBUTES_FILE: &str = ".gitattributes";

/// Appends [`UNION_MERGE`] to the existing `.gitattributes` at `path`
/// unless a line already speaks for `topics.md`, under the repository lock
/// so a concurrent writer's change is not lost.
fn append_union_merge(repo: &Repo, path: &Path) -> Result<Outcome> {
    let _lock = store::Lock::acquire(&repo.root)?;
    let shown = Path::new(GITATTRIBUTES_FILE);
    let Some(bytes) = store::read_if_exists(path, shown)? else {
        return Ok(Outcome::Kept);
    };
    match with_union_merge(&bytes) {
        Some(text) => {
            store::replace(path, &text)?;
            Ok(Outcome::Appended)
        }
        None => Ok(Outcome::Kept),
    }
}

/// The `.gitattributes` text with [`UNION_MERGE`] appended, or `None` when
/// a line's pattern already names `topics.md` (whatever it says about it).
fn with_union_merge(text: &[u8]) -> Option<Vec<u8>> {
    let names_topics = text.split(|&b| b == b'\n').any(|line| {
        let line = String::from_utf8_lossy(line);
        let line = line.trim_start();
        !line.starts_with('#')
            && line
                .split_whitespace()
                .next()
                .is_some_and(|pattern| pattern.ends_with("topics.md"))
    });
    if names_topics {
        return None;
    }
    let mut out = text.to_vec();
    if !out.is_empty() && !out.ends_with(b"\n") {
        out.push(b'\n');
    }
    out.extend_from_slice(UNION_MERGE.as_bytes());
    out.push(b'\n');
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parse::settings::Settings;

    #[test]
    fn the_union_merge_is_appended_once() {
        let appended =
            |text: &str| with_union_merge(text.as_bytes()).map(|t| String::from_utf8(t).unwrap());
        assert_eq!(
            appended("*.pdf binary").as_deref(),
            Some("*.pdf binary\n*/topics.md merge=union\n")
        );
        assert_eq!(appended("").as_deref(), Some("*/topics.md merge=union\n"));
        assert_eq!(
            appended("# topics.md merge=union\r\n*.md diff=markdown\r\n").as_deref(),
            Some("# topics.md merge=union\r\n*.md diff=markdown\r\n*/topics.md merge=union\n")
        );
        for has in [
            "*/topics.md merge=union\n",
            "*.pdf binary\n  alice/topics.md -merge\n",
            "**/topics.md merge=union",
        ] {
            assert_eq!(appended(has), None, "{has}");
        }
        assert_eq!(
            with_union_merge(GITATTRIBUTES.as_bytes()),
            None,
            "what init writes already has it"
        );
    }

    #[test]
    fn the_commented_settings_file_parses() {
        let s =
            Settings::parse(std::path::Path::new(".oneonone.yaml"), SETTINGS.as_bytes()).unwrap();
        assert_eq!(s.me(), "me");
        assert!(s.people.is_empty());
    }
}
