//! `credit-check synth N`: realistic synthetic list records for demos, tests and benchmarks
//! (native only). See `docs/snapshot-records.md`.
//!
//! Every record passes [`ListRecord::check`] and reads back through the `input` module. The output
//! is a pure function of `(seed, record index)`: record *i* is the same whatever N is, and
//! records could be generated in any order.
//!
//! What it makes, roughly: 73 % legal entities (mostly enterprises 9-1, also cooperatives,
//! public institutions, social organisations, law firms, village collectives), 12 % individual
//! businesses (9-2), 15 % natural persons. About 10 % of records are keyed only by a legacy
//! organisation code or registration number. Regions are real current GB/T 2260 divisions, 40 %
//! in Fujian. USCCs, organisation codes, registration numbers and ID numbers are valid (check
//! characters computed with the identifier modules), organisation codes and registration numbers
//! unique per entity. About 5 % of records list an entity of an earlier record again (one
//! company on several lists, as in real data).

use super::input::{csv_fields, csv_header, Format};
use chrono::{Datelike, Months, NaiveDate};
use credit_check::division::{Division, DivisionStatus};
use credit_check::lists::record::{
    CreditClass, EntityKind, ListColour, ListRecord, ListType, ListingStatus, MaskedId, PersonId,
    PersonRole, RelatedPerson, RepairTier, Sanction, SanctionKind, SubjectRole, Term,
};
use credit_check::{
    org_code, registration_number, resident_id, uscc, OrgCode, RegistrationNumber, ResidentId, Uscc,
};
use std::fmt::Write as _;
use std::io::{self, BufWriter, Write};
use std::path::Path;

/// Writes `n` synthetic records for `seed` to `out`.
pub fn synth(n: usize, seed: u64, out: &mut impl Write, format: Format) -> io::Result<()> {
    let world = World::new(seed);
    match format {
        Format::Csv => {
            let mut w = csv::WriterBuilder::new()
                .buffer_capacity(1 << 16)
                .from_writer(out);
            w.write_record(csv_header())?;
            let mut cells: [String; super::input::NWRITE] = Default::default();
            for i in 0..n as u64 {
                csv_fields(&world.record(i), &mut cells);
                w.write_record(&cells)?;
            }
            w.flush()
        }
        Format::Jsonl => {
            let mut w = BufWriter::with_capacity(1 << 16, out);
            for i in 0..n as u64 {
                serde_json::to_writer(&mut w, &world.record(i))?;
                w.write_all(b"\n")?;
            }
            w.flush()
        }
    }
}

/// `n` synthetic records for `seed` (what [`synth`] writes), in memory, with `persons`
/// percent natural persons among the entities.
pub fn records_with(n: usize, seed: u64, persons: u32) -> Vec<ListRecord> {
    let world = World::with_persons(seed, persons);
    (0..n as u64).map(|i| world.record(i)).collect()
}

/// The CLI entry: writes to `out_path`, or to stdout when `None`.
pub fn run(n: usize, seed: u64, out_path: Option<&Path>, format: Format) -> Result<(), String> {
    match out_path {
        Some(p) => {
            let mut f = std::fs::File::create(p).map_err(|e| format!("{}: {e}", p.display()))?;
            synth(n, seed, &mut f, format).map_err(|e| format!("{}: {e}", p.display()))
        }
        None => {
            let mut out = io::stdout().lock();
            synth(n, seed, &mut out, format).map_err(|e| format!("stdout: {e}"))
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Randomness: SplitMix64, one stream per record and per entity, seeded from (seed, index).

const GOLDEN: u64 = 0x9E37_79B9_7F4A_7C15;

/// The SplitMix64 finaliser: a bijective mix of 64 bits.
fn mix(mut z: u64) -> u64 {
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

struct Rng(u64);

impl Rng {
    /// An independent stream for `index` of `stream` (the states are hashed, so neighbouring
    /// indexes do not give shifted copies of one sequence).
    fn new(seed: u64, stream: u64, index: u64) -> Rng {
        Rng(mix(mix(seed ^ stream.wrapping_mul(GOLDEN)) ^ mix(index)))
    }

    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(GOLDEN);
        mix(self.0)
    }

    /// Uniform in `0..n` (n > 0; the multiply-shift bias is below 2^-40 for our n).
    fn below(&mut self, n: u64) -> u64 {
        ((u128::from(self.next()) * u128::from(n)) >> 64) as u64
    }

    fn range(&mut self, lo: u64, hi: u64) -> u64 {
        lo + self.below(hi - lo + 1)
    }

    fn chance(&mut self, p: f64) -> bool {
        ((self.next() >> 11) as f64) * (1.0 / (1u64 << 53) as f64) < p
    }

    fn pick<T: Copy>(&mut self, items: &[T]) -> T {
        items[self.below(items.len() as u64) as usize]
    }

    fn weighted<T: Copy>(&mut self, items: &[(T, u32)]) -> T {
        let total: u32 = items.iter().map(|&(_, w)| w).sum();
        let mut x = self.below(u64::from(total)) as u32;
        for &(item, w) in items {
            if x < w {
                return item;
            }
            x -= w;
        }
        items[items.len() - 1].0
    }
}

/// A bijection of `0..m` (`a` coprime to `m`), so that entity indexes give unique codes.
#[derive(Clone, Copy)]
struct Perm {
    a: u64,
    b: u64,
    m: u64,
}

impl Perm {
    fn new(seed: u64, salt: u64, m: u64, coprime: impl Fn(u64) -> bool) -> Perm {
        let mut a = mix(seed ^ salt) % m;
        while !coprime(a) {
            a = (a + 1) % m;
        }
        Perm {
            a,
            b: mix(seed ^ salt ^ GOLDEN) % m,
            m,
        }
    }

    fn apply(&self, i: u64) -> u64 {
        ((u128::from(self.a) * u128::from(i % self.m) + u128::from(self.b)) % u128::from(self.m))
            as u64
    }
}

// ---------------------------------------------------------------------------------------------
// Regions: every current county-level division, with its city and province names.

struct Region {
    code: u32,
    county: &'static str,
    /// The prefecture's name, or the province's for municipalities and province-administered
    /// counties (e.g. 北京市, 福州市).
    city: &'static str,
    province: &'static str,
    /// The prefecture code when it is a current, named division.
    prefecture: Option<u32>,
}

impl Region {
    fn province_code(&self) -> u32 {
        self.code / 10_000 * 10_000
    }

    fn is_municipality(&self) -> bool {
        matches!(self.code / 10_000, 11 | 12 | 31 | 50)
    }

    /// 福建省 → 福建, 广西壮族自治区 → 广西, 北京市 → 北京.
    fn province_short(&self) -> &'static str {
        let p = self.province;
        for suffix in [
            "壮族自治区",
            "回族自治区",
            "维吾尔自治区",
            "自治区",
            "省",
            "市",
        ] {
            if let Some(s) = p.strip_suffix(suffix) {
                if !s.is_empty() {
                    return s;
                }
            }
        }
        p
    }

    /// 福州市 → 福州; names of other forms (…地区, …自治州) unchanged.
    fn city_short(&self) -> &'static str {
        match self.city.strip_suffix('市') {
            Some(s) if s.chars().count() >= 2 => s,
            _ => self.city,
        }
    }

    /// The county's name as a place prefix: 晋江市, or 福州市鼓楼区 for a city district.
    fn county_prefix(&self, s: &mut String) {
        if self.county.ends_with('区') && self.city != self.county {
            s.push_str(self.city);
        }
        s.push_str(self.county);
    }

    /// Province abbreviation used in document numbers (闽, 京, …).
    fn abbreviation(&self) -> &'static str {
        const ABBR: [(u32, &str); 31] = [
            (11, "京"),
            (12, "津"),
            (13, "冀"),
            (14, "晋"),
            (15, "蒙"),
            (21, "辽"),
            (22, "吉"),
            (23, "黑"),
            (31, "沪"),
            (32, "苏"),
            (33, "浙"),
            (34, "皖"),
            (35, "闽"),
            (36, "赣"),
            (37, "鲁"),
            (41, "豫"),
            (42, "鄂"),
            (43, "湘"),
            (44, "粤"),
            (45, "桂"),
            (46, "琼"),
            (50, "渝"),
            (51, "川"),
            (52, "黔"),
            (53, "云"),
            (54, "藏"),
            (61, "陕"),
            (62, "甘"),
            (63, "青"),
            (64, "宁"),
            (65, "新"),
        ];
        let p = self.code / 10_000;
        ABBR.iter()
            .find(|&&(c, _)| c == p)
            .map(|&(_, a)| a)
            .unwrap_or("国")
    }
}

