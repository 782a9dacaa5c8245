//! The real binary on real datasets: the ICC example, a clean fixture, and
//! broken fixtures whose exact error messages are pinned.

mod common;

use assert_cmd::Command;
use common::{replace, root};
use std::fs;
use std::path::{Path, PathBuf};

fn brief() -> Command {
    let mut cmd = Command::cargo_bin("brief").expect("binary builds");
    cmd.current_dir(root());
    cmd
}

#[test]
fn icc_check_lists_the_references_contradictions() {
    let out = brief().args(["check", "examples/icc"]).output().unwrap();
    assert_eq!(out.status.code(), Some(1), "findings exit with 1");
    let stdout = String::from_utf8(out.stdout).unwrap();
    insta::assert_snapshot!("icc_check", stdout);
}

/// Every contradiction of the reference, and nothing else: see
/// examples/icc/README.md for each one.
#[test]
fn icc_findings_are_exactly_the_known_contradictions() {
    let out = brief()
        .args(["check", "examples/icc", "--format", "json"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(report["quarter"], "FY2004-Q1");
    assert_eq!(report["clean"], false);
    let found: Vec<String> = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            format!(
                "{} {} {} {} printed {} computed {}",
                f["kind"].as_str().unwrap(),
                f["subject"].as_str().unwrap(),
                f["period"].as_str().unwrap(),
                f["place"].as_str().unwrap_or("-"),
                f["printed"].as_str().unwrap(),
                f["computed"].as_str().unwrap(),
            )
        })
        .collect();
    let expected = [
        "does_not_add_up icc_net_revenue FY2003-Q4 - printed 2406 computed 2407",
        "printed_twice net_loss FY2003-Q1 ebitda_reconciliation printed -981 computed -982",
        "does_not_add_up adjusted_ebitda FY2004-Q1 ebitda_reconciliation printed -367 computed 615",
        "does_not_add_up adjusted_ebitda FY2003-Q4 ebitda_reconciliation printed -604 computed -1586",
        "does_not_add_up van_gross_margin_pct FY2003-Q1 van_gross_margin_reconciliation printed 53.0 computed 53.1",
        "printed_twice revenue FY2004-Q1 gross_margin_reconciliation printed 3104 computed 3103",
        "printed_twice cost_of_services FY2004-Q1 gross_margin_reconciliation printed 1861 computed 1860",
        "printed_twice cost_of_services FY2003-Q1 gross_margin_reconciliation printed 1878 computed 1879",
        "does_not_add_up gross_margin_pct FY2004-Q1 gross_margin_reconciliation printed 40.1 computed 40.0",
        "does_not_add_up gross_margin_pct FY2003-Q1 gross_margin_reconciliation printed 38.3 computed 38.4",
        "does_not_add_up adjusted_gross_margin_pct FY2004-Q1 consolidated_results printed 49.6 computed 49.7",
        "does_not_add_up adjusted_ebitda_per_month FY2004-Q1 cfo_quote printed -125 computed -122",
        "tie Segment revenue sums to consolidated revenue FY2004-Q1 - printed 3104 computed 3103",
        "tie Net interest added back to reach Adjusted EBITDA equals other income and expense FY2003-Q1 - printed 18 computed 19",
    ];
    assert_eq!(found, expected);
}

