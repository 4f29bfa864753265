//! Names for entity matching: normalisation and segmentation of organisation and person names.
//!
//! [`normalize`] folds a name to a canonical text (full-width → ASCII, Latin uppercased,
//! brackets, whitespace and punctuation removed, traditional → simplified, company-form variants
//! canonicalised) and splits an organisation name into region, core (字号), trade, form and
//! branch [`Part`]s, so that a scorer can down-weight the generic parts instead of deleting them.
//!
//! ```
//! use credit_check::names::{normalize, NameKind, PartKind};
//!
//! let n = normalize("福建省福州市某某建設工程有限責任公司", NameKind::Organisation);
//! assert_eq!(n.text, "福建省福州市某某建设工程有限公司");
//! let kinds: Vec<PartKind> = n.parts.iter().map(|p| p.kind).collect();
//! use PartKind::*;
//! assert_eq!(kinds, [Region, Region, Core, Trade, Trade, Form]);
//! assert_eq!(n.core(), "某某");
//! ```

pub mod normalize;
mod t2s_table;
mod upper_table;

pub use normalize::{
    normalize, region_divisions, to_simplified, NameKind, NormalizedName, Part, PartKind,
};

/// Where the traditional → simplified table comes from (package, version, licence, files).
pub const T2S_SOURCE: &str = t2s_table::SOURCE;
