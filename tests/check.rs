//! Tie-out rules on small variations of the tiny fixture, one rule a test.

mod common;

use brief::check::{Finding, FindingKind};
use common::{replace, variant};
use std::path::Path;

fn findings(dir: &Path) -> Vec<Finding> {
    brief::pipeline::prepare(dir, None).unwrap().findings
}

#[test]
fn the_clean_fixture_has_no_findings() {
    assert_eq!(findings(&common::root().join("tests/fixtures/tiny")), []);
}

/// Regression: ties were compared after rounding to whole reporting units, so
/// 900.4 million of cash "tied" to 900 million of assets.
#[test]
fn a_tie_off_by_less_than_one_unit_is_found() {
    let tmp = variant(|d| {
        replace(
            d,
            "figures.csv",
            "cash,FY2024-Q4,900,",
            "cash,FY2024-Q4,900.4,",
        )
    });
    let f = findings(tmp.path());
    assert_eq!(f.len(), 1, "{f:#?}");
    assert_eq!(
        (f[0].kind, f[0].subject.as_str()),
        (FindingKind::Tie, "Assets are all cash")
    );
    assert_eq!(
        (f[0].printed.to_string(), f[0].computed.unwrap().to_string()),
        ("900".into(), "900.4".into())
    );
    assert_eq!(f[0].difference.unwrap().to_string(), "-0.4");
}

#[test]
fn a_balance_that_does_not_roll_forward_is_found() {
    let tmp = variant(|d| {
        replace(
            d,
            "figures.csv",
            "retained_earnings,FY2024-Q4,\"1,550.3\",",
            "retained_earnings,FY2024-Q4,\"1,550.0\",",
        )
    });
    let f = findings(tmp.path());
    assert_eq!(f.len(), 1, "{f:#?}");
    assert_eq!(f[0].kind, FindingKind::Rollforward);
    assert_eq!(
        (f[0].printed.to_string(), f[0].computed.unwrap().to_string()),
        ("1550.0".into(), "1550.3".into())
    );
}

#[test]
fn a_subtotal_that_does_not_add_up_is_found_at_its_printed_precision() {
    let tmp = variant(|d| {
        replace(
            d,
            "figures.csv",
            "gross_profit,FY2024-Q4,550.3,",
            "gross_profit,FY2024-Q4,550.4,",
        )
    });
    let f = findings(tmp.path());
    let kinds: Vec<(FindingKind, &str)> = f.iter().map(|f| (f.kind, f.subject.as_str())).collect();
    // The subtotal itself, and the roll-forward that uses it.
    assert_eq!(
        kinds,
        [
            (FindingKind::DoesNotAddUp, "gross_profit"),
            (
                FindingKind::Rollforward,
                "Retained earnings grow by gross profit"
            )
        ]
    );
    assert_eq!(f[0].difference.unwrap().to_string(), "0.1");
}

#[test]
fn a_printed_percent_change_across_a_zero_base_is_a_finding() {
    let tmp = variant(|d| {
        replace(
            d,
            "figures.csv",
            "revenue,FY2023-Q4,\"1,100.0\",",
            "revenue,FY2023-Q4,0,",
        );
        replace(
            d,
            "figures.csv",
            "cost_of_sales,FY2023-Q4,650.0,",
            "cost_of_sales,FY2023-Q4,0,",
        );
        replace(
            d,
            "figures.csv",
            "gross_profit,FY2023-Q4,450.0,",
            "gross_profit,FY2023-Q4,0,",
        );
    });
    let f = findings(tmp.path());
    assert_eq!(f.len(), 1, "{f:#?}");
    assert_eq!(f[0].subject, "revenue_growth");
    assert!(f[0].against.contains("not meaningful"), "{}", f[0].against);
    // There is no computed value to show, not a made-up 0.
    assert_eq!((f[0].computed, f[0].difference), (None, None));
    let dir = tmp.path().to_path_buf();
    let out = assert_cmd::Command::cargo_bin("brief")
        .unwrap()
        .arg("check")
        .arg(&dir)
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.contains("   computed:     n/m  yoy_pct(revenue)"),
        "{text}"
    );
    assert!(!text.contains("difference: 0"), "{text}");
}

#[test]
fn a_copy_printed_elsewhere_is_compared_at_its_own_precision() {
    // "$1.3 billion" is 1,250.5 million to one decimal of a billion; "$1.2 billion" is not.
    let tmp = variant(|d| replace(d, "figures.csv", "$1.3 billion", "$1.2 billion"));
    let f = findings(tmp.path());
    assert_eq!(f.len(), 1, "{f:#?}");
    assert_eq!(f[0].kind, FindingKind::PrintedTwice);
    assert_eq!(
        (f[0].printed.to_string(), f[0].computed.unwrap().to_string()),
        ("1.2".into(), "1.3".into())
    );
    assert_eq!(f[0].unit, "USD billions");
}

/// A key-metrics table that prints the tiny figures to whole millions, with
/// a gross profit measure beside them: 1,251 - 700 is 551, but the exact
/// gross profit, 550.3, prints as 550.
fn key_metrics(basis: &str) -> tempfile::TempDir {
    variant(|d| {
        let path = d.join("model.toml");
        let mut model = std::fs::read_to_string(&path).unwrap();
        model += &format!(
            r#"
[[measure]]
id = "gross_profit_measure"
label = "Gross profit"
formula = "revenue - cost_of_sales"

[[table]]
id = "key_metrics"
title = "Key metrics"
kind = "trend"
columns = ["quarter"]
{basis}
rows = [
  {{ item = "revenue" }},
  {{ item = "cost_of_sales" }},
  {{ item = "gross_profit_measure" }},
]
"#
        );
        std::fs::write(&path, model).unwrap();
        let path = d.join("figures.csv");
        let mut figures = std::fs::read_to_string(&path).unwrap();
        figures += "revenue,FY2024-Q4,\"1,251\",key_metrics\n";
        figures += "cost_of_sales,FY2024-Q4,700,key_metrics\n";
        figures += "gross_profit_measure,FY2024-Q4,550,key_metrics\n";
        std::fs::write(&path, figures).unwrap();
    })
}

