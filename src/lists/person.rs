//! Who a list entry concerns besides its subject (record model v2, issue 11): related persons with
//! their role (法定代表人, 主要负责人, 负有直接责任的财务负责人, 实际控制人, 经营者), the subject's own
//! role where the list says it (supplier, procurement agency, evaluation expert, practitioner), and
//! ID numbers as published — in full, or **masked** (`3501**********1234`) as the courts and the
//! tax authorities publish them.
//!
//! A masked ID number is stored as what is known: the visible characters and their positions. It
//! is never completed into a full number; it can support a possible match together with a name,
//! never a definite one.
//!
//! ```
//! use credit_check::lists::person::{MaskedId, PersonId};
//! let m: MaskedId = "3423011964****3224".parse().unwrap();
//! assert_eq!(m.visible(), 14);
//! assert!(m.agrees_with(&"342301196401183224".parse().unwrap()));
//! assert!(!m.agrees_with(&"11010519491231002X".parse().unwrap()));
//! // Anything with a mask character is a masked ID; anything else must be a full one.
//! assert!(matches!("3501**********1234".parse::<PersonId>(), Ok(PersonId::Masked(_))));
//! assert!(matches!("11010519491231002X".parse::<PersonId>(), Ok(PersonId::Full(_))));
//! ```

use super::record::{FieldProblem, RecordProblemCode};
use crate::{Profile, ResidentId};
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::borrow::Cow;
use std::fmt;
use std::str::FromStr;

/// An ID number with hidden characters, as published: 18 positions, each a visible digit (or `X`
/// in the last position) or hidden (`*`). At least one hidden and four visible characters.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct MaskedId([u8; 18]);

impl MaskedId {
    /// The 18 characters, hidden ones as `*`.
    pub fn as_str(&self) -> &str {
        // Only ASCII is ever stored.
        std::str::from_utf8(&self.0).unwrap_or("")
    }

    /// The 18 bytes (`*` hidden).
    pub fn as_bytes(&self) -> &[u8; 18] {
        &self.0
    }

    /// How many characters are visible.
    pub fn visible(&self) -> usize {
        self.0.iter().filter(|&&b| b != b'*').count()
    }

    /// Whether a full ID number agrees with every visible character. Agreement is not
    /// identity: several people share any masked number.
    pub fn agrees_with(&self, id: &ResidentId) -> bool {
        let full = id.eighteen();
        self.0
            .iter()
            .zip(full.as_bytes())
            .all(|(&m, &f)| m == b'*' || m == f)
    }

    /// Reads the stored 18 bytes back (snapshot reader); `None` when they are not a masked ID.
    pub fn from_bytes(b: &[u8]) -> Option<MaskedId> {
        std::str::from_utf8(b).ok()?.parse().ok()
    }
}

impl fmt::Debug for MaskedId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl fmt::Display for MaskedId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Full-width digits and asterisks, `×`, `X` in either case: as government pages print them.
fn ascii_of(c: char) -> Option<u8> {
    match c {
        '0'..='9' => Some(c as u8),
        '０'..='９' => Some(b'0' + (c as u32 - '０' as u32) as u8),
        'x' | 'X' | 'ｘ' | 'Ｘ' => Some(b'X'),
        '*' | '＊' | '×' | '✱' => Some(b'*'),
        _ => None,
    }
}

impl FromStr for MaskedId {
    type Err = FieldProblem;

    fn from_str(s: &str) -> Result<MaskedId, FieldProblem> {
        let bad =
            || FieldProblem::new("idNumber", RecordProblemCode::InvalidMaskedId).found(s.trim());
        let mut out = [0u8; 18];
        let mut n = 0;
        for c in s.trim().chars().filter(|c| !c.is_whitespace()) {
            let b = ascii_of(c).ok_or_else(bad)?;
            if n == 18 {
                return Err(bad());
            }
            out[n] = b;
            n += 1;
        }
        let m = MaskedId(out);
        let x_inside = out[..17].contains(&b'X');
        if n != 18 || x_inside || m.visible() == 18 || m.visible() < 4 {
            return Err(bad());
        }
        Ok(m)
    }
}

