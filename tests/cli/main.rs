//! Integration tests: the real binary on temporary repositories with a
//! fixed `--today`.

mod actions;
mod check;
mod done;
mod gaps;
mod init;
mod log;
mod new;
mod prep;
mod reliability;
mod status;
mod support;
mod templates;
mod topic;
mod write_safety;
