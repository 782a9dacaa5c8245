//! No panic on any character: every Unicode space and every control
//! character, written raw and as a TOML escape, into a formula, a figure, a
//! label, a passage and the company name. Each run either renders or stops
//! with an input error; none panics.

mod common;

use brief::backend::Options;
use brief::typeset::PageSize;
use common::{replace, variant};
use std::panic::{AssertUnwindSafe, catch_unwind};

/// Every Unicode `White_Space` character, the zero-width spaces that look
/// like one, and every C0 and C1 control character.
fn hostile() -> Vec<char> {
    let mut chars: Vec<char> = (0..=0x1f_u32)
        .chain(0x7f..=0x9f)
        .filter_map(char::from_u32)
        .collect();
    chars.extend([
        ' ', '\u{a0}', '\u{1680}', '\u{2000}', '\u{2001}', '\u{2002}', '\u{2003}', '\u{2004}',
        '\u{2005}', '\u{2006}', '\u{2007}', '\u{2008}', '\u{2009}', '\u{200a}', '\u{2028}',
        '\u{2029}', '\u{202f}', '\u{205f}', '\u{3000}', '\u{200b}', '\u{200c}', '\u{200d}',
        '\u{2060}', '\u{feff}',
    ]);
    chars
}

/// Where a character goes: file, the text it is put into, and how.
const PLACES: [(&str, &str, &str); 6] = [
    (
        "model.toml",
        "gross_profit / revenue",
        "gross_profit{c}/ revenue",
    ),
    (
        "model.toml",
        "revenue - cost_of_sales",
        "revenue{c}-{c}cost_of_sales",
    ),
    ("figures.csv", "\"1,250.5\"", "\"1,250.5{c}\""),
    (
        "figures.csv",
        "cost_of_sales,FY2024-Q4,700.2",
        "cost_of_sales,FY2024-Q4,{c}700.2",
    ),
    (
        "model.toml",
        "label = \"Revenue\"",
        "label = \"Rev{c}enue\"",
    ),
    (
        "company.toml",
        "name = \"Tiny Widgets Inc.\"",
        "name = \"Tiny{c}Widgets Inc.\"",
    ),
];

fn run(dir: &std::path::Path) {
    if let Ok(job) = brief::pipeline::prepare(dir, None) {
        let formats = ["md".to_string(), "pdf".to_string()];
        let options = Options {
            page_size: PageSize::LETTER,
        };
        let _ = job.render(None, &formats, options);
    }
}

#[test]
fn no_character_anywhere_panics() {
    let mut panics = Vec::new();
    for c in hostile() {
        // In TOML, as the character itself and as a \u escape; in CSV, as itself.
        let escaped = format!("\\u{:04X}", u32::from(c));
        for (file, old, new) in PLACES {
            let forms: Vec<String> = if file.ends_with(".toml") {
                vec![c.to_string(), escaped.clone()]
            } else {
                vec![c.to_string()]
            };
            for form in forms {
                let dir = variant(|d| replace(d, file, old, &new.replace("{c}", &form)));
                let outcome = catch_unwind(AssertUnwindSafe(|| run(dir.path())));
                if outcome.is_err() {
                    panics.push(format!("U+{:04X} in {file} ({new})", u32::from(c)));
                }
            }
        }
        // And in a passage, where it reaches the Markdown and the PDF.
        let text = format!("text = \"Revenue {{{{ f.revenue | change }}}}.{escaped} Done.\"");
        let dir = variant(|d| {
            replace(
                d,
                "model.toml",
                "title = \"Highlights\"",
                &format!("title = \"Highlights\"\n{text}"),
            )
        });
        if catch_unwind(AssertUnwindSafe(|| run(dir.path()))).is_err() {
            panics.push(format!("U+{:04X} in a passage", u32::from(c)));
        }
    }
    assert!(panics.is_empty(), "panicked: {panics:#?}");
}

/// Raw HTML in a passage is text, in both outputs: the Markdown escapes it
/// (a docs site shows `<b>` as the characters, never runs a `<script>`), and
/// the PDF prints the same characters. One rule, docs/templates.md.
#[test]
fn raw_html_in_a_passage_is_text_in_both_outputs() {
    let said = "We said <b>bold</b> & <script>alert(1)</script>, a < b.";
    let dir = variant(|d| {
        replace(
            d,
            "model.toml",
            "title = \"Highlights\"",
            &format!("title = \"Highlights\"\ntext = \"\"\"\n{said}\n\n<div>a block</div>\n\"\"\""),
        )
    });
    let md = common::render_md(dir.path());
    use pulldown_cmark::{Event, Parser};
    let html: Vec<String> = Parser::new(&md)
        .filter_map(|e| match e {
            Event::Html(t) | Event::InlineHtml(t) => Some(t.to_string()),
            _ => None,
        })
        .filter(|t| !t.starts_with("<!--"))
        .collect();
    assert!(html.is_empty(), "raw HTML reached the Markdown: {html:?}");
    let text = common::plain_text(&md);
    assert!(text.contains(said), "{text}");
    assert!(text.contains("<div>a block</div>"), "{text}");

    let document = common::render_document(dir.path()).unwrap();
    let words: String = document
        .blocks
        .iter()
        .filter_map(|b| match b {
            brief::document::Block::Paragraph(t) => Some(brief::document::plain(t)),
            _ => None,
        })
        .collect::<Vec<_>>()
        .join("\n");
    assert!(words.contains(said), "the PDF's document: {words}");
    assert!(words.contains("<div>a block</div>"), "{words}");
}
