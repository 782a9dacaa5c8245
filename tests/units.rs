//! Units per table and per item (issue 10): a table in another magnitude
//! than the dataset, shares in their own, per-share amounts in currency
//! units, and a caption generated from what the table shows. On variants of
//! `tests/fixtures/nine_months`.

mod common;

use common::{copy_of, render_md, replace, root, try_render_md};

fn variant(extra_items: &str, figures: &str, table: &str) -> tempfile::TempDir {
    let tmp = copy_of(&root().join("tests/fixtures/nine_months"));
    let model = tmp.path().join("model.toml");
    let mut text = std::fs::read_to_string(&model).unwrap();
    text = format!("{text}\n{extra_items}\n{table}\n");
    std::fs::write(&model, text).unwrap();
    let csv = tmp.path().join("figures.csv");
    let mut rows = std::fs::read_to_string(&csv).unwrap();
    rows.push_str(figures);
    std::fs::write(&csv, rows).unwrap();
    tmp
}

const SHARES: &str = r#"
[[item]]
id = "diluted_shares"
label = "Diluted shares"
unit = "shares"
scale = "millions"

[[item]]
id = "eps"
label = "Diluted EPS"
unit = "per_share"
"#;

const SHARE_FIGURES: &str = "diluted_shares,FY2024-Q3,12.5,\ndiluted_shares,FY2023-Q3,12.1,\neps,FY2024-Q3,0.05,\neps,FY2023-Q3,0.04,\n";

fn table(attrs: &str) -> String {
    format!(
        r#"[[table]]
id = "per_share"
title = "Per Share"
kind = "trend"
columns = ["quarter", "year_ago"]
{attrs}
rows = [{{ item = "revenue" }}, {{ item = "eps" }}, {{ item = "diluted_shares" }}]
"#
    )
}

fn section<'a>(md: &'a str, title: &str) -> &'a str {
    let start = md
        .find(&format!("**{title}**"))
        .unwrap_or_else(|| panic!("{title} in {md}"));
    let rest = &md[start..];
    let table = rest.find("\n|").unwrap();
    let end = rest[table..].find("\n\n").map_or(rest.len(), |e| table + e);
    &rest[..end]
}

#[test]
fn shares_in_their_own_magnitude_are_captioned() {
    let tmp = variant(SHARES, SHARE_FIGURES, &table(""));
    let md = render_md(tmp.path());
    let t = section(&md, "Per Share");
    assert!(
        t.contains(
            "*(in thousands of U.S. dollars, except per share amounts; shares in millions)*"
        ),
        "{t}"
    );
    assert!(t.contains("| Diluted EPS | 0.05 | 0.04 |"), "{t}");
    assert!(t.contains("| Diluted shares | 12.5 | 12.1 |"), "{t}");
}

#[test]
fn a_table_in_millions_to_one_decimal() {
    let tmp = variant(
        SHARES,
        SHARE_FIGURES,
        &table("unit = \"millions\"\ndp = 1\nshares_unit = \"millions\""),
    );
    let md = render_md(tmp.path());
    let t = section(&md, "Per Share");
    assert!(
        t.contains("*(in millions of U.S. dollars, except per share amounts)*"),
        "{t}"
    );
    assert!(t.contains("| Revenue | \\$1.2 | \\$1.0 |"), "{t}");
    // Three places in millions is what thousands are known to; four is not.
    let tmp = variant(SHARES, SHARE_FIGURES, &table("unit = \"millions\"\ndp = 4"));
    let e = try_render_md(tmp.path()).unwrap_err().to_string();
    assert!(
        e.contains("table `per_share` shows `revenue` in millions to 4 decimal places, but its figure for FY2024-Q3 is known only to thousands (1,200)"),
        "{e}"
    );
}

#[test]
fn shares_known_to_a_hundred_thousand_are_not_printed_in_thousands() {
    let tmp = variant(SHARES, SHARE_FIGURES, &table("shares_unit = \"thousands\""));
    let e = try_render_md(tmp.path()).unwrap_err().to_string();
    assert!(e.contains("shows `diluted_shares` in thousands"), "{e}");
    assert!(
        e.contains("known only to the nearest 100,000 (12.5)"),
        "{e}"
    );
}

#[test]
fn one_table_cannot_mix_share_magnitudes_without_saying_which() {
    let extra = format!(
        "{SHARES}\n[[item]]\nid = \"basic_shares\"\nlabel = \"Basic shares\"\nunit = \"shares\"\n"
    );
    let figures = format!(
        "{SHARE_FIGURES}basic_shares,FY2024-Q3,\"12,400,000\",\nbasic_shares,FY2023-Q3,\"12,000,000\",\n"
    );
    let t = table("").replace(
        "{ item = \"diluted_shares\" }]",
        "{ item = \"diluted_shares\" }, { item = \"basic_shares\" }]",
    );
    let tmp = variant(&extra, &figures, &t);
    let e = try_render_md(tmp.path()).unwrap_err().to_string();
    assert!(
        e.contains("shows `diluted_shares` in millions and `basic_shares` in units"),
        "{e}"
    );
    // Saying which is enough: whole shares shown in millions round.
    let tmp = variant(
        &extra,
        &figures,
        &t.replace("rows =", "shares_unit = \"millions\"\nrows ="),
    );
    let md = render_md(tmp.path());
    assert!(md.contains("| Basic shares | 12 | 12 |"), "{md}");
    let _ = replace;
}

#[test]
fn a_per_share_amount_has_no_scale() {
    let tmp = variant(
        &SHARES.replace(
            "unit = \"per_share\"",
            "unit = \"per_share\"\nscale = \"thousands\"",
        ),
        SHARE_FIGURES,
        &table(""),
    );
    let e = try_render_md(tmp.path()).unwrap_err().to_string();
    assert!(
        e.contains("`scale` applies to money and share counts, and `eps` is neither"),
        "{e}"
    );
}
