//! The benchmark corpus generator writes notes the tool reads cleanly.

use crate::support::TestRepo;

// The generator is an example program; its `main` is not used here.
#[allow(dead_code)]
#[path = "../../examples/gen_corpus.rs"]
mod gen_corpus;

#[test]
fn a_generated_corpus_is_clean_and_fully_reported() {
    let repo = TestRepo::new();
    gen_corpus::generate(repo.path(), 12, 30, 7).expect("generate");
    repo.run(&["check"]).ok_with_stderr("no problems found\n");
    let status = repo.run(&["status", "--json"]).json();
    assert_eq!(status["people"].as_array().map(Vec::len), Some(12));
    let actions = repo.run(&["actions", "--json"]).json();
    assert!(actions["items"].as_array().is_some_and(|a| !a.is_empty()));
}

#[test]
fn index_shows_progress_on_a_terminal_only() {
    let repo = TestRepo::new();
    gen_corpus::generate(repo.path(), 25, 100, 3).expect("generate");
    let piped = repo.run(&["index"]);
    let cache = repo.user_cache_file();
    let stdout = piped.ok_with_stderr(&format!("cache written: {}\n", cache.display()));
    assert!(stdout.starts_with("indexed 2500 notes"), "{stdout}");
    let terminal = repo.run_in_terminal(&["index", "--rebuild"], &[]);
    assert_eq!(terminal.code, 0, "{terminal:?}");
    assert!(terminal.stdout.contains("reading notes"), "{terminal:?}");
    assert!(terminal.stdout.contains("/25 people"), "{terminal:?}");
}
