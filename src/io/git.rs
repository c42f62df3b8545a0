//! The little that oneonone asks of git, through the `git` binary (no
//! library: the user's own git, hooks and configuration apply): is the
//! repository a work tree, commit one new note, when did each note last
//! change.

use std::collections::HashMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use chrono::NaiveDate;

use crate::error::{Error, Result};
use crate::model::date::parse_date;

/// Is `root` inside a git work tree? An error only when git cannot be run.
pub fn is_work_tree(root: &Path) -> Result<bool> {
    let output = git(root)
        .args(["rev-parse", "--is-inside-work-tree"])
        .output()
        .map_err(|e| cannot_run(&e))?;
    Ok(output.status.success() && output.stdout.trim_ascii() == b"true")
}

/// Stages `path` (relative to `root`) and commits it alone: `--only` leaves
/// whatever else the user has staged staged and uncommitted.
pub fn commit_only(root: &Path, path: &Path, message: &str) -> Result<()> {
    run(root, &["add", "--"], path)?;
    run(
        root,
        &["commit", "--quiet", "--only", "-m", message, "--"],
        path,
    )?;
    Ok(())
}

/// Whether git tracks any file under `path` (relative to `root`).
pub fn tracks(root: &Path, path: &Path) -> Result<bool> {
    let output = git(root)
        .args(["ls-files", "-z", "--"])
        .arg(path)
        .output()
        .map_err(|e| cannot_run(&e))?;
    if !output.status.success() {
        return Err(failed("ls-files", &output.stderr));
    }
    Ok(!output.stdout.is_empty())
}

/// `git mv FROM TO` (both relative to `root`): the folder moves with every
/// file in it, and git records the tracked ones as renamed.
pub fn move_path(root: &Path, from: &Path, to: &Path) -> Result<()> {
    let output = git(root)
        .args(["mv", "--"])
        .arg(from)
        .arg(to)
        .output()
        .map_err(|e| cannot_run(&e))?;
    if output.status.success() {
        Ok(())
    } else {
        Err(failed("mv", &output.stderr))
    }
}

/// The date of the last commit touching each file under `folder` (relative
/// to `root`), keyed by path relative to `root`. One `git log` for the whole
/// folder; files git never saw are absent.
pub fn last_changed(root: &Path, folder: &Path) -> Result<HashMap<PathBuf, NaiveDate>> {
    let output = git(root)
        .args([
            "-c",
            "core.quotePath=false",
            "log",
            "--relative",
            "--no-renames",
            "--name-only",
            "--format=%x00%cs",
            "--",
        ])
        .arg(folder)
        .output()
        .map_err(|e| cannot_run(&e))?;
    if output.status.success() {
        return Ok(parse_log(&String::from_utf8_lossy(&output.stdout)));
    }
    // A repository without commits has no history to report, which is not
    // an error.
    let head = git(root)
        .args(["rev-parse", "--verify", "--quiet", "HEAD"])
        .output()
        .map_err(|e| cannot_run(&e))?;
    if head.status.success() {
        Err(failed("log", &output.stderr))
    } else {
        Ok(HashMap::new())
    }
}

/// Reads `git log --name-only --format=%x00%cs`: a NUL-led date line per
/// commit, newest first, then the files it touched. The first date seen for
/// a file is its latest change.
fn parse_log(text: &str) -> HashMap<PathBuf, NaiveDate> {
    let mut dates = HashMap::new();
    let mut current = None;
    for line in text.lines() {
        if let Some(date) = line.strip_prefix('\0') {
            current = parse_date(date.trim());
        } else if !line.is_empty()
            && let Some(date) = current
        {
            dates.entry(PathBuf::from(line)).or_insert(date);
        }
    }
    dates
}

/// The git folders of the work tree at `work_tree`, from its `.git` entry:
/// a folder, or a file naming one (a linked work tree, a submodule).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GitDir {
    /// The work tree's own: where oneonone keeps its cache.
    pub own: PathBuf,
    /// Shared by all work trees of the repository: `info/exclude` is here.
    pub common: PathBuf,
}

