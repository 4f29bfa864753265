//! The publisher's side: list records → snapshot bytes, and signing (native only). The layout is
//! in `format.rs` and `docs/snapshot-format.md`.
//!
//! Everything a reader needs to answer quickly is done here: records are grouped by their
//! primary identifier and sorted, so each group's identifier table is sorted and its row numbers
//! are implicit; strings go in columns that compress well.

use super::error::SnapshotError;
use super::format::{
    self, date_to_u16, entity_key_of_org, entity_key_of_uscc, flags_byte, put_varint, tag, Counts,
    Envelope, Header, Region, MAX_CATALOGUE_LEN, MAX_RECORDS, MAX_STRING_LEN,
};
#[cfg(all(feature = "publish", not(target_arch = "wasm32")))]
use super::signature::{digest, SigningKey};
use super::signature::{Algorithm, SIGNATURE_LEN};
use crate::lists::record::{
    CreditClass, EntityKind, ListRecord, ListType, ListingStatus, PersonId,
};
use chrono::{DateTime, NaiveDate, Utc};
use std::fmt;

/// What the publisher says about a snapshot besides its records.
#[derive(Debug, Clone)]
pub struct Meta {
    /// Publisher name or id.
    pub publisher: String,
    /// Sequence number (higher than every earlier snapshot's).
    pub sequence: u64,
    /// Issue time.
    pub issued_at: DateTime<Utc>,
    /// Expiry (stale after).
    pub expires_at: DateTime<Utc>,
    /// Region covered.
    pub region: Region,
    /// Lists covered in addition to those the records are on (a list with no entries today is
    /// still covered).
    pub list_types: Vec<ListType>,
    /// The measure catalogue to sign in (a [`crate::lists::catalogue::Bundle`]'s canonical JSON);
    /// checks against a snapshot without one use the catalogue embedded in the build.
    pub catalogue: Option<String>,
}

crate::error::error_codes! {
    /// Why records could not be built into a snapshot, as a stable code (the build layer's
    /// code enum).
    pub enum BuildErrorCode {
        /// A count, a length or the sequence is above the format's limit.
        LimitExceeded => "BUILD_LIMIT_EXCEEDED",
        /// A date outside the range the format stores (1970-01-02..2149-06-06).
        DateOutOfRange => "BUILD_DATE_OUT_OF_RANGE",
        /// A value the format cannot hold (a region code that is not six digits, a name with
        /// U+001F).
        InvalidValue => "BUILD_INVALID_VALUE",
    }
}

/// Why records could not be built into a snapshot.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BuildError {
    /// What kind of refusal.
    pub code: BuildErrorCode,
    /// Index of the record in input order, when one record is at fault.
    pub record: Option<usize>,
    /// The field (snake_case as in the CSV input), when one field is at fault.
    pub field: Option<&'static str>,
    /// What is wrong (English).
    pub message: String,
}

impl fmt::Display for BuildError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(r) = self.record {
            write!(f, "record {} (0-based, input order): ", r)?;
        }
        if let Some(field) = self.field {
            write!(f, "{field}: ")?;
        }
        f.write_str(&self.message)
    }
}

impl std::error::Error for BuildError {}

impl crate::error::CodedError for BuildError {
    type Code = BuildErrorCode;
    fn kind(&self) -> BuildErrorCode {
        self.code
    }
    /// The English message is the detail; the Chinese one names the kind and quotes it.
    fn text(&self) -> crate::error::Message {
        let zh = match self.code {
            BuildErrorCode::LimitExceeded => "超出快照格式的限制",
            BuildErrorCode::DateOutOfRange => "日期超出快照格式可存储的范围",
            BuildErrorCode::InvalidValue => "快照格式无法存储该值",
        };
        let at = match (self.record, self.field) {
            (Some(r), Some(f)) => format!("第{}条记录的{f}：", r + 1),
            (Some(r), None) => format!("第{}条记录：", r + 1),
            (None, Some(f)) => format!("{f}："),
            (None, None) => String::new(),
        };
        crate::error::Message::new(
            format!("无法生成快照：{at}{zh}（{}）", self.message),
            self.to_string(),
        )
    }
    fn location(&self) -> Option<crate::error::Location> {
        match (self.record, self.field) {
            (Some(index), field) => Some(crate::error::Location::Record {
                index,
                field: field.map(Into::into),
            }),
            (None, Some(f)) => Some(crate::error::Location::Field(f.into())),
            (None, None) => None,
        }
    }
}

