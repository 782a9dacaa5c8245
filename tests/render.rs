//! The brief itself: snapshots of both example companies, every correct
//! figure of the reference release present, determinism, escaping, user
//! templates and template errors.

mod common;

use assert_cmd::Command;
use common::{copy_of, render_md, replace, root};
use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};
use std::collections::BTreeSet;
use std::fs;
use std::path::Path;

fn brief() -> Command {
    Command::cargo_bin("brief").unwrap()
}

#[test]
fn icc_brief_snapshot() {
    insta::assert_snapshot!("icc_brief", render_md(&root().join("examples/icc")));
}

#[test]
fn larkspur_brief_snapshot() {
    insta::assert_snapshot!(
        "larkspur_brief",
        render_md(&root().join("examples/larkspur"))
    );
}

/// Number tokens as a reader sees them: "($ 818)" is 818, "10 %" is 10%.
fn numbers(text: &str) -> BTreeSet<String> {
    let chars: Vec<char> = text.chars().collect();
    let mut out = BTreeSet::new();
    let mut i = 0;
    while i < chars.len() {
        if !chars[i].is_ascii_digit() {
            i += 1;
            continue;
        }
        let mut tok = String::new();
        while i < chars.len() {
            let c = chars[i];
            let digit_next = chars.get(i + 1).is_some_and(char::is_ascii_digit);
            if c.is_ascii_digit() || ((c == ',' || c == '.') && digit_next && !tok.is_empty()) {
                tok.push(c);
                i += 1;
            } else {
                break;
            }
        }
        let mut j = i;
        while j < chars.len() && chars[j] == ' ' {
            j += 1;
        }
        if chars.get(j) == Some(&'%') {
            tok.push('%');
        }
        out.insert(tok);
    }
    out
}

/// Numbers the reference prints that the brief must not carry, and why.
const NOT_CARRIED: [(&str, &str); 18] = [
    ("99.1", "the exhibit number"),
    (
        "000",
        "the column note (000's); the brief says \"in thousands\"",
    ),
    (
        "1,000",
        "the footnote \"* less than 1,000\" for preferred stock; the brief prints a dash",
    ),
    (
        "236",
        "the allowance inside a row label; row labels are not templates",
    ),
    (
        "220",
        "the allowance inside a row label; row labels are not templates",
    ),
    (
        "3,104",
        "revenue copied into the reconciliation; the statement's 3,103 ties",
    ),
    (
        "1,861",
        "cost of services copied into the reconciliation; 1,860 ties",
    ),
    (
        "1,878",
        "year-ago cost of services in the reconciliation; 1,879 ties",
    ),
    ("1,172", "gross margin from the wrong copies; 1,171 ties"),
    (
        "1,563",
        "adjusted cost of services from the wrong copy; 1,562 ties",
    ),
    (
        "1,634",
        "adjusted cost of services from the wrong copy; 1,635 ties",
    ),
    (
        "1,416",
        "adjusted gross margin from the wrong copy; 1,415 ties",
    ),
    ("2,406", "ICC.NET revenue Q4 FY2003; its parts sum to 2,407"),
    (
        "981",
        "net loss Q1 FY2003 in the reconciliation; the statement's 982 ties",
    ),
    (
        "38.3%",
        "year-ago gross margin in the reconciliation; 38.4% ties (and the text says so)",
    ),
    ("53.0%", "year-ago VAN gross margin; 1,034 / 1,949 is 53.1%"),
    (
        "125,000",
        "Adjusted EBITDA per month; 367 / 3 is about 122,000",
    ),
    (
        "49.6%",
        "adjusted gross margin from the wrong copies; 49.7% ties",
    ),
];

/// Claims the data cannot tie out, so the brief leaves them out.
const UNVERIFIABLE: [(&str, &str); 2] = [
    (
        "14%",
        "selling and marketing growth from Q4 FY2003, which the release never prints",
    ),
    ("100,000", "the same claim in dollars"),
];

