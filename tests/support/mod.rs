//! Fixtures the snapshot tests share: deterministic keys, keyrings, records (hand-made and from
//! the real `credit-check synth`), and helpers to build, sign and re-sign snapshots.
#![allow(dead_code)]

use chrono::{DateTime, NaiveDate, TimeZone, Utc};
use credit_check::lists::record::{
    EntityKind, ListRecord, ListType, ListingStatus, PersonId, PersonRole, RelatedPerson,
    RepairTier, Sanction, SubjectRole, Term,
};
use credit_check::snapshot::build::{self, Meta};
use credit_check::snapshot::format::{Envelope, Header, Region};
use credit_check::snapshot::keyring::{KeyEntry, Keyring};
use credit_check::snapshot::signature::{Algorithm, SigningKey};
use credit_check::snapshot::{LoadOptions, Snapshot, SnapshotError};
use credit_check::{org_code, resident_id, uscc, OrgCode, ResidentId, Uscc};
use std::process::Command;

pub fn t(y: i32, m: u32, d: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(y, m, d, 0, 0, 0).unwrap()
}

pub fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

/// A signing key from a fixed seed byte.
pub fn key(alg: Algorithm, seed: u8) -> SigningKey {
    SigningKey::from_secret_bytes(alg, &[seed; 32], None).unwrap()
}

pub fn ed() -> SigningKey {
    key(Algorithm::Ed25519, 7)
}

pub fn sm2() -> SigningKey {
    key(Algorithm::Sm2Sm3, 9)
}

pub fn entry(id: &str, k: &SigningKey) -> KeyEntry {
    KeyEntry::new(id, k.public_key(), Some(t(2020, 1, 1)), None).unwrap()
}

pub fn keyring(entries: &[KeyEntry]) -> Keyring {
    let keys: Vec<String> = entries.iter().map(|e| e.to_json()).collect();
    Keyring::from_json(&format!("{{\"version\":1,\"keys\":[{}]}}", keys.join(","))).unwrap()
}

/// A keyring pinning `ed()` as `t-ed` and `sm2()` as `t-sm2`.
pub fn ring() -> Keyring {
    keyring(&[entry("t-ed", &ed()), entry("t-sm2", &sm2())])
}

pub fn meta(sequence: u64) -> Meta {
    Meta {
        publisher: "测试发布方".into(),
        sequence,
        issued_at: t(2026, 11, 1),
        expires_at: t(2026, 12, 1),
        region: Region {
            code: "350000".into(),
            name: "福建省".into(),
        },
        list_types: vec![ListType::ALL[0]],
        catalogue: None,
    }
}

/// Checking time inside `meta`'s window.
pub fn opts() -> LoadOptions {
    LoadOptions {
        now: t(2026, 11, 15),
        last_accepted_sequence: None,
        allow_stale: false,
    }
}

pub fn valid_uscc(first17: &str) -> Uscc {
    let c = uscc::calc_check_char(first17).unwrap();
    format!("{first17}{c}").parse().unwrap()
}

/// A USCC from its first 8 characters and an organisation code.
pub fn uscc_with(first8: &str, org: OrgCode) -> Uscc {
    valid_uscc(&format!("{first8}{}", org.compact()))
}

pub fn valid_org(body: &str) -> OrgCode {
    let c = org_code::calc_check_char(body).unwrap();
    format!("{body}{c}").parse().unwrap()
}

pub fn valid_id(first17: &str) -> ResidentId {
    let c = resident_id::calc_check_char(first17).unwrap();
    format!("{first17}{c}").parse().unwrap()
}

