//! Real published codes of well-known entities: each must pass the strict profile, keep its
//! parts, and survive every kind of typing people do.

use credit_check::{uscc, validate, IdentifierKind, Options, Profile, Uscc};

/// (code, registered name, division full name)
const PUBLISHED: &[(&str, &str, &str)] = &[
    ("91110108551385082Q", "小米科技有限责任公司", "北京市海淀区"),
    ("914403001922038216", "华为技术有限公司", "广东省深圳市"),
    (
        "91440300708461136T",
        "深圳市腾讯计算机系统有限公司",
        "广东省深圳市",
    ),
    ("91110000802100433B", "北京百度网讯科技有限公司", "北京市"),
    (
        "91330100799655058B",
        "阿里巴巴（中国）有限公司",
        "浙江省杭州市",
    ),
    ("91110000710926094P", "中国石油化工股份有限公司", "北京市"),
];

#[test]
fn published_codes_pass_strict_and_show_their_division() {
    for &(code, name, division) in PUBLISHED {
        let parsed =
            uscc::validate(code, Profile::Strict).unwrap_or_else(|e| panic!("{name} {code}: {e}"));
        assert_eq!(
            parsed.division().full_name().as_deref(),
            Some(division),
            "{name}"
        );
        assert_eq!(parsed.category().map(|c| c.name), Some("企业"), "{name}");
    }
}

#[test]
fn published_codes_survive_how_people_type_them() {
    for &(code, name, _) in PUBLISHED {
        let fullwidth: String = code
            .chars()
            .map(|c| char::from_u32(c as u32 + 0xFEE0).unwrap())
            .collect();
        let spaced = format!(" {}-{}-{} ", &code[..6], &code[6..12], &code[12..]).to_lowercase();
        for typed in [fullwidth.as_str(), spaced.as_str()] {
            let v = validate(typed, &Options::default());
            assert!(v.ok, "{name}: {typed:?} {:?}", v.errors);
            assert_eq!(v.kind, Some(IdentifierKind::Uscc));
            assert_eq!(v.normalized.as_deref(), Some(code));
            assert!(!v.normalizations.is_empty());
        }
    }
}

#[test]
fn organisation_code_inside_matches_the_legacy_code() {
    let code: Uscc = "914403001922038216".parse().unwrap();
    assert_eq!(code.org_code().to_string(), "19220382-1");
    let legacy: credit_check::OrgCode = "19220382-1".parse().unwrap();
    assert_eq!(code.org_code(), legacy);
}
