//! Name normalisation and organisation-name segmentation (`src/names/normalize.rs`), through
//! the public API, and its property tests. Moved out of the source file (issue 14); the three
//! tests that read private tables (T→S table, region trie, short forms) stay there.
// Needs the list and snapshot layers: not compiled in a build without them (e.g. the identifier-only `validate`).
#![cfg(feature = "checker")]

use credit_check::names::normalize::PartKind::{Branch, Core, Form, Region, Trade};
use credit_check::names::normalize::*;

fn org(name: &str) -> NormalizedName {
    normalize(name, NameKind::Organisation)
}

fn text(name: &str) -> String {
    org(name).text
}

#[track_caller]
fn parts(name: &str, expected: &[(PartKind, &str)]) -> NormalizedName {
    let n = org(name);
    let got: Vec<(PartKind, &str)> = n.parts.iter().map(|p| (p.kind, p.text.as_str())).collect();
    assert_eq!(got, expected, "{name}");
    assert_eq!(
        n.parts.iter().map(|p| p.text.as_str()).collect::<String>(),
        n.text
    );
    n
}

#[test]
fn traditional_to_simplified() {
    for (t, s) in [
        ('團', '团'),
        ('與', '与'),
        ('龍', '龙'),
        ('務', '务'),
        ('責', '责'),
        ('設', '设'),
        ('廣', '广'),
        ('門', '门'),
        ('臺', '台'),
        ('鍾', '钟'),
        ('髮', '发'),
        ('⾦', '金'),       // U+2FA6 KANGXI RADICAL GOLD
        ('⻳', '龟'),       // U+2EF3
        ('\u{F900}', '岂'), // CJK COMPATIBILITY IDEOGRAPH-F900 → 豈 → 岂
    ] {
        assert_eq!(to_simplified(t), s, "{t}");
    }
    for c in [
        '团',
        '建',
        '设',
        '有',
        '限',
        '公',
        '司',
        'A',
        '1',
        '·',
        '\u{20000}',
        '\u{10FFFF}',
    ] {
        assert_eq!(to_simplified(c), c);
    }
    assert_eq!(
        text("廈門鼓樓區國際貿易有限責任公司"),
        "厦门鼓楼区国际贸易有限公司"
    );
}

#[test]
fn full_width_and_nfkc_subset() {
    assert_eq!(text("ＡＢＣ１２３ａｂｃ"), "ABC123ABC");
    assert_eq!(text("abc Def"), "ABCDEF");
    assert_eq!(text("第①⑵⒊分部"), "第123分部");
    assert_eq!(text("⑳⒇⒛"), "202020");
    assert_eq!(text("Ⓐⓑ⒞"), "ABC");
    assert_eq!(text("Ⅻⅳ"), "XIIIV");
    assert_eq!(text("㈠㊉"), "一十");
    assert_eq!(text("H₂O m² x¹⁰"), "H2OM2X10");
    assert_eq!(text("⼀⼆⼗"), "一二十");
    assert_eq!(text("café"), "CAFÉ");
    assert_eq!(text("straße"), "STRAßE");
}

#[test]
fn brackets_removed_content_kept() {
    for name in [
        "甲（乙）丙",
        "甲(乙)丙",
        "甲【乙】丙",
        "甲〔乙〕丙",
        "甲[乙]丙",
        "甲［乙］丙",
        "甲｛乙｝丙",
        "甲{乙}丙",
        "甲「乙」丙",
        "甲『乙』丙",
        "甲《乙》丙",
        "甲〈乙〉丙",
        "甲<乙>丙",
        "甲＜乙＞丙",
        "甲〖乙〗丙",
        "甲︵乙︶丙",
        "甲﹙乙﹚丙",
        "甲｢乙｣丙",
        "甲（乙)丙",
        "甲((乙))丙",
        "甲(乙丙",
        "甲乙)丙",
    ] {
        assert_eq!(text(name), "甲乙丙", "{name}");
    }
}

