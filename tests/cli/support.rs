//! A temporary notes repository and a way to run the real binary on it.

// Shared by every test module; not each helper is used by every build.
#![allow(dead_code)]

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

pub const TODAY: &str = "2026-11-25";

pub struct TestRepo {
    dir: tempfile::TempDir,
}

/// What a run of the binary did.
#[derive(Debug)]
pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl Run {
    fn from(output: Output) -> Run {
        Run {
            code: output.status.code().unwrap_or(-1),
            stdout: String::from_utf8(output.stdout).expect("stdout is UTF-8"),
            stderr: String::from_utf8(output.stderr).expect("stderr is UTF-8"),
        }
    }

    /// Asserts success with nothing on stderr, and returns stdout.
    #[track_caller]
    pub fn ok(&self) -> &str {
        self.ok_with_stderr("")
    }

    /// Asserts success with exactly `stderr` on stderr (a warning, a hint),
    /// and returns stdout.
    #[track_caller]
    pub fn ok_with_stderr(&self, stderr: &str) -> &str {
        assert_eq!(
            self.code, 0,
            "expected success\nstdout:\n{}\nstderr:\n{}",
            self.stdout, self.stderr
        );
        assert_eq!(self.stderr, stderr, "stderr\nstdout:\n{}", self.stdout);
        &self.stdout
    }

    /// Asserts success with nothing on stderr, and parses stdout.
    #[track_caller]
    pub fn json(&self) -> serde_json::Value {
        self.json_with_stderr("")
    }

    /// `json` of a run that says exactly `stderr` on stderr.
    #[track_caller]
    pub fn json_with_stderr(&self, stderr: &str) -> serde_json::Value {
        serde_json::from_str(self.ok_with_stderr(stderr)).expect("stdout is JSON")
    }
}

impl TestRepo {
    pub fn new() -> TestRepo {
        TestRepo {
            dir: tempfile::tempdir().expect("temp dir"),
        }
    }

    /// A copy of the sample repository in `examples/notes`.
    pub fn example() -> TestRepo {
        let repo = TestRepo::new();
        copy_dir(
            &Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/notes"),
            repo.path(),
        );
        repo
    }

    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    pub fn write(&self, rel: &str, contents: impl AsRef<[u8]>) -> &Self {
        let path = self.path().join(rel);
        std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
        std::fs::write(path, contents).expect("write");
        self
    }

    /// Writes a note with minimal front matter and the given body.
    pub fn note(&self, rel: &str, front: &str, body: &str) -> &Self {
        let (person, file) = rel.split_once('/').expect("PERSON/DATE.md");
        let date = &file[..10];
        self.write(
            rel,
            format!("---\nperson: {person}\ndate: {date}\n{front}---\n{body}"),
        )
    }