fn is_placeholder(name: &str) -> bool {
    matches!(name, "市辖区" | "县" | "市" | "区") || name.contains("直辖")
}

fn current_name(code: u32) -> Option<&'static str> {
    let d = Division::lookup(code);
    (d.status == DivisionStatus::Current)
        .then(|| d.short_name())
        .flatten()
}

fn regions() -> Vec<Region> {
    let mut out = Vec::with_capacity(3000);
    for p in 11..=65u32 {
        let pcode = p * 10_000;
        let Some(province) = current_name(pcode) else {
            continue;
        };
        for pref in 1..=99u32 {
            let fcode = pcode + pref * 100;
            let pref_name = current_name(fcode);
            let city = pref_name.filter(|n| !is_placeholder(n)).unwrap_or(province);
            for c in 1..=99u32 {
                let code = fcode + c;
                let Some(county) = current_name(code) else {
                    continue;
                };
                if is_placeholder(county) {
                    continue;
                }
                out.push(Region {
                    code,
                    county,
                    city,
                    province,
                    prefecture: pref_name.filter(|n| !is_placeholder(n)).map(|_| fcode),
                });
            }
        }
    }
    out
}

// ---------------------------------------------------------------------------------------------
// Word lists.

const BRAND_CHARS: [&str; 96] = [
    "鑫", "达", "华", "泰", "恒", "通", "宏", "远", "金", "盛", "永", "安", "瑞", "丰", "嘉", "禾",
    "联", "天", "成", "新", "元", "广", "源", "汇", "信", "诚", "兴", "隆", "昌", "荣", "福", "祥",
    "鼎", "鸿", "海", "峰", "创", "卓", "越", "佳", "美", "德", "正", "和", "合", "中", "宇", "博",
    "星", "辰", "东", "南", "晨", "光", "明", "辉", "立", "建", "凯", "旺", "顺", "利", "益", "万",
    "家", "康", "宁", "泽", "润", "欣", "悦", "诺", "科", "锦", "云", "龙", "凤", "闽", "榕", "鹭",
    "融", "汉", "坤", "乾", "众", "志", "亿", "宸", "骏", "皓", "朗", "弘", "景", "策", "青", "蓝",
];

const TRADES: [&str; 52] = [
    "科技",
    "建设",
    "贸易",
    "食品",
    "医药",
    "环保",
    "物流",
    "工程",
    "建筑工程",
    "房地产开发",
    "电子",
    "机械",
    "化工",
    "纺织",
    "服装",
    "鞋业",
    "茶业",
    "水产",
    "农业发展",
    "文化传媒",
    "信息技术",
    "网络科技",
    "餐饮管理",
    "物业管理",
    "劳务",
    "装饰工程",
    "新能源",
    "供应链管理",
    "投资",
    "商贸",
    "实业",
    "石材",
    "陶瓷",
    "家具",
    "酒店管理",
    "汽车销售",
    "运输",
    "教育咨询",
    "人力资源",
    "生物科技",
    "医疗器械",
    "建材",
    "钢结构",
    "市政工程",
    "园林绿化",
    "电力工程",
    "智能科技",
    "水利水电工程",
    "安防科技",
    "印刷",
    "包装",
    "工贸",
];

const FORMS: [(&str, u32); 4] = [
    ("有限公司", 60),
    ("有限责任公司", 25),
    ("股份有限公司", 12),
    ("（集团）有限公司", 3),
];

const SHOP_TRADES: [&str; 18] = [
    "五金",
    "食品",
    "小吃",
    "百货",
    "水果",
    "服装",
    "建材",
    "茶叶",
    "烟酒",
    "家电维修",
    "汽车修理",
    "理发",
    "副食品",
    "海鲜",
    "电器",
    "通讯器材",
    "快餐",
    "药品",
];

const SHOP_FORMS: [&str; 7] = [
    "店",
    "商行",
    "经营部",
    "门市部",
    "工作室",
    "批发部",
    "便利店",
];

const AGRI: [&str; 8] = [
    "茶叶种植",
    "水果种植",
    "蔬菜种植",
    "生猪养殖",
    "水产养殖",
    "食用菌",
    "农机",
    "花卉苗木",
];

const INSTITUTIONS: [&str; 8] = [
    "人民医院",
    "中医院",
    "妇幼保健院",
    "疾病预防控制中心",
    "职业技术学校",
    "建设工程质量检测中心",
    "城市建设服务中心",
    "广播电视台",
];

