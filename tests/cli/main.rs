//! Integration tests: the real binary on temporary repositories with a
//! fixed `--today`.

mod actions;
mod calendar;
mod check;
mod corpus;
mod docs;
mod done;
mod ecosystem;
mod gaps;
mod git;
mod index;
mod init;
mod items;
mod layers;
mod log;
mod new;
mod pause;
mod pauses;
mod people;
mod pipe;
mod prep;
mod reliability;
mod rename;
mod report;
mod reports_side;
mod repos;
mod review;
mod server;
mod settings;
mod share;
mod status;
mod support;
mod templates;
mod topic;
mod watch;
mod write_safety;
