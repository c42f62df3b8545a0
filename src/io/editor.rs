//! Opening a note in the user's editor.

use std::path::Path;
use std::process::Command;

use crate::error::{Error, Result};

/// Runs the editor command line (`$VISUAL` or `$EDITOR`, split like a shell
/// would, so `code --wait` works) on `file` and waits for it.
pub fn open(command: &str, file: &Path) -> Result<()> {
    let words = shell_words::split(command)
        .map_err(|e| Error::Editor(format!("cannot parse editor command `{command}`: {e}")))?;
    let Some((program, args)) = words.split_first() else {
        return Err(Error::Editor("the editor command is empty".into()));
    };
    let status = Command::new(program)
        .args(args)
        .arg(file)
        .status()
        .map_err(|e| Error::Editor(format!("cannot start editor `{program}`: {e}")))?;
    if status.success() {
        Ok(())
    } else {
        Err(Error::Editor(format!(
            "editor `{command}` exited with {status}"
        )))
    }
}