#[test]
fn whitespace_and_punctuation_removed() {
    let name =
        " 甲\t乙\u{3000}丙·丁•戊・己‧庚、辛，壬。癸；子：丑“寅”卯‘辰’巳\"午'未-申—酉_戌/亥\\\
                    甲&乙＆丙!丁?戊…己~庚丶辛.壬,癸+子*丑#寅@卯%辰$巳\u{00A0}午\u{200B}未";
    let expected =
        "甲乙丙丁戊己庚辛壬癸子丑寅卯辰巳午未申酉戌亥甲乙丙丁戊己庚辛壬癸子丑寅卯辰巳午未";
    assert_eq!(text(name), expected);
    assert_eq!(text("A&B Co., Ltd."), "ABCOLTD");
    assert_eq!(text(""), "");
    assert_eq!(text(" ·（）\u{3000} "), "");
    let empty = org("（）");
    assert!(empty.parts.is_empty() && empty.branch_of.is_none());
}

#[test]
fn company_form_variants() {
    assert_eq!(text("某某有限责任公司"), "某某有限公司");
    assert_eq!(text("某某有限責任公司"), "某某有限公司");
    assert_eq!(text("某某责任有限公司"), "某某有限公司");
    assert_eq!(text("某某有限 责任 公司"), "某某有限公司");
    assert_eq!(text("某某责任有限责任公司"), "某某有限公司");
    assert_eq!(text("某某股份有限公司"), "某某股份有限公司");
    assert_eq!(text("某某（集团）有限公司"), "某某集团有限公司");
    parts(
        "某某集团有限公司",
        &[(Core, "某某"), (Form, "集团"), (Form, "有限公司")],
    );
    parts(
        "某某(集团)股份有限公司",
        &[(Core, "某某"), (Form, "集团"), (Form, "股份有限公司")],
    );
    parts(
        "某某控股集团有限公司",
        &[
            (Core, "某某"),
            (Trade, "控股"),
            (Form, "集团"),
            (Form, "有限公司"),
        ],
    );
    parts(
        "某某创业投资中心（有限合伙）",
        &[
            (Core, "某某创业"),
            (Trade, "投资"),
            (Form, "中心"),
            (Form, "有限合伙"),
        ],
    );
    parts(
        "某某会计师事务所(特殊普通合伙)",
        &[
            (Core, "某某"),
            (Form, "会计师事务所"),
            (Form, "特殊普通合伙"),
        ],
    );
    parts(
        "某某农民专业合作社",
        &[(Core, "某某"), (Form, "农民专业合作社")],
    );
    parts("某某总公司", &[(Core, "某某"), (Form, "总公司")]);
    parts("某某株式会社", &[(Core, "某某"), (Form, "株式会社")]);
    parts("某某幼儿园", &[(Core, "某某"), (Form, "幼儿园")]);
    // One-character forms only at the very end.
    parts(
        "某某五金店",
        &[(Core, "某某"), (Trade, "五金"), (Form, "店")],
    );
    parts(
        "某店贸易有限公司",
        &[(Core, "某店"), (Trade, "贸易"), (Form, "有限公司")],
    );
}

#[test]
fn latin_forms_need_a_word_start() {
    parts(
        "ABC Trading Co., Ltd.",
        &[(Core, "ABC"), (Trade, "TRADING"), (Form, "COLTD")],
    );
    parts(
        "Zinc Holdings Ltd",
        &[(Core, "ZINC"), (Trade, "HOLDINGS"), (Form, "LTD")],
    );
    parts(
        "Acme Import & Export Limited",
        &[
            (Core, "ACME"),
            (Trade, "IMPORT"),
            (Trade, "EXPORT"),
            (Form, "LIMITED"),
        ],
    );
    parts("ZINC", &[(Core, "ZINC")]);
    parts("FOOCO", &[(Core, "FOOCO")]);
    parts("FOO CO", &[(Core, "FOO"), (Form, "CO")]);
    parts(
        "XYZ (China) Co Ltd",
        &[(Core, "XYZ"), (Region, "CHINA"), (Form, "COLTD")],
    );
}

