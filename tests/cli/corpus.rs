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
    let check = repo.run(&["check"]);
    assert_eq!(check.code, 0, "{check:?}");
    let status = repo.run(&["status", "--json"]).json();
    assert_eq!(status["people"].as_array().map(Vec::len), Some(12));
    let actions = repo.run(&["actions", "--json"]).json();
    assert!(actions["items"].as_array().is_some_and(|a| !a.is_empty()));
}
