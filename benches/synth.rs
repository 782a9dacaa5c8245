//! Synthetic datasets for the benchmarks: a company of any size, written
//! as a user would write one (company.toml, model.toml, figures.csv), whose
//! figures all tie, so every stage does its full work and nothing stops
//! early on an error.
//!
//! `segments` revenue lines sum to revenue; `items` in all, the rest
//! expenses that sum to total expenses; operating income is revenue less
//! expenses. `quarters` quarters of figures end at FY2024-Q4. The brief
//! has an income statement, a trend table of the segments over the last
//! (up to eight) quarters, two measures, and `paragraphs` paragraphs of
//! narrative, each citing figures through filters.

use std::fmt::Write as _;
use std::path::Path;

/// How big a synthetic company is.
#[derive(Clone, Copy, Debug)]
pub struct Size {
    /// Line items, at least `segments + 4`.
    pub items: usize,
    /// Revenue segments, 1 or more.
    pub segments: usize,
    /// Quarters of figures, 5 or more.
    pub quarters: usize,
    /// Paragraphs of narrative.
    pub paragraphs: usize,
}

impl Size {
    /// The size a name like `items=50,segments=4,quarters=8,paragraphs=10` gives.
    pub fn parse(text: &str) -> Option<Size> {
        let mut size = Size {
            items: 20,
            segments: 3,
            quarters: 8,
            paragraphs: 6,
        };
        for part in text.split(',').filter(|p| !p.is_empty()) {
            let (k, v) = part.split_once('=')?;
            let v: usize = v.trim().parse().ok()?;
            match k.trim() {
                "items" => size.items = v,
                "segments" => size.segments = v,
                "quarters" => size.quarters = v,
                "paragraphs" => size.paragraphs = v,
                _ => return None,
            }
        }
        Some(size)
    }
}

/// The quarter `back` quarters before FY2024-Q4.
fn quarter(back: usize) -> String {
    let index = 2024 * 4 + 3 - back;
    format!("FY{}-Q{}", index / 4, index % 4 + 1)
}

