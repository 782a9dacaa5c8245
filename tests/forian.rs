//! The third example, from a real filing (issue 10): Forian Inc.'s release
//! for the second quarter of 2025, with three- and six-month columns side by
//! side, a summary table with a change column, a six-month cash-flow
//! statement and a full-year outlook. `check` finds exactly the release's
//! contradiction, and the brief carries every figure the release prints: each
//! cell of each table, read back from the typed document, equals the figure
//! written for it.

mod common;

use brief::check::FindingKind;
use brief::document::{Block, Table};
use brief::model::CellSpec;
use common::{plain_text, render_md, root};
use rust_decimal::Decimal;
use std::path::PathBuf;
use std::str::FromStr;

fn forian() -> PathBuf {
    root().join("examples/forian")
}

#[test]
fn check_finds_exactly_the_releases_contradiction() {
    let job = brief::pipeline::prepare(&forian(), None).unwrap();
    let found: Vec<(FindingKind, &str, &str, String, Option<String>)> = job
        .findings
        .iter()
        .map(|f| {
            (
                f.kind,
                f.subject.as_str(),
                f.period.as_str(),
                f.printed.to_string(),
                f.computed.map(|c| c.to_string()),
            )
        })
        .collect();
    // 31,202,312 shares of $0.001 par are $31,202; the release prints 31,203.
    assert_eq!(
        found,
        [(
            FindingKind::DoesNotAddUp,
            "common_stock",
            "FY2025-Q2",
            "31203".to_string(),
            Some("31202".to_string())
        )]
    );
}

/// A cell's text back as a number: "$ 7,476,140" is 7476140, "(0.08)" is
/// -0.08, a dash is zero; `None` for "n/m" or a range.
fn read_cell(text: &str) -> Option<Decimal> {
    let t = text.trim().trim_start_matches('$').trim();
    if t == "\u{2014}" {
        return Some(Decimal::ZERO);
    }
    let (neg, t) = match t.strip_prefix('(').and_then(|t| t.strip_suffix(')')) {
        Some(inner) => (true, inner),
        None => (false, t),
    };
    let t = t.trim_end_matches('%').replace(',', "");
    let v = Decimal::from_str(&t).ok()?;
    Some(if neg { -v } else { v })
}

#[test]
fn every_figure_the_release_prints_in_a_table_is_in_the_brief() {
    let dir = forian();
    let job = brief::pipeline::prepare(&dir, None).unwrap();
    let document = brief::render::render(
        &job.model,
        &job.brief,
        &brief::render::templates(&dir, None).unwrap(),
    )
    .unwrap();
    let tables: Vec<&Table> = document
        .blocks
        .iter()
        .filter_map(|b| match b {
            Block::Table(t) => Some(t),
            _ => None,
        })
        .collect();
    let model = &job.model;
    let mut checked = 0;
    for p in &model.printings {
        // A figure given with no place is printed in each table that shows
        // its item in its period; a copy, in the table it names.
        let places: Vec<usize> = match p.place {
            Some(pl) => model.places[pl].table.into_iter().collect(),
            None => (0..model.tables.len()).collect(),
        };
        for t in places {
            let table = &model.tables[t];
            let Some(row) = table.rows.iter().position(|r| r.item == Some(p.item)) else {
                continue;
            };
            let specs: Vec<CellSpec> = table
                .columns
                .iter()
                .flat_map(|c| c.cells(model.quarter))
                .collect();
            let Some(col) = specs.iter().position(|s| *s == CellSpec::Figure(p.period)) else {
                continue;
            };
            let id = &model.places[table.place].id;
            let doc = tables
                .iter()
                .find(|d| d.id == *id)
                .unwrap_or_else(|| panic!("table {id} is in the brief"));
            let text = &doc.rows[row].cells[col].text;
            let shown = read_cell(text).unwrap_or_else(|| panic!("{id} {text}"));
            let printed = p.amount.shown();
            let printed = if model.items[p.item].unit == brief::model::Unit::Percent {
                printed
            } else {
                p.amount.base
            };
            assert_eq!(
                shown.normalize(),
                brief::number::round(printed, p.amount.scale).normalize(),
                "{id}: `{}` for {} at {} is {:?} in the brief",
                model.items[p.item].id,
                p.period,
                p.loc,
                text
            );
            checked += 1;
        }
    }
    assert!(checked > 250, "{checked} cells checked");
}

#[test]
fn the_brief_reads_as_the_release_does() {
    let text = plain_text(&render_md(&forian()));
    for sentence in [
        "Revenue for the quarter was $7.5 million, a $2.7 million increase from $4.8 million in the prior year",
        "Net income for the quarter was $0.2 million, or $0.01 per share, compared to a net loss of $2.6 million, or $0.08 per share, in the prior year",
        "Adjusted EBITDA for the quarter was $0.6 million, compared to $0.1 million in the prior year",
        "Cash, cash equivalents and marketable securities at June 30, 2025, totaled $35.6 million",
        "Revenue is expected to be in the range of $28 million to $30 million",
        "Adjusted EBITDA is expected to be in the range of negative $1.0 million to $1.0 million",
    ] {
        assert!(text.contains(sentence), "missing: {sentence}");
    }
}
