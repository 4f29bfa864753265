//! GB/T 2260 divisions (`src/id/division.rs`): lookups, names, history and statuses, through the
//! public API. Moved out of the source file (issue 14); table_shape and placeholders_are_skipped,
//! which read the generated table and private helpers, stay there.

use credit_check::division::*;

fn full(code: u32) -> Option<String> {
    Division::lookup(code).full_name()
}

#[test]
fn current_and_retired() {
    let d = Division::lookup(110108);
    assert_eq!(
        d,
        Division {
            code: 110108,
            status: DivisionStatus::Current,
            introduced: Some(1980)
        }
    );
    assert_eq!(d.short_name(), Some("海淀区"));
    assert_eq!(
        Division::lookup(110228).status,
        DivisionStatus::Retired { year: 2015 }
    );
    assert_eq!(Division::lookup(110118).short_name(), Some("密云区"));
    assert_eq!(
        Division::lookup(330185).status,
        DivisionStatus::Retired { year: 2017 }
    );
    assert_eq!(Division::lookup(330112).short_name(), Some("临安区"));
}

#[test]
fn national_level() {
    let d = Division::lookup(100000);
    assert_eq!(
        d,
        Division {
            code: 100000,
            status: DivisionStatus::Current,
            introduced: None
        }
    );
    assert_eq!(d.short_name(), Some("全国"));
    assert_eq!(d.full_name().as_deref(), Some("全国"));
}

#[test]
fn unknown_codes() {
    for code in [
        0,
        1,
        99_999,
        110_100,
        320_594,
        320_571,
        999_999,
        1_000_000,
        u32::MAX,
    ] {
        let d = Division::lookup(code);
        assert_eq!(
            d,
            Division {
                code,
                status: DivisionStatus::Unknown,
                introduced: None
            }
        );
        assert_eq!(d.short_name(), None);
        assert_eq!(d.full_name(), None);
    }
}

#[test]
fn status_drives_names() {
    // A hand-built Unknown has no name even for a code in the table.
    let d = Division {
        code: 110108,
        status: DivisionStatus::Unknown,
        introduced: None,
    };
    assert_eq!(d.short_name(), None);
    assert_eq!(d.full_name(), None);
    // A hand-built non-Unknown code outside the table has none either.
    let d = Division {
        code: 999_999,
        status: DivisionStatus::Current,
        introduced: None,
    };
    assert_eq!(d.short_name(), None);
    assert_eq!(d.full_name(), None);
}

#[test]
fn digits() {
    assert_eq!(
        Division::from_digits("110108"),
        Some(Division::lookup(110108))
    );
    assert_eq!(Division::from_digits("000000"), Some(Division::lookup(0)));
    assert_eq!(
        Division::from_digits("100000").map(|d| d.status),
        Some(DivisionStatus::Current)
    );
    for bad in [
        "",
        "11010",
        "1101080",
        "+11010",
        "11010 ",
        " 110108",
        "11010a",
        "１１０１０８",
        "11010８",
    ] {
        assert_eq!(Division::from_digits(bad), None, "{bad:?}");
    }
}

#[test]
fn full_names() {
    assert_eq!(full(110000).as_deref(), Some("北京市"));
    assert_eq!(full(110108).as_deref(), Some("北京市海淀区"));
    assert_eq!(full(350100).as_deref(), Some("福建省福州市"));
    assert_eq!(full(350102).as_deref(), Some("福建省福州市鼓楼区"));
    // prefecture code missing (municipality counties, province-administered cities)
    assert_eq!(full(500229).as_deref(), Some("重庆市城口县"));
    assert_eq!(full(419001).as_deref(), Some("河南省济源市"));
    assert_eq!(full(469001).as_deref(), Some("海南省五指山市"));
    assert_eq!(full(659001).as_deref(), Some("新疆维吾尔自治区石河子市"));
    // retired codes use what exists
    assert_eq!(full(110228).as_deref(), Some("北京市密云县"));
    assert_eq!(full(371202).as_deref(), Some("山东省莱芜市莱城区"));
}
