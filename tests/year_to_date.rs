//! Years to date as periods of their own (issue 10): nine-month columns and
//! their spanning headers, change columns, a cash-flow statement that opens
//! at the prior year end, sums of quarters tied out, quarters derived from
//! years to date, unverifiable claims kept as printed, skipped checks
//! reported, and 52/53-week calendars by rule. On `tests/fixtures/nine_months`.

mod common;

use brief::check::{FindingKind, NoticeKind};
use common::{copy_of, render_md, replace, root, try_render_md};
use std::path::PathBuf;

fn fixture() -> PathBuf {
    root().join("tests/fixtures/nine_months")
}

#[test]
fn a_q3_release_shows_the_quarter_and_the_nine_months_side_by_side() {
    let md = render_md(&fixture());
    assert!(
        md.contains("| | Three Months Ended September 30 2024 | Three Months Ended September 30 2023 | Nine Months Ended September 30 2024 | Nine Months Ended September 30 2023 |"),
        "{md}"
    );
    assert!(
        md.contains("| Revenue | \\$1,200 | \\$1,000 | \\$3,300 | \\$2,900 |"),
        "{md}"
    );
    let doc = common::document_of(&md);
    let _ = doc;
    let job = brief::pipeline::prepare(&fixture(), None).unwrap();
    let document = brief::render::render(
        &job.model,
        &job.brief,
        &brief::render::templates(&fixture(), None).unwrap(),
    )
    .unwrap();
    let tables: Vec<&brief::document::Table> = document
        .blocks
        .iter()
        .filter_map(|b| match b {
            brief::document::Block::Table(t) => Some(t),
            _ => None,
        })
        .collect();
    let ops = tables.iter().find(|t| t.id == "operations").unwrap();
    let groups: Vec<(&str, usize, usize)> = ops
        .groups
        .iter()
        .map(|g| (g.label.as_str(), g.first, g.span))
        .collect();
    assert_eq!(
        groups,
        [
            ("Three Months Ended September 30", 0, 2),
            ("Nine Months Ended September 30", 2, 2)
        ]
    );
    assert_eq!(ops.columns, ["2024", "2023", "2024", "2023"]);
    // The cash-flow statement: the year to date only, opening at the prior
    // fiscal year end (2,000 at December 31, 2023; 1,300 a year before).
    let cash = tables.iter().find(|t| t.id == "cash_flows").unwrap();
    let row = |label: &str| -> Vec<String> {
        cash.rows
            .iter()
            .find(|r| r.label == label)
            .unwrap()
            .cells
            .iter()
            .map(|c| c.text.clone())
            .collect()
    };
    assert_eq!(row("Cash at beginning of period"), ["2,000", "1,300"]);
    assert_eq!(row("Cash at end of period"), ["2,600", "1,800"]);
    assert_eq!(cash.groups[0].label, "Nine Months Ended September 30");
}

#[test]
fn change_columns_show_amounts_percents_and_points() {
    let md = render_md(&fixture());
    assert!(
        md.contains("| | Q3 2024 | Q3 2023 | \\$ Change | % Change |"),
        "{md}"
    );
    assert!(
        md.contains(
            "| Revenue (nine months: \\$3.3 million) | \\$1,200 | \\$1,000 | \\$200 | 20.0% |"
        ),
        "{md}"
    );
    assert!(
        md.contains("| Gross margin | 50.0% | 48.0% | 2.0 pts | 2.0 pts |"),
        "{md}"
    );
    // A percent-change column takes no currency sign.
    assert!(!md.contains("\\$20.0%"), "{md}");
}