fn err(
    code: BuildErrorCode,
    record: usize,
    field: &'static str,
    message: impl Into<String>,
) -> BuildError {
    BuildError {
        code,
        record: Some(record),
        field: Some(field),
        message: message.into(),
    }
}

/// Which primary-identifier group a record belongs to: 0 entity key (USCC or organisation
/// code), 1 registration number, 2 ID number, 3 none (name only).
fn group_and_key(r: &ListRecord) -> (u8, Vec<u8>) {
    if let Some(u) = &r.uscc {
        (0, entity_key_of_uscc(u.as_bytes()).to_vec())
    } else if let Some(o) = &r.org_code {
        (0, entity_key_of_org(o.as_bytes()).to_vec())
    } else if let Some(n) = &r.registration_number {
        (1, n.as_str().as_bytes().to_vec())
    } else if let Some(id) = &r.id_number {
        (2, id.eighteen().as_bytes().to_vec())
    } else {
        (3, r.name.as_bytes().to_vec())
    }
}

fn index_of<T: PartialEq>(all: &[T], v: &T) -> u8 {
    all.iter().position(|x| x == v).unwrap_or(0) as u8
}

/// Builds an unsigned snapshot: the envelope names no key, the header has no digest. Sign it
/// with [`sign`]. Records are reordered (grouped and sorted); the input order only matters for
/// error messages.
pub fn build_unsigned(records: Vec<ListRecord>, meta: &Meta) -> Result<Vec<u8>, BuildError> {
    build_with(records, meta, None)
}

/// Builds the unsigned manifest of a sharded snapshot: no records, the catalogue, and the shard
/// directory (`crate::shards::directory`), in a section old readers refuse rather than skip —
/// a reader that skipped it would see an empty list and answer "not listed".
pub fn build_manifest_unsigned(meta: &Meta, directory: &[u8]) -> Result<Vec<u8>, BuildError> {
    build_with(Vec::new(), meta, Some(directory))
}

