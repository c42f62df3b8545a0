//! Which repositories a command reads: one, found as git finds its root,
//! or several, from repeated `--dir` or the `repos:` list of the user's
//! config file, for `status`, `actions` and `gaps`.

use std::path::{Path, PathBuf};

use oneonone::io::config::{self, Listed};
use oneonone::io::repo;
use oneonone::{Error, Result};

use crate::cli::args::{Cli, Command};

pub enum Choice {
    /// One repository: this folder, else the one discovery finds.
    One(Option<PathBuf>),
    /// Several, each with the name its rows show.
    Several(Vec<Listed>),
}

/// An explicit `--dir` (or `ONEONONE_DIR`) wins; `--all-repos` asks for
/// the config's list; otherwise the list is read only outside any notes
/// repository, so inside one a command answers about it, as it always has.
pub fn choose(cli: &Cli, cwd: &Path) -> Result<Choice> {
    let all_repos = match &cli.command {
        Command::Status(args) => Some(args.repos.all_repos),
        Command::Actions(args) => Some(args.repos.all_repos),
        Command::Gaps(args) => Some(args.repos.all_repos),
        _ => None,
    };
    if all_repos == Some(true) {
        if !cli.dir.is_empty() && !cli.dir_from_env {
            return Err(Error::usage(
                "--all-repos reads the repositories your config file lists; leave out --dir",
            ));
        }
        return listed(true).map(|found| Choice::Several(found.unwrap_or_default()));
    }
    match (cli.dir.as_slice(), all_repos) {
        ([], Some(_)) if repo::enclosing(cwd).is_none() => {
            Ok(listed(false)?.map_or(Choice::One(None), Choice::Several))
        }
        ([], _) => Ok(Choice::One(None)),
        ([dir], _) => Ok(Choice::One(Some(dir.clone()))),
        (dirs, Some(_)) => Ok(Choice::Several(
            dirs.iter()
                .map(|dir| Listed {
                    label: dir.display().to_string(),
                    dir: dir.clone(),
                })
                .collect(),
        )),
        (_, None) => Err(Error::usage(format!(
            "`{}` reads one repository: give --dir once (several --dir go with \
             `status`, `actions` and `gaps`)",
            cli.command_name
        ))),
    }
}

/// The repositories the config file lists, its warnings said on stderr.
/// `None` when it lists none; an error instead when they were asked for.
fn listed(asked: bool) -> Result<Option<Vec<Listed>>> {
    let Some(path) = config::path() else {
        return if asked {
            Err(Error::usage(
                "--all-repos: no config file without HOME or XDG_CONFIG_HOME",
            ))
        } else {
            Ok(None)
        };
    };
    let example = "list your notes repositories there under `repos:`, e.g.\n  repos:\n    - ~/notes/team-a\n    - ~/notes/team-b";
    let Some(found) = config::load(&path)? else {
        return if asked {
            Err(Error::usage(format!(
                "--all-repos: there is no {}; {example}",
                path.display()
            )))
        } else {
            Ok(None)
        };
    };
    for warning in &found.warnings {
        eprintln!("oneonone: warning: {warning}");
    }
    if !found.repos.is_empty() {
        return Ok(Some(found.repos));
    }
    if found.missing > 0 {
        return Err(Error::usage(format!(
            "{}: none of the folders under `repos:` is there",
            path.display()
        )));
    }
    if asked {
        return Err(Error::usage(format!(
            "--all-repos: {} lists no repositories; {example}",
            path.display()
        )));
    }
    Ok(None)
}