/// A table of printed basis computes its changes from the figures as it
/// rounds them; one of exact basis from the exact figures.
#[test]
fn change_columns_follow_their_tables_basis() {
    let tmp = copy_of(&fixture());
    replace(
        tmp.path(),
        "figures.csv",
        "revenue,FY2024-Q3,\"1,200\",",
        "revenue,FY2024-Q3,\"1,200.4\",",
    );
    replace(
        tmp.path(),
        "figures.csv",
        "revenue,FY2023-Q3,\"1,000\",",
        "revenue,FY2023-Q3,\"999.6\",",
    );
    replace(
        tmp.path(),
        "figures.csv",
        "revenue,FY2024-9M,\"3,300\",",
        "revenue,FY2024-9M,\"3,300.4\",",
    );
    let exact = render_md(tmp.path());
    assert!(
        exact.contains(
            "| Revenue (nine months: \\$3.3 million) | \\$1,200.4 | \\$999.6 | \\$200.8 | 20.1% |"
        ),
        "{exact}"
    );
    replace(
        tmp.path(),
        "model.toml",
        "kind = \"trend\"\ncolumns",
        "kind = \"trend\"\nbasis = \"printed\"\ncolumns",
    );
    replace(
        tmp.path(),
        "figures.csv",
        "revenue,FY2024-Q3,\"1,200.4\",",
        "revenue,FY2024-Q3,\"1,200\",",
    );
    replace(
        tmp.path(),
        "figures.csv",
        "revenue,FY2024-9M,\"3,300.4\",",
        "revenue,FY2024-9M,\"3,300\",",
    );
    let printed = render_md(tmp.path());
    // 999.6 shown as 999.6 (one place); 1,200 - 999.6 = 200.4, 20.0%.
    assert!(
        printed.contains(
            "| Revenue (nine months: \\$3.3 million) | \\$1,200 | \\$999.6 | \\$200.4 | 20.0% |"
        ),
        "{printed}"
    );
}

#[test]
fn check_reports_unverifiable_claims_and_skipped_checks_without_failing() {
    let job = brief::pipeline::prepare(&fixture(), None).unwrap();
    assert_eq!(job.findings, []);
    let notices: Vec<(NoticeKind, &str, &str)> = job
        .notices
        .iter()
        .map(|n| (n.kind, n.subject.as_str(), n.period.as_str()))
        .collect();
    assert_eq!(
        notices,
        [
            (NoticeKind::Unverifiable, "cash_change_qoq", "FY2024-Q3"),
            (
                NoticeKind::SkippedRollforward,
                "Cash moves by its flows",
                "FY2022-Q4"
            ),
            (
                NoticeKind::SkippedRollforward,
                "Cash moves by its flows",
                "FY2023-Q4"
            ),
        ]
    );
    assert!(
        job.notices[0]
            .reason
            .contains("`cash` has no figure for FY2024-Q2")
    );
    // The claim is usable in text, as printed.
    let md = render_md(&fixture());
    assert!(
        md.contains("Cash decreased \\$700,000 from the second quarter."),
        "{md}"
    );
}

#[test]
fn a_year_to_date_is_tied_to_its_quarters_within_rounding() {
    // Three quarters and the nine months, each rounded to a thousand: a
    // difference of 2 is rounding, 3 is not.
    for (nine, found) in [("3,302", false), ("3,298", false), ("3,303", true)] {
        let tmp = copy_of(&fixture());
        replace(
            tmp.path(),
            "figures.csv",
            "revenue,FY2024-9M,\"3,300\",",
            &format!("revenue,FY2024-9M,\"{nine}\","),
        );
        let job = brief::pipeline::prepare(tmp.path(), None).unwrap();
        let ytd: Vec<_> = job
            .findings
            .iter()
            .filter(|f| f.kind == FindingKind::YearToDate)
            .collect();
        assert_eq!(ytd.len(), usize::from(found), "{nine}: {ytd:#?}");
        if found {
            assert_eq!(ytd[0].subject, "revenue");
            assert_eq!(ytd[0].period, "FY2024-9M");
            assert_eq!(ytd[0].computed.unwrap().to_string(), "3300");
        }
    }
}

#[test]
fn a_quarter_not_given_is_its_year_to_date_less_the_one_before() {
    let tmp = copy_of(&fixture());
    replace(
        tmp.path(),
        "figures.csv",
        "revenue,FY2024-Q3,\"1,200\",\n",
        "",
    );
    let job = brief::pipeline::prepare(tmp.path(), None).unwrap();
    let q3 = job
        .brief
        .figure("revenue", "FY2024-Q3".parse().unwrap())
        .unwrap();
    assert_eq!(q3.value.to_string(), "1200000");
    let sources: Vec<String> = q3.sources.iter().map(|s| s.period.to_string()).collect();
    assert_eq!(sources, ["FY2024-9M", "FY2024-Q1", "FY2024-Q2"]);
}