#[inline(never)]
fn build_with(
    records: Vec<ListRecord>,
    meta: &Meta,
    directory: Option<&[u8]>,
) -> Result<Vec<u8>, BuildError> {
    if meta.sequence > format::MAX_SEQUENCE {
        return Err(BuildError {
            code: BuildErrorCode::LimitExceeded,
            record: None,
            field: Some("sequence"),
            message: format!(
                "sequence {} is above {} (2^53 − 1, the largest JavaScript holds exactly)",
                meta.sequence,
                format::MAX_SEQUENCE
            ),
        });
    }
    if records.len() as u64 > MAX_RECORDS {
        return Err(BuildError {
            code: BuildErrorCode::LimitExceeded,
            record: None,
            field: None,
            message: format!("{} records, at most {MAX_RECORDS}", records.len()),
        });
    }
    for (i, r) in records.iter().enumerate() {
        check_encodable(i, r)?;
    }
    let mut keyed: Vec<(u8, Vec<u8>, ListRecord)> = records
        .into_iter()
        .map(|r| {
            let (g, k) = group_and_key(&r);
            (g, k, r)
        })
        .collect();
    // Sort on the key, then on the whole content, so that equal inputs give equal bytes.
    crate::sort::sort_by(&mut keyed, |a, b| {
        (a.0, &a.1)
            .cmp(&(b.0, &b.1))
            .then_with(|| content_key(&a.2).cmp(&content_key(&b.2)))
    });
    let records: Vec<&ListRecord> = keyed.iter().map(|k| &k.2).collect();
    let mut payload = encode_payload(&records, &keyed);
    if let Some(c) = &meta.catalogue {
        if c.len() as u64 > MAX_CATALOGUE_LEN {
            return Err(BuildError {
                code: BuildErrorCode::LimitExceeded,
                record: None,
                field: Some("catalogue"),
                message: format!("{} bytes, at most {MAX_CATALOGUE_LEN}", c.len()),
            });
        }
        payload.extend_from_slice(&tag::CATALOGUE.to_le_bytes());
        payload.extend_from_slice(&format::OPTIONAL_SECTION.to_le_bytes());
        payload.extend_from_slice(&(c.len() as u32).to_le_bytes());
        payload.extend_from_slice(c.as_bytes());
    }
    if let Some(d) = directory {
        payload.extend_from_slice(&tag::SHARD_DIRECTORY.to_le_bytes());
        payload.extend_from_slice(&0u16.to_le_bytes());
        payload.extend_from_slice(&(d.len() as u32).to_le_bytes());
        payload.extend_from_slice(d);
    }
    if payload.len() as u64 > format::MAX_PAYLOAD_LEN {
        return Err(BuildError {
            code: BuildErrorCode::LimitExceeded,
            record: None,
            field: None,
            message: format!(
                "the payload would be {} bytes, at most {}",
                payload.len(),
                format::MAX_PAYLOAD_LEN
            ),
        });
    }
    if !(meta.region.code.len() == 6 && meta.region.code.bytes().all(|b| b.is_ascii_digit())) {
        return Err(BuildError {
            code: BuildErrorCode::InvalidValue,
            record: None,
            field: Some("region_code"),
            message: format!("'{}' is not a six-digit GB/T 2260 code", meta.region.code),
        });
    }
    let header = Header {
        publisher: meta.publisher.clone(),
        key_id: String::new(),
        algorithm: None,
        sequence: meta.sequence,
        issued_at: meta.issued_at,
        expires_at: meta.expires_at,
        region: meta.region.clone(),
        list_types: coverage(&records, &meta.list_types),
        counts: counts(&records, &meta.list_types),
        payload_length: payload.len() as u64,
        payload_digest: [0; 32],
    };
    Ok(assemble(None, "", [0; SIGNATURE_LEN], &header, &payload))
}

fn content_key(r: &ListRecord) -> String {
    serde_json::to_string(r).unwrap_or_default()
}

fn check_encodable(i: usize, r: &ListRecord) -> Result<(), BuildError> {
    let date = |field: &'static str, d: Option<NaiveDate>| match d {
        Some(d) if date_to_u16(d).is_none() => Err(err(
            BuildErrorCode::DateOutOfRange,
            i,
            field,
            format!("{d} is outside 1970-01-02..2149-06-06"),
        )),
        _ => Ok(()),
    };
    date("listed_at", Some(r.listed_at))?;
    date("term_min_end", r.term.min_end)?;
    date("term_max_end", r.term.max_end)?;
    date("status_date", r.status_date)?;
    let long = |field: &'static str, s: &str| {
        if s.len() as u64 > MAX_STRING_LEN {
            Err(err(
                BuildErrorCode::LimitExceeded,
                i,
                field,
                format!("{} bytes, at most {MAX_STRING_LEN}", s.len()),
            ))
        } else {
            Ok(())
        }
    };
    long("name", &r.name)?;
    long("former_names", &r.former_names.join("\u{1f}"))?;
    long("listing_authority", &r.listing_authority)?;
    long("decision_number", &r.decision_number)?;
    long("reason", &r.reason)?;
    long("penalty", &r.penalty)?;
    date("decided_at", r.decided_at)?;
    for s in &r.sanctions {
        date("sanctions", s.start)?;
        date("sanctions", s.end)?;
    }
    for (field, cell) in [
        ("related_persons", encode_persons(r)),
        ("sanctions", encode_sanctions(r)),
    ] {
        if cell.len() as u64 > MAX_STRING_LEN {
            return Err(err(
                BuildErrorCode::LimitExceeded,
                i,
                field,
                format!("{} bytes encoded, at most {MAX_STRING_LEN}", cell.len()),
            ));
        }
    }
    if r.former_names.iter().any(|n| n.contains('\u{1f}')) {
        return Err(err(
            BuildErrorCode::InvalidValue,
            i,
            "former_names",
            "contains U+001F",
        ));
    }
    Ok(())
}

