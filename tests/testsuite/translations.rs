//! Translation status: `folio status`'s table, the editors' page, and the
//! warnings `folio check` gives for missing and outdated translations.

use folio::status::{table, State};

use crate::util::{build_fixture, fixture, read, region, urls};

fn load_basic() -> folio::Handbook {
    let mut diags = folio::Diagnostics::default();
    folio::content::load(&fixture("site/basic"), &mut diags).expect("the fixture loads")
}

// The fixture has an up-to-date, an outdated and a missing translation.
#[test]
fn status_table_states() {
    let handbook = load_basic();
    let rows = table(&handbook, handbook.config.find_version("v2").unwrap());
    let state = |id: &str| rows.iter().find(|r| r.id == id).unwrap().cells[0].state;
    assert_eq!(state("definicion"), State::UpToDate);
    assert_eq!(state("consentimiento"), State::Outdated);
    assert_eq!(state("etapas"), State::Missing);
    assert_eq!(state("portada"), State::Unrecorded);
    assert_eq!(rows.len(), 6, "every source page has a row");
}

// The editors' page shows the same states and links the outdated translation to its source's redline.
#[test]
fn editors_page() {
    let site = build_fixture("basic");
    let page = read(&site, "v2/en/translations.html");
    let row = region(&page, "consentimiento.html\" lang=\"es\"", "</tr>");
    assert!(row.contains("state-outdated"), "{row}");
    assert!(urls(row).contains(&"../es/changes-v1-consentimiento.html".to_string()), "{row}");
    assert!(region(&page, "etapas.html\" lang=\"es\"", "</tr>").contains("state-missing"));
    assert!(region(&page, "definicion.html\" lang=\"es\"", "</tr>").contains("state-up-to-date"));
}

// `folio check` warns, with file and line, about outdated and missing translations.
#[test]
fn check_warns_about_translations() {
    let diags = folio::check(&fixture("site/basic"), None);
    assert!(!diags.has_errors());
    let find = |code: &str, file: &str| diags.iter().find(|d| d.code == code && d.file.ends_with(file)).cloned();
    let outdated = find("outdated-translation", "v2/en/crime/consent.md").expect("outdated warning");
    assert_eq!((outdated.severity, outdated.line), (folio::Severity::Warning, 5));
    let missing = find("missing-translation", "v2/es/proceso/etapas.md").expect("missing warning");
    assert!(missing.message.en().contains("`etapas` has no `en` translation"), "{}", missing.message);
}