/// Hand-made records: a USCC entity (with its legacy code given), an entity known only by its
/// legacy organisation code, a USCC that contains it, an individual business by registration
/// number, a natural person, a legal representative's ID, and a name-only record.
pub fn hand_records() -> Vec<ListRecord> {
    let org = valid_org("35012345");
    let mut a = ListRecord::new(EntityKind::LegalEntity, ListType::ALL[0], day(2025, 3, 1));
    a.uscc = Some(uscc_with("91350100", valid_org("MA2XY801")));
    a.org_code = a.uscc.map(|u| u.org_code());
    a.name = "福州市某某建设工程有限公司".into();
    a.former_names = vec![
        "福州某某建筑有限公司".into(),
        "某某建设（福建）有限公司".into(),
    ];
    a.listing_authority = "福州市中级人民法院".into();
    a.decision_number = "（2025）闽01执123号".into();
    a.reason = "有履行能力而拒不履行生效法律文书确定义务".into();
    a.term = Term {
        min_end: None,
        max_end: Some(day(2028, 3, 1)),
    };
    a.related_persons = vec![RelatedPerson {
        role: PersonRole::LegalRepresentative,
        name: "张三".into(),
        id_number: Some(PersonId::Full(valid_id("35010219800101123"))),
    }];
    let mut b = ListRecord::new(EntityKind::LegalEntity, ListType::ALL[3], day(2016, 5, 4));
    b.org_code = Some(org);
    b.name = "厦门老字号贸易公司".into();
    b.listing_authority = "厦门市财政局".into();
    b.decision_number = "厦财采〔2016〕7号".into();
    b.status = ListingStatus::Repaired;
    b.status_date = Some(day(2019, 5, 4));
    b.decided_at = Some(day(2016, 4, 20));
    b.sanctions =
        Sanction::parse_list("fine 30000; procurementBan 2016-04-20..2017-04-19").unwrap();
    b.penalty = "罚款人民币3万元，一年内禁止参加政府采购活动".into();
    b.subject_role = Some(SubjectRole::Supplier);
    b.repair_tier = Some(RepairTier::General);
    let mut c = ListRecord::new(EntityKind::LegalEntity, ListType::ALL[5], day(2024, 1, 2));
    c.uscc = Some(uscc_with("91350200", org));
    c.name = "厦门老字号贸易有限公司".into();
    c.listing_authority = "厦门市市场监督管理局".into();
    c.decision_number = "厦市监异〔2024〕1号".into();
    let mut d = ListRecord::new(
        EntityKind::IndividualBusiness,
        ListType::ALL[5],
        day(2023, 7, 8),
    );
    let check = credit_check::registration_number::calc_check_char("35020360012345").unwrap();
    d.registration_number = Some(format!("35020360012345{check}").parse().unwrap());
    d.name = "思明区小张便利店".into();
    d.listing_authority = "厦门市思明区市场监督管理局".into();
    d.decision_number = "思市监异〔2023〕88号".into();
    let mut e = ListRecord::new(EntityKind::NaturalPerson, ListType::ALL[0], day(2022, 2, 3));
    e.id_number = Some(valid_id("35020319750505001"));
    e.name = "李四".into();
    e.listing_authority = "厦门市思明区人民法院".into();
    e.decision_number = "（2022）闽0203执456号".into();
    e.term.max_end = Some(day(2027, 2, 3));
    let mut f = ListRecord::new(EntityKind::LegalEntity, ListType::ALL[14], day(2025, 1, 1));
    f.name = "只有名称的企业".into();
    f.credit_class = ListType::ALL[14].credit_classes().first().copied();
    vec![a, b, c, d, e, f]
}

fn bin() -> Command {
    Command::new(env!("CARGO_BIN_EXE_credit-check"))
}

/// `n` records from the real `credit-check synth`.
pub fn synth_records(n: usize, seed: u64) -> Vec<ListRecord> {
    let out = bin()
        .args([
            "synth",
            &n.to_string(),
            "--seed",
            &seed.to_string(),
            "--format",
            "jsonl",
        ])
        .output()
        .unwrap();
    assert!(out.status.success());
    String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

pub fn signed(records: Vec<ListRecord>, meta: &Meta, id: &str, k: &SigningKey) -> Vec<u8> {
    build::build_signed(records, meta, id, k).unwrap()
}

pub fn load(bytes: &[u8]) -> Result<Snapshot, SnapshotError> {
    Snapshot::load(bytes.to_vec(), &ring(), opts())
}

/// The parts of a snapshot file, unverified.
pub fn split(bytes: &[u8]) -> (Envelope, Header, Vec<u8>) {
    let (e, h, p) = build::split_unverified(bytes).unwrap();
    (e, h, p.to_vec())
}

/// Assembles an unsigned file from a header and payload (for forging then signing).
pub fn unsigned(header: &Header, payload: &[u8]) -> Vec<u8> {
    let mut h = header.clone();
    h.payload_length = payload.len() as u64;
    let json = h.to_json();
    let env = Envelope {
        algorithm: None,
        key_id: String::new(),
        signature: [0; 64],
        header_len: json.len() as u32,
    };
    let mut out = Vec::new();
    env.write(&mut out);
    out.extend_from_slice(json.as_bytes());
    out.extend_from_slice(payload);
    out
}

/// Signs exactly `header` over exactly `payload` (a dishonest or buggy publisher with a real key).
pub fn forge(header: &Header, payload: &[u8], id: &str, k: &SigningKey) -> Vec<u8> {
    build::sign(&unsigned(header, payload), id, k).unwrap()
}

/// Records as they read back: ID numbers in their 18-character form.
pub fn normalised(mut r: ListRecord) -> ListRecord {
    r.id_number = r.id_number.map(|i| i.eighteen().parse().unwrap());
    for p in &mut r.related_persons {
        if let Some(PersonId::Full(i)) = p.id_number {
            p.id_number = Some(PersonId::Full(i.eighteen().parse().unwrap()));
        }
    }
    r
}

pub fn sorted_json(records: impl IntoIterator<Item = ListRecord>) -> Vec<String> {
    let mut v: Vec<String> = records
        .into_iter()
        .map(|r| serde_json::to_string(&normalised(r)).unwrap())
        .collect();
    v.sort();
    v
}