/// The `PERSONS` cell of a record (layout in [`format::PERSON_ID_FULL`]).
fn encode_persons(r: &ListRecord) -> Vec<u8> {
    let mut out = Vec::new();
    for p in &r.related_persons {
        out.push(p.role.index());
        match &p.id_number {
            None => out.push(format::PERSON_ID_NONE),
            Some(PersonId::Full(id)) => {
                out.push(format::PERSON_ID_FULL);
                out.extend_from_slice(id.eighteen().as_bytes());
            }
            Some(PersonId::Masked(m)) => {
                out.push(format::PERSON_ID_MASKED);
                out.extend_from_slice(m.as_bytes());
            }
        }
        format::put_varint64(&mut out, p.name.len() as u64);
        out.extend_from_slice(p.name.as_bytes());
    }
    out
}

/// The `SANCTIONS` cell of a record (layout in [`format::SANCTION_START`]).
fn encode_sanctions(r: &ListRecord) -> Vec<u8> {
    let mut out = Vec::new();
    for s in &r.sanctions {
        out.push(s.kind.index());
        let start = s.start.and_then(date_to_u16);
        let end = s.end.and_then(date_to_u16);
        let bits = if start.is_some() {
            format::SANCTION_START
        } else {
            0
        } | if end.is_some() {
            format::SANCTION_END
        } else {
            0
        } | if s.indefinite {
            format::SANCTION_INDEFINITE
        } else {
            0
        } | if s.amount_yuan.is_some() {
            format::SANCTION_AMOUNT
        } else {
            0
        };
        out.push(bits);
        for d in [start, end].into_iter().flatten() {
            out.extend_from_slice(&d.to_le_bytes());
        }
        if let Some(a) = s.amount_yuan {
            format::put_varint64(&mut out, a);
        }
    }
    out
}

fn coverage(records: &[&ListRecord], extra: &[ListType]) -> Vec<ListType> {
    // A list, not a set: collecting into a set sorts, and every sort is code (see `sort`).
    let present: Vec<ListType> = records
        .iter()
        .map(|r| r.list_type)
        .chain(extra.iter().copied())
        .collect();
    // In catalogue order, so the header is the same whatever the input order.
    ListType::ALL
        .iter()
        .copied()
        .filter(|l| present.contains(l))
        .collect()
}

fn counts(records: &[&ListRecord], extra: &[ListType]) -> Counts {
    let mut c = Counts {
        records: records.len() as u64,
        ..Counts::default()
    };
    for l in coverage(records, extra) {
        c.by_list_type.insert(l.id().to_string(), 0);
    }
    for r in records {
        *c.by_list_type.entry(r.list_type.id().into()).or_default() += 1;
        *c.by_entity_kind
            .entry(r.entity_kind.as_str().into())
            .or_default() += 1;
        *c.by_status.entry(r.status.as_str().into()).or_default() += 1;
    }
    c
}

fn section(out: &mut Vec<u8>, tag: u16, body: &[u8]) {
    out.extend_from_slice(&tag.to_le_bytes());
    out.extend_from_slice(&0u16.to_le_bytes());
    out.extend_from_slice(&(body.len() as u32).to_le_bytes());
    out.extend_from_slice(body);
}

fn str_column<'a>(n: usize, values: impl Iterator<Item = &'a [u8]>) -> Vec<u8> {
    let mut lens = Vec::with_capacity(n);
    let mut blob = Vec::new();
    for v in values {
        put_varint(&mut lens, v.len() as u64);
        blob.extend_from_slice(v);
    }
    let mut body = Vec::with_capacity(8 + lens.len() + blob.len());
    body.extend_from_slice(&(n as u32).to_le_bytes());
    body.extend_from_slice(&(lens.len() as u32).to_le_bytes());
    body.extend_from_slice(&lens);
    body.extend_from_slice(&blob);
    body
}