const SURNAMES: [(&str, u32); 40] = [
    ("王", 70),
    ("李", 70),
    ("张", 65),
    ("刘", 55),
    ("陈", 60),
    ("杨", 30),
    ("黄", 30),
    ("赵", 25),
    ("吴", 25),
    ("周", 22),
    ("徐", 18),
    ("孙", 16),
    ("马", 15),
    ("朱", 14),
    ("胡", 13),
    ("郭", 12),
    ("何", 11),
    ("林", 20),
    ("高", 10),
    ("罗", 10),
    ("郑", 12),
    ("梁", 9),
    ("谢", 8),
    ("宋", 8),
    ("唐", 8),
    ("许", 7),
    ("韩", 7),
    ("冯", 7),
    ("邓", 7),
    ("曹", 6),
    ("彭", 6),
    ("曾", 6),
    ("肖", 6),
    ("田", 5),
    ("蔡", 6),
    ("余", 5),
    ("叶", 6),
    ("苏", 5),
    ("卢", 4),
    ("欧阳", 1),
];

const GIVEN: [&str; 80] = [
    "伟", "芳", "娜", "敏", "静", "丽", "强", "磊", "军", "洋", "勇", "艳", "杰", "娟", "涛", "明",
    "超", "霞", "平", "刚", "华", "建", "国", "志", "文", "斌", "辉", "林", "海", "鹏", "婷", "雪",
    "琳", "晨", "宇", "浩", "俊", "峰", "玲", "燕", "红", "梅", "兰", "英", "秀", "桂", "金", "春",
    "荣", "福", "生", "德", "水", "清", "龙", "飞", "宏", "亮", "成", "东", "彬", "鑫", "锋", "凯",
    "欣", "怡", "佳", "颖", "慧", "丹", "萍", "莉", "琴", "云", "雅", "思", "嘉", "晓", "振", "永",
];

// ---------------------------------------------------------------------------------------------
// Entities.

/// The organisation type of a legal entity or individual business: its USCC authority and
/// category characters.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Org {
    Enterprise,
    IndividualBusiness,
    Cooperative,
    PublicInstitution,
    SocialGroup,
    PrivateNonEnterprise,
    LawFirm,
    VillageCollective,
}

impl Org {
    fn pair(self) -> &'static str {
        match self {
            Org::Enterprise => "91",
            Org::IndividualBusiness => "92",
            Org::Cooperative => "93",
            Org::PublicInstitution => "12",
            Org::SocialGroup => "51",
            Org::PrivateNonEnterprise => "52",
            Org::LawFirm => "31",
            Org::VillageCollective => "N2",
        }
    }
}

const LEGAL_ORGS: [(Org, u32); 7] = [
    (Org::Enterprise, 860),
    (Org::Cooperative, 40),
    (Org::PublicInstitution, 30),
    (Org::SocialGroup, 20),
    (Org::PrivateNonEnterprise, 25),
    (Org::LawFirm, 10),
    (Org::VillageCollective, 15),
];

struct Entity {
    kind: EntityKind,
    org: Option<Org>,
    region: usize,
    uscc: Option<Uscc>,
    org_code: Option<OrgCode>,
    registration_number: Option<RegistrationNumber>,
    id_number: Option<ResidentId>,
    name: String,
    former_names: Vec<String>,
    related_persons: Vec<RelatedPerson>,
}

/// Everything that stays the same for a seed.
pub struct World {
    seed: u64,
    regions: Vec<Region>,
    fujian: Vec<usize>,
    /// Bodies `MA` + six characters of the USCC alphabet (new codes, since 2015).
    new_codes: Perm,
    /// Eight-digit legacy organisation code bodies.
    old_codes: Perm,
    /// Eight-digit registration number sequences.
    reg_numbers: Perm,
    /// First day of listings and its span in days.
    listed_from: NaiveDate,
    listed_days: u64,
    /// No status date after this.
    status_cap: NaiveDate,
    birth_from: NaiveDate,
    birth_days: u64,
    // Percent of entities that are natural persons (15 by default; about 70 on national lists,
    // where the court's judgment-defaulter list dominates).
    persons_pct: u32,
}

/// Percent of natural persons among entities unless asked otherwise.
pub const DEFAULT_PERSONS_PCT: u32 = 15;
const STREAM_RECORD: u64 = 1;
const STREAM_ENTITY: u64 = 2;
const ALPHABET: &[u8] = credit_check::uscc::ALPHABET.as_bytes();

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap_or_default()
}

fn days_between(a: NaiveDate, b: NaiveDate) -> u64 {
    (b - a).num_days().max(0) as u64
}

impl World {
    /// The world of `seed`.
    pub fn new(seed: u64) -> World {
        let regions = regions();
        let fujian = (0..regions.len())
            .filter(|&i| regions[i].code / 10_000 == 35)
            .collect();
        let (listed_from, birth_from) = (day(2015, 1, 1), day(1955, 1, 1));
        World {
            seed,
            regions,
            fujian,
            new_codes: Perm::new(seed, 11, 31u64.pow(6), |a| a % 31 != 0),
            old_codes: Perm::new(seed, 12, 100_000_000, |a| a % 2 == 1 && a % 5 != 0),
            reg_numbers: Perm::new(seed, 13, 100_000_000, |a| a % 2 == 1 && a % 5 != 0),
            listed_from,
            listed_days: days_between(listed_from, day(2025, 12, 31)),
            status_cap: day(2026, 6, 30),
            birth_from,
            birth_days: days_between(birth_from, day(1998, 12, 31)),
            persons_pct: DEFAULT_PERSONS_PCT,
        }
    }

    /// A world whose entities are `pct` percent natural persons.
    pub fn with_persons(seed: u64, pct: u32) -> World {
        World {
            persons_pct: pct.min(100),
            ..World::new(seed)
        }
    }

    fn region(&self, r: &mut Rng) -> usize {
        if r.chance(0.4) && !self.fujian.is_empty() {
            r.pick(&self.fujian)
        } else {
            r.below(self.regions.len() as u64) as usize
        }
    }

