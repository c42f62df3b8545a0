//! The one error type of the library. Every message names what it is about,
//! in `path:line:col: what` form where a position is known, so editors and
//! terminals can jump straight to it.

use std::fmt;
use std::path::{Path, PathBuf};

#[derive(Debug)]
pub enum Error {
    /// The command line asked for something malformed (an empty topic, a
    /// name that would leave the repository, a folder that is not one).
    Usage(String),
    /// What the command line names is not there, or is not one thing: a
    /// person, a template, an item matching a pattern.
    NotFound(String),
    /// git could not be run, or refused.
    Git(String),
    /// The editor could not be started, or failed.
    Editor(String),
    /// The file watcher failed on `path`.
    Watch { path: PathBuf, message: String },
    /// An answer could not be written out (JSON, the HTML page).
    Output(String),
    /// A file's content is malformed.
    Input {
        path: PathBuf,
        line: Option<usize>,
        column: Option<usize>,
        message: String,
    },
    /// Reading or writing failed.
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    /// A template built into the binary failed to render: a bug in oneonone,
    /// not in the user's files. `template` names it as `templates/NAME`.
    Template {
        template: String,
        line: Option<usize>,
        message: String,
    },
}

pub type Result<T, E = Error> = std::result::Result<T, E>;

impl Error {
    pub fn usage(message: impl Into<String>) -> Self {
        Error::Usage(message.into())
    }

    pub fn not_found(message: impl Into<String>) -> Self {
        Error::NotFound(message.into())
    }

    pub fn input(path: impl Into<PathBuf>, message: impl Into<String>) -> Self {
        Error::Input {
            path: path.into(),
            line: None,
            column: None,
            message: message.into(),
        }
    }

    pub fn at(
        path: impl Into<PathBuf>,
        line: usize,
        column: usize,
        message: impl Into<String>,
    ) -> Self {
        Error::Input {
            path: path.into(),
            line: Some(line),
            column: Some(column),
            message: message.into(),
        }
    }

    pub fn io(path: impl Into<PathBuf>, source: std::io::Error) -> Self {
        Error::Io {
            path: path.into(),
            source,
        }
    }

    /// Moves the position down by `lines`: for errors found in a block that
    /// starts further down the file.
    #[must_use]
    pub fn shifted(self, lines: usize) -> Self {
        match self {
            Error::Input {
                path,
                line: Some(line),
                column,
                message,
            } => Error::Input {
                path,
                line: Some(line + lines),
                column,
                message,
            },
            other => other,
        }
    }

    /// The path the error is about, if any.
    pub fn path(&self) -> Option<&Path> {
        match self {
            Error::Usage(_)
            | Error::NotFound(_)
            | Error::Git(_)
            | Error::Editor(_)
            | Error::Output(_)
            | Error::Template { .. } => None,
            Error::Input { path, .. } | Error::Io { path, .. } | Error::Watch { path, .. } => {
                Some(path)
            }
        }
    }
}

/// Errors are kept by long-lived owners (the watcher keeps each file's last
/// problem); an I/O error is copied by its kind and message.
impl Clone for Error {
    fn clone(&self) -> Self {
        match self {
            Error::Usage(message) => Error::Usage(message.clone()),
            Error::NotFound(message) => Error::NotFound(message.clone()),
            Error::Git(message) => Error::Git(message.clone()),
            Error::Editor(message) => Error::Editor(message.clone()),
            Error::Output(message) => Error::Output(message.clone()),
            Error::Watch { path, message } => Error::Watch {
                path: path.clone(),
                message: message.clone(),
            },
            Error::Input {
                path,
                line,
                column,
                message,
            } => Error::Input {
                path: path.clone(),
                line: *line,
                column: *column,
                message: message.clone(),
            },
            Error::Io { path, source } => Error::Io {
                path: path.clone(),
                source: std::io::Error::new(source.kind(), source.to_string()),
            },
            Error::Template {
                template,
                line,
                message,
            } => Error::Template {
                template: template.clone(),
                line: *line,
                message: message.clone(),
            },
        }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Usage(message)
            | Error::NotFound(message)
            | Error::Git(message)
            | Error::Editor(message)
            | Error::Output(message) => f.write_str(message),
            Error::Watch { path, message } => write!(f, "{}: watch: {message}", path.display()),
            Error::Input {
                path,
                line,
                column,
                message,
            } => {
                write!(f, "{}", path.display())?;
                if let Some(line) = line {
                    write!(f, ":{line}")?;
                    if let Some(column) = column {
                        write!(f, ":{column}")?;
                    }
                }
                write!(f, ": {message}")
            }
            Error::Io { path, source } => write!(f, "{}: {source}", path.display()),
            Error::Template {
                template,
                line,
                message,
            } => {
                write!(f, "{template} (built-in)")?;
                if let Some(line) = line {
                    write!(f, ":{line}")?;
                }
                write!(f, ": {message}")
            }
        }
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Error::Io { source, .. } => Some(source),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_copy_reads_the_same() {
        let io = Error::io(
            "a/b.md",
            std::io::Error::new(std::io::ErrorKind::PermissionDenied, "denied"),
        );
        let at = Error::at("a/b.md", 3, 7, "bad");
        let template = Error::Template {
            template: "templates/report.html".into(),
            line: Some(4),
            message: "template error: undefined variable `x`".into(),
        };
        assert_eq!(
            template.to_string(),
            "templates/report.html (built-in):4: template error: undefined variable `x`"
        );
        for e in [io, at, template, Error::usage("no")] {
            assert_eq!(e.clone().to_string(), e.to_string());
        }
    }
}
