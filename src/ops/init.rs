//! `oneonone init`: a commented settings file and editable copies of the
//! built-in templates. Never overwrites anything.

use std::path::PathBuf;

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
  # kind: direct-report       # direct-report | peer | mentee | mentor | skip-level | cross-functional
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

const GITATTRIBUTES: &str = "*.md diff=markdown\n";

/// One file `init` considered, and whether it wrote it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InitFile {
    pub path: PathBuf,
    pub created: bool,
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
    // belongs to. Like every file here, an existing one is left alone.
    files.push((PathBuf::from(".gitattributes"), GITATTRIBUTES.to_owned()));
    let mut done = Vec::new();
    for (path, contents) in files {
        let full = repo.root.join(&path);
        if let Some(parent) = full.parent() {
            store::ensure_dir_inside(&repo.root, parent)?;
        }
        let created = store::create_new(&full, contents.as_bytes())? == Created::Created;
        done.push(InitFile { path, created });
    }
    Ok(done)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parse::settings::Settings;

    #[test]
    fn the_commented_settings_file_parses() {
        let s =
            Settings::parse(std::path::Path::new(".oneonone.yaml"), SETTINGS.as_bytes()).unwrap();
        assert_eq!(s.me(), "me");
        assert!(s.people.is_empty());
    }
}
