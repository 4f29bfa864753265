//! Registration authorities (登记管理部门, USCC position 1) and organisation categories
//! (机构类别, position 2), from GB 32100-2015 Table 1 and its later additions (A, N).

use serde::Serialize;

/// A code with its Chinese and English names.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Named {
    /// The character in the code.
    pub code: char,
    /// Chinese name.
    pub name: &'static str,
    /// English name.
    pub name_en: &'static str,
}

struct AuthorityRow {
    authority: Named,
    categories: &'static [Named],
}

const fn n(code: char, name: &'static str, name_en: &'static str) -> Named {
    Named {
        code,
        name,
        name_en,
    }
}

const OTHER: Named = n('9', "其他", "other");

static TABLE: [AuthorityRow; 12] = [
    AuthorityRow {
        authority: n('1', "机构编制", "institutional establishment"),
        categories: &[
            n('1', "机关", "government organ"),
            n('2', "事业单位", "public institution"),
            n(
                '3',
                "中央编办直接管理机构编制的群众团体",
                "mass organisation under the central establishment office",
            ),
            OTHER,
        ],
    },
    AuthorityRow {
        authority: n('2', "外交", "foreign affairs"),
        categories: &[
            n('1', "外国常驻新闻机构", "resident foreign news agency"),
            OTHER,
        ],
    },
    AuthorityRow {
        authority: n('3', "司法行政", "justice administration"),
        categories: &[
            n('1', "律师执业机构", "law firm"),
            n('2', "公证处", "notary office"),
            n('3', "基层法律服务所", "grassroots legal service office"),
            n('4', "司法鉴定机构", "forensic appraisal institution"),
            n('5', "仲裁委员会", "arbitration commission"),
            OTHER,
        ],
    },
    AuthorityRow {
        authority: n('4', "文化", "culture"),
        categories: &[
            n('1', "外国在华文化中心", "foreign cultural centre in China"),
            OTHER,
        ],
    },
    AuthorityRow {
        authority: n('5', "民政", "civil affairs"),
        categories: &[
            n('1', "社会团体", "social organisation"),
            n('2', "民办非企业单位", "private non-enterprise unit"),
            n('3', "基金会", "foundation"),
            OTHER,
        ],
    },
    AuthorityRow {
        authority: n('6', "旅游", "tourism"),
        categories: &[
            n(
                '1',
                "外国旅游部门常驻代表机构",
                "resident office of a foreign tourism authority",
            ),
            n(
                '2',
                "港澳台地区旅游部门常驻内地（大陆）代表机构",
                "resident office of a Hong Kong, Macao or Taiwan tourism authority",
            ),
            OTHER,
        ],
    },
    AuthorityRow {
        authority: n('7', "宗教", "religious affairs"),
        categories: &[
            n('1', "宗教活动场所", "place of religious activity"),
            n('2', "宗教院校", "religious college"),
            OTHER,
        ],
    },
    AuthorityRow {
        authority: n('8', "工会", "trade unions"),
        categories: &[n('1', "基层工会", "grassroots trade union"), OTHER],
    },
    AuthorityRow {
        authority: n('9', "工商", "industry and commerce (market regulation)"),
        categories: &[
            n('1', "企业", "enterprise"),
            n('2', "个体工商户", "individual business"),
            n('3', "农民专业合作社", "farmers' specialised cooperative"),
        ],
    },
    AuthorityRow {
        authority: n(
            'A',
            "中央军委改革和编制办公室",
            "Central Military Commission reform and establishment office",
        ),
        categories: &[n('1', "军队事业单位", "military public institution"), OTHER],
    },
    AuthorityRow {
        authority: n('N', "农业", "agriculture"),
        categories: &[
            n(
                '1',
                "组级集体经济组织",
                "group-level collective economic organisation",
            ),
            n(
                '2',
                "村级集体经济组织",
                "village-level collective economic organisation",
            ),
            n(
                '3',
                "乡镇级集体经济组织",
                "township-level collective economic organisation",
            ),
            OTHER,
        ],
    },
    AuthorityRow {
        authority: n('Y', "其他", "other"),
        categories: &[n('1', "其他", "other")],
    },
];

/// The registration authority for a position-1 character, if the standard defines it.
pub fn authority(code: char) -> Option<Named> {
    TABLE
        .iter()
        .find(|r| r.authority.code == code)
        .map(|r| r.authority)
}

/// The organisation category for an authority/category pair, if the standard defines the pair.
///
/// ```
/// use credit_check::authority::category;
/// assert_eq!(category('9', '1').map(|c| c.name), Some("企业"));
/// assert_eq!(category('9', '9'), None); // 9-9 is not in the table
/// ```
pub fn category(authority: char, category: char) -> Option<Named> {
    TABLE
        .iter()
        .find(|r| r.authority.code == authority)?
        .categories
        .iter()
        .find(|c| c.code == category)
        .copied()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The pairs listed in DOMAIN.md, from GB 32100-2015 and its amendments.
    const PAIRS: &str = "1:1239 2:19 3:123459 4:19 5:1239 6:129 7:129 8:19 9:123 A:19 N:1239 Y:1";

    #[test]
    fn table_has_exactly_the_standard_pairs() {
        let mut expected = Vec::new();
        for group in PAIRS.split(' ') {
            let (a, cats) = group.split_once(':').unwrap();
            let a = a.chars().next().unwrap();
            expected.extend(cats.chars().map(|c| (a, c)));
        }
        let mut actual = Vec::new();
        for a in crate::id::uscc::ALPHABET.chars() {
            for c in crate::id::uscc::ALPHABET.chars() {
                if category(a, c).is_some() {
                    actual.push((a, c));
                }
            }
        }
        expected.sort();
        actual.sort();
        assert_eq!(actual, expected);
    }

    #[test]
    fn unknown_authority_has_no_name() {
        assert!(authority('B').is_none());
        assert_eq!(authority('N').map(|a| a.name), Some("农业"));
    }
}
