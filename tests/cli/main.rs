//! Integration tests: the real binary on temporary repositories with a
//! fixed `--today`.

mod init;
mod new;
mod support;
mod templates;
mod topic;
