//! The importers' text cleaning (`src/publish/import/text.rs`, compiled in here as
//! `tests/snapshot_keys.rs` does with `keygen.rs`): encodings, full-width text, dates, amounts,
//! Chinese numerals and periods. Moved out of the source file (issue 14).
#![cfg(not(target_arch = "wasm32"))]

#[allow(dead_code)]
#[path = "../src/publish/import/text.rs"]
mod text;

use chrono::NaiveDate;
use std::borrow::Cow;
use text::*;

fn d(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

#[test]
fn dates_in_every_published_style() {
    for s in [
        "2019-07-13",
        "2019-7-13",
        "2019/7/13",
        "2019/07/13",
        "20190713",
        "2019年07月13日",
        "2019年7月13日",
        "2019.7.13",
        "２０１９年０７月１３日",
        "２０１９０７１３",
        " 2019-07-13 00:00:00 ",
        "2019-07-13T08:00:00",
        "2019年7月13",
    ] {
        assert_eq!(parse_date(s), Some(d("2019-07-13")), "{s}");
    }
    for s in [
        "",
        "2019-02-30",
        "2019-13-01",
        "19-07-13",
        "2019",
        "20191301",
        "x",
        "长期",
        "2019-07-13-01",
    ] {
        assert_eq!(parse_date(s), None, "{s}");
    }
    assert_eq!(parse_month("2019年9月"), Some(d("2019-09-01")));
    assert_eq!(parse_month("201909"), Some(d("2019-09-01")));
    assert_eq!(parse_month("2019-09"), Some(d("2019-09-01")));
    assert_eq!(parse_month("2019-13"), None);
}

#[test]
fn periods_end_the_day_before_the_same_date() {
    assert_eq!(period_end(d("2023-03-01"), 1, 0), Some(d("2024-02-29")));
    assert_eq!(period_end(d("2023-06-15"), 3, 0), Some(d("2026-06-14")));
    assert_eq!(period_end(d("2024-02-29"), 1, 0), Some(d("2025-02-28")));
    assert_eq!(period_end(d("2024-02-29"), 4, 0), Some(d("2028-02-28")));
    assert_eq!(period_end(d("2023-01-31"), 0, 1), Some(d("2023-02-28")));
    assert_eq!(period_end(d("2023-03-15"), 0, 6), Some(d("2023-09-14")));
    assert_eq!(period_end(d("2023-03-15"), 1, 6), Some(d("2024-09-14")));
}

#[test]
fn numerals_chinese_and_arabic() {
    for (s, v) in [
        ("3", 3),
        ("３", 3),
        ("三", 3),
        ("叁", 3),
        ("两", 2),
        ("十", 10),
        ("十二", 12),
        ("二十", 20),
        ("一百五十", 150),
        ("三万五千", 35_000),
        ("壹拾", 10),
        ("五千", 5000),
        ("一千零五", 1005),
        ("十万", 100_000),
    ] {
        assert_eq!(numeral(s), Some(v), "{s}");
    }
    assert_eq!(numeral("三年"), None);
    assert_eq!(numeral(""), None);
}

#[test]
fn amounts_in_wan_and_yuan() {
    for (s, v) in [
        ("3.5", 35_000),
        ("３", 30_000),
        ("3万元", 30_000),
        ("3万", 30_000),
        ("１．２", 12_000),
        ("0.05", 500),
        ("1,200.5", 12_005_000),
        ("30000元", 30_000),
        ("0.00005", 1),
        ("200", 2_000_000),
    ] {
        assert_eq!(wan_to_yuan(s), Some(v), "{s}");
    }
    for s in ["", "三", "3.5.1", "abc", "-3"] {
        assert_eq!(wan_to_yuan(s), None, "{s}");
    }
    for (s, v) in [
        ("人民币3万元", 30_000),
        ("30000元", 30_000),
        ("30,000.00元", 30_000),
        ("3.5万元", 35_000),
        ("叁万元整", 30_000),
        ("五千元", 5_000),
        ("人民币２万元", 20_000),
        ("2000.5元", 2_001),
    ] {
        assert_eq!(text_to_yuan(s), Some(v), "{s}");
    }
    assert_eq!(text_to_yuan("采购金额千分之五"), None);
    assert_eq!(text_to_yuan("3万"), Some(30_000));
    assert_eq!(text_to_yuan("3000"), None);
}

#[test]
fn encodings_are_detected() {
    let text = "企业名称,处罚日期\n某某公司,2019年07月13日\n";
    let (s, e) = decode(text.as_bytes().to_vec()).unwrap();
    assert_eq!((s.as_str(), e), (text, Encoding::Utf8));
    let mut bom = vec![0xEF, 0xBB, 0xBF];
    bom.extend_from_slice(text.as_bytes());
    assert_eq!(decode(bom).unwrap().0, text);
    let (gb, _, _) = encoding_rs::GB18030.encode(text);
    let (s, e) = decode(gb.into_owned()).unwrap();
    assert_eq!((s.as_str(), e), (text, Encoding::Gb18030));
    // Not UTF-8 and not GB18030: a lone 0x80 and 0xFF.
    let bad = b"name\n\x80\xff\xff\n".to_vec();
    assert_eq!(decode(bad), Err(Undecodable { offset: 5 }));
    let mut le = vec![0xFF, 0xFE];
    le.extend(text.encode_utf16().flat_map(u16::to_le_bytes));
    assert_eq!(decode(le).unwrap(), (text.to_string(), Encoding::Utf16));
}

#[test]
fn widths_blanks_and_lists() {
    assert_eq!(half_width("（２０１９）闽０１０２执"), "(2019)闽0102执");
    assert!(matches!(half_width("abc"), Cow::Borrowed(_)));
    for s in ["", " ", "-", "无", "NULL", "／"] {
        assert!(is_blank(s), "{s}");
    }
    assert!(!is_blank("0"));
    let v: Vec<&str> = split_list("警告；罚款、没收违法所得, 责令停产停业").collect();
    assert_eq!(v, ["警告", "罚款", "没收违法所得", "责令停产停业"]);
    assert_eq!(join_parts(["a", " ", "b"]), "a；b");
}
