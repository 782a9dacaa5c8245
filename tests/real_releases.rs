//! Two real releases, transcribed from their own text using only the docs
//! (tests/fixtures/real; each company.toml names its source): FIGS, Inc.,
//! third quarter 2025, a loss turning to profit; Paltalk, Inc., third
//! quarter 2024, widening losses and cash used. The brief must say what
//! each release says, and `check` must find what each release got wrong.

mod common;

use brief::check::FindingKind;
use brief::model::Basis;
use common::{plain_text, render_md, root};
use std::path::PathBuf;

fn release(name: &str) -> PathBuf {
    root().join("tests/fixtures/real").join(name)
}

#[test]
fn figs_reads_as_its_release_does() {
    let job = brief::pipeline::prepare(&release("figs"), None).unwrap();
    assert_eq!(job.findings, [], "the FIGS release ties out");
    let text = plain_text(&render_md(&release("figs")));
    for sentence in [
        "Net revenues were $151.7 million, an increase of 8.2% year over year",
        "Scrubwear net revenues were $127.0 million, an increase of 8.4% year over year",
        "International net revenues were $24.3 million, an increase of 11.7% year over year",
        "Gross margin was 69.9%, an increase of 280 basis points year over year",
        "Operating expenses were $96.4 million, a decrease of 6.1% year over year",
        "operating expenses decreased to 63.6% from 73.2% in the same period last year",
        "Net income was $8.7 million, or $0.05 in diluted earnings per share",
        "Adjusted EBITDA was $18.9 million, an increase of $14.1 million year over year",
        "Adjusted EBITDA margin was 12.4%, as compared to 3.4%",
        "increased 4.0% year over year to 2.8 million",
        "AOV was $114, an increase of 5.6% year over year",
        "FIGS reported a profit of $8.7 million, or $0.05 per diluted share, compared with a net loss of $1.7 million",
        "Net income (loss) margin improved 7.0 percentage points to 5.8% from negative 1.2%",
    ] {
        assert!(text.contains(sentence), "missing: {sentence}");
    }
}

#[test]
fn paltalk_reads_as_its_release_does() {
    let text = plain_text(&render_md(&release("paltalk")));
    for sentence in [
        "Revenue declined 23.4% to $2.1 million",
        "Net cash used in operating activities turned to $780,000 used from $16,000 provided",
        "increased by 333.3%, or $1.3 million, to a loss of $1.7 million",
        "increased by 731.2%, or $1.3 million, to a net loss of $1.5 million",
        "Cash and cash equivalents totaled $12.1 million at September 30, 2024, a decrease of $1.5 million",
        "The Company widened its net loss to $1.5 million, or $0.16 per diluted share",
    ] {
        assert!(text.contains(sentence), "missing: {sentence}");
    }
}

/// The key-metrics table is in thousands beside whole-dollar statements, with
/// the release's change columns; its caption is generated. The brief's
/// changes are exact (the release's "$ Change" of (1,299) is (1,688) less
/// (389) as rounded; exactly it is (1,298)), and the percent change of a
/// figure that changed sign is n/m, where the release prints -4955.5%.
#[test]
fn paltalk_key_metrics_are_in_thousands_with_change_columns() {
    let md = render_md(&release("paltalk"));
    for line in [
        "*(in thousands of U.S. dollars)*",
        "| | Q3 2024 | Q3 2023 | \\$ Change | % Change |",
        "| Subscription revenue | \\$2,033 | \\$2,673 | \\$(640) | (23.9)% |",
        "| Loss from operations | (1,688) | (389) | (1,298) | (333.3)% |",
        "| Net cash used in operating activities | (780) | 16 | (796) | n/m |",
        "| Adjusted EBITDA | (1,449) | (126) | (1,323) | (1,046.2)% |",
    ] {
        assert!(md.contains(line), "missing: {line}\n{md}");
    }
}

/// The same figures in a table in whole dollars would claim a precision the
/// data does not have: refused, naming the figure.
#[test]
fn a_figure_known_to_the_thousand_is_not_printed_to_the_dollar() {
    let tmp = common::copy_of(&release("paltalk"));
    common::replace(
        tmp.path(),
        "model.toml",
        "unit = \"thousands\"                # as",
        "# as",
    );
    let e = common::try_render_md(tmp.path()).unwrap_err().to_string();
    assert!(
        e.contains("table `key_metrics` shows `cash_used_operating` in whole units, but its figure for FY2024-Q3 is known only to thousands (-780)"),
        "{e}"
    );
}

/// The release's "$ change" column was computed from the rounded thousands
/// it prints, and its measures say so; what is left is what the release
/// really got wrong.
#[test]
fn paltalk_is_checked_on_the_basis_its_columns_were_computed_on() {
    let job = brief::pipeline::prepare(&release("paltalk"), None).unwrap();
    let found: Vec<(FindingKind, &str, Basis, String, Option<String>)> = job
        .findings
        .iter()
        .map(|f| {
            (
                f.kind,
                f.subject.as_str(),
                f.basis,
                f.printed.to_string(),
                f.computed.map(|c| c.to_string()),
            )
        })
        .collect();
    assert_eq!(
        found,
        [
            // Adjusted EBITDA of (126,453) dollars printed as (127) thousand.
            (
                FindingKind::DoesNotAddUp,
                "adjusted_ebitda",
                Basis::Exact,
                "-127".into(),
                Some("-126".into())
            ),
            // A percent change printed across a change of sign.
            (
                FindingKind::DoesNotAddUp,
                "cash_used_pct",
                Basis::Exact,
                "-4955.5".into(),
                None
            ),
        ]
    );
}
