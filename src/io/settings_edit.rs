//! Writing `.oneonone.yaml` for `rename`, `pause` and `resume`. The file is
//! changed in place, the way a person would change it (see
//! `parse::settings_edit`): comments, key order and formatting stay. Before
//! anything is written the new text is read back with the same parser
//! every command uses, and must say exactly what the old one said plus the
//! change asked for; otherwise nothing is written and the error says what
//! to add by hand. The caller holds the repository lock from reading the
//! file to writing it.

use std::fs;
use std::path::{Path, PathBuf};

use crate::error::{Error, Result};
use crate::io::store;
use crate::parse::settings::{self, Settings};

/// The settings file as read under the lock.
#[derive(Debug)]
pub struct Current {
    path: PathBuf,
    /// Its text; empty when there is no file yet.
    pub text: String,
    pub settings: Settings,
}

/// A new text for the file, checked, not yet written.
#[derive(Debug)]
pub struct Checked {
    path: PathBuf,
    text: String,
}

/// Reads the settings of the repository at `root` to change them. A
/// broken file is not changed (the error says what is wrong with it), nor
/// one that is a symlink (what it points at is not the repository's).
pub fn read(root: &Path) -> Result<Current> {
    let path = root.join(settings::FILE_NAME);
    let shown = Path::new(settings::FILE_NAME);
    if fs::symlink_metadata(&path).is_ok_and(|m| m.file_type().is_symlink()) {
        return Err(Error::input(
            shown,
            "is a symlink; oneonone does not write through it, so change it by hand",
        ));
    }
    let bytes = store::read_if_exists(&path, shown)?.unwrap_or_default();
    let settings = Settings::parse(shown, &bytes).map_err(|e| {
        Error::input(
            shown,
            format!("cannot be changed until it reads without errors: {e}"),
        )
    })?;
    let text = String::from_utf8(bytes).map_err(|_| Error::input(shown, "not valid UTF-8"))?;
    Ok(Current {
        path,
        text,
        settings,
    })
}

impl Current {
    /// Checks that `text` (the file after an edit, or why the edit could
    /// not be made) reads as `expected`. `by_hand` is what to add to the
    /// file by hand if not.
    pub fn check(
        &self,
        text: Result<String, String>,
        expected: &Settings,
        by_hand: &str,
    ) -> Result<Checked> {
        let shown = Path::new(settings::FILE_NAME);
        let refuse = |why: String| {
            Error::input(
                shown,
                format!(
                    "could not be changed without disturbing it ({why}); nothing was written. \
                     Make the change by hand:\n{by_hand}"
                ),
            )
        };
        let text = text.map_err(refuse)?;
        let mut read = Settings::parse(shown, text.as_bytes())
            .map_err(|e| refuse(format!("the result would not read back: {e}")))?;
        read.warnings.clear();
        let mut expected = expected.clone();
        expected.warnings.clear();
        if read != expected {
            return Err(refuse(
                "the result would not read back as exactly the change".to_owned(),
            ));
        }
        Ok(Checked {
            path: self.path.clone(),
            text,
        })
    }
}

impl Checked {
    /// Replaces the file (atomically: a temporary file and a rename).
    pub fn write(&self) -> Result<()> {
        store::replace(&self.path, self.text.as_bytes())
    }

    pub fn text(&self) -> &str {
        &self.text
    }
}