    /// Record `i`: an entity (its own, or with 5 % chance an earlier record's) on one list.
    pub fn record(&self, i: u64) -> ListRecord {
        let mut r = Rng::new(self.seed, STREAM_RECORD, i);
        let entity_index = if i > 0 && r.chance(0.05) {
            r.below(i)
        } else {
            i
        };
        let e = self.entity(entity_index);
        let list = r.weighted(list_weights(e.kind));
        let listed_at = self.listed_from + chrono::Days::new(r.below(self.listed_days + 1));
        let region = &self.regions[e.region];
        let term = term(list, listed_at, &mut r);
        let status = r.weighted(status_weights(list.colour()));
        let status_date = self.status_date(status, listed_at, &term, &mut r);
        let credit_class = credit_class(list, &mut r);
        // The department of an administrative penalty: authority and document number agree.
        let dept = r.pick(&PENALTY_DEPTS);
        let listing_authority = authority(list, region, dept, &mut r);
        let decision_number = if list.colour() != ListColour::Black && r.chance(0.05) {
            String::new()
        } else {
            let intermediate_court = listing_authority.ends_with("中级人民法院");
            decision_number(
                list,
                region,
                listed_at.year(),
                dept,
                intermediate_court,
                &mut r,
            )
        };
        let decided_at = (list.colour() != ListColour::Red && r.chance(0.8))
            .then(|| listed_at - chrono::Days::new(r.below(60)));
        let (sanctions, subject_role) =
            sanctions(list, decided_at.unwrap_or(listed_at), e.kind, &mut r);
        let penalty = penalty_text(&sanctions);
        let repair_tier =
            (status == ListingStatus::Repaired && r.chance(0.6)).then(|| r.pick(RepairTier::ALL));
        // Courts and tax authorities publish natural persons' ID numbers masked.
        let (mut id_number, mut masked_id_number) = (e.id_number, None);
        if matches!(
            list,
            ListType::JudgmentDefaulters | ListType::MajorTaxViolators
        ) && r.chance(0.5)
        {
            masked_id_number = id_number.take().map(|id| mask(&id, 10, 14));
        }
        let related_persons = self.related_persons(list, e.kind, e.related_persons, &mut r);
        ListRecord {
            entity_kind: e.kind,
            uscc: e.uscc,
            org_code: e.org_code,
            registration_number: e.registration_number,
            id_number,
            masked_id_number,
            name: e.name,
            former_names: e.former_names,
            list_type: list,
            listing_authority,
            decision_number,
            listed_at,
            decided_at,
            term,
            sanctions,
            penalty,
            subject_role,
            status,
            status_date,
            repair_tier,
            reason: r.pick(reasons(list)).to_string(),
            credit_class,
            related_persons,
        }
    }

    /// The persons a listed entity's entry names: a court masks half their ID numbers; tax and
    /// wage-arrears lists add a finance officer or a principal.
    fn related_persons(
        &self,
        list: ListType,
        kind: EntityKind,
        mut related_persons: Vec<RelatedPerson>,
        r: &mut Rng,
    ) -> Vec<RelatedPerson> {
        if list == ListType::JudgmentDefaulters {
            for p in &mut related_persons {
                if let Some(id) = p.id_number.and_then(|i| i.full()).filter(|_| r.chance(0.5)) {
                    p.id_number = Some(PersonId::Masked(mask(&id, 10, 14)));
                }
            }
        }
        if matches!(list, ListType::MajorTaxViolators | ListType::WageArrears)
            && kind != EntityKind::NaturalPerson
        {
            let role = if list == ListType::WageArrears {
                PersonRole::Principal
            } else {
                PersonRole::FinanceOfficer
            };
            for _ in 0..r.range(1, 2) {
                let id = self.id_number(r);
                related_persons.push(RelatedPerson {
                    role,
                    name: person_name(r),
                    id_number: Some(if r.chance(0.5) {
                        PersonId::Masked(mask(&id, 6, 14))
                    } else {
                        PersonId::Full(id)
                    }),
                });
            }
        }
        related_persons
    }

    fn status_date(
        &self,
        status: ListingStatus,
        listed_at: NaiveDate,
        term: &Term,
        r: &mut Rng,
    ) -> Option<NaiveDate> {
        let date = match status {
            ListingStatus::Active => {
                return r.chance(0.3).then_some(listed_at);
            }
            ListingStatus::ObjectionPending => listed_at + chrono::Days::new(r.range(5, 200)),
            ListingStatus::Revoked => listed_at + chrono::Days::new(r.range(10, 400)),
            ListingStatus::Repaired => {
                let earliest = term.min_end.unwrap_or(listed_at + chrono::Days::new(90));
                earliest + chrono::Days::new(r.below(365))
            }
            ListingStatus::Removed => match term.max_end {
                Some(end) if r.chance(0.5) => end,
                _ => listed_at + chrono::Days::new(r.range(30, 1000)),
            },
        };
        Some(date.min(self.status_cap).max(listed_at))
    }

    /// Entity `j`: a pure function of (seed, j).
    fn entity(&self, j: u64) -> Entity {
        let mut r = Rng::new(self.seed, STREAM_ENTITY, j);
        let kind = if self.persons_pct == DEFAULT_PERSONS_PCT {
            r.weighted(&[
                (EntityKind::LegalEntity, 73),
                (EntityKind::IndividualBusiness, 12),
                (EntityKind::NaturalPerson, 15),
            ])
        } else {
            let others = 100 - self.persons_pct;
            r.weighted(&[
                (EntityKind::LegalEntity, 73 * others),
                (EntityKind::IndividualBusiness, 12 * others),
                (EntityKind::NaturalPerson, 85 * self.persons_pct),
            ])
        };
        let region = self.region(&mut r);
        let mut e = Entity {
            kind,
            org: None,
            region,
            uscc: None,
            org_code: None,
            registration_number: None,
            id_number: None,
            name: String::new(),
            former_names: Vec::new(),
            related_persons: Vec::new(),
        };
        if kind == EntityKind::NaturalPerson {
            e.name = person_name(&mut r);
            e.id_number = Some(self.id_number(&mut r));
            return e;
        }
        let org = if kind == EntityKind::IndividualBusiness {
            Org::IndividualBusiness
        } else {
            r.weighted(&LEGAL_ORGS)
        };
        e.org = Some(org);
        self.identifiers(&mut e, org, j, &mut r);
        let brand = brand(&mut r);
        e.name = org_name(org, &self.regions[region], &brand, &mut r);
        let renamed = match org {
            Org::Enterprise => 0.10,
            Org::IndividualBusiness => 0.04,
            _ => 0.02,
        };
        if r.chance(renamed) {
            for _ in 0..r.range(1, 2) {
                let old = org_name(org, &self.regions[region], &brand, &mut r);
                if old != e.name && !e.former_names.contains(&old) {
                    e.former_names.push(old);
                }
            }
        }
        if org != Org::VillageCollective && r.chance(0.9) {
            let role = if org == Org::IndividualBusiness {
                PersonRole::Operator
            } else {
                PersonRole::LegalRepresentative
            };
            e.related_persons.push(RelatedPerson {
                role,
                name: person_name(&mut r),
                id_number: r
                    .chance(0.75)
                    .then(|| PersonId::Full(self.id_number(&mut r))),
            });
        }
        e
    }

