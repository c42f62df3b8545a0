//! Integration tests: the real binary on temporary repositories with a
//! fixed `--today`.

mod calendar;
mod ecosystem;
mod gaps;
mod git;
mod init;
mod log;
mod new;
mod report;
mod status;
mod support;
mod templates;
mod topic;