#[test]
fn a_quarter_on_quarter_function_of_a_year_to_date_is_refused() {
    let tmp = copy_of(&fixture());
    replace(
        tmp.path(),
        "figures.csv",
        "cash_change_qoq,FY2024-Q3,(700),highlights",
        "cash_change_qoq,FY2024-9M,(700),highlights",
    );
    let e = try_render_md(tmp.path()).unwrap_err().to_string();
    assert!(e.contains("FY2024-9M is not a quarter"), "{e}");
    assert!(e.contains("figures.csv:26"), "{e}");
}

/// "The Saturday nearest December 31": fiscal 2023 ended December 30, 2023,
/// so the third quarter of 2024 ended 39 weeks later, September 28.
#[test]
fn a_52_53_week_calendar_by_rule() {
    let tmp = copy_of(&fixture());
    replace(
        tmp.path(),
        "company.toml",
        "year_end_month = \"December\"",
        "year_end = \"the Saturday nearest December 31\"",
    );
    let md = render_md(tmp.path());
    assert!(md.contains("ended September 28, 2024"), "{md}");
    // The quarters end on different days each year: the group says how
    // long, each column when.
    assert!(
        md.contains("| | Three Months Ended September 28, 2024 | Three Months Ended September 30, 2023 | Nine Months Ended September 28, 2024 | Nine Months Ended September 30, 2023 |"),
        "{md}"
    );
    // A date that contradicts the rule is an error at its line.
    replace(
        tmp.path(),
        "company.toml",
        "[releases]",
        "[calendar.period_ends]\nFY2024-Q3 = 2024-09-30\n\n[releases]",
    );
    let e = try_render_md(tmp.path()).unwrap_err().to_string();
    assert!(e.contains("company.toml:15:13"), "{e}");
    assert!(e.contains("by the rule"), "{e}");
    // So is a year-end month that disagrees with the rule.
    let tmp = copy_of(&fixture());
    replace(
        tmp.path(),
        "company.toml",
        "year_end_month = \"December\"",
        "year_end_month = \"January\"\nyear_end = \"the last Saturday of December\"",
    );
    let e = try_render_md(tmp.path()).unwrap_err().to_string();
    assert!(e.contains("`year_end_month` says January"), "{e}");
}

/// A roll-forward of a measure could never run (a measure has no given
/// balances): refused, never skipped in silence.
#[test]
fn a_roll_forward_of_a_measure_is_refused() {
    let tmp = copy_of(&fixture());
    replace(
        tmp.path(),
        "model.toml",
        "balance = \"cash\"\nflow",
        "balance = \"cash_at_start\"\nflow",
    );
    replace(
        tmp.path(),
        "model.toml",
        "formula = \"opening(cash)\"",
        "formula = \"opening(cash)\"\nkind = \"balance\"",
    );
    let e = try_render_md(tmp.path()).unwrap_err().to_string();
    assert!(e.contains("`cash_at_start` is a measure, and a roll-forward moves a balance whose figures are given"), "{e}");
}

#[test]
fn a_percent_change_column_takes_its_tables_decimals() {
    let tmp = copy_of(&fixture());
    replace(
        tmp.path(),
        "model.toml",
        "kind = \"trend\"\ncolumns = [\"quarter\", \"year_ago\", \"change_year_ago\"",
        "kind = \"trend\"\npct_dp = 0\ncolumns = [\"quarter\", \"year_ago\", \"change_year_ago\"",
    );
    let md = render_md(tmp.path());
    assert!(
        md.contains("| \\$1,200 | \\$1,000 | \\$200 | 20% |"),
        "{md}"
    );
}

/// A chart draws figures: a change or outlook column is refused, never an
/// empty chart.
#[test]
fn a_chart_of_a_change_or_outlook_column_is_refused() {
    for column in ["change_year_ago", "outlook:FY2024-Q4"] {
        let tmp = copy_of(&fixture());
        let model = tmp.path().join("model.toml");
        let mut text = std::fs::read_to_string(&model).unwrap();
        text.push_str(&format!(
            "\n[[chart]]\nid = \"c\"\ntitle = \"Revenue\"\nitems = [\"revenue\"]\ncolumns = [\"quarter\", \"{column}\"]\n"
        ));
        std::fs::write(&model, text).unwrap();
        let e = try_render_md(tmp.path()).unwrap_err().to_string();
        assert!(e.contains("is a change or outlook column"), "{column}: {e}");
    }
}