    /// USCC and legacy codes of an organisation, unique per entity index `j`.
    fn identifiers(&self, e: &mut Entity, org: Org, j: u64, r: &mut Rng) {
        let region = &self.regions[e.region];
        let legacy_only = match org {
            Org::Enterprise | Org::PublicInstitution | Org::SocialGroup => r.chance(0.12),
            Org::IndividualBusiness => r.chance(0.15),
            _ => false,
        };
        // Old entities keep their eight-digit organisation code inside the USCC; new ones
        // (since 2015) have MA + six characters.
        let old = legacy_only
            || match org {
                Org::Enterprise => r.chance(0.45),
                Org::PublicInstitution | Org::SocialGroup | Org::LawFirm => r.chance(0.8),
                Org::PrivateNonEnterprise => r.chance(0.5),
                _ => false,
            };
        let body = if old {
            format!("{:08}", self.old_codes.apply(j))
        } else {
            let mut v = self.new_codes.apply(j);
            let mut s = String::from("MA");
            let mut tail = [0u8; 6];
            for t in tail.iter_mut().rev() {
                *t = ALPHABET[(v % 31) as usize];
                v /= 31;
            }
            s.extend(tail.iter().map(|&b| char::from(b)));
            s
        };
        let with_check = |body: &str| {
            let c = org_code::calc_check_char(body).expect("synthetic organisation code body");
            format!("{body}{c}")
        };
        let org_code = with_check(&body);
        let registration = || {
            let seq = self.reg_numbers.apply(j);
            let mut s = format!("{:06}{seq:08}", region.code);
            let c = registration_number::calc_check_char(&s).expect("synthetic registration");
            s.push(c);
            RegistrationNumber::parse(&s).ok()
        };
        if legacy_only {
            let by_registration =
                org == Org::IndividualBusiness || (org == Org::Enterprise && r.chance(0.4));
            if by_registration {
                e.registration_number = registration();
            } else {
                e.org_code = OrgCode::parse(&org_code).ok();
            }
            return;
        }
        let division = match org {
            Org::IndividualBusiness | Org::Cooperative | Org::VillageCollective => region.code,
            Org::Enterprise => r.weighted(&[
                (region.code, 70),
                (region.prefecture.unwrap_or(region.code), 20),
                (region.province_code(), 10),
            ]),
            _ => r.weighted(&[
                (region.code, 50),
                (region.prefecture.unwrap_or(region.code), 30),
                (region.province_code(), 20),
            ]),
        };
        let mut code = format!("{}{division:06}{org_code}", org.pair());
        let c = uscc::calc_check_char(&code).expect("synthetic USCC");
        code.push(c);
        e.uscc = Some(Uscc::parse(&code).expect("synthetic USCC is valid"));
        if old && r.chance(0.25) {
            e.org_code = OrgCode::parse(&org_code).ok();
        }
        let had_registration = match org {
            Org::Enterprise => old && r.chance(0.15),
            Org::IndividualBusiness => r.chance(0.1),
            _ => false,
        };
        if had_registration {
            e.registration_number = registration();
        }
    }

    fn id_number(&self, r: &mut Rng) -> ResidentId {
        let region = &self.regions[self.region(r)];
        let birth = self.birth_from + chrono::Days::new(r.below(self.birth_days + 1));
        let mut s = String::with_capacity(18);
        let _ = write!(
            s,
            "{:06}{:04}{:02}{:02}{:03}",
            region.code,
            birth.year(),
            birth.month(),
            birth.day(),
            r.range(1, 999)
        );
        let c = resident_id::calc_check_char(&s).expect("synthetic ID number");
        s.push(c);
        ResidentId::parse(&s).expect("synthetic ID number is valid")
    }
}

fn brand(r: &mut Rng) -> String {
    let a = r.pick(&BRAND_CHARS);
    let mut b = r.pick(&BRAND_CHARS);
    while b == a {
        b = r.pick(&BRAND_CHARS);
    }
    format!("{a}{b}")
}

fn person_name(r: &mut Rng) -> String {
    let mut s = String::with_capacity(9);
    s.push_str(r.weighted(&SURNAMES));
    s.push_str(r.pick(&GIVEN));
    if r.chance(0.7) {
        s.push_str(r.pick(&GIVEN));
    }
    s
}

/// A name for an organisation of type `org` in `region`.
fn org_name(org: Org, region: &Region, brand: &str, r: &mut Rng) -> String {
    let mut s = String::with_capacity(48);
    match org {
        Org::Enterprise => enterprise_name(&mut s, region, brand, r),
        Org::IndividualBusiness => {
            region.county_prefix(&mut s);
            if r.chance(0.2) {
                s.push_str(r.weighted(&SURNAMES));
                s.push('记');
            } else {
                s.push_str(brand);
            }
            s.push_str(r.pick(&SHOP_TRADES));
            s.push_str(r.pick(&SHOP_FORMS));
        }
        Org::Cooperative => {
            region.county_prefix(&mut s);
            s.push_str(brand);
            s.push_str(r.pick(&AGRI));
            s.push_str("专业合作社");
        }
        Org::PublicInstitution => {
            if r.chance(0.5) {
                region.county_prefix(&mut s);
            } else {
                s.push_str(region.city);
            }
            s.push_str(r.pick(&INSTITUTIONS));
        }
        Org::SocialGroup => {
            s.push_str(if r.chance(0.5) {
                region.province
            } else {
                region.city
            });
            s.push_str(r.pick(&TRADES));
            s.push_str(if r.chance(0.6) {
                "行业协会"
            } else {
                "商会"
            });
        }
        Org::PrivateNonEnterprise => {
            s.push_str(region.city);
            s.push_str(brand);
            s.push_str(r.pick(&["培训学校", "养老院", "幼儿园", "社会工作服务中心"]));
        }
        Org::LawFirm => {
            s.push_str(region.province_short());
            s.push_str(brand);
            s.push_str("律师事务所");
        }
        Org::VillageCollective => {
            region.county_prefix(&mut s);
            s.push_str(brand);
            s.push_str("村股份经济合作社");
        }
    }
    s
}