#[test]
fn region_prefixes() {
    parts(
        "福建省福州市某某建设工程有限公司",
        &[
            (Region, "福建省"),
            (Region, "福州市"),
            (Core, "某某"),
            (Trade, "建设"),
            (Trade, "工程"),
            (Form, "有限公司"),
        ],
    );
    parts(
        "广西壮族自治区南宁市某某商贸有限公司",
        &[
            (Region, "广西壮族自治区"),
            (Region, "南宁市"),
            (Core, "某某"),
            (Trade, "商贸"),
            (Form, "有限公司"),
        ],
    );
    parts(
        "福建福州鼓楼某某有限公司",
        &[
            (Region, "福建"),
            (Region, "福州"),
            (Region, "鼓楼"),
            (Core, "某某"),
            (Form, "有限公司"),
        ],
    );
    parts(
        "广西某某有限公司",
        &[(Region, "广西"), (Core, "某某"), (Form, "有限公司")],
    );
    parts(
        "延边朝鲜族自治州某某食品有限公司",
        &[
            (Region, "延边朝鲜族自治州"),
            (Core, "某某"),
            (Trade, "食品"),
            (Form, "有限公司"),
        ],
    );
    parts(
        "延边某某有限公司",
        &[(Region, "延边"), (Core, "某某"), (Form, "有限公司")],
    );
    parts(
        "内蒙古某某有限公司",
        &[(Region, "内蒙古"), (Core, "某某"), (Form, "有限公司")],
    );
    // retired names: 密云县 (2015), 临安市 (2017)
    parts(
        "北京市密云县某某有限公司",
        &[
            (Region, "北京市"),
            (Region, "密云县"),
            (Core, "某某"),
            (Form, "有限公司"),
        ],
    );
    parts(
        "临安市某某有限公司",
        &[(Region, "临安市"), (Core, "某某"), (Form, "有限公司")],
    );
    parts(
        "中国某某有限公司",
        &[(Region, "中国"), (Core, "某某"), (Form, "有限公司")],
    );
    parts(
        "中华某某有限公司",
        &[(Region, "中华"), (Core, "某某"), (Form, "有限公司")],
    );
    parts(
        "全国某某协会",
        &[(Region, "全国"), (Core, "某某"), (Form, "协会")],
    );
    parts(
        "(福建)某某有限公司",
        &[(Region, "福建"), (Core, "某某"), (Form, "有限公司")],
    );
}

#[test]
fn region_needs_something_after_it() {
    // nothing would remain: no region
    parts("福建省", &[(Core, "福建省")]);
    parts("福州", &[(Core, "福州")]);
    // a province or a full name may leave the core empty
    parts(
        "北京贸易有限公司",
        &[(Region, "北京"), (Trade, "贸易"), (Form, "有限公司")],
    );
    parts(
        "福州市建设工程有限公司",
        &[
            (Region, "福州市"),
            (Trade, "建设"),
            (Trade, "工程"),
            (Form, "有限公司"),
        ],
    );
    // a weak short form needs two core characters after it
    parts(
        "长安汽车有限公司",
        &[(Core, "长安"), (Trade, "汽车"), (Form, "有限公司")],
    );
    parts("中山大学", &[(Core, "中山"), (Form, "大学")]);
    parts("九龙仓有限公司", &[(Core, "九龙仓"), (Form, "有限公司")]);
    parts(
        "长安某某有限公司",
        &[(Region, "长安"), (Core, "某某"), (Form, "有限公司")],
    );
    // word-like short forms are not regions
    parts(
        "平安某某有限公司",
        &[(Core, "平安某某"), (Form, "有限公司")],
    );
    parts(
        "东方某某有限公司",
        &[(Core, "东方某某"), (Form, "有限公司")],
    );
    parts(
        "东方市某某有限公司",
        &[(Region, "东方市"), (Core, "某某"), (Form, "有限公司")],
    );
}

#[test]
fn bracketed_regions() {
    parts(
        "某某建设(福建)有限公司",
        &[
            (Core, "某某"),
            (Trade, "建设"),
            (Region, "福建"),
            (Form, "有限公司"),
        ],
    );
    parts(
        "某某（福建）有限公司",
        &[(Core, "某某"), (Region, "福建"), (Form, "有限公司")],
    );
    parts(
        "某某(厦门)科技有限公司",
        &[
            (Core, "某某"),
            (Region, "厦门"),
            (Trade, "科技"),
            (Form, "有限公司"),
        ],
    );
    parts(
        "ＡＢＣ（厦门）贸易有限公司",
        &[
            (Core, "ABC"),
            (Region, "厦门"),
            (Trade, "贸易"),
            (Form, "有限公司"),
        ],
    );
    parts(
        "某某有限公司（福建）",
        &[(Core, "某某"), (Form, "有限公司"), (Region, "福建")],
    );
    parts(
        "某某(福建省)某某有限公司",
        &[
            (Core, "某某"),
            (Region, "福建省"),
            (Core, "某某"),
            (Form, "有限公司"),
        ],
    );
    // not a region: stays in the core
    parts(
        "某某(好运)有限公司",
        &[(Core, "某某好运"), (Form, "有限公司")],
    );
    // the same characters without brackets are not a bracketed region
    parts(
        "某某福建有限公司",
        &[(Core, "某某福建"), (Form, "有限公司")],
    );
}

