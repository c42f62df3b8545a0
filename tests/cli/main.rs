//! Integration tests: the real binary on temporary repositories with a
//! fixed `--today`.

mod gaps;
mod init;
mod log;
mod new;
mod status;
mod support;
mod templates;
mod topic;
mod watch;