/// A figure printed again at a coarser precision is compared with the figure
/// itself at that precision, never only with the rounded figures beside it.
#[test]
fn a_printed_measure_is_compared_with_the_exact_figure_by_default() {
    let tmp = key_metrics("");
    assert_eq!(findings(tmp.path()), []);
}

/// A place that declares it computed its figures from the rounded figures
/// printed beside them is checked on that basis, and the finding says so.
#[test]
fn a_place_of_printed_basis_is_checked_against_its_own_rows() {
    let tmp = key_metrics("basis = \"printed\"");
    let f = findings(tmp.path());
    assert_eq!(f.len(), 1, "{f:#?}");
    assert_eq!(f[0].kind, FindingKind::DoesNotAddUp);
    assert_eq!(f[0].basis, brief::model::Basis::Printed);
    assert_eq!(
        (f[0].printed.to_string(), f[0].computed.unwrap().to_string()),
        ("550".into(), "551".into())
    );
    assert!(
        f[0].against.contains("printed beside it"),
        "{}",
        f[0].against
    );
}

/// On the exact basis, a printed measure that is wrong is still found, and
/// the finding names the basis.
#[test]
fn a_wrong_printed_measure_is_found_on_the_exact_basis() {
    let tmp = key_metrics("");
    replace(
        tmp.path(),
        "figures.csv",
        "gross_profit_measure,FY2024-Q4,550,key_metrics",
        "gross_profit_measure,FY2024-Q4,551,key_metrics",
    );
    let f = findings(tmp.path());
    assert_eq!(f.len(), 1, "{f:#?}");
    assert_eq!(f[0].basis, brief::model::Basis::Exact);
    assert_eq!(
        (f[0].printed.to_string(), f[0].computed.unwrap().to_string()),
        ("551".into(), "550".into())
    );
}

/// Larkspur's EPS growth as some companies print it: from the rounded EPS
/// ($1.43 against $1.10 is 30.0%), where the exact EPS give 29.8%.
fn eps_growth_in_results(basis: &str) -> tempfile::TempDir {
    let dir = common::copy_of(&common::root().join("examples/larkspur"));
    replace(
        dir.path(),
        "model.toml",
        "tables = [\"revenue_trend\"]",
        &format!("tables = [\"revenue_trend\"]\n{basis}"),
    );
    let path = dir.path().join("model.toml");
    let mut model = std::fs::read_to_string(&path).unwrap();
    model += r#"
[[measure]]
id = "eps_growth"
label = "Diluted EPS growth"
formula = "yoy_pct(diluted_eps)"
unit = "percent"
"#;
    std::fs::write(&path, model).unwrap();
    let path = dir.path().join("figures.csv");
    let mut figures = std::fs::read_to_string(&path).unwrap();
    figures += "diluted_eps,FY2025-Q3,1.43,results\n";
    figures += "diluted_eps,FY2024-Q3,1.10,results\n";
    figures += "eps_growth,FY2025-Q3,30.0%,results\n";
    std::fs::write(&path, figures).unwrap();
    dir
}

#[test]
fn a_percent_change_of_rounded_eps_is_checked_on_the_basis_declared() {
    let exact = findings(eps_growth_in_results("").path());
    assert_eq!(exact.len(), 1, "{exact:#?}");
    assert_eq!(
        (
            exact[0].subject.as_str(),
            exact[0].printed.to_string(),
            exact[0].computed.unwrap().to_string(),
            exact[0].basis
        ),
        (
            "eps_growth",
            "30.0".into(),
            "29.8".into(),
            brief::model::Basis::Exact
        )
    );
    let printed = findings(eps_growth_in_results("basis = \"printed\"").path());
    assert_eq!(
        printed,
        [],
        "30.0% is what the rounded EPS printed there give"
    );
}

/// A correction must leave its totals footing: correcting revenue without
/// gross profit prints a statement that does not add up, and the finding
/// cites the correction.
#[test]
fn a_correction_that_breaks_its_total_is_found() {
    let tmp = variant(|d| {
        std::fs::write(
            d.join("corrections.toml"),
            "[[correction]]\nitem = \"revenue\"\nperiod = \"FY2024-Q4\"\nvalue = \"1,260.5\"\nreason = \"the release misprinted revenue\"\n",
        )
        .unwrap();
    });
    let f = findings(tmp.path());
    let totals: Vec<&Finding> = f
        .iter()
        .filter(|f| f.subject == "gross_profit" && f.kind == FindingKind::DoesNotAddUp)
        .collect();
    assert_eq!(totals.len(), 1, "{f:#?}");
    assert_eq!(totals[0].printed.to_string(), "550.3");
    assert_eq!(totals[0].computed.unwrap().to_string(), "560.3");
    assert!(
        totals[0].against.contains("correct `gross_profit` too"),
        "{}",
        totals[0].against
    );
    assert!(
        totals[0].notes[0].contains("the brief uses 1,260.5 for `revenue` in FY2024-Q4"),
        "{:?}",
        totals[0].notes
    );
}
