//! The identifier layer: the codes a form or a list carries (USCC, organisation code,
//! registration number, resident ID, taxpayer number), the shared cleaning and problem types,
//! GB/T 2260 divisions and registration authorities, one entry point for a form field
//! ([`validation`]) and the data-quality audit of record files. Knows nothing of lists.

pub mod audit;
pub mod authority;
pub mod clean;
pub mod division;
pub(crate) mod division_table;
pub(crate) mod findings;
pub mod kind;
pub mod org_code;
pub mod problem;
pub mod registration_number;
pub mod resident_id;
pub mod taxpayer_id;
pub mod uscc;
pub mod validation;