fn dict_column<'a>(n: usize, values: impl Iterator<Item = &'a str>) -> Vec<u8> {
    let mut ids: crate::hash::FxHashMap<&str, u32> = Default::default();
    let mut dict: Vec<&str> = Vec::new();
    let mut idx = Vec::with_capacity(n);
    for v in values {
        let id = *ids.entry(v).or_insert_with(|| {
            dict.push(v);
            (dict.len() - 1) as u32
        });
        idx.push(id);
    }
    let width: u8 = match dict.len() {
        0..=0x100 => 1,
        0x101..=0x1_0000 => 2,
        _ => 4,
    };
    let mut lens = Vec::new();
    let mut blob = Vec::new();
    for d in &dict {
        put_varint(&mut lens, d.len() as u64);
        blob.extend_from_slice(d.as_bytes());
    }
    let mut body = Vec::new();
    body.extend_from_slice(&(n as u32).to_le_bytes());
    body.extend_from_slice(&(dict.len() as u32).to_le_bytes());
    body.extend_from_slice(&[width, 0, 0, 0]);
    body.extend_from_slice(&(lens.len() as u32).to_le_bytes());
    body.extend_from_slice(&lens);
    body.extend_from_slice(&(blob.len() as u32).to_le_bytes());
    body.extend_from_slice(&blob);
    for i in idx {
        body.extend_from_slice(&i.to_le_bytes()[..usize::from(width)]);
    }
    body
}

fn primary_index(width: usize, base: usize, keys: &[&[u8]]) -> Vec<u8> {
    let mut body = Vec::with_capacity(12 + keys.len() * width);
    body.extend_from_slice(&[width as u8, 0, 0, 0]);
    body.extend_from_slice(&(base as u32).to_le_bytes());
    body.extend_from_slice(&(keys.len() as u32).to_le_bytes());
    for k in keys {
        body.extend_from_slice(k);
    }
    body
}

fn extra_index(width: usize, mut entries: Vec<(Vec<u8>, u32)>) -> Vec<u8> {
    crate::sort::sort(&mut entries);
    entries.dedup();
    let mut body = Vec::with_capacity(8 + entries.len() * (width + 4));
    body.extend_from_slice(&[width as u8, 1, 0, 0]);
    body.extend_from_slice(&(entries.len() as u32).to_le_bytes());
    for (k, _) in &entries {
        body.extend_from_slice(k);
    }
    for (_, row) in &entries {
        body.extend_from_slice(&row.to_le_bytes());
    }
    body
}

fn encode_payload(records: &[&ListRecord], keyed: &[(u8, Vec<u8>, ListRecord)]) -> Vec<u8> {
    let n = records.len();
    let mut out = Vec::new();
    section(&mut out, tag::RECORDS, &fixed_columns(records));
    text_columns(&mut out, records);
    identifier_tables(&mut out, keyed, n);
    out
}

/// The fixed-width columns, column by column: flags, flags2, list type, then the five dates.
fn fixed_columns(records: &[&ListRecord]) -> Vec<u8> {
    let n = records.len();
    let mut body = Vec::with_capacity(4 + n * 13);
    body.extend_from_slice(&(n as u32).to_le_bytes());
    for r in records {
        let class = r
            .credit_class
            .map_or(0, |c| index_of(&CreditClass::ALL, &c) + 1);
        body.push(flags_byte(
            index_of(&EntityKind::ALL, &r.entity_kind),
            index_of(&ListingStatus::ALL, &r.status),
            class,
        ));
    }
    for r in records {
        let org_given = matches!((&r.uscc, &r.org_code), (Some(u), Some(o)) if u.org_code() == *o);
        body.push(format::flags2_byte(
            org_given,
            r.subject_role.map_or(0, |x| x.index() + 1),
            r.repair_tier.map_or(0, |x| x.index() + 1),
        ));
    }
    for r in records {
        body.push(index_of(&ListType::ALL, &r.list_type));
    }
    let dates: [fn(&ListRecord) -> Option<NaiveDate>; 5] = [
        |r| Some(r.listed_at),
        |r| r.term.min_end,
        |r| r.term.max_end,
        |r| r.status_date,
        |r| r.decided_at,
    ];
    for get in dates {
        for r in records {
            let v = get(r).and_then(date_to_u16).unwrap_or(0);
            body.extend_from_slice(&v.to_le_bytes());
        }
    }
    body
}

