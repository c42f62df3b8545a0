//! The whole repository, read: every person, and the files that could not be.

use crate::error::Error;
use crate::model::person::{Person, Summary};

/// Everyone's full history.
#[derive(Debug, Clone, Default)]
pub struct Index {
    /// Sorted by id.
    pub people: Vec<Person>,
    /// Files that could not be read, sorted by path; they are left out of
    /// everything else.
    pub problems: Vec<Error>,
}

impl Index {
    pub fn person(&self, id: &str) -> Option<&Person> {
        self.people
            .binary_search_by(|p| p.id.as_str().cmp(id))
            .ok()
            .map(|i| &self.people[i])
    }

    /// What `status` needs of everyone.
    pub fn summaries(&self) -> Vec<Summary> {
        self.people.iter().map(Person::summary).collect()
    }
}

/// Everyone as `status` sees them: a fraction of the time and memory that
/// years of meetings and closed items take.
#[derive(Debug, Default)]
pub struct Summaries {
    /// Sorted by id.
    pub people: Vec<Summary>,
    pub problems: Vec<Error>,
}