#[test]
fn branches() {
    let n = parts(
        "某某建设有限公司厦门分公司",
        &[
            (Core, "某某"),
            (Trade, "建设"),
            (Form, "有限公司"),
            (Branch, "厦门分公司"),
        ],
    );
    assert_eq!(n.branch_of.as_deref(), Some("某某建设有限公司"));
    let n = org("某某建设有限责任公司厦门分公司");
    assert_eq!(n.branch_of.as_deref(), Some("某某建设有限公司"));
    let n = parts(
        "中国工商银行股份有限公司福州五四支行",
        &[
            (Region, "中国"),
            (Core, "工商"),
            (Form, "银行"),
            (Form, "股份有限公司"),
            (Branch, "福州五四支行"),
        ],
    );
    assert_eq!(n.branch_of.as_deref(), Some("中国工商银行股份有限公司"));
    let n = org("某某证券股份有限公司福州五四路证券营业部");
    assert_eq!(n.branch_of.as_deref(), Some("某某证券股份有限公司"));
    // no form before the suffix: the parent ends before the first region name
    let n = parts(
        "某某证券福州五四路营业部",
        &[
            (Core, "某某"),
            (Trade, "证券"),
            (Branch, "福州五四路营业部"),
        ],
    );
    assert_eq!(n.branch_of.as_deref(), Some("某某证券"));
    let n = org("某某酒店五一分店");
    assert_eq!(n.branch_of.as_deref(), Some("某某酒店"));
    let n = org("某某有限公司分公司");
    assert_eq!(n.branch_of.as_deref(), Some("某某有限公司"));
    let n = parts(
        "某某公司第一分厂",
        &[(Core, "某某"), (Form, "公司"), (Branch, "第一分厂")],
    );
    assert_eq!(n.branch_of.as_deref(), Some("某某公司"));
    // a legal form is preferred to an institution word inside the label
    let n = org("某某有限公司福州服务中心分中心");
    assert_eq!(n.branch_of.as_deref(), Some("某某有限公司"));
    for not_branch in [
        "分公司",
        "福州市鼓楼区东街街道办事处",
        "某某有限公司",
        "某某分公司经营部",
    ] {
        assert_eq!(org(not_branch).branch_of, None, "{not_branch}");
    }
    assert!(!org("分公司").parts.iter().any(|p| p.kind == Branch));
}

#[test]
fn trades_repeat_and_stay_out_of_the_core() {
    parts(
        "某某建设工程有限公司",
        &[
            (Core, "某某"),
            (Trade, "建设"),
            (Trade, "工程"),
            (Form, "有限公司"),
        ],
    );
    parts(
        "某某建筑工程有限公司",
        &[(Core, "某某"), (Trade, "建筑工程"), (Form, "有限公司")],
    );
    parts(
        "某某信息技术有限公司",
        &[(Core, "某某"), (Trade, "信息技术"), (Form, "有限公司")],
    );
    parts(
        "某某网络科技服务中心",
        &[
            (Core, "某某"),
            (Trade, "网络科技"),
            (Trade, "服务"),
            (Form, "中心"),
        ],
    );
    parts(
        "某某科技集团有限公司",
        &[
            (Core, "某某"),
            (Trade, "科技"),
            (Form, "集团"),
            (Form, "有限公司"),
        ],
    );
    parts(
        "中国建筑第八工程局有限公司",
        &[
            (Region, "中国"),
            (Core, "建筑第八工程局"),
            (Form, "有限公司"),
        ],
    );
    let n = parts("贸易有限公司", &[(Trade, "贸易"), (Form, "有限公司")]);
    assert!(!n.has_core());
    assert_eq!(n.core(), "");
    assert_eq!(n.texts(Form).collect::<Vec<_>>(), ["有限公司"]);
    parts("有限公司", &[(Form, "有限公司")]);
}

#[test]
fn issue_examples() {
    let n = org("某某建設工程有限責任公司");
    assert_eq!(n.text, "某某建设工程有限公司");
    assert_eq!(n.core(), "某某");
    parts(
        "北京贸易有限公司",
        &[(Region, "北京"), (Trade, "贸易"), (Form, "有限公司")],
    );
}