/// The variable-length columns (names, authorities, decisions, persons, sanctions, …), one
/// section each.
fn text_columns(out: &mut Vec<u8>, records: &[&ListRecord]) {
    let n = records.len();
    section(
        out,
        tag::NAMES,
        &str_column(n, records.iter().map(|r| r.name.as_bytes())),
    );
    let former: Vec<String> = records
        .iter()
        .map(|r| r.former_names.join("\u{1f}"))
        .collect();
    section(
        out,
        tag::FORMER_NAMES,
        &str_column(n, former.iter().map(|s| s.as_bytes())),
    );
    section(
        out,
        tag::AUTHORITIES,
        &dict_column(n, records.iter().map(|r| r.listing_authority.as_str())),
    );
    section(
        out,
        tag::DECISIONS,
        &str_column(n, records.iter().map(|r| r.decision_number.as_bytes())),
    );
    section(
        out,
        tag::REASONS,
        &dict_column(n, records.iter().map(|r| r.reason.as_str())),
    );
    let persons: Vec<Vec<u8>> = records.iter().map(|r| encode_persons(r)).collect();
    section(
        out,
        tag::PERSONS,
        &str_column(n, persons.iter().map(Vec::as_slice)),
    );
    let sanctions: Vec<Vec<u8>> = records.iter().map(|r| encode_sanctions(r)).collect();
    section(
        out,
        tag::SANCTIONS,
        &str_column(n, sanctions.iter().map(Vec::as_slice)),
    );
    section(
        out,
        tag::PENALTIES,
        &str_column(n, records.iter().map(|r| r.penalty.as_bytes())),
    );
    section(
        out,
        tag::MASKED_IDS,
        &str_column(
            n,
            records.iter().map(|r| {
                r.masked_id_number
                    .as_ref()
                    .map_or(&[][..], |m| &m.as_bytes()[..])
            }),
        ),
    );
}

/// The identifier tables: each group's primary keys (rows in key order) and the extra keys a
/// record carries beside its primary one, related persons' ID numbers included.
fn identifier_tables(out: &mut Vec<u8>, keyed: &[(u8, Vec<u8>, ListRecord)], n: usize) {
    let group = |g: u8| -> (usize, Vec<&[u8]>) {
        let base = keyed.iter().position(|k| k.0 >= g).unwrap_or(n);
        let keys: Vec<&[u8]> = keyed
            .iter()
            .filter(|k| k.0 == g)
            .map(|k| k.1.as_slice())
            .collect();
        (base, keys)
    };
    let mut entity_extra = Vec::new();
    let mut regno_extra = Vec::new();
    let mut person_extra = Vec::new();
    let mut rep = Vec::new();
    for (row, (g, _, r)) in keyed.iter().enumerate() {
        let row = row as u32;
        if let (Some(u), Some(o)) = (&r.uscc, &r.org_code) {
            if u.org_code() != *o {
                entity_extra.push((entity_key_of_org(o.as_bytes()).to_vec(), row));
            }
        }
        if *g != 1 {
            if let Some(x) = &r.registration_number {
                regno_extra.push((x.as_str().as_bytes().to_vec(), row));
            }
        }
        if *g != 2 {
            if let Some(id) = &r.id_number {
                person_extra.push((id.eighteen().as_bytes().to_vec(), row));
            }
        }
        let mut ids: Vec<Vec<u8>> = r
            .related_persons
            .iter()
            .filter_map(|p| p.id_number.and_then(|i| i.full()))
            .map(|id| id.eighteen().as_bytes().to_vec())
            .collect();
        // One entry per (ID, row): a person named twice in one entry is one hit.
        crate::sort::sort(&mut ids);
        ids.dedup();
        rep.extend(ids.into_iter().map(|k| (k, row)));
    }
    let (b, k) = group(0);
    section(
        out,
        tag::ENTITY_PRIMARY,
        &primary_index(format::ENTITY_KEY_LEN, b, &k),
    );
    section(
        out,
        tag::ENTITY_EXTRA,
        &extra_index(format::ENTITY_KEY_LEN, entity_extra),
    );
    let (b, k) = group(1);
    section(
        out,
        tag::REGNO_PRIMARY,
        &primary_index(format::REGNO_KEY_LEN, b, &k),
    );
    section(
        out,
        tag::REGNO_EXTRA,
        &extra_index(format::REGNO_KEY_LEN, regno_extra),
    );
    let (b, k) = group(2);
    section(
        out,
        tag::PERSON_PRIMARY,
        &primary_index(format::PERSON_KEY_LEN, b, &k),
    );
    section(
        out,
        tag::PERSON_EXTRA,
        &extra_index(format::PERSON_KEY_LEN, person_extra),
    );
    section(out, tag::REP_ID, &extra_index(format::PERSON_KEY_LEN, rep));
}

