//! Integration tests: the real binary on temporary repositories with a
//! fixed `--today`.

mod index;
mod new;
mod support;