#[test]
fn person_names() {
    for (name, expected) in [
        ("欧阳 娜娜", "欧阳娜娜"),
        ("阿卜杜·热合曼", "阿卜杜热合曼"),
        ("阿卜杜•热合曼", "阿卜杜热合曼"),
        ("阿卜杜・热合曼", "阿卜杜热合曼"),
        ("阿卜杜‧热合曼", "阿卜杜热合曼"),
        ("阿卜杜丶热合曼", "阿卜杜热合曼"),
        ("阿卜杜.热合曼", "阿卜杜热合曼"),
        ("歐陽娜娜", "欧阳娜娜"),
        ("John  Smith", "JOHNSMITH"),
        ("福建有限公司", "福建有限公司"),
    ] {
        let n = normalize(name, NameKind::Person);
        assert_eq!(n.text, expected);
        assert_eq!(
            n.parts,
            [Part {
                kind: Core,
                text: expected.to_string()
            }]
        );
        assert_eq!(n.branch_of, None);
    }
    assert!(normalize(" · ", NameKind::Person).parts.is_empty());
}

#[test]
fn serialises_camel_case() {
    let n = org("某某(福建)有限公司厦门分公司");
    let json = serde_json::to_string(&n).expect("serialise");
    assert_eq!(
        json,
        r#"{"text":"某某福建有限公司厦门分公司","parts":[{"kind":"core","text":"某某"},{"kind":"region","text":"福建"},{"kind":"form","text":"有限公司"},{"kind":"branch","text":"厦门分公司"}],"branchOf":"某某福建有限公司"}"#
    );
    assert_eq!(
        serde_json::to_string(&NameKind::Organisation)
            .ok()
            .as_deref(),
        Some("\"organisation\"")
    );
}

#[cfg(not(target_arch = "wasm32"))]
mod properties {
    use super::*;
    use proptest::prelude::*;

    fn name_strategy() -> impl Strategy<Value = String> {
        let pieces = prop::sample::select(vec![
            "福建省",
            "福州市",
            "鼓楼",
            "厦门",
            "某某",
            "建設",
            "工程",
            "有限責任公司",
            "有限公司",
            "股份有限公司",
            "集团",
            "（",
            "）",
            "(",
            ")",
            "【",
            "】",
            "分公司",
            "支行",
            "科技",
            "贸易",
            "·",
            " ",
            "Ａ",
            "b",
            "Co.",
            "Ltd",
            "中国",
            "店",
            "厂",
            "①",
            "⼀",
            "豈",
            "責任",
            "司",
            "公",
            "有限",
            "责任",
            "ß",
            "ǆ",
            "İ",
            "\u{0345}",
            "丶",
        ]);
        prop_oneof![
            prop::collection::vec(pieces, 0..10).prop_map(|v| v.concat()),
            any::<String>(),
            "[\\PC]{0,24}",
            "[\u{2E80}-\u{2FDF}\u{F900}-\u{FAFF}\u{2460}-\u{24FF}\u{2150}-\u{218F}a-z]{0,12}",
        ]
    }

    fn to_full_width(s: &str) -> String {
        s.chars()
            .map(|c| match c {
                ' ' => '\u{3000}',
                '!'..='~' => char::from_u32(u32::from(c) + 0xFEE0).unwrap_or(c),
                _ => c,
            })
            .collect()
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2000))]

        #[test]
        fn parts_concatenate_and_text_is_idempotent(name in name_strategy()) {
            for kind in [NameKind::Organisation, NameKind::Person] {
                let n = normalize(&name, kind);
                let joined: String = n.parts.iter().map(|p| p.text.as_str()).collect();
                prop_assert_eq!(&joined, &n.text);
                prop_assert!(n.parts.iter().all(|p| !p.text.is_empty()));
                let again = normalize(&n.text, kind);
                prop_assert_eq!(&again.text, &n.text);
                if let Some(parent) = &n.branch_of {
                    prop_assert!(n.text.starts_with(parent.as_str()) && parent.len() < n.text.len());
                }
                prop_assert!(n.text.chars().all(|c| to_simplified(c) == c));
            }
        }

        #[test]
        fn full_and_half_width_agree(name in "[ -~]{0,30}", cjk in name_strategy()) {
            let mixed = format!("{name}{cjk}{name}");
            for kind in [NameKind::Organisation, NameKind::Person] {
                prop_assert_eq!(
                    normalize(&to_full_width(&mixed), kind).text,
                    normalize(&mixed, kind).text
                );
            }
        }
    }
}