impl Serialize for MaskedId {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for MaskedId {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = <Cow<'de, str>>::deserialize(d)?;
        s.parse()
            .map_err(|p: FieldProblem| serde::de::Error::custom(p.message_en()))
    }
}

/// An ID number as published: in full, or masked.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub enum PersonId {
    /// The whole number: matched exactly, only ever shown masked.
    Full(ResidentId),
    /// Partly hidden: supports a possible match with a name, never a definite one.
    Masked(MaskedId),
}

impl PersonId {
    /// The full number, if published.
    pub fn full(&self) -> Option<ResidentId> {
        match self {
            PersonId::Full(id) => Some(*id),
            PersonId::Masked(_) => None,
        }
    }

    /// What may be shown to people: the full number masked, or the published mask.
    pub fn shown(&self) -> String {
        match self {
            PersonId::Full(id) => id.masked(),
            PersonId::Masked(m) => m.to_string(),
        }
    }
}

impl fmt::Debug for PersonId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.shown())
    }
}

/// A value with a mask character is a masked ID; anything else is parsed as a full ID number
/// under the lenient profile.
impl FromStr for PersonId {
    type Err = FieldProblem;

    fn from_str(s: &str) -> Result<PersonId, FieldProblem> {
        if s.chars().any(|c| ascii_of(c) == Some(b'*')) {
            return s.parse().map(PersonId::Masked);
        }
        crate::id::resident_id::validate(s, Profile::Lenient)
            .map(PersonId::Full)
            .map_err(|_| {
                FieldProblem::new("idNumber", RecordProblemCode::InvalidMaskedId).found(s.trim())
            })
    }
}

/// Serialised in full (the publisher's input and the snapshot need it); [`PersonId::shown`] for
/// people.
impl Serialize for PersonId {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            PersonId::Full(id) => s.collect_str(id),
            PersonId::Masked(m) => s.serialize_str(m.as_str()),
        }
    }
}

impl<'de> Deserialize<'de> for PersonId {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = <Cow<'de, str>>::deserialize(d)?;
        s.parse()
            .map_err(|p: FieldProblem| serde::de::Error::custom(p.message_en()))
    }
}

