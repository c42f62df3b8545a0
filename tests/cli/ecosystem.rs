//! Shell completions, the man page, `--help` examples and the hints a new
//! user sees in an empty repository.

use std::path::Path;
use std::process::Command;

use crate::support::TestRepo;

const SHELLS: [&str; 5] = ["bash", "zsh", "fish", "elvish", "powershell"];

/// The subcommands `oneonone --help` lists (without `help` itself).
fn subcommands(repo: &TestRepo) -> Vec<String> {
    let help = repo.run(&["--help"]);
    let text = help.ok();
    let list = text
        .split("Commands:\n")
        .nth(1)
        .expect("a Commands section");
    list.lines()
        .take_while(|l| l.starts_with("  "))
        .filter_map(|l| l.split_whitespace().next())
        .filter(|name| *name != "help")
        .map(str::to_owned)
        .collect()
}

fn installed(program: &str) -> bool {
    Command::new("which")
        .arg(program)
        .output()
        .is_ok_and(|o| o.status.success())
}

/// Runs `shell args… script` and asserts it accepts the script.
#[track_caller]
fn syntax_ok(repo: &TestRepo, shell: &str, args: &[&str], script: &Path) {
    let out = repo
        .tool(shell)
        .args(args)
        .arg(script)
        .output()
        .expect("run the shell");
    assert!(
        out.status.success(),
        "{shell} rejects the script: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// The part of `text` from `start` to the next `end` after it.
#[track_caller]
fn between<'a>(text: &'a str, start: &str, end: &str) -> &'a str {
    let from = text
        .find(start)
        .unwrap_or_else(|| panic!("no `{start}` in:\n{text}"))
        + start.len();
    let rest = &text[from..];
    &rest[..rest.find(end).unwrap_or(rest.len())]
}