#[test]
fn a_dataset_that_ties_out_exits_zero() {
    let out = brief()
        .args(["check", "tests/fixtures/tiny"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    // What could not be checked is said, with why, and is not a finding.
    assert_eq!(
        String::from_utf8(out.stdout).unwrap(),
        "note: Assets are all cash, FY2024-Q3: tie skipped
  --> tests/fixtures/tiny/model.toml:60:8
   why: `total_assets` has no figure for FY2024-Q3

note: Retained earnings grow by gross profit, FY2024-Q3: roll-forward skipped
  --> tests/fixtures/tiny/model.toml:65:11
   why: `retained_earnings` has no figure for FY2024-Q2; `retained_earnings` has no figure for FY2023-Q4

2 not checked: 0 unverifiable, 1 ties skipped, 1 roll-forwards skipped

tests/fixtures/tiny ties out for FY2024-Q4: no findings
"
    );
}

#[test]
fn json_of_a_clean_dataset_says_clean() {
    let out = brief()
        .args(["check", "tests/fixtures/tiny", "--format", "json"])
        .output()
        .unwrap();
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(report["clean"], true);
    assert_eq!(report["findings"].as_array().unwrap().len(), 0);
}

/// Copies the tiny dataset to a temporary folder, overlays a case's files,
/// and returns the folder that holds the dataset as `dataset/`.
fn overlay(case: &Path) -> tempfile::TempDir {
    let tmp = tempfile::tempdir().unwrap();
    let dataset = tmp.path().join("dataset");
    fs::create_dir(&dataset).unwrap();
    for dir in [root().join("tests/fixtures/tiny"), case.to_path_buf()] {
        for entry in fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.file_name().unwrap() != "expected-error.txt" {
                fs::copy(&path, dataset.join(path.file_name().unwrap())).unwrap();
            }
        }
    }
    tmp
}

/// Each folder in tests/fixtures/broken replaces one file of the tiny dataset
/// with a broken one; the error must be exactly the reviewed text, exit 2.
#[test]
fn broken_datasets_get_clear_errors() {
    let mut cases: Vec<PathBuf> = fs::read_dir(root().join("tests/fixtures/broken"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    cases.sort();
    assert!(cases.len() >= 12, "the broken fixtures are all there");
    for case in cases {
        let tmp = overlay(&case);
        let out = Command::cargo_bin("brief")
            .unwrap()
            .current_dir(tmp.path())
            .args(["check", "dataset"])
            .output()
            .unwrap();
        let name = case.file_name().unwrap().to_string_lossy();
        assert_eq!(out.status.code(), Some(2), "{name} exits with 2");
        let expected = fs::read_to_string(case.join("expected-error.txt")).unwrap();
        assert_eq!(String::from_utf8(out.stderr).unwrap(), expected, "{name}");
        assert!(out.stdout.is_empty(), "{name} prints no findings");
    }
}

#[test]
fn a_missing_dataset_is_an_input_error() {
    let out = brief().args(["check", "no/such/dataset"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(
        err.starts_with("error: no/such/dataset: not a dataset folder"),
        "{err}"
    );
}

#[test]
fn a_quarter_the_data_lacks_is_reported_as_missing() {
    let out = brief()
        .args(["check", "examples/icc", "--quarter", "FY2003-Q4"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(
        err.contains("period missing: table `operations` shows `revenue` for FY2003-Q4"),
        "{err}"
    );
}

/// The same figures written as TOML instead of CSV give the same model.
#[test]
fn toml_and_csv_layouts_read_the_same_figures() {
    use brief::model::QuarterModel;
    let tmp = overlay(&root().join("tests/fixtures/layouts/toml"));
    fs::remove_file(tmp.path().join("dataset/figures.csv")).unwrap();
    let from_toml = QuarterModel::build(
        brief::load::load(&tmp.path().join("dataset")).unwrap(),
        None,
    )
    .unwrap();
    let from_csv = QuarterModel::build(
        brief::load::load(&root().join("tests/fixtures/tiny")).unwrap(),
        None,
    )
    .unwrap();
    let key = |m: &QuarterModel| {
        let mut v: Vec<(String, String, Option<usize>, String, u32)> = m
            .printings
            .iter()
            .map(|p| {
                (
                    m.items[p.item].id.clone(),
                    p.period.to_string(),
                    p.place,
                    p.amount.base.to_string(),
                    p.amount.scale,
                )
            })
            .collect();
        v.sort();
        v
    };
    assert_eq!(key(&from_toml), key(&from_csv));
    assert_eq!(from_toml.printings.len(), 14);
}

/// Runs `check` and `render` on a dataset folder; their exit codes.
fn check_and_render(dataset: &Path) -> (i32, i32) {
    let check = brief().arg("check").arg(dataset).output().unwrap();
    let out = tempfile::tempdir().unwrap();
    let render = brief()
        .arg("render")
        .arg(dataset)
        .arg("--out")
        .arg(out.path())
        .output()
        .unwrap();
    (check.status.code().unwrap(), render.status.code().unwrap())
}

/// `check` renders every template in memory, so a dataset it accepts (exit 0
/// or 1) is one `render` writes, and one it refuses (exit 2) `render`
/// refuses too. Every fixture, and variants that once checked clean and then
/// failed to render.
#[test]
fn check_below_two_means_render_succeeds() {
    let mut datasets: Vec<(String, tempfile::TempDir)> = Vec::new();
    for example in ["examples/icc", "examples/larkspur", "tests/fixtures/tiny"] {
        datasets.push((example.into(), common::copy_of(&root().join(example))));
    }
    let mut cases: Vec<PathBuf> = fs::read_dir(root().join("tests/fixtures/broken"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    cases.sort();
    for case in cases {
        let name = case.file_name().unwrap().to_string_lossy().into_owned();
        let tmp = overlay(&case);
        datasets.push((name, tmp));
    }
    let variants: [(&str, &str, &str, &str); 4] = [
        ("no release date", "company.toml", "[releases]", "[nothing]"),
        (
            "an argument that words an argument not given",
            "model.toml",
            "title = \"Highlights\"",
            "title = \"Highlights\"\ntext = \"{{ f.revenue | loss_change(per=\\\"share\\\") }}\"",
        ),
        (
            "an unknown filter argument",
            "model.toml",
            "title = \"Highlights\"",
            "title = \"Highlights\"\ntext = \"{{ f.revenue | amount(places=1) }}\"",
        ),
        (
            "a period the figures lack",
            "model.toml",
            "title = \"Highlights\"",
            "title = \"Highlights\"\ntext = \"{{ f.gross_margin_pct | change(vs=\\\"q1\\\") }}\"",
        ),
    ];
    for (name, file, old, new) in variants {
        let dir = common::variant(|d| replace(d, file, old, new));
        datasets.push((name.into(), dir));
    }
    let mut refused = 0;
    for (name, dir) in &datasets {
        let path = if dir.path().join("dataset").is_dir() {
            dir.path().join("dataset")
        } else {
            dir.path().to_path_buf()
        };
        let (check, render) = check_and_render(&path);
        if check < 2 {
            assert_eq!(render, 0, "{name}: check exited {check}, render {render}");
        } else {
            refused += 1;
            assert_eq!(
                render, 2,
                "{name}: check refused it, render exited {render}"
            );
        }
    }
    assert!(
        refused >= 17,
        "the broken cases and variants are refused: {refused}"
    );
}