/// Defines a closed vocabulary: variants with their JSON name, Chinese and English names, an
/// `ALL` array in wire order (the snapshot stores the index), `FromStr` accepting the JSON name
/// (camelCase or snake_case) or the Chinese name, and serde as the JSON name.
macro_rules! vocabulary {
    ($(#[$m:meta])* $name:ident, $field:literal {
        $($(#[$vm:meta])* $v:ident = ($json:literal, $zh:literal, $en:literal $(, $alias:literal)*)),+ $(,)?
    }) => {
        $(#[$m])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum $name { $($(#[$vm])* $v),+ }

        impl $name {
            /// Every value, in wire order.
            pub const ALL: &'static [$name] = &[$($name::$v),+];
            /// The JSON name.
            pub fn as_str(self) -> &'static str { match self { $($name::$v => $json),+ } }
            /// Chinese name.
            pub fn name_zh(self) -> &'static str { match self { $($name::$v => $zh),+ } }
            /// English name.
            pub fn name_en(self) -> &'static str { match self { $($name::$v => $en),+ } }
            /// Index in [`Self::ALL`] (the snapshot's byte).
            pub fn index(self) -> u8 {
                Self::ALL.iter().position(|x| *x == self).unwrap_or(0) as u8
            }
        }

        impl FromStr for $name {
            type Err = FieldProblem;
            fn from_str(s: &str) -> Result<Self, FieldProblem> {
                let t = s.trim();
                let aliases = |v: $name| -> &'static [&'static str] {
                    match v { $($name::$v => &[$($alias),*]),+ }
                };
                Self::ALL.iter().copied().find(|v| {
                    super::record::eq_name(t, v.as_str()) || t == v.name_zh() || aliases(*v).contains(&t)
                }).ok_or_else(|| {
                    let all: Vec<&str> = Self::ALL.iter().map(|v| v.as_str()).collect();
                    FieldProblem::invalid_value($field, &all.join(", "), s)
                })
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result { f.write_str(self.as_str()) }
        }

        impl Serialize for $name {
            fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str(self.as_str())
            }
        }

        impl<'de> Deserialize<'de> for $name {
            fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                let s = <Cow<'de, str>>::deserialize(d)?;
                s.parse().map_err(|p: FieldProblem| serde::de::Error::custom(p.message_en()))
            }
        }
    };
}
pub(crate) use vocabulary;

vocabulary! {
    /// The role of a person named in an entity's entry.
    PersonRole, "relatedPersons.role" {
        /// 法定代表人 (or 负责人 of a branch).
        LegalRepresentative = ("legalRepresentative", "法定代表人", "legal representative", "法定代表人或者负责人", "负责人"),
        /// 主要负责人.
        Principal = ("principal", "主要负责人", "principal officer"),
        /// 负有直接责任的财务负责人 (tax lists).
        FinanceOfficer = ("financeOfficer", "负有直接责任的财务负责人", "finance officer with direct responsibility", "财务负责人"),
        /// 实际控制人.
        ActualController = ("actualController", "实际控制人", "actual controller"),
        /// 经营者 of an individual business.
        Operator = ("operator", "经营者", "operator"),
        /// 负有直接责任的中介机构从业人员 (tax lists).
        IntermediaryStaff = ("intermediaryStaff", "负有直接责任的中介机构从业人员", "intermediary staff with direct responsibility"),
    }
}

vocabulary! {
    /// The subject's role where the list says it.
    SubjectRole, "subjectRole" {
        /// 供应商.
        Supplier = ("supplier", "供应商", "supplier"),
        /// 采购代理机构.
        ProcurementAgency = ("procurementAgency", "采购代理机构", "procurement agency", "代理机构"),
        /// 评审专家.
        EvaluationExpert = ("evaluationExpert", "评审专家", "evaluation expert"),
        /// 从业人员.
        Practitioner = ("practitioner", "从业人员", "practitioner"),
    }
}

vocabulary! {
    /// Credit repair tier (信用修复, 国家发展改革委令第36号: 轻微/一般/严重).
    RepairTier, "repairTier" {
        /// 轻微失信信息.
        Minor = ("minor", "轻微", "minor"),
        /// 一般失信信息.
        General = ("general", "一般", "general"),
        /// 严重失信信息.
        Serious = ("serious", "严重", "serious"),
    }
}

/// A person named in an entity's entry.
#[derive(Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct RelatedPerson {
    /// The role the list gives.
    pub role: PersonRole,
    /// Name (may be empty only when an ID number is published).
    #[serde(default)]
    pub name: String,
    /// ID number as published: full (matched, shown masked) or masked.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id_number: Option<PersonId>,
}

impl fmt::Debug for RelatedPerson {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("RelatedPerson")
            .field("role", &self.role)
            .field("name", &self.name)
            .field("id_number", &self.id_number)
            .finish()
    }
}

impl RelatedPerson {
    /// The person as JSON for display: ID number masked.
    pub fn to_shown_json(&self) -> serde_json::Value {
        let mut o = serde_json::Map::new();
        o.insert("role".into(), self.role.as_str().into());
        o.insert("roleZh".into(), self.role.name_zh().into());
        o.insert("name".into(), self.name.clone().into());
        if let Some(id) = &self.id_number {
            o.insert("idNumber".into(), id.shown().into());
            o.insert("idMasked".into(), matches!(id, PersonId::Masked(_)).into());
        }
        serde_json::Value::Object(o)
    }

    /// CSV cell syntax: `role:name[:id]`, persons separated by `;`
    /// (`legalRepresentative:张三:3501**********1234;financeOfficer:李四`).
    pub fn parse_list(s: &str) -> Result<Vec<RelatedPerson>, FieldProblem> {
        let mut out = Vec::new();
        for item in s
            .split([';', '；'])
            .map(str::trim)
            .filter(|t| !t.is_empty())
        {
            let mut parts = item.splitn(3, [':', '：']);
            let role = parts.next().unwrap_or("");
            let role: PersonRole = role.parse().map_err(|_: FieldProblem| {
                FieldProblem::invalid_value(
                    "relatedPersons",
                    "role:name[:id]; …, role one of legalRepresentative, principal, financeOfficer, actualController, operator, intermediaryStaff",
                    item,
                )
            })?;
            let name = parts.next().unwrap_or("").trim().to_string();
            let id_number = match parts.next().map(str::trim).filter(|t| !t.is_empty()) {
                Some(t) => Some(t.parse::<PersonId>()?),
                None => None,
            };
            out.push(RelatedPerson {
                role,
                name,
                id_number,
            });
        }
        Ok(out)
    }