#[test]
fn every_correct_figure_of_the_reference_is_in_the_brief() {
    let reference =
        fs::read_to_string(root().join("tests/fixtures/reference/icc-fy2004-q1.txt")).unwrap();
    let md = render_md(&root().join("examples/icc"));
    let shown = numbers(&md);
    let excused: BTreeSet<&str> = NOT_CARRIED
        .iter()
        .chain(UNVERIFIABLE.iter())
        .map(|(n, _)| *n)
        .collect();
    let missing: Vec<String> = numbers(&reference)
        .into_iter()
        .filter(|n| !excused.contains(n.as_str()) && !shown.contains(n))
        .collect();
    assert!(missing.is_empty(), "the brief lacks {missing:?}");
    // And the contradicted values really are absent, replaced by what ties out.
    for (n, why) in NOT_CARRIED.iter().skip(5) {
        assert!(!shown.contains(*n), "the brief prints {n}: {why}");
    }
    for n in [
        "3,103", "1,860", "2,407", "982", "38.4%", "53.1%", "122,000", "49.7%",
    ] {
        assert!(shown.contains(n), "the brief lacks {n}");
    }
}

#[test]
fn the_narrative_reads_the_figures() {
    let md = render_md(&root().join("examples/icc"));
    for sentence in [
        "our core VAN services revenue grew 20.9% compared to the first quarter in the year-ago period",
        "remained relatively flat at \\$3.1 million",
        "improved to 40.1% from 38.4%",
        "narrowed its net loss to \\$818,000, or \\$0.07 per diluted share, from \\$982,000, or \\$0.09 per diluted share",
        "improved 29.8% to a loss of \\$367,000 from a loss of \\$523,000",
        "to \\$367,000 in the first quarter of fiscal 2004, or 39.2%",
        "represented 79% of consolidated revenue compared to 69%",
        "approximately \\$51,000 per month",
        "improved to 62.9% from 53.3%",
    ] {
        assert!(md.contains(sentence), "missing: {sentence}");
    }
}

#[test]
fn renders_byte_identical_twice() {
    let a = tempfile::tempdir().unwrap();
    let b = tempfile::tempdir().unwrap();
    for out in [a.path(), b.path()] {
        brief()
            .current_dir(root())
            .args(["render", "examples/icc", "--format", "md", "--out"])
            .arg(out)
            .assert()
            .success();
    }
    let name = "icc/FY2004-Q1.md";
    let first = fs::read(a.path().join(name)).unwrap();
    assert_eq!(first, fs::read(b.path().join(name)).unwrap());
    assert_eq!(
        String::from_utf8(first).unwrap(),
        render_md(&root().join("examples/icc"))
    );
}

/// Every cell of every table row, as plain text, and whether raw HTML appeared.
fn table_rows(md: &str) -> (Vec<Vec<String>>, bool) {
    let mut rows = Vec::new();
    let mut row: Vec<String> = Vec::new();
    let mut html = false;
    for e in Parser::new_ext(md, Options::ENABLE_TABLES) {
        match e {
            Event::Start(Tag::TableRow | Tag::TableHead) => row.clear(),
            Event::Start(Tag::TableCell) => row.push(String::new()),
            Event::Text(t) | Event::Code(t) => {
                if let Some(c) = row.last_mut() {
                    c.push_str(&t);
                }
            }
            Event::End(TagEnd::TableRow | TagEnd::TableHead) => rows.push(row.clone()),
            Event::Html(_) | Event::InlineHtml(_) => html = true,
            _ => {}
        }
    }
    (rows, html)
}

#[test]
fn hostile_strings_cannot_break_tables_or_emphasis() {
    let dir = copy_of(&root().join("examples/larkspur"));
    let hostile = "A|B *Holdings* <Inc> _x_ [y](z) $1 & #2";
    replace(
        dir.path(),
        "company.toml",
        "name = \"Larkspur Instruments, Inc.\"",
        &format!("name = \"{hostile}\""),
    );
    replace(
        dir.path(),
        "model.toml",
        "label = \"Revenue\"",
        &format!("label = \"{hostile}\""),
    );
    let md = render_md(dir.path());
    let (rows, html) = table_rows(&md);
    assert!(!html, "a dataset string became HTML");
    assert!(
        rows.iter()
            .all(|r| r.len() == rows[0].len() || r.len() == 3 || r.len() == 6)
    );
    let revenue_rows: Vec<&Vec<String>> = rows.iter().filter(|r| r[0] == hostile).collect();
    assert!(!revenue_rows.is_empty(), "the label reads back as written");
    for r in revenue_rows {
        assert!(r.len() == 3 || r.len() == 6, "a label split a row: {r:?}");
    }
    let text: String = Parser::new(&md)
        .filter_map(|e| match e {
            Event::Text(t) => Some(t.to_string()),
            _ => None,
        })
        .collect();
    assert!(text.contains(&format!("About {hostile}")));
}

