//! The user's config file, `$XDG_CONFIG_HOME/oneonone/config.yaml` (else
//! `~/.config/oneonone/config.yaml`): the repositories `status`, `actions`
//! and `gaps` read together.

use std::path::{Path, PathBuf};

use crate::error::{Error, Result};
use crate::io::store;
use crate::parse::config::Config;

/// The config file's place; `None` with neither `XDG_CONFIG_HOME` nor
/// `HOME` set to an absolute path.
pub fn path() -> Option<PathBuf> {
    Some(
        user_folder("XDG_CONFIG_HOME", ".config")?
            .join("oneonone")
            .join("config.yaml"),
    )
}

/// One of the user's folders as the XDG variable `xdg` names it, else
/// `in_home` in the home folder; relative paths are ignored, as the XDG
/// specification asks.
pub fn user_folder(xdg: &str, in_home: &str) -> Option<PathBuf> {
    let absolute = |name| {
        std::env::var_os(name)
            .map(PathBuf::from)
            .filter(|p| p.is_absolute())
    };
    absolute(xdg).or_else(|| absolute("HOME").map(|home| home.join(in_home)))
}

/// A repository the config file lists: as written (how it is named in the
/// `repo` column) and where it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Listed {
    pub label: String,
    pub dir: PathBuf,
}

/// What the config file says, as far as it could be read.
#[derive(Debug, Default)]
pub struct UserConfig {
    pub path: PathBuf,
    /// The listed repositories that are there, in the file's order.
    pub repos: Vec<Listed>,
    /// How many listed folders are not there.
    pub missing: usize,
    /// Unknown keys and listed folders that are not there, each with its
    /// place in the file.
    pub warnings: Vec<Error>,
}

/// Reads the config file at `path`; `None` when there is none.
pub fn load(path: &Path) -> Result<Option<UserConfig>> {
    let Some(bytes) = store::read_if_exists(path, path)? else {
        return Ok(None);
    };
    let config = Config::parse(path, &bytes)?;
    let mut warnings: Vec<Error> = config.warnings.iter().map(|w| w.in_file(path)).collect();
    let home = std::env::var_os("HOME").map(PathBuf::from);
    let beside = path.parent().unwrap_or(Path::new("/"));
    let mut repos = Vec::new();
    let mut missing = 0;
    for entry in config.entries() {
        let dir = match (entry.text.strip_prefix('~'), &home) {
            (Some(rest), Some(home)) if rest.is_empty() || rest.starts_with('/') => {
                home.join(rest.trim_start_matches('/'))
            }
            _ => beside.join(&entry.text),
        };
        if dir.is_dir() {
            repos.push(Listed {
                label: entry.text,
                dir,
            });
        } else {
            missing += 1;
            warnings.push(Error::at(
                path,
                entry.line,
                entry.column,
                format!(
                    "`{}` ({}) is not a folder; left out (fix or remove it under `repos:`)",
                    entry.text,
                    dir.display()
                ),
            ));
        }
    }
    Ok(Some(UserConfig {
        path: path.to_path_buf(),
        repos,
        missing,
        warnings,
    }))
}
