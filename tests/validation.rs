//! Single-field validation and detection (`src/id/validation.rs`), through the public API. Moved
//! out of the source file (issue 14).

use credit_check::kind::{IdentifierKind, Profile};
use credit_check::problem::ProblemCode;
use credit_check::resident_id;
use credit_check::validation::*;

fn v(input: &str) -> Validation {
    validate(input, &Options::default())
}

#[test]
fn auto_kind_prefers_uscc_then_id() {
    assert_eq!(v("91110108551385082Q").kind, Some(IdentifierKind::Uscc));
    assert_eq!(
        v("11010519491231002X").kind,
        Some(IdentifierKind::ResidentId)
    );
    assert_eq!(v("551385082").kind, Some(IdentifierKind::OrgCode));
    assert_eq!(
        v("110108012660422").kind,
        Some(IdentifierKind::RegistrationNumber)
    );
    assert_eq!(
        v("11010519491231002X01").kind,
        Some(IdentifierKind::TaxpayerId)
    );
}

#[test]
fn invalid_input_reports_the_likely_kind_and_its_parts() {
    let r = v("91110108551385083A");
    assert!(!r.ok);
    assert_eq!(r.kind, Some(IdentifierKind::Uscc));
    assert!(
        matches!(r.parts, Some(Parts::Uscc { .. })),
        "parts shown despite the bad check"
    );
    assert_eq!(r.errors[0].code(), ProblemCode::CheckCharacter);
    let r = v("110105194912310021");
    assert_eq!(r.kind, Some(IdentifierKind::ResidentId));
    let r = v("12345");
    assert_eq!(
        (r.kind, r.errors[0].code()),
        (None, ProblemCode::Unrecognized)
    );
    assert!(r.parts.is_none());
}

#[test]
fn an_id_number_with_a_bad_date_is_not_passed_off_as_a_uscc() {
    // As a USCC it would have an unknown division and a wrong position 17 (two doubts).
    let r = v("11010519491331002X");
    assert!(!r.ok);
    assert_eq!(r.kind, Some(IdentifierKind::ResidentId));
    assert!(
        r.errors
            .iter()
            .any(|p| p.code() == ProblemCode::BirthDateInvalid),
        "{:?}",
        r.errors
    );
}

#[test]
fn requested_kind_is_respected() {
    let opts = Options::new(Some(IdentifierKind::OrgCode), Profile::Lenient);
    let r = validate("91110108551385082Q", &opts);
    assert!(!r.ok);
    assert_eq!(r.errors[0].code(), ProblemCode::Length);
    let r = validate("", &opts);
    assert_eq!(r.errors[0].subject(), Some(IdentifierKind::OrgCode));
}

#[test]
fn json_shape_matches_the_documented_one() {
    let j = serde_json::to_value(v(" 91110108551385082q")).unwrap();
    assert_eq!(j["ok"], true);
    assert_eq!(j["kind"], "uscc");
    assert_eq!(j["normalized"], "91110108551385082Q");
    assert_eq!(
        j["normalizations"],
        serde_json::json!(["trim", "uppercase"])
    );
    assert_eq!(j["parts"]["authority"]["name"], "工商");
    assert_eq!(j["parts"]["category"]["nameEn"], "enterprise");
    assert_eq!(j["parts"]["division"]["name"], "北京市海淀区");
    assert_eq!(j["parts"]["division"]["status"], "current");
    assert_eq!(j["parts"]["orgCode"], "55138508-2");
    assert_eq!(j["parts"]["checkCharacter"], "Q");
    assert_eq!(j["errors"], serde_json::json!([]));
    let id = serde_json::to_value(v("11010519491231002X")).unwrap();
    assert_eq!(id["parts"]["masked"], "110105********002X");
    assert_eq!(id["parts"]["sex"], "female");
    assert_eq!(id["parts"]["birthDate"], "1949-12-31");
}

#[test]
fn status_agrees_with_validate() {
    let today = resident_id::today_in_china();
    for input in [
        "91110108551385082Q",
        "91110108551385082A",
        "91320594551385082X",
        "",
        "x",
        "551385082",
    ] {
        for profile in [Profile::Lenient, Profile::Strict] {
            let opts = Options::new(None, profile);
            let full = validate(input, &opts);
            let expected = match (full.ok, full.warnings.is_empty()) {
                (false, _) => Status::Invalid,
                (true, true) => Status::Valid,
                (true, false) => Status::ValidWithWarnings,
            };
            assert_eq!(status(input, &opts, today), expected, "{input} {profile:?}");
        }
    }
}
