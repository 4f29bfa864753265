//! The list domain: list types and records (what a published red/black list entry says, with
//! its related persons and sanctions), whether an entry is in force at a cut-off ([`validity`]),
//! and the measure catalogue ([`catalogue`]) the verdict applies. No file format here: the
//! snapshot layer stores these, the check layer reasons with them.

pub mod catalogue;
pub mod person;
pub mod record;
pub mod sanction;
pub mod validity;