/// Each script registers a completion function for `oneonone` and offers
/// every subcommand as the first word.
#[test]
fn completions_for_every_shell() {
    let repo = TestRepo::new();
    let names = subcommands(&repo);
    assert!(names.len() >= 12, "{names:?}");
    for shell in SHELLS {
        let run = repo.run(&["completions", shell]);
        let script = run.ok();
        let (registers, first_word, offers): (&[&str], _, fn(&str) -> String) = match shell {
            "bash" => (
                &[
                    "_oneonone() {\n",
                    "\n    complete -F _oneonone_with_people -o nosort -o bashdefault -o default oneonone\n",
                ],
                between(script, "\n        oneonone)\n            opts=\"", "\""),
                |name| format!(" {name} "),
            ),
            "zsh" => (
                &["#compdef oneonone\n", "\n_oneonone() {\n"],
                between(script, "\n_oneonone_commands() {\n", "\n}\n"),
                |name| format!("\n'{name}:"),
            ),
            "fish" => (
                &["\nfunction __fish_oneonone_needs_command\n"],
                script,
                |name| {
                    format!(
                        "\ncomplete -c oneonone -n \"__fish_oneonone_needs_command\" -f -a \"{name}\" -d '"
                    )
                },
            ),
            "elvish" => (
                &["\nset edit:completion:arg-completer[oneonone] = {|@words|\n"],
                between(script, "&'oneonone'= {\n", "&'oneonone;"),
                |name| format!("\n            cand {name} '"),
            ),
            "powershell" => (
                &["\nRegister-ArgumentCompleter -Native -CommandName 'oneonone' -ScriptBlock {\n"],
                between(script, "\n        'oneonone' {\n", "\n        'oneonone;"),
                |name| {
                    format!(
                        "[CompletionResult]::new('{name}', '{name}', \
                         [CompletionResultType]::ParameterValue, '"
                    )
                },
            ),
            _ => unreachable!(),
        };
        for line in registers {
            assert!(script.contains(line), "{shell}: no {line:?} in:\n{script}");
        }
        // Padded with spaces, so a name at either end of bash's list matches.
        let first_word = format!(" {first_word} ");
        for name in names.iter().chain(&["help".to_owned()]) {
            assert!(
                first_word.contains(&offers(name)),
                "{shell} does not offer `{name}` first:\n{first_word}"
            );
        }
    }
    let run = repo.run(&["completions", "tcsh"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr
            .starts_with("error: invalid value 'tcsh' for '<SHELL>'\n"),
        "{}",
        run.stderr
    );
}

#[test]
fn completion_scripts_ask_for_people_and_parse() {
    let repo = TestRepo::new();
    for (shell, check) in [
        ("bash", &["-n"][..]),
        ("zsh", &["-n"][..]),
        ("fish", &["--no-execute"][..]),
    ] {
        let script = repo.run(&["completions", shell]).ok().to_owned();
        assert!(
            script.contains("oneonone $dir people")
                || script.contains("oneonone \"${dir[@]}\" people"),
            "{shell} completes people:\n{script}"
        );
        let file = repo.path().join(format!("completion.{shell}"));
        std::fs::write(&file, &script).expect("write the script");
        if installed(shell) {
            syntax_ok(&repo, shell, check, &file);
        }
    }
}

#[test]
fn completions_work_even_with_a_broken_settings_file() {
    let repo = TestRepo::new();
    repo.write(".oneonone.yaml", "defaults:\n  cadence: sometimes\n");
    assert_eq!(repo.run(&["status"]).code, 2);
    repo.run(&["completions", "bash"]).ok();
    repo.run(&["man"]).ok();
}

/// Completes `words` (the last one being typed) with the generated bash
/// script, the way bash calls it on TAB.
fn bash_complete(repo: &TestRepo, words: &[&str]) -> Vec<String> {
    let script = repo.path().join("completion.bash");
    std::fs::write(&script, repo.run(&["completions", "bash"]).ok()).expect("write");
    let quoted: Vec<String> = words.iter().map(|w| format!("'{w}'")).collect();
    let program = format!(
        "source '{}'\nCOMP_WORDS=({})\nCOMP_CWORD={}\n\
         _oneonone_with_people oneonone \"${{COMP_WORDS[COMP_CWORD]}}\" \"${{COMP_WORDS[COMP_CWORD-1]}}\"\n\
         printf '%s\\n' \"${{COMPREPLY[@]}}\"",
        script.display(),
        quoted.join(" "),
        words.len() - 1
    );
    let bin = Path::new(env!("CARGO_BIN_EXE_oneonone"))
        .parent()
        .expect("bin dir")
        .to_owned();
    let path = std::env::join_paths(std::iter::once(bin).chain(std::env::split_paths(
        &std::env::var_os("PATH").unwrap_or_default(),
    )))
    .expect("PATH");
    let out = repo
        .tool("bash")
        .arg("-c")
        .arg(program)
        .env("PATH", path)
        .output()
        .expect("bash");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(str::to_owned)
        .collect()
}

#[test]
fn bash_completes_person_names_from_the_repository() {
    let repo = TestRepo::example();
    let everyone = ["alice", "bob", "carol", "dave", "erin"];
    assert_eq!(bash_complete(&repo, &["oneonone", "log", ""]), everyone);
    assert_eq!(
        bash_complete(&repo, &["oneonone", "new", "--no-edit", "c"]),
        ["carol"]
    );
    assert_eq!(
        bash_complete(&repo, &["oneonone", "gaps", "--since", "2026-01-01", "d"]),
        ["dave"]
    );
    // An option's value and a second positional are not people.
    let kinds = bash_complete(&repo, &["oneonone", "new", "--kind", "p"]);
    assert_eq!(kinds, ["peer"]);
    let text = bash_complete(&repo, &["oneonone", "topic", "alice", "a"]);
    assert!(!text.contains(&"alice".to_owned()), "{text:?}");
    // Elsewhere the generated completion answers.
    let commands = bash_complete(&repo, &["oneonone", "ca"]);
    assert_eq!(commands, ["calendar"]);
}

#[test]
fn the_man_page_names_every_command() {
    let repo = TestRepo::new();
    let run = repo.run(&["man"]);
    let page = run.ok();
    assert!(page.starts_with(".ie") || page.starts_with(".TH"), "{page}");
    assert!(page.contains("\n.TH oneonone 1 "), "{page}");
    let name = between(page, "\n.SH NAME\n", "\n.SH ");
    assert!(
        name.starts_with("oneonone \\- Plain\\-file notes for 1:1 meetings"),
        "{name}"
    );
    let synopsis = between(page, "\n.SH SYNOPSIS\n", "\n.SH ");
    assert!(synopsis.starts_with("\\fBoneonone\\fR ["), "{synopsis}");
    assert!(synopsis.ends_with("<\\fIsubcommands\\fR>"), "{synopsis}");
    let names = subcommands(&repo);
    assert!(names.len() >= 12, "{names:?}");
    for name in names {
        assert!(
            page.contains(&format!(".SS \"oneonone {name}\"")),
            "`{name}` is not in the man page"
        );
    }
}

#[test]
fn every_command_help_has_an_example() {
    let repo = TestRepo::new();
    let mut commands: Vec<Vec<String>> = subcommands(&repo)
        .into_iter()
        .map(|name| vec![name])
        .collect();
    commands.push(vec!["templates".into(), "list".into()]);
    commands.push(vec!["templates".into(), "show".into()]);
    for command in commands {
        let mut args: Vec<&str> = command.iter().map(String::as_str).collect();
        args.push("--help");
        let run = repo.run(&args);
        assert!(
            run.ok().contains("Example"),
            "`oneonone {}` has no example:\n{}",
            command.join(" "),
            run.stdout
        );
    }
}

#[test]
fn an_empty_repository_says_how_to_start_unless_quiet() {
    let repo = TestRepo::new();
    for command in ["status", "gaps"] {
        let out = repo.run(&[command]);
        let text = out.ok();
        assert!(text.contains("oneonone new PERSON"), "{command}: {text}");
        assert!(text.contains("oneonone init"), "{command}: {text}");
        assert_eq!(
            repo.run(&["--quiet", command]).ok(),
            "",
            "{command} --quiet"
        );
    }
    let run = repo.run(&["log", "alice"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("start with `oneonone new alice`"),
        "{}",
        run.stderr
    );
    repo.write("zoe/topics.md", "- first chat\n");
    assert!(repo.run(&["log", "zoe"]).ok().contains("oneonone new zoe"));
    assert_eq!(repo.run(&["-q", "log", "zoe"]).ok(), "");
    let calendar = repo.run(&["calendar"]);
    assert!(
        calendar.stderr.is_empty(),
        "zoe is someone: {}",
        calendar.stderr
    );
    let empty = TestRepo::new();
    let calendar = empty.run(&["calendar"]);
    let ics = calendar.ok_with_stderr(
        "No people yet. Start with `oneonone new PERSON` (e.g. `oneonone new alice`), \
         or run `oneonone init` first to set up settings and templates.\n",
    );
    assert!(ics.contains("BEGIN:VCALENDAR"), "{ics}");
    assert_eq!(empty.run(&["-q", "calendar"]).stderr, "");
}