/// Reads `work_tree/.git` the way git does: a `gitdir:` path relative to
/// the work tree, then a `commondir` relative to that git folder.
pub fn dir(work_tree: &Path) -> Option<GitDir> {
    let dot_git = work_tree.join(".git");
    let meta = fs::metadata(&dot_git).ok()?;
    if meta.is_dir() {
        return Some(GitDir {
            own: dot_git.clone(),
            common: dot_git,
        });
    }
    let text = fs::read_to_string(&dot_git).ok()?;
    let own = work_tree.join(text.lines().next()?.strip_prefix("gitdir:")?.trim());
    if !own.is_dir() {
        return None;
    }
    let common = match fs::read_to_string(own.join("commondir")) {
        Ok(text) => own.join(text.lines().next()?.trim()),
        Err(_) => own.clone(),
    };
    Some(GitDir { own, common })
}

fn git(root: &Path) -> Command {
    let mut cmd = Command::new("git");
    cmd.arg("-C").arg(root);
    cmd
}

fn run(root: &Path, args: &[&str], path: &Path) -> Result<()> {
    let output = git(root)
        .args(args)
        .arg(path)
        .output()
        .map_err(|e| cannot_run(&e))?;
    if output.status.success() {
        Ok(())
    } else {
        Err(failed(args[0], &output.stderr))
    }
}

fn cannot_run(e: &std::io::Error) -> Error {
    Error::Git(format!("cannot run git: {e}"))
}

fn failed(what: &str, stderr: &[u8]) -> Error {
    let message = String::from_utf8_lossy(stderr);
    Error::Git(format!("git {what} failed: {}", message.trim()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_newest_commit_touching_a_file_gives_its_date() {
        let log = "\0 2026-11-24\n\nalice/2026-11-24.md\n\n\0 2026-11-20\n\nalice/2026-11-17.md\nalice/2026-11-24.md\n\0 2026-11-01\n";
        let dates = parse_log(&log.replace("\0 ", "\0"));
        assert_eq!(dates.len(), 2);
        assert_eq!(
            dates.get(Path::new("alice/2026-11-24.md")),
            parse_date("2026-11-24").as_ref()
        );
        assert_eq!(
            dates.get(Path::new("alice/2026-11-17.md")),
            parse_date("2026-11-20").as_ref()
        );
        assert!(parse_log("").is_empty());
        assert!(
            parse_log("alice/x.md\n").is_empty(),
            "a file before any date"
        );
    }

    #[test]
    fn git_folders_of_plain_linked_and_relative_work_trees() {
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path();
        fs::create_dir_all(root.join("main/.git/worktrees/wt")).unwrap();
        fs::write(root.join("main/.git/worktrees/wt/commondir"), "../..\n").unwrap();
        let main_git = root.join("main/.git");
        assert_eq!(
            dir(&root.join("main")),
            Some(GitDir {
                own: main_git.clone(),
                common: main_git.clone()
            })
        );
        // A linked work tree names its folder relative to itself, as
        // `git worktree add --relative-paths` writes it.
        fs::create_dir_all(root.join("wt")).unwrap();
        fs::write(root.join("wt/.git"), "gitdir: ../main/.git/worktrees/wt\n").unwrap();
        let found = dir(&root.join("wt")).unwrap();
        assert_eq!(found.own, root.join("wt/../main/.git/worktrees/wt"));
        assert_eq!(
            found.common.canonicalize().unwrap(),
            main_git.canonicalize().unwrap()
        );
        // A submodule's folder has no commondir: it is its own common folder.
        fs::create_dir_all(root.join("main/.git/modules/sub")).unwrap();
        fs::create_dir_all(root.join("main/sub")).unwrap();
        let absolute = root.join("main/.git/modules/sub");
        fs::write(
            root.join("main/sub/.git"),
            format!("gitdir: {}\n", absolute.display()),
        )
        .unwrap();
        let sub = dir(&root.join("main/sub")).unwrap();
        assert_eq!((sub.own.clone(), sub.common), (absolute.clone(), absolute));
        // Not a repository, or a `.git` file naming nothing.
        assert_eq!(dir(&root.join("main/sub/missing")), None);
        fs::write(root.join("wt/.git"), "gitdir: ../nowhere\n").unwrap();
        assert_eq!(dir(&root.join("wt")), None);
    }
}