    /// The CSV cell form of a list of persons (inverse of [`RelatedPerson::parse_list`]).
    pub fn format_list(persons: &[RelatedPerson]) -> String {
        let mut s = String::new();
        for (i, p) in persons.iter().enumerate() {
            if i > 0 {
                s.push(';');
            }
            s.push_str(p.role.as_str());
            s.push(':');
            s.push_str(&p.name);
            if let Some(id) = &p.id_number {
                s.push(':');
                match id {
                    PersonId::Full(f) => s.push_str(&f.to_string()),
                    PersonId::Masked(m) => s.push_str(m.as_str()),
                }
            }
        }
        s
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn masked_ids_keep_only_what_is_visible() {
        for ok in [
            "3501**********1234",
            "3423011964****3224",
            "３５０１＊＊＊＊＊＊＊＊＊＊１２３Ｘ",
            "110105********002x",
        ] {
            let m: MaskedId = ok.parse().unwrap_or_else(|e| panic!("{ok}: {e}"));
            assert_eq!(m.as_str().len(), 18);
        }
        for bad in [
            "3501*********1234",   // 17
            "3501***********1234", // 19
            "11010519491231002X",  // nothing hidden
            "****************12",  // two visible
            "35X1**********1234",  // X inside
            "3501**********12a4",  // a letter
        ] {
            let e = bad.parse::<MaskedId>().unwrap_err();
            assert_eq!(e.code(), RecordProblemCode::InvalidMaskedId, "{bad}");
        }
    }

    #[test]
    fn agreement_needs_every_visible_character() {
        let m: MaskedId = "3501**********1234".parse().unwrap();
        let same = ResidentId::from_str("350102199003071234");
        // Whatever the checksum says: build a valid id with those visible digits.
        if let Ok(id) = same {
            assert!(m.agrees_with(&id));
        }
        let other: ResidentId = "11010519491231002X".parse().unwrap();
        assert!(!m.agrees_with(&other));
    }

    #[test]
    fn person_lists_round_trip_through_the_cell_syntax() {
        let cell = "legalRepresentative:张三:3501**********1234;财务负责人:李四;principal:王五:11010519491231002X";
        let ps = RelatedPerson::parse_list(cell).unwrap();
        assert_eq!(ps.len(), 3);
        assert_eq!(ps[1].role, PersonRole::FinanceOfficer);
        assert!(matches!(ps[0].id_number, Some(PersonId::Masked(_))));
        assert!(matches!(ps[2].id_number, Some(PersonId::Full(_))));
        let back = RelatedPerson::parse_list(&RelatedPerson::format_list(&ps)).unwrap();
        assert_eq!(back, ps);
        assert!(RelatedPerson::parse_list("boss:张三").is_err());
        assert!(RelatedPerson::parse_list("legalRepresentative:张三:12345").is_err());
        // Shown JSON never carries a full ID.
        let shown = ps[2].to_shown_json();
        assert_eq!(shown["idNumber"], "110105********002X");
    }

    #[test]
    fn vocabularies_accept_chinese_and_snake_case() {
        assert_eq!(
            "法定代表人或者负责人".parse::<PersonRole>().unwrap(),
            PersonRole::LegalRepresentative
        );
        assert_eq!(
            "finance_officer".parse::<PersonRole>().unwrap(),
            PersonRole::FinanceOfficer
        );
        assert_eq!(
            "代理机构".parse::<SubjectRole>().unwrap(),
            SubjectRole::ProcurementAgency
        );
        assert_eq!("严重".parse::<RepairTier>().unwrap(), RepairTier::Serious);
        assert!("boss".parse::<SubjectRole>().is_err());
    }
}
