//! Pure types of the domain: dates, action items, notes, cadences, people
//! and the index of them all. No I/O, no file formats.

pub mod cadence;
pub mod date;
pub mod index;
pub mod item;
pub mod note;
pub mod person;
pub mod slot;