fn assemble(
    algorithm: Option<Algorithm>,
    key_id: &str,
    signature: [u8; SIGNATURE_LEN],
    header: &Header,
    payload: &[u8],
) -> Vec<u8> {
    let json = header.to_json();
    let env = Envelope {
        algorithm,
        key_id: key_id.to_string(),
        signature,
        header_len: json.len() as u32,
    };
    let mut out = Vec::with_capacity(env.len() + json.len() + payload.len());
    env.write(&mut out);
    out.extend_from_slice(json.as_bytes());
    out.extend_from_slice(payload);
    out
}

/// The envelope, header and payload of a snapshot file, read without verifying anything (for
/// signing and `inspect`; never for answering questions).
pub fn split_unverified(bytes: &[u8]) -> Result<(Envelope, Header, &[u8]), SnapshotError> {
    let env = Envelope::read_complete(bytes)?;
    let start = env.len();
    let end = start + env.header_len as usize;
    if bytes.len() < end {
        return Err(SnapshotError::Truncated {
            needed: end as u64,
            found: bytes.len() as u64,
        });
    }
    let header = Header::from_json(&bytes[start..end], start as u64)?;
    let payload = &bytes[end..];
    let needed = end as u64 + header.payload_length;
    if (payload.len() as u64) < header.payload_length {
        return Err(SnapshotError::Truncated {
            needed,
            found: bytes.len() as u64,
        });
    }
    if payload.len() as u64 > header.payload_length {
        return Err(SnapshotError::malformed(
            "快照数据之后还有多余字节",
            "bytes after the end of the snapshot",
            needed,
        ));
    }
    Ok((env, header, payload))
}

#[cfg(all(feature = "publish", not(target_arch = "wasm32")))]
/// Signs a built (or re-signs a signed) snapshot with `key`, named `key_id` in clients'
/// keyrings: sets the header's key, algorithm and payload digest, and signs the header.
pub fn sign(bytes: &[u8], key_id: &str, key: &SigningKey) -> Result<Vec<u8>, SnapshotError> {
    super::keyring::check_key_id(key_id)?;
    let (_, mut header, payload) = split_unverified(bytes)?;
    let alg = key.algorithm();
    header.key_id = key_id.to_string();
    header.algorithm = Some(alg);
    header.payload_digest = digest(alg, payload);
    let json = header.to_json();
    let sig = key.sign(&format::signed_message(json.as_bytes()));
    let mut signature = [0u8; SIGNATURE_LEN];
    signature.copy_from_slice(&sig);
    Ok(assemble(Some(alg), key_id, signature, &header, payload))
}

#[cfg(all(feature = "publish", not(target_arch = "wasm32")))]
/// [`build_unsigned`] then [`sign`].
pub fn build_signed(
    records: Vec<ListRecord>,
    meta: &Meta,
    key_id: &str,
    key: &SigningKey,
) -> Result<Vec<u8>, String> {
    let unsigned = build_unsigned(records, meta).map_err(|e| e.to_string())?;
    sign(&unsigned, key_id, key).map_err(|e| e.to_string())
}