fn enterprise_name(s: &mut String, region: &Region, brand: &str, r: &mut Rng) {
    let trade = r.pick(&TRADES);
    let form = r.weighted(&FORMS);
    match r.below(100) {
        // 福州鑫达科技有限公司 / 福州市鑫达科技有限公司
        0..=39 => {
            s.push_str(if r.chance(0.5) {
                region.city
            } else {
                region.city_short()
            });
            s.push_str(brand);
            s.push_str(trade);
            s.push_str(form);
        }
        // 福建鑫达建设工程有限公司
        40..=54 => {
            s.push_str(region.province_short());
            s.push_str(brand);
            s.push_str(trade);
            s.push_str(form);
        }
        // 鑫达贸易（福建）有限公司
        55..=64 => {
            s.push_str(brand);
            s.push_str(trade);
            s.push('（');
            s.push_str(region.province_short());
            s.push('）');
            s.push_str(if form.starts_with('（') {
                "有限公司"
            } else {
                form
            });
        }
        // 晋江市鑫达鞋业有限公司 / 福州市鼓楼区鑫达贸易有限公司
        65..=79 => {
            region.county_prefix(s);
            s.push_str(brand);
            s.push_str(trade);
            s.push_str(form);
        }
        // 福建鑫达集团股份有限公司 / 福州鑫达（集团）有限公司
        80..=84 => {
            s.push_str(if r.chance(0.5) {
                region.province_short()
            } else {
                region.city_short()
            });
            s.push_str(brand);
            s.push_str(if r.chance(0.5) {
                "集团股份有限公司"
            } else {
                "（集团）有限公司"
            });
        }
        // 福建鑫达建设工程有限公司厦门分公司
        _ => {
            s.push_str(region.province_short());
            s.push_str(brand);
            s.push_str(trade);
            s.push_str(if form.starts_with('（') {
                "有限公司"
            } else {
                form
            });
            s.push_str(region.city_short());
            s.push_str("分公司");
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Lists: which entities they hold, terms, authorities, document numbers, reasons.

fn list_weights(kind: EntityKind) -> &'static [(ListType, u32)] {
    use ListType::*;
    match kind {
        EntityKind::LegalEntity => &[
            (JudgmentDefaulters, 160),
            (HighConsumptionRestricted, 70),
            (MajorTaxViolators, 40),
            (ProcurementViolations, 45),
            (SamrSeriousViolations, 45),
            (AbnormalOperations, 140),
            (WorkSafety, 30),
            (WageArrears, 30),
            (BiddingDisqualification, 35),
            (PublicResourceTrading, 25),
            (ConstructionMarket, 30),
            (Environmental, 30),
            (FoodDrug, 30),
            (AdministrativePenalties, 120),
            (TaxCreditA, 80),
            (CustomsAeo, 20),
            (SamrClassA, 50),
            (LocalRedList, 30),
        ],
        EntityKind::IndividualBusiness => &[
            (JudgmentDefaulters, 150),
            (HighConsumptionRestricted, 60),
            (MajorTaxViolators, 15),
            (ProcurementViolations, 10),
            (SamrSeriousViolations, 30),
            (AbnormalOperations, 250),
            (WorkSafety, 10),
            (WageArrears, 15),
            (Environmental, 20),
            (FoodDrug, 60),
            (AdministrativePenalties, 200),
            (TaxCreditA, 20),
            (SamrClassA, 30),
            (LocalRedList, 30),
        ],
        EntityKind::NaturalPerson => &[
            (JudgmentDefaulters, 450),
            (HighConsumptionRestricted, 250),
            (MajorTaxViolators, 30),
            (ProcurementViolations, 20),
            (WageArrears, 60),
            (AdministrativePenalties, 100),
            (WorkSafety, 20),
            (ConstructionMarket, 30),
            (LocalRedList, 40),
        ],
    }
}

fn months(d: NaiveDate, m: u32) -> NaiveDate {
    d.checked_add_months(Months::new(m)).unwrap_or(d)
}

/// A term as the list's rules have it (see `research/validity_rules.tsv`).
/// The ID number with positions `from..to` (0-based) hidden, as courts and tax authorities
/// publish it.
fn mask(id: &ResidentId, from: usize, to: usize) -> MaskedId {
    let mut s: Vec<u8> = id.eighteen().as_bytes().to_vec();
    for b in &mut s[from..to] {
        *b = b'*';
    }
    MaskedId::from_bytes(&s).expect("a masked synthetic ID")
}

/// What a decision on `list` imposed, and the subject's role where the list says it: the
/// procurement list mixes fines without bans (3万元 and more, 财办库〔2014〕526号), 1–3 year
/// supplier and agency bans and evaluation-expert bans; bidding disqualifications run 1–5 years;
/// penalties carry fines (some ≥ 200万元), confiscations, revocations, suspensions. A few bans
/// are published without their end.
fn sanctions(
    list: ListType,
    from: NaiveDate,
    kind: EntityKind,
    r: &mut Rng,
) -> (Vec<Sanction>, Option<SubjectRole>) {
    use SanctionKind as K;
    let ban = |k: SanctionKind, years: u32, r: &mut Rng| {
        let mut s = Sanction::new(k);
        s.start = Some(from);
        if r.chance(0.95) {
            s.end = Some(months(from, 12 * years) - chrono::Days::new(1));
        }
        s
    };
    let fine = |lo: u64, hi: u64, r: &mut Rng| {
        let mut s = Sanction::new(K::Fine);
        s.amount_yuan = Some(r.range(lo, hi) / 100 * 100);
        s
    };
    let mut out = Vec::new();
    let mut role = None;
    match list {
        ListType::ProcurementViolations => {
            let who = if kind == EntityKind::NaturalPerson {
                SubjectRole::EvaluationExpert
            } else if r.chance(0.15) {
                SubjectRole::ProcurementAgency
            } else {
                SubjectRole::Supplier
            };
            role = Some(who);
            match who {
                SubjectRole::EvaluationExpert => {
                    let mut s = Sanction::new(K::ExpertBan);
                    s.start = Some(from);
                    s.indefinite = true;
                    out.push(s);
                }
                _ => {
                    out.push(fine(30_000, 200_000, r));
                    if r.chance(0.6) {
                        let k = if who == SubjectRole::Supplier {
                            K::ProcurementBan
                        } else {
                            K::AgencyBan
                        };
                        let years = r.pick(&[1, 2, 3]);
                        out.push(ban(k, years, r));
                    }
                }
            }
        }
        ListType::BiddingDisqualification => {
            let years = r.pick(&[1, 2, 3, 5]);
            out.push(ban(K::BiddingBan, years, r));
        }
        ListType::FoodDrug if r.chance(0.7) => {
            let years = r.pick(&[5, 10]);
            out.push(ban(K::MarketBan, years, r));
        }
        ListType::AdministrativePenalties => {
            let k = r.weighted(&[
                (K::Fine, 60),
                (K::Warning, 15),
                (K::Confiscation, 8),
                (K::LicenceRevocation, 7),
                (K::ProductionSuspension, 6),
                (K::LicenceSuspension, 4),
            ]);
            match k {
                K::Fine => out.push(if r.chance(0.05) {
                    fine(2_000_000, 10_000_000, r)
                } else {
                    fine(500, 200_000, r)
                }),
                K::Confiscation => {
                    out.push(fine(5_000, 100_000, r));
                    let mut c = Sanction::new(K::Confiscation);
                    c.amount_yuan = Some(r.range(1_000, 500_000));
                    out.push(c);
                }
                K::ProductionSuspension | K::LicenceSuspension => {
                    let mut s = Sanction::new(k);
                    s.start = Some(from);
                    s.end = Some(from + chrono::Days::new(r.range(30, 180)));
                    out.push(s);
                }
                k => out.push(Sanction::new(k)),
            }
        }
        _ => {}
    }
    (out, role)
}

/// 处罚结果 as a procurement office writes it: "罚款人民币3万元，列入不良行为记录名单，一年内禁止
/// 参加政府采购活动".
fn penalty_text(sanctions: &[Sanction]) -> String {
    let mut parts: Vec<String> = Vec::new();
    for s in sanctions {
        let years = match (s.start, s.end) {
            (Some(a), Some(b)) => Some(((b - a).num_days() + 1) / 365),
            _ => None,
        };
        let numeral = |y: i64| {
            [
                "", "一", "二", "三", "四", "五", "六", "七", "八", "九", "十",
            ]
            .get(y as usize)
            .copied()
            .unwrap_or("")
        };
        parts.push(match (s.kind, s.amount_yuan, years) {
            (SanctionKind::Fine, Some(a), _) if a % 10_000 == 0 => {
                format!("罚款人民币{}万元", a / 10_000)
            }
            (SanctionKind::Fine, Some(a), _) => format!("罚款人民币{a}元"),
            (SanctionKind::Confiscation, Some(a), _) => format!("没收违法所得{a}元"),
            (k, _, Some(y)) if k.has_period() && y > 0 => {
                format!("{}年内{}", numeral(y), k.name_zh())
            }
            (SanctionKind::ExpertBan, _, _) => "禁止其参加政府采购评审活动".to_string(),
            (k, _, _) => k.name_zh().to_string(),
        });
    }
    parts.join("，")
}

fn term(list: ListType, at: NaiveDate, r: &mut Rng) -> Term {
    use ListType::*;
    let m = |n: u32| Some(months(at, n));
    let (min_end, max_end) = match list {
        JudgmentDefaulters if r.chance(0.5) => (None, m(r.pick(&[24, 24, 36]))),
        JudgmentDefaulters => (None, None),
        HighConsumptionRestricted if r.chance(0.2) => (None, m(24)),
        HighConsumptionRestricted => (None, None),
        MajorTaxViolators => (r.chance(0.5).then(|| months(at, 12)), m(36)),
        ProcurementViolations => (None, m(r.pick(&[12, 24, 36]))),
        SamrSeriousViolations | WorkSafety => (m(12), m(36)),
        AbnormalOperations => (None, m(36)),
        WageArrears => (r.chance(0.3).then(|| months(at, 12)), m(36)),
        BiddingDisqualification => (None, m(r.pick(&[12, 24, 36, 60]))),
        PublicResourceTrading => (
            r.chance(0.5).then(|| months(at, 6)),
            m(r.pick(&[12, 24, 36])),
        ),
        ConstructionMarket => (None, m(r.pick(&[6, 12, 24, 36]))),
        Environmental | FoodDrug => (r.chance(0.5).then(|| months(at, 12)), m(36)),
        // Order 36: general min 3 months, max 1 year; serious min 1 year, max 3 years.
        AdministrativePenalties if r.chance(0.6) => (m(3), m(12)),
        AdministrativePenalties => (m(12), m(36)),
        // Annual rating: valid to the end of the next year.
        TaxCreditA => (None, NaiveDate::from_ymd_opt(at.year() + 1, 12, 31)),
        CustomsAeo => (None, m(36)),
        SamrClassA => (None, None),
        LocalRedList if r.chance(0.5) => (None, m(r.pick(&[12, 24, 36]))),
        LocalRedList => (None, None),
    };
    Term { min_end, max_end }
}

/// Departments that impose administrative penalties, with their document abbreviation.
const PENALTY_DEPTS: [(&str, &str); 8] = [
    ("市场监督管理局", "市监处罚"),
    ("生态环境局", "环罚"),
    ("应急管理局", "应急罚"),
    ("住房和城乡建设局", "建罚"),
    ("交通运输局", "交罚"),
    ("城市管理和综合执法局", "城管罚"),
    ("消防救援支队", "消罚"),
    ("税务局", "税罚"),
];

/// How the statuses of a list's entries are spread, by colour.
fn status_weights(colour: ListColour) -> &'static [(ListingStatus, u32)] {
    match colour {
        ListColour::Black => &[
            (ListingStatus::Active, 61),
            (ListingStatus::Repaired, 20),
            (ListingStatus::Removed, 14),
            (ListingStatus::ObjectionPending, 3),
            (ListingStatus::Revoked, 2),
        ],
        ListColour::Warning => &[
            (ListingStatus::Active, 60),
            (ListingStatus::Repaired, 25),
            (ListingStatus::Removed, 15),
        ],
        ListColour::Red => &[(ListingStatus::Active, 80), (ListingStatus::Removed, 20)],
    }
}

/// The credit class a list's entry carries, on the lists that grade.
fn credit_class(list: ListType, r: &mut Rng) -> Option<CreditClass> {
    match list {
        ListType::TaxCreditA if r.chance(0.95) => Some(CreditClass::A),
        ListType::SamrClassA if r.chance(0.9) => Some(CreditClass::A),
        ListType::MajorTaxViolators if r.chance(0.6) => Some(CreditClass::D),
        ListType::SamrSeriousViolations if r.chance(0.4) => Some(CreditClass::D),
        _ => None,
    }
}

/// A province-level department: 厅 in provinces, 局 in municipalities.
fn province_dept(s: &mut String, region: &Region, dept: &str) {
    s.push_str(region.province);
    s.push_str(dept);
    s.push_str(if region.is_municipality() {
        "局"
    } else {
        "厅"
    });
}

/// A court's name: a basic court mostly, else an intermediate one (numbered in municipalities).
fn court(s: &mut String, region: &Region, r: &mut Rng) {
    if r.chance(0.7) {
        region.county_prefix(s);
        s.push_str("人民法院");
    } else if region.is_municipality() {
        s.push_str(region.city);
        s.push_str(r.pick(&["第一", "第二", "第三"]));
        s.push_str("中级人民法院");
    } else {
        s.push_str(region.city);
        s.push_str("中级人民法院");
    }
}

fn authority(list: ListType, region: &Region, dept: (&str, &str), r: &mut Rng) -> String {
    use ListType::*;
    let mut s = String::with_capacity(48);
    let city = region.city;
    let city_or_county = |s: &mut String, r: &mut Rng| {
        if r.chance(0.5) {
            region.county_prefix(s);
        } else {
            s.push_str(city);
        }
    };
    match list {
        JudgmentDefaulters | HighConsumptionRestricted => court(&mut s, region, r),
        MajorTaxViolators => {
            s.push_str("国家税务总局");
            s.push_str(city);
            s.push_str("税务局稽查局");
        }
        ProcurementViolations => {
            if r.chance(0.4) {
                province_dept(&mut s, region, "财政");
            } else {
                city_or_county(&mut s, r);
                s.push_str("财政局");
            }
        }
        SamrSeriousViolations | AbnormalOperations | SamrClassA => {
            city_or_county(&mut s, r);
            s.push_str("市场监督管理局");
        }
        WorkSafety => {
            city_or_county(&mut s, r);
            s.push_str("应急管理局");
        }
        WageArrears => {
            city_or_county(&mut s, r);
            s.push_str("人力资源和社会保障局");
        }
        BiddingDisqualification => {
            s.push_str(city);
            s.push_str(r.pick(&[
                "住房和城乡建设局",
                "交通运输局",
                "水利局",
                "发展和改革委员会",
            ]));
        }
        PublicResourceTrading | LocalRedList => {
            s.push_str(city);
            s.push_str(if list == LocalRedList && r.chance(0.5) {
                "社会信用体系建设领导小组办公室"
            } else {
                "发展和改革委员会"
            });
        }
        ConstructionMarket => {
            if r.chance(0.5) {
                province_dept(&mut s, region, "住房和城乡建设");
            } else {
                s.push_str(city);
                s.push_str("住房和城乡建设局");
            }
        }
        Environmental => {
            s.push_str(city);
            s.push_str("生态环境局");
        }
        FoodDrug => {
            if r.chance(0.5) {
                s.push_str(region.province);
                s.push_str("药品监督管理局");
            } else {
                city_or_county(&mut s, r);
                s.push_str("市场监督管理局");
            }
        }
        AdministrativePenalties => {
            if dept.0 == "税务局" {
                s.push_str("国家税务总局");
            }
            s.push_str(city);
            s.push_str(dept.0);
        }
        TaxCreditA => {
            s.push_str("国家税务总局");
            s.push_str(region.province);
            s.push_str("税务局");
        }
        CustomsAeo => {
            s.push_str(region.city_short());
            s.push_str("海关");
        }
    }
    s
}

fn decision_number(
    list: ListType,
    region: &Region,
    year: i32,
    dept: (&str, &str),
    intermediate_court: bool,
    r: &mut Rng,
) -> String {
    use ListType::*;
    let abbr = region.abbreviation();
    let mut s = String::with_capacity(40);
    let doc = |s: &mut String, dept: &str, n: u64| {
        let _ = write!(s, "{abbr}{dept}〔{year}〕{n}号");
    };
    match list {
        // A court's enforcement case number: （2023）闽0102执1234号.
        // The court code: 闽02 for an intermediate court, 闽0213 for a basic one.
        JudgmentDefaulters | HighConsumptionRestricted => {
            let _ = if intermediate_court {
                write!(s, "（{year}）{abbr}{:02}", region.code / 100 % 100)
            } else {
                write!(s, "（{year}）{abbr}{:04}", region.code % 10_000)
            };
            let _ = write!(
                s,
                "执{}{}号",
                if r.chance(0.15) { "恢" } else { "" },
                r.range(1, 9999)
            );
        }
        CustomsAeo => {
            let _ = write!(s, "AEOCN{:010}", r.below(10_000_000_000));
        }
        _ => {
            let dept = match list {
                MajorTaxViolators => "税稽罚",
                ProcurementViolations => "财采",
                SamrSeriousViolations => "市监严失",
                AbnormalOperations => "市监异",
                WorkSafety => "应急失信",
                WageArrears => "人社监",
                BiddingDisqualification => "建招罚",
                PublicResourceTrading => "公管罚",
                ConstructionMarket => "建罚",
                Environmental => "环罚",
                FoodDrug => "药监罚",
                AdministrativePenalties => dept.1,
                TaxCreditA => "税公告",
                SamrClassA => "市监信",
                _ => "信用办",
            };
            doc(&mut s, dept, r.range(1, 999));
        }
    }
    s
}

fn reasons(list: ListType) -> &'static [&'static str] {
    use ListType::*;
    match list {
        JudgmentDefaulters => &[
            "有履行能力而拒不履行生效法律文书确定义务",
            "以伪造证据、暴力、威胁等方法妨碍、抗拒执行",
            "违反财产报告制度",
            "违反限制消费令",
            "无正当理由拒不履行执行和解协议",
        ],
        HighConsumptionRestricted => &["未按执行通知书指定的期间履行生效法律文书确定的给付义务"],
        MajorTaxViolators => &["虚开增值税专用发票", "偷税", "逃避追缴欠税", "骗取出口退税"],
        ProcurementViolations => &[
            "提供虚假材料谋取中标、成交",
            "与其他供应商恶意串通",
            "向采购人、采购代理机构行贿",
            "中标后无正当理由拒不与采购人签订政府采购合同",
        ],
        SamrSeriousViolations => &[
            "生产销售不符合食品安全标准的食品",
            "提交虚假材料取得公司登记",
            "被列入经营异常名录届满3年仍未履行相关义务",
        ],
        AbnormalOperations => &[
            "未按规定期限公示年度报告",
            "通过登记的住所或者经营场所无法联系",
            "公示企业信息隐瞒真实情况、弄虚作假",
        ],
        WorkSafety => &["发生较大及以上生产安全责任事故", "非法违法组织生产经营建设"],
        WageArrears => &["克扣、无故拖欠农民工工资达到认定拒不支付劳动报酬罪数额标准"],
        BiddingDisqualification => &[
            "串通投标",
            "以他人名义投标或者以其他方式弄虚作假骗取中标",
            "中标后无正当理由不与招标人订立合同",
        ],
        PublicResourceTrading => &["在公共资源交易活动中提供虚假材料", "围标串标"],
        ConstructionMarket => &[
            "转包、违法分包",
            "拖欠工程款或农民工工资",
            "发生重大工程质量安全事故",
        ],
        Environmental => &["超标排放污染物", "篡改、伪造自动监测数据"],
        FoodDrug => &["生产销售假药、劣药", "生产经营不符合食品安全标准的食品"],
        AdministrativePenalties => &[
            "未取得许可擅自从事经营活动",
            "违反安全生产管理规定",
            "违法排放污染物",
            "发布虚假广告",
        ],
        TaxCreditA => &["纳税信用评价为A级"],
        CustomsAeo => &["经海关认证为高级认证企业"],
        SamrClassA => &["企业信用风险分类为A类（信用风险低）"],
        LocalRedList => &["诚信经营示范单位", "守合同重信用企业", "诚信典型"],
    }
}

#[cfg(test)]
mod tests {
    //! The private region table; the generator itself is tested in `tests/cli_synth.rs`.
    use super::*;

    #[test]
    fn regions_are_current_and_named() {
        let regions = regions();
        assert!(regions.len() > 2500, "{}", regions.len());
        let gulou = regions.iter().find(|r| r.code == 350102).unwrap();
        assert_eq!(
            (gulou.county, gulou.city, gulou.province),
            ("鼓楼区", "福州市", "福建省")
        );
        assert_eq!(gulou.province_short(), "福建");
        assert_eq!(gulou.city_short(), "福州");
        let mut s = String::new();
        gulou.county_prefix(&mut s);
        assert_eq!(s, "福州市鼓楼区");
        let haidian = regions.iter().find(|r| r.code == 110108).unwrap();
        assert_eq!(haidian.city, "北京市");
        assert_eq!(haidian.abbreviation(), "京");
        for r in &regions {
            assert_eq!(Division::lookup(r.code).status, DivisionStatus::Current);
        }
    }
}
