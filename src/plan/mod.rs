//! Pure decisions over the model: following items across notes, what to
//! carry forward, where each person stands against their cadence. Data and
//! `today` in, data out.

pub mod cadence;
pub mod carry;
pub mod names;
pub mod people;
pub mod schedule;
pub mod track;