#[test]
fn a_dataset_template_overrides_a_default_by_name() {
    let dir = copy_of(&root().join("examples/larkspur"));
    fs::create_dir(dir.path().join("templates")).unwrap();
    fs::write(
        dir.path().join("templates/contact.md"),
        "**Media and investors:** {{ company.contacts[0].email }}\n",
    )
    .unwrap();
    let md = render_md(dir.path());
    assert!(md.contains("**Media and investors:** ir@larkspur.example"));
    assert!(!md.contains("**Contact:**"));
}

fn render_in(dataset: &Path, extra: &[&str]) -> assert_cmd::assert::Assert {
    let out = tempfile::tempdir().unwrap();
    brief()
        .arg("render")
        .arg(dataset)
        .args(["--out"])
        .arg(out.path())
        .args(extra)
        .assert()
}

#[test]
fn template_errors_name_the_template_line_and_nearest_name() {
    let tpl = tempfile::tempdir().unwrap();
    fs::write(
        tpl.path().join("contact.md"),
        "Contact:\n{{ company.contacs }}\n",
    )
    .unwrap();
    let lark = root().join("examples/larkspur");
    let out = render_in(&lark, &["--templates", tpl.path().to_str().unwrap()])
        .code(2)
        .get_output()
        .stderr
        .clone();
    let err = String::from_utf8(out).unwrap();
    let file = tpl.path().join("contact.md");
    assert!(
        err.contains(&format!(
            "{}:2:12: in template `contact.md`: Field `contacs` is not defined",
            file.display()
        )),
        "{err}"
    );
    assert!(err.contains("help: did you mean `contacts`?"), "{err}");

    fs::write(
        tpl.path().join("contact.md"),
        "{{ company.name | amont }}\n",
    )
    .unwrap();
    let out = render_in(&lark, &["--templates", tpl.path().to_str().unwrap()])
        .code(2)
        .get_output()
        .stderr
        .clone();
    let err = String::from_utf8(out).unwrap();
    assert!(
        err.contains("contact.md:1:19: in template `contact.md`: Unknown filter `amont`"),
        "{err}"
    );
    assert!(err.contains("did you mean `amount`?"), "{err}");
}

#[test]
fn a_passage_error_points_at_the_dataset_line() {
    let dir = copy_of(&root().join("examples/larkspur"));
    replace(
        dir.path(),
        "model.toml",
        "{{ f.long_term_debt.q0 | amount }}",
        "{{ f.long_term_det.q0 | amount }}",
    );
    let text = fs::read_to_string(dir.path().join("model.toml")).unwrap();
    let line = text
        .lines()
        .position(|l| l.contains("long_term_det"))
        .unwrap()
        + 1;
    let col = text
        .lines()
        .nth(line - 1)
        .unwrap()
        .find("long_term_det")
        .unwrap()
        + 1;
    let err = String::from_utf8(
        render_in(dir.path(), &[])
            .code(2)
            .get_output()
            .stderr
            .clone(),
    )
    .unwrap();
    assert!(
        err.contains(&format!("model.toml:{line}:{col}: in template `passage balance_sheet_highlights text.md`: Field `long_term_det` is not defined")),
        "{err}"
    );
    assert!(err.contains("did you mean `long_term_debt`?"), "{err}");
}