    pub fn read(&self, rel: &str) -> String {
        std::fs::read_to_string(self.path().join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
    }

    pub fn exists(&self, rel: &str) -> bool {
        self.path().join(rel).exists()
    }

    /// The binary, run in the repository with `--today` fixed and the
    /// user's environment kept out.
    pub fn command(&self) -> Command {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_oneonone"));
        cmd.current_dir(self.path())
            .env("ONEONONE_TODAY", TODAY)
            .env_remove("ONEONONE_DIR")
            .env_remove("EDITOR")
            .env_remove("VISUAL")
            .env_remove("NO_COLOR")
            .env("HOME", self.path())
            .env("XDG_CACHE_HOME", self.path().join(".cache-home"))
            .env("XDG_CONFIG_HOME", self.path().join(".config-home"));
        cmd
    }

    /// Writes the user's config file where `command` points the binary.
    pub fn config(&self, text: &str) -> &Self {
        self.write(".config-home/oneonone/config.yaml", text)
    }

    /// Another program, run in the repository with the environment
    /// `command` gives the binary, so it too keeps out of the user's home.
    pub fn tool(&self, program: impl AsRef<std::ffi::OsStr>) -> Command {
        let base = self.command();
        let mut cmd = Command::new(program);
        cmd.current_dir(self.path());
        for (key, value) in base.get_envs() {
            match value {
                Some(value) => cmd.env(key, value),
                None => cmd.env_remove(key),
            };
        }
        cmd
    }

    pub fn run(&self, args: &[&str]) -> Run {
        Run::from(self.command().args(args).output().expect("run binary"))
    }

    /// `run` from the folder `rel` of the repository.
    pub fn run_in(&self, rel: &str, args: &[&str]) -> Run {
        let mut cmd = self.command();
        cmd.current_dir(self.path().join(rel)).args(args);
        Run::from(cmd.output().expect("run binary"))
    }

    /// Runs the binary under a pseudo-terminal (util-linux `script`), so its
    /// stdin is a tty, as when a person types the command. `script` merges
    /// stdout and stderr into `Run.stdout`.
    pub fn run_in_terminal(&self, args: &[&str], env: &[(&str, &str)]) -> Run {
        let line: Vec<String> = std::iter::once(self.command().get_program())
            .chain(args.iter().map(std::ffi::OsStr::new))
            .map(|w| shell_quote(&w.to_string_lossy()))
            .collect();
        let mut cmd = self.tool("script");
        cmd.args(["-qec", &line.join(" "), "/dev/null"])
            .env("SHELL", "/bin/sh")
            .envs(env.iter().copied());
        let output = cmd
            .output()
            .expect("util-linux `script` runs (it is needed for the editor tests)");
        Run::from(output)
    }

    /// The one cache file in the user cache folder `command` gives the
    /// binary, where a repository outside git keeps its index cache.
    #[track_caller]
    pub fn user_cache_file(&self) -> PathBuf {
        let dir = self.path().join(".cache-home/oneonone");
        let files: Vec<PathBuf> = std::fs::read_dir(&dir)
            .map(|entries| entries.flatten().map(|e| e.path()).collect())
            .unwrap_or_default();
        assert_eq!(files.len(), 1, "one cache file in {}", dir.display());
        files.into_iter().next().expect("a cache file")
    }

    /// Every path under the root, folders included: an empty folder left
    /// behind shows up here but not in `snapshot`.
    pub fn tree(&self) -> std::collections::BTreeSet<PathBuf> {
        let mut out = std::collections::BTreeSet::new();
        let mut stack = vec![self.path().to_path_buf()];
        while let Some(dir) = stack.pop() {
            for entry in std::fs::read_dir(&dir).expect("read_dir").flatten() {
                let path = entry.path();
                if entry.file_type().expect("file type").is_dir() {
                    stack.push(path.clone());
                }
                out.insert(
                    path.strip_prefix(self.path())
                        .expect("inside")
                        .to_path_buf(),
                );
            }
        }
        out
    }

    /// Every file's bytes, for "nothing else changed" assertions.
    pub fn snapshot(&self) -> BTreeMap<PathBuf, Vec<u8>> {
        let mut out = BTreeMap::new();
        walk(self.path(), self.path(), &mut out);
        out
    }
}

impl TestRepo {
    /// Runs `command` from a repository in the `notes/` sub-folder once per
    /// `(name, why)` case, with the name after the command's first word, and
    /// checks each is refused (exit 2, saying why) and nothing is written
    /// in the repository or next to it.
    pub fn assert_names_refused(&self, command: &[&str], cases: &[(&str, &str)]) {
        self.write("notes/.oneonone.yaml", "");
        let notes = self.path().join("notes");
        let before = self.tree();
        let global_tmp = Path::new("/tmp/x").exists();
        for (bad, why) in cases {
            let mut args = vec![command[0], bad];
            args.extend_from_slice(&command[1..]);
            let run = self
                .command()
                .current_dir(&notes)
                .args(&args)
                .output()
                .expect("run");
            let stderr = String::from_utf8_lossy(&run.stderr);
            assert_eq!(run.status.code(), Some(2), "{bad:?}: {stderr}");
            assert!(stderr.contains("cannot be a person"), "{bad:?}: {stderr}");
            assert!(stderr.contains(why), "{bad:?}: {stderr}");
        }
        assert_eq!(
            self.tree(),
            before,
            "nothing written, in or next to the repo"
        );
        assert_eq!(Path::new("/tmp/x").exists(), global_tmp);
    }
}

fn walk(root: &Path, dir: &Path, out: &mut BTreeMap<PathBuf, Vec<u8>>) {
    for entry in std::fs::read_dir(dir).expect("read_dir").flatten() {
        let path = entry.path();
        let file_type = entry.file_type().expect("file type");
        if file_type.is_dir() {
            if entry.file_name() != ".git" && entry.file_name() != ".cache-home" {
                walk(root, &path, out);
            }
        } else if file_type.is_file() {
            let rel = path.strip_prefix(root).expect("inside").to_path_buf();
            out.insert(rel, std::fs::read(&path).expect("read"));
        }
    }
}

fn copy_dir(from: &Path, to: &Path) {
    for entry in std::fs::read_dir(from).expect("read_dir").flatten() {
        let target = to.join(entry.file_name());
        if entry.file_type().expect("type").is_dir() {
            std::fs::create_dir_all(&target).expect("mkdir");
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).expect("copy");
        }
    }
}

/// The warning about a note at `path` without front matter.
pub fn no_front_matter(path: &str) -> String {
    format!(
        "oneonone: warning: {path}:1:1: no front matter (a note starts with a `---` line, \
         then YAML, then `---`)\n"
    )
}

/// What `new` says when the note it would write, at `path`, exists.
pub fn already_exists(path: &str) -> String {
    format!("{path} already exists; opening it (use --another for a second meeting that day)\n")
}

/// Quotes `word` for `sh`.
fn shell_quote(word: &str) -> String {
    format!("'{}'", word.replace('\'', "'\\''"))
}

/// The lines under `## HEADING` of a rendered note, up to the next `## `
/// heading, without surrounding blank lines.
#[track_caller]
pub fn section<'a>(note: &'a str, heading: &str) -> &'a str {
    let start = note
        .find(&format!("\n## {heading}\n"))
        .unwrap_or_else(|| panic!("no `## {heading}` in:\n{note}"))
        + heading.len()
        + 5;
    let rest = &note[start..];
    rest[..rest.find("\n## ").unwrap_or(rest.len())].trim_matches('\n')
}

/// Every file under `src/`, by its path there (`io/store.rs`), with its
/// code above `#[cfg(test)]`: what runs, without the unit tests that set up
/// their own files (a module's tests in a `tests.rs` of their own are left
/// out whole).
pub fn source_code() -> BTreeMap<String, String> {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut out = BTreeMap::new();
    let mut stack = vec![src.clone()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).expect("src").flatten() {
            let path = entry.path();
            if path.is_dir() {
                stack.push(path);
                continue;
            }
            let rel = path.strip_prefix(&src).expect("inside");
            if rel.file_name().is_some_and(|f| f == "tests.rs") {
                continue;
            }
            let text = std::fs::read_to_string(&path).expect("read");
            let code = text.split("#[cfg(test)]").next().unwrap_or("").to_owned();
            out.insert(rel.to_string_lossy().into_owned(), code);
        }
    }
    out
}
