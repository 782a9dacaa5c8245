//! How findings are shown: for people (rustc-like, one block per finding)
//! and as JSON for CI.

use crate::check::narrative::Warning;
use crate::check::{Finding, FindingKind, Notice, NoticeKind};
use crate::model::QuarterModel;
use crate::number::{self, Negative};
use serde::Serialize;
use std::fmt::Write as _;

/// Findings as text, ending with a one-line summary.
pub fn text(model: &QuarterModel, findings: &[Finding]) -> String {
    let mut out = String::new();
    for f in findings {
        let _ = writeln!(out, "finding: {}", f.headline());
        let _ = writeln!(out, "  --> {}", f.location);
        let place = f
            .place
            .as_ref()
            .and_then(|id| model.places.iter().find(|p| &p.id == id))
            .map(|p| format!("  in \"{}\"", p.title))
            .unwrap_or_default();
        let printed = f.show(f.printed);
        let computed = f.computed.map_or_else(|| "n/m".to_string(), |c| f.show(c));
        let width = printed.len().max(computed.len());
        let _ = writeln!(out, "   printed:    {printed:>width$}{place}");
        let _ = writeln!(out, "   computed:   {computed:>width$}  {}", f.against);
        let basis = match f.basis {
            crate::model::Basis::Exact => "exact (the figure itself, rounded as printed)",
            crate::model::Basis::Printed => "printed (from the figures as printed)",
        };
        let _ = writeln!(out, "   basis:      {basis}");
        // A difference of percents is in percentage points, not percent.
        match (f.difference, f.unit.as_str()) {
            (None, _) => {}
            (Some(d), "percent") => {
                let text = number::format(d, d.scale(), Negative::Parentheses);
                let _ = writeln!(out, "   difference: {text} (percentage points)");
            }
            (Some(d), unit) => {
                let _ = writeln!(out, "   difference: {} ({unit})", f.show(d));
            }
        }
        for note in &f.notes {
            let _ = writeln!(out, "   note: {note}");
        }
        out.push('\n');
    }
    out.push_str(&summary(model, findings));
    out.push('\n');
    out
}

fn count(findings: &[Finding], kind: FindingKind) -> usize {
    findings.iter().filter(|f| f.kind == kind).count()
}

/// "14 findings in examples/icc for FY2004-Q1: ...", or that it ties out.
pub fn summary(model: &QuarterModel, findings: &[Finding]) -> String {
    let dir = model.dir.display();
    if findings.is_empty() {
        return format!("{dir} ties out for {}: no findings", model.quarter);
    }
    let n = findings.len();
    format!(
        "{n} finding{} in {dir} for {}: {} printed twice, {} do not add up, {} ties, {} roll-forwards, {} years to date, {} outlooks",
        if n == 1 { "" } else { "s" },
        model.quarter,
        count(findings, FindingKind::PrintedTwice),
        count(findings, FindingKind::DoesNotAddUp),
        count(findings, FindingKind::Tie),
        count(findings, FindingKind::Rollforward),
        count(findings, FindingKind::YearToDate),
        count(findings, FindingKind::Outlook),
    )
}

/// What could not be checked, as text: one block per notice, and a line
/// counting them; empty when there are none.
pub fn notices(notices: &[Notice]) -> String {
    let mut out = String::new();
    if notices.is_empty() {
        return out;
    }
    for n in notices {
        let _ = writeln!(out, "note: {}", n.headline());
        let _ = writeln!(out, "  --> {}", n.location);
        let _ = writeln!(out, "   why: {}", n.reason);
        out.push('\n');
    }
    let of = |kind: NoticeKind| notices.iter().filter(|n| n.kind == kind).count();
    let _ = writeln!(
        out,
        "{} not checked: {} unverifiable, {} ties skipped, {} roll-forwards skipped",
        notices.len(),
        of(NoticeKind::Unverifiable),
        of(NoticeKind::SkippedTie),
        of(NoticeKind::SkippedRollforward),
    );
    out.push('\n');
    out
}

/// Narrative warnings as text, rustc-like.
pub fn warnings(warnings: &[Warning]) -> String {
    let mut out = String::new();
    for w in warnings {
        let _ = writeln!(out, "warning: {}", w.message);
        let _ = writeln!(out, "  --> {}", w.location);
        if let Some(help) = &w.help {
            let _ = writeln!(out, "   help: {help}");
        }
        out.push('\n');
    }
    out
}

#[derive(Serialize)]
struct JsonReport<'a> {
    dataset: String,
    quarter: String,
    clean: bool,
    findings: &'a [Finding],
    notices: &'a [Notice],
    warnings: &'a [Warning],
}

/// Findings, notices and warnings as a JSON document; decimals are exact strings.
pub fn json(
    model: &QuarterModel,
    findings: &[Finding],
    notices: &[Notice],
    warnings: &[Warning],
) -> String {
    let mut s = serde_json::to_string_pretty(&json_value(model, findings, notices, warnings))
        .expect("findings serialise");
    s.push('\n');
    s
}

/// [`json`] as a value, for a batch's array of one entry per dataset.
pub fn json_value(
    model: &QuarterModel,
    findings: &[Finding],
    notices: &[Notice],
    warnings: &[Warning],
) -> serde_json::Value {
    let report = JsonReport {
        dataset: model.dir.display().to_string(),
        quarter: model.quarter.to_string(),
        clean: findings.is_empty(),
        findings,
        notices,
        warnings,
    };
    serde_json::to_value(&report).expect("findings serialise")
}

/// A dataset that could not be used, as a batch's JSON entry.
pub fn json_error(
    dataset: &std::path::Path,
    error: &crate::error::InputError,
) -> serde_json::Value {
    serde_json::json!({
        "dataset": dataset.display().to_string(),
        "error": error.to_string(),
    })
}