#[test]
fn a_failed_render_keeps_the_previous_brief() {
    let out = tempfile::tempdir().unwrap();
    let lark = root().join("examples/larkspur");
    brief()
        .arg("render")
        .arg(&lark)
        .arg("--out")
        .arg(out.path())
        .assert()
        .success();
    let path = out.path().join("larkspur/FY2025-Q3.md");
    let before = fs::read(&path).unwrap();
    let tpl = tempfile::tempdir().unwrap();
    fs::write(
        tpl.path().join("brief.md"),
        "# {{ company.name }}\n{{ nope }}\n",
    )
    .unwrap();
    brief()
        .arg("render")
        .arg(&lark)
        .arg("--out")
        .arg(out.path())
        .arg("--templates")
        .arg(tpl.path())
        .assert()
        .code(2);
    assert_eq!(fs::read(&path).unwrap(), before);
    let mut names: Vec<String> = fs::read_dir(out.path().join("larkspur"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(
        names,
        [
            "FY2025-Q3-margin_chart.svg",
            "FY2025-Q3-revenue_chart.svg",
            "FY2025-Q3.md",
            "FY2025-Q3.pdf"
        ],
        "nothing else left behind"
    );
}

#[test]
fn deny_findings_writes_nothing() {
    let out = tempfile::tempdir().unwrap();
    brief()
        .current_dir(root())
        .args(["render", "examples/icc", "--deny-findings", "--out"])
        .arg(out.path())
        .assert()
        .code(1);
    assert_eq!(fs::read_dir(out.path()).unwrap().count(), 0);
}

#[test]
fn render_reports_findings_but_writes_the_brief() {
    let out = tempfile::tempdir().unwrap();
    let a = brief()
        .current_dir(root())
        .args(["render", "examples/icc", "--out"])
        .arg(out.path())
        .assert()
        .success();
    let err = String::from_utf8(a.get_output().stderr.clone()).unwrap();
    assert!(err.contains("14 findings"), "{err}");
    assert!(out.path().join("icc/FY2004-Q1.md").exists());
}

fn check_text(dataset: &Path) -> String {
    let a = brief().arg("check").arg(dataset).assert().success();
    String::from_utf8(a.get_output().stdout.clone()).unwrap()
}

#[test]
fn a_typed_number_in_narrative_is_a_warning() {
    let dir = copy_of(&root().join("examples/larkspur"));
    assert!(!check_text(dir.path()).contains("warning"));
    replace(
        dir.path(),
        "model.toml",
        "{{ f.long_term_debt.q0 | amount }}",
        "$298.5 million",
    );
    let out = check_text(dir.path());
    assert!(
        out.contains("warning: `$298.5 million` is typed into passage `balance_sheet_highlights`; it is `long_term_debt` in FY2025-Q3"),
        "{out}"
    );
    assert!(
        out.contains("help: cite the figure instead: {{ f.long_term_debt.q0 | amount }}"),
        "{out}"
    );
}

#[test]
fn non_gaap_needs_a_reconciliation_and_its_gaap_measure_first() {
    let dir = copy_of(&root().join("examples/larkspur"));
    replace(
        dir.path(),
        "model.toml",
        "Demand for our instruments stayed strong through the quarter.",
        "Adjusted operating income reached {{ f.adjusted_operating_income.q0 | amount }}.",
    );
    let out = check_text(dir.path());
    assert!(
        out.contains("warning: non-GAAP measure `adjusted_operating_income` is cited in passage `ceo_quote` before its GAAP counterpart `operating_income`"),
        "{out}"
    );
    replace(
        dir.path(),
        "model.toml",
        "title = \"Reconciliation of Operating Income to Adjusted Operating Income\"\nkind = \"reconciliation\"",
        "title = \"Reconciliation of Operating Income to Adjusted Operating Income\"\nkind = \"trend\"",
    );
    let out = check_text(dir.path());
    assert!(
        out.contains("non-GAAP measure `adjusted_operating_margin_pct` is cited in passage `results`, but no reconciliation table shows it"),
        "{out}"
    );
}

#[test]
fn a_minimal_dataset_renders_without_empty_sections() {
    let dir = common::variant(|_| {});
    let md = render_md(dir.path());
    assert!(
        md.starts_with("# Tiny Announces Fourth Quarter 2024 Financial Results\n"),
        "{md}"
    );
    assert!(md.contains(
        "**BOSTON, February 10, 2025** — Tiny Widgets Inc. (NYSE: TINY) today announced"
    ));
    assert!(!md.contains("## About"), "no about text, no About heading");
    assert!(
        !md.contains("Supplementary"),
        "no reconciliations, no supplementary section"
    );
    assert!(md.contains("| **Gross profit** | **\\$550.3** | **\\$450.0** |"));
}

#[test]
fn a_quote_of_several_paragraphs_closes_only_the_last() {
    let dir = copy_of(&root().join("examples/larkspur"));
    replace(
        dir.path(),
        "model.toml",
        "Demand for our instruments stayed strong through the quarter. Revenue",
        "Demand for our instruments stayed strong through the quarter.\n\nRevenue",
    );
    let md = render_md(dir.path());
    assert!(
        md.contains("commented, “Demand for our instruments stayed strong through the quarter.\n\n“Revenue grew 11.2%"),
        "{md}"
    );
    assert!(md.contains("began to pay off.”\n"), "{md}");
    assert_eq!(md.matches('”').count(), 1, "one closing mark: {md}");
}

#[test]
fn a_table_a_passage_shows_is_printed_once() {
    let dir = copy_of(&root().join("examples/larkspur"));
    replace(
        dir.path(),
        "model.toml",
        "tables = [\"revenue_trend\"]",
        "tables = [\"revenue_trend\", \"adjusted_operating_income_reconciliation\", \"balance_sheet\"]",
    );
    let md = render_md(dir.path());
    for title in [
        "**Reconciliation of Operating Income to Adjusted Operating Income**",
        "**Condensed Consolidated Balance Sheets (unaudited)**",
        "**Revenue and Gross Margin by Quarter**",
    ] {
        assert_eq!(md.matches(title).count(), 1, "{title} once in {md}");
    }
    // Under the passage, not in the closing sections.
    let results = md.find("## Third Quarter 2025 Results").unwrap();
    let balance = md.find("## Balance Sheet").unwrap();
    let reconciliation = md.find("**Reconciliation of Operating").unwrap();
    assert!(results < reconciliation && reconciliation < balance);
}

#[test]
fn a_typed_percent_is_named_with_the_sign_its_words_give() {
    let dir = copy_of(&root().join("examples/larkspur"));
    replace(
        dir.path(),
        "model.toml",
        "Revenue\n{{ f.revenue | change(to=true) }}",
        "Revenue\ngrew 11.2% to {{ f.revenue.q0 | amount }}",
    );
    let out = check_text(dir.path());
    assert!(
        out.contains("`11.2%` is typed into passage `ceo_quote`; it is the change in `revenue` year over year (up 11.2%)"),
        "{out}"
    );
    assert!(
        out.contains("cite the figure instead: {{ f.revenue | pct_change(direction=\"up\") }}"),
        "{out}"
    );
    // The same size with the opposite direction is not the revenue change.
    replace(dir.path(), "model.toml", "grew 11.2%", "declined 11.2%");
    let out = check_text(dir.path());
    assert!(
        out.contains("the words around it give it the other sign"),
        "{out}"
    );
}

/// Overriding table.md changes a table's words, never what a row is: the
/// PDF's rules stay where they were.
#[test]
fn a_table_template_changes_words_never_rules() {
    // Every rule, by where it runs across the page and how heavy it is,
    // in sorted order: longer captions may move a page break (and so the
    // running headers' rules), not a rule.
    let rules = |dir: &Path| -> (Vec<String>, String) {
        let doc = common::render_document(dir).unwrap();
        let layout = brief::typeset::typeset(&doc, brief::typeset::PageSize::LETTER);
        let rules = layout
            .pages
            .iter()
            .flat_map(|p| p.items.iter())
            .filter_map(|i| match i {
                brief::typeset::Item::Line { x1, x2, width, .. } => {
                    Some(format!("{x1:.2}-{x2:.2}/{width}"))
                }
                _ => None,
            })
            .collect::<Vec<_>>();
        let mut rules = rules;
        rules.sort();
        (rules, common::render_md(dir))
    };
    let (before, _) = rules(&root().join("examples/larkspur"));
    let dir = copy_of(&root().join("examples/larkspur"));
    fs::create_dir(dir.path().join("templates")).unwrap();
    fs::write(
        dir.path().join("templates/table.md"),
        "title: {{ t.title | upper }}\nnote: Figures in {{ company.unit_word }}; *unaudited*\nfootnote: Source: the company.\n",
    )
    .unwrap();
    let (after, md) = rules(dir.path());
    assert_eq!(after, before, "the rules moved");
    assert!(
        md.contains("**CONDENSED CONSOLIDATED STATEMENTS OF INCOME (UNAUDITED)**"),
        "{md}"
    );
    assert!(md.contains("Source: the company."), "{md}");
    assert!(
        !md.contains("Larkspur Instruments, Inc. \\"),
        "no company line: {md}"
    );
    // A line that is not a caption is refused, at its line of table.md.
    fs::write(
        dir.path().join("templates/table.md"),
        "title: {{ t.title }}\n| **Revenue** | **1** |\n",
    )
    .unwrap();
    let err = common::try_render_md(dir.path()).unwrap_err().to_string();
    assert!(
        err.contains("templates/table.md:2:1: in template `table.md`"),
        "{err}"
    );
}
