//! Outlook (issue 10): guidance for a future period as a point, a range or a
//! band, worded exactly as given, shown in an outlook table headed for its
//! period, tied where it reconciles, and never moving the reporting quarter.
//! On `tests/fixtures/nine_months`.

mod common;

use brief::check::FindingKind;
use common::{copy_of, render_md, replace, root, try_render_md};
use std::path::PathBuf;

fn fixture() -> PathBuf {
    root().join("tests/fixtures/nine_months")
}

#[test]
fn guidance_is_worded_exactly_as_given() {
    let md = render_md(&fixture());
    assert!(
        md.contains("For the fourth quarter we expect revenue of \\$1.25 million, plus or minus 2% and a gross margin of 50.0%, plus or minus 50 basis points; for 2024, revenue of \\$4.5 million to \\$4.6 million."),
        "{md}"
    );
}

#[test]
fn an_outlook_table_is_headed_for_its_period() {
    let md = render_md(&fixture());
    for line in [
        "| | Q4 2024 Outlook |",
        "| Revenue | \\$1,250 ± 2% |",
        "| **Gross profit** | **\\$625** |",
        "| Gross margin | 50.0% ± 50 bp |",
    ] {
        assert!(md.contains(line), "missing {line}\n{md}");
    }
}

#[test]
fn guidance_never_moves_the_reporting_quarter() {
    let job = brief::pipeline::prepare(&fixture(), None).unwrap();
    assert_eq!(job.model.quarter.to_string(), "FY2024-Q3");
    assert_eq!(job.model.outlooks.len(), 5);
}

#[test]
fn guidance_that_does_not_reconcile_is_a_finding() {
    let tmp = copy_of(&fixture());
    replace(
        tmp.path(),
        "model.toml",
        "id = \"gross_profit_q4\"\nitem = \"gross_profit\"\nperiod = \"FY2024-Q4\"\nvalue = \"625\"",
        "id = \"gross_profit_q4\"\nitem = \"gross_profit\"\nperiod = \"FY2024-Q4\"\nvalue = \"630\"",
    );
    let job = brief::pipeline::prepare(tmp.path(), None).unwrap();
    let found: Vec<(FindingKind, &str, String)> = job
        .findings
        .iter()
        .map(|f| (f.kind, f.subject.as_str(), f.printed.to_string()))
        .collect();
    // Gross profit is guided at 630 where revenue less cost is 625, and the
    // margin guided at 50.0% is 630 / 1,250 = 50.4% by the same guidance.
    assert_eq!(
        found,
        [
            (FindingKind::Outlook, "gross_profit", "630".to_string()),
            (FindingKind::Outlook, "gross_margin_pct", "50.0".to_string())
        ]
    );
    assert_eq!(job.findings[0].computed.unwrap().to_string(), "625");
}

#[test]
fn guidance_that_cannot_be_read_is_an_error() {
    for (old, new, expected) in [
        (
            "period = \"FY2024\"\nlow",
            "period = \"FY2024-Q3\"\nlow",
            "an outlook is for a period after the reporting quarter",
        ),
        (
            "value = \"1.25 million\"\nplus_minus = \"2%\"",
            "value = \"1.25 million\"\nplus_minus = \"50 bp\"",
            "basis points are a band around a percent",
        ),
        (
            "value = \"50.0\"\nplus_minus = \"50 basis points\"",
            "value = \"50.0\"\nplus_minus = \"2%\"",
            "around a percent is ambiguous",
        ),
        (
            "low = \"4,500\"\nhigh = \"4,600\"",
            "low = \"4,600\"\nhigh = \"4,500\"",
            "`high` (4,500) must be above `low` (4,600)",
        ),
        (
            "low = \"4,500\"\nhigh = \"4,600\"",
            "low = \"4,500\"",
            "needs `value` (a point), `low` and `high` (a range)",
        ),
        (
            "id = \"cost_q4\"\nitem = \"cost_of_revenue\"",
            "id = \"cost_q4\"\nitem = \"cost_of_revenu\"",
            "unknown item `cost_of_revenu`",
        ),
    ] {
        let tmp = copy_of(&fixture());
        replace(tmp.path(), "model.toml", old, new);
        let e = try_render_md(tmp.path()).unwrap_err().to_string();
        assert!(e.contains(expected), "{new}: {e}");
        assert!(e.contains("model.toml:"), "{e}");
    }
}

#[test]
fn an_outlook_table_needs_guidance_for_every_row() {
    let tmp = copy_of(&fixture());
    replace(
        tmp.path(),
        "model.toml",
        "id = \"cost_q4\"\nitem = \"cost_of_revenue\"\nperiod = \"FY2024-Q4\"",
        "id = \"cost_q4\"\nitem = \"cost_of_revenue\"\nperiod = \"FY2025-Q1\"",
    );
    let e = try_render_md(tmp.path()).unwrap_err().to_string();
    assert!(
        e.contains(
            "table `outlook_q4` shows the outlook for FY2024-Q4, and `cost_of_revenue` has none"
        ),
        "{e}"
    );
}

/// "28 million" is "$28 million", as written, not "$28.0 million".
#[test]
fn guidance_keeps_the_precision_it_was_written_with() {
    let tmp = copy_of(&fixture());
    replace(
        tmp.path(),
        "model.toml",
        "low = \"4,500\"\nhigh = \"4,600\"",
        "low = \"4 million\"\nhigh = \"5 million\"",
    );
    let md = render_md(tmp.path());
    assert!(
        md.contains("revenue of \\$4 million to \\$5 million."),
        "{md}"
    );
}