/// Writes the dataset into `dir` (which must exist).
pub fn write(dir: &Path, size: Size) -> std::io::Result<()> {
    let segments = size.segments.max(1);
    let expenses = size.items.saturating_sub(segments + 3).max(1);
    let quarters = size.quarters.max(5);

    std::fs::write(
        dir.join("company.toml"),
        "[company]\nname = \"Synthetic Holdings Inc.\"\nshort_name = \"Synthetic\"\n\
         ticker = \"NYSE: SYN\"\ndateline_city = \"CHICAGO\"\ncurrency = \"USD\"\n\
         unit = \"thousands\"\n\n[calendar]\nyear_end_month = \"December\"\n\n\
         [releases]\nFY2024-Q4 = 2025-02-12\n",
    )?;

    let mut model = String::new();
    for s in 1..=segments {
        let _ = write!(
            model,
            "[[item]]\nid = \"segment_{s}\"\nlabel = \"Segment {s} revenue\"\n\n"
        );
    }
    let seg_ids: Vec<String> = (1..=segments).map(|s| format!("\"segment_{s}\"")).collect();
    let _ = write!(
        model,
        "[[item]]\nid = \"revenue\"\nlabel = \"Total revenue\"\nsum = [{}]\n\n",
        seg_ids.join(", ")
    );
    for e in 1..=expenses {
        let _ = write!(
            model,
            "[[item]]\nid = \"expense_{e}\"\nlabel = \"Expense line {e}\"\nnature = \"cost\"\n\n"
        );
    }
    let exp_ids: Vec<String> = (1..=expenses).map(|e| format!("\"expense_{e}\"")).collect();
    let _ = write!(
        model,
        "[[item]]\nid = \"total_expenses\"\nlabel = \"Total expenses\"\nnature = \"cost\"\n\
         sum = [{}]\n\n[[item]]\nid = \"operating_income\"\nlabel = \"Operating income\"\n\
         nature = \"profit\"\nequals = \"revenue - total_expenses\"\n\n",
        exp_ids.join(", ")
    );
    model += "[[measure]]\nid = \"operating_margin_pct\"\nlabel = \"Operating margin\"\n\
              formula = \"operating_income / revenue\"\nunit = \"percent\"\n\n\
              [[measure]]\nid = \"revenue_growth\"\nlabel = \"Revenue growth\"\n\
              formula = \"yoy_pct(revenue)\"\nunit = \"percent\"\n\n";
    model += "[[table]]\nid = \"income\"\ntitle = \"Condensed statement of operations\"\n\
              kind = \"statement\"\ncolumns = [\"quarter\", \"year_ago\"]\nrows = [\n";
    for s in 1..=segments {
        let _ = writeln!(model, "  {{ item = \"segment_{s}\" }},");
    }
    model += "  { item = \"revenue\", style = \"subtotal\" },\n";
    for e in 1..=expenses {
        let _ = writeln!(model, "  {{ item = \"expense_{e}\" }},");
    }
    model += "  { item = \"total_expenses\", style = \"subtotal\" },\n  \
              { item = \"operating_income\", style = \"total\" },\n  \
              { item = \"operating_margin_pct\" },\n]\n\n";
    let trend = quarters.min(8);
    let _ = write!(
        model,
        "[[table]]\nid = \"segments\"\ntitle = \"Revenue by segment\"\nkind = \"trend\"\n\
         columns = [\"trailing_{trend}\"]\nrows = [\n"
    );
    for s in 1..=segments {
        let _ = writeln!(model, "  {{ item = \"segment_{s}\" }},");
    }
    model += "  { item = \"revenue\", style = \"total\" },\n]\n\n";
    model += "[[passage]]\nid = \"results\"\ntitle = \"Results\"\ntext = \"\"\"\n";
    for p in 0..size.paragraphs {
        let s = p % segments + 1;
        let e = p % expenses + 1;
        let _ = write!(
            model,
            "In the quarter, revenue was {{{{ f.revenue | amount }}}}, {{{{ f.revenue | change }}}} \
             from the year-ago quarter, and segment {s} brought in {{{{ f.segment_{s} | amount }}}}. \
             Expense line {e} came to {{{{ f.expense_{e} | amount }}}}, and operating income was \
             {{{{ f.operating_income | amount }}}}, a margin of {{{{ f.operating_margin_pct | amount }}}}. \
             Management continues to invest in the business while keeping costs in line with \
             revenue, and expects the same discipline in the coming year.\n\n"
        );
    }
    model += "\"\"\"\n";
    std::fs::write(dir.join("model.toml"), model)?;

    // Figures that tie: each segment and expense grows a little each
    // quarter, and every sum and difference is given exactly.
    let mut csv = String::from("item,period,value\n");
    for back in (0..quarters).rev() {
        let period = quarter(back);
        let step = (quarters - back) as u64;
        let mut revenue = 0u64;
        for s in 1..=segments as u64 {
            let v = 10_000 + s * 1_000 + step * (s * 37 % 101 + 10);
            revenue += v;
            let _ = writeln!(csv, "segment_{s},{period},{v}");
        }
        let mut total = 0u64;
        for e in 1..=expenses as u64 {
            // Expenses take about 80% of revenue in all.
            let v = revenue * 8 / 10 / expenses as u64 + e % 7;
            total += v;
            let _ = writeln!(csv, "expense_{e},{period},{v}");
        }
        let _ = writeln!(csv, "revenue,{period},{revenue}");
        let _ = writeln!(csv, "total_expenses,{period},{total}");
        let income = revenue as i64 - total as i64;
        let _ = writeln!(csv, "operating_income,{period},{income}");
    }
    std::fs::write(dir.join("figures.csv"), csv)
}
