//! The PDF, read back with a PDF reader (lopdf) and, where installed,
//! poppler's and qpdf's own checkers (CI installs them; see .ci/run).

mod common;

use assert_cmd::Command;
use common::{copy_of, render_document, replace, root};
use lopdf::{Document, Object};
use std::collections::BTreeSet;
use std::fs;
use std::path::{Path, PathBuf};

fn render_pdf(dataset: &Path, extra: &[&str], env: &[(&str, &str)]) -> (Vec<u8>, String) {
    let out = tempfile::tempdir().unwrap();
    let mut cmd = Command::cargo_bin("brief").unwrap();
    cmd.env_remove("SOURCE_DATE_EPOCH");
    for (k, v) in env {
        cmd.env(k, v);
    }
    let a = cmd
        .arg("render")
        .arg(dataset)
        .args(["--format", "pdf", "--out"])
        .arg(out.path())
        .args(extra)
        .assert()
        .success();
    let stderr = String::from_utf8(a.get_output().stderr.clone()).unwrap();
    // <out>/<company>/<quarter>.pdf
    let pdf = fs::read_dir(out.path())
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_dir())
        .flat_map(|d| fs::read_dir(d).unwrap().map(|e| e.unwrap().path()))
        .find(|p| p.extension().is_some_and(|x| x == "pdf"))
        .expect("a pdf was written");
    (fs::read(pdf).unwrap(), stderr)
}

fn icc() -> PathBuf {
    root().join("examples/icc")
}

fn info(doc: &Document) -> lopdf::Dictionary {
    let r = doc.trailer.get(b"Info").unwrap().as_reference().unwrap();
    doc.get_dictionary(r).unwrap().clone()
}

/// A text string of the document information (UTF-16BE with a BOM, or bytes).
fn info_text(dict: &lopdf::Dictionary, key: &str) -> String {
    let Ok(Object::String(bytes, _)) = dict.get(key.as_bytes()) else {
        return String::new();
    };
    if bytes.starts_with(&[0xFE, 0xFF]) {
        let units: Vec<u16> = bytes[2..]
            .chunks(2)
            .map(|c| u16::from_be_bytes([c[0], c[1]]))
            .collect();
        String::from_utf16(&units).unwrap()
    } else {
        String::from_utf8_lossy(bytes).into_owned()
    }
}

#[test]
fn the_icc_pdf_reads_back() {
    let (bytes, _) = render_pdf(&icc(), &[], &[]);
    assert!(bytes.len() < 150 * 1024, "{} bytes", bytes.len());
    let doc = Document::load_mem(&bytes).unwrap();
    let layout = brief::typeset::typeset(
        &render_document(&icc()).unwrap(),
        brief::typeset::PageSize::LETTER,
    );
    assert_eq!(doc.get_pages().len(), layout.pages.len());

    let info = info(&doc);
    assert_eq!(
        info_text(&info, "Title"),
        "ICC Announces First Quarter Fiscal 2004 Financial Results"
    );
    assert_eq!(info_text(&info, "Author"), "Internet Commerce Corporation");
    assert_eq!(
        info_text(&info, "Subject"),
        "Financial results for the first quarter of fiscal 2004"
    );
    assert_eq!(
        info_text(&info, "Keywords"),
        "NasdaqSC: ICCA,FY2004-Q1,earnings release"
    );
    assert!(
        info_text(&info, "CreationDate").starts_with("D:20031211000000"),
        "{:?}",
        info_text(&info, "CreationDate")
    );
    assert_eq!(
        info_text(&info, "ModDate"),
        info_text(&info, "CreationDate")
    );
    assert!(info.get(b"GTS_PDFXVersion").is_err(), "no PDF/X claim");

    // Every font is embedded and subset: a TrueType program, and a six-letter tag.
    let mut fonts = 0;
    for obj in doc.objects.values() {
        let Ok(dict) = obj.as_dict() else { continue };
        if dict.get(b"Type").and_then(Object::as_name).ok() != Some(b"FontDescriptor".as_slice()) {
            continue;
        }
        fonts += 1;
        let name =
            String::from_utf8(dict.get(b"FontName").unwrap().as_name().unwrap().to_vec()).unwrap();
        let (tag, family) = name
            .split_once('+')
            .unwrap_or_else(|| panic!("{name} is not tagged as a subset"));
        assert!(
            tag.len() == 6 && tag.chars().all(|c| c.is_ascii_uppercase()),
            "{name}"
        );
        assert!(family.starts_with("LiberationSans"), "{name}");
        let file = dict.get(b"FontFile2").unwrap().as_reference().unwrap();
        let stream = doc.get_object(file).unwrap().as_stream().unwrap();
        let program = stream
            .decompressed_content()
            .unwrap_or_else(|_| stream.content.clone());
        assert!(
            program.len() < 60_000,
            "{name} is {} bytes: not subset",
            program.len()
        );
    }
    assert!(fonts >= 3, "regular, bold and italic are used");

    // The contact's email is a clickable link.
    let uris: Vec<String> = doc
        .get_pages()
        .values()
        .filter_map(|id| {
            doc.get_dictionary(*id)
                .ok()?
                .get(b"Annots")
                .ok()?
                .as_array()
                .ok()
                .cloned()
        })
        .flatten()
        .filter_map(|a| {
            let d = match a {
                Object::Reference(r) => doc.get_dictionary(r).ok()?.clone(),
                Object::Dictionary(d) => d,
                _ => return None,
            };
            let action = d.get(b"A").ok()?.as_dict().ok()?.clone();
            Some(String::from_utf8_lossy(action.get(b"URI").ok()?.as_str().ok()?).into_owned())
        })
        .collect();
    assert_eq!(uris, ["mailto:victor@icc.net"]);
}

#[test]
fn two_runs_give_the_same_bytes() {
    let (a, _) = render_pdf(&icc(), &[], &[]);
    let (b, _) = render_pdf(&icc(), &[], &[]);
    assert!(a == b, "two runs differ");
    // And in one process, where printpdf's counters have moved on.
    let doc = render_document(&icc()).unwrap();
    let layout = brief::typeset::typeset(&doc, brief::typeset::PageSize::LETTER);
    let meta = brief::document::Meta {
        title: layout.title.clone(),
        author: "Internet Commerce Corporation".into(),
        subject: "s".into(),
        keywords: vec![],
        timestamp: 0,
    };
    let first = brief::backend::pdf::write(&layout, &meta);
    let second = brief::backend::pdf::write(&layout, &meta);
    assert!(first == second, "two documents in one process differ");
}

#[test]
fn source_date_epoch_sets_the_dates() {
    let (bytes, _) = render_pdf(&icc(), &[], &[("SOURCE_DATE_EPOCH", "1700000000")]);
    let doc = Document::load_mem(&bytes).unwrap();
    assert!(info_text(&info(&doc), "CreationDate").starts_with("D:20231114221320"));
}

#[test]
fn a4_pages_are_a4() {
    let (bytes, _) = render_pdf(&icc(), &["--paper", "a4"], &[]);
    let doc = Document::load_mem(&bytes).unwrap();
    for (_, id) in doc.get_pages() {
        let page = doc.get_dictionary(id).unwrap();
        let mb = page.get(b"MediaBox").unwrap().as_array().unwrap();
        let w = mb[2].as_float().unwrap();
        let h = mb[3].as_float().unwrap();
        assert!(
            (w - 595.2756).abs() < 0.01 && (h - 841.8898).abs() < 0.01,
            "{w} x {h}"
        );
    }
}

/// Whether the poppler and qpdf checks must run: CI sets this after
/// installing them, so a missing tool fails there instead of skipping.
fn tool(name: &str) -> bool {
    let found = std::process::Command::new(name).arg("-v").output().is_ok();
    if !found && std::env::var_os("BRIEF_REQUIRE_PDF_TOOLS").is_some() {
        panic!("{name} is not installed but BRIEF_REQUIRE_PDF_TOOLS is set");
    }
    if !found {
        eprintln!("skipping: {name} is not installed (apt-get install poppler-utils qpdf)");
    }
    found
}

fn tokens(text: &str) -> BTreeSet<String> {
    text.split(|c: char| c.is_whitespace())
        .map(|t| {
            t.trim_matches(|c: char| matches!(c, ',' | '.' | ';' | ':' | '“' | '”' | '*' | '\\'))
        })
        .filter(|t| t.chars().any(|c| c.is_ascii_digit()))
        .map(str::to_string)
        .collect()
}

#[test]
fn pdftotext_finds_every_figure_of_the_brief_in_order() {
    if !tool("pdftotext") {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let (bytes, _) = render_pdf(&icc(), &[], &[]);
    let path = dir.path().join("b.pdf");
    fs::write(&path, &bytes).unwrap();
    let out = std::process::Command::new("pdftotext")
        .arg(&path)
        .arg("-")
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    // The currency sign is set in its own column, apart from its figure.
    // A chart is an image in the Markdown; its figures, in its text
    // alternative, are checked against the PDF's labels below.
    let md: String = common::render_md(&icc())
        .lines()
        .filter(|l| !l.starts_with("!["))
        .collect::<Vec<_>>()
        .join("\n")
        .replace(['\\', '$'], "");
    let in_pdf = tokens(&text.replace('$', ""));
    let missing: Vec<String> = tokens(&md)
        .into_iter()
        .filter(|t| !in_pdf.contains(t))
        .collect();
    assert!(missing.is_empty(), "pdftotext lacks {missing:?}");
    // Words are separated as written, and sentences come in reading order.
    let flat = text.split_whitespace().collect::<Vec<_>>().join(" ");
    for s in [
        "our core VAN services revenue grew 20.9% compared to the first quarter in the year-ago period",
        "The Company narrowed its net loss to $818,000, or $0.07 per diluted share, from $982,000",
        "Page 1 of",
    ] {
        assert!(flat.contains(s), "missing in reading order: {s}");
    }
    // Around a chart, text keeps its order: the prose before it, the
    // chart's title and unit, its labels, then the prose after it.
    let at = |needle: &str| {
        flat.find(needle)
            .unwrap_or_else(|| panic!("{needle:?} not in the PDF's text"))
    };
    let before = at("Adjusted gross margin for the first quarter of fiscal 2004 improved");
    let title = at("Adjusted EBITDA, last five quarters $ thousands");
    let label = at("(873)");
    let after = at("Walter M. Psztur, Chief Financial Officer");
    assert!(before < title && title < label && label < after, "{flat}");
    let heading = at("Segment Results: First Quarter Fiscal 2004");
    let stacked = at(
        "Revenue by segment, last five quarters $ thousands ICC.NET Service Bureau Professional Services",
    );
    assert!(
        heading < stacked && stacked < at("For the first quarter of fiscal 2004, ICC.NET revenue")
    );
    // Every figure of a chart's text alternative is one of its labels
    // ("-523" in words is "(523)" on the bar).
    let md = common::render_md(&icc());
    let alts: Vec<&str> = md
        .lines()
        .filter_map(|l| l.strip_prefix("![")?.split_once("](").map(|(alt, _)| alt))
        .collect();
    assert_eq!(alts.len(), 2, "the ICC brief has two charts");
    let mut figures = 0;
    for alt in alts {
        let (_, series) = alt.split_once(". ").expect("a title, then the series");
        for s in series.trim_end_matches('.').split("; ") {
            let (_, values) = s.split_once(": ").expect("a series is named");
            for v in values.split(", ") {
                let figure = v.rsplit(' ').next().unwrap();
                let label = match figure.strip_prefix('-') {
                    Some(m) => format!("({m})"),
                    None => figure.to_string(),
                };
                assert!(
                    in_pdf.contains(&label),
                    "chart figure {label} not in the PDF"
                );
                figures += 1;
            }
        }
    }
    assert_eq!(
        figures, 20,
        "five quarters of three segments and of Adjusted EBITDA"
    );
}

#[test]
fn qpdf_and_pdffonts_accept_it() {
    if !tool("qpdf") || !tool("pdffonts") {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let (bytes, _) = render_pdf(&icc(), &[], &[]);
    let path = dir.path().join("b.pdf");
    fs::write(&path, &bytes).unwrap();
    let check = std::process::Command::new("qpdf")
        .arg("--check")
        .arg(&path)
        .output()
        .unwrap();
    assert!(
        check.status.success(),
        "{}",
        String::from_utf8_lossy(&check.stdout)
    );
    let fonts = std::process::Command::new("pdffonts")
        .arg(&path)
        .output()
        .unwrap();
    let listing = String::from_utf8(fonts.stdout).unwrap();
    let rows: Vec<&str> = listing.lines().skip(2).collect();
    assert!(rows.len() >= 3, "{listing}");
    for row in rows {
        let cols: Vec<&str> = row.split_whitespace().collect();
        // name, type (2 words), encoding, emb, sub, uni, object id (2)
        let n = cols.len();
        assert_eq!(&cols[n - 5..n - 2], ["yes", "yes", "yes"], "{row}");
    }
}

#[test]
fn accented_names_print_and_unprintable_ones_are_reported() {
    let dir = copy_of(&root().join("examples/larkspur"));
    replace(
        dir.path(),
        "company.toml",
        "name = \"Larkspur Instruments, Inc.\"",
        "name = \"Société Générale Instruments\"",
    );
    let (_, stderr) = render_pdf(dir.path(), &[], &[]);
    assert!(!stderr.contains("no glyph"), "{stderr}");
    replace(
        dir.path(),
        "company.toml",
        "name = \"Société Générale Instruments\"",
        "name = \"株式会社 Instruments 🚀\"",
    );
    let (bytes, stderr) = render_pdf(dir.path(), &[], &[]);
    assert!(
        stderr.contains("warning: the PDF's fonts have no glyph for 会 (U+4F1A, in \"株式会社\"), 式 (U+5F0F, in \"株式会社\"), 株 (U+682A, in \"株式会社\"), 社 (U+793E, in \"株式会社\"), 🚀 (U+1F680, in \"🚀\"); they print as empty boxes"),
        "{stderr}"
    );
    assert!(Document::load_mem(&bytes).is_ok());
}

/// The outline's entries under `parent`, in order: title, destination page
/// number (from 1), and their own entries.
fn outline(doc: &Document, parent: &lopdf::Dictionary) -> Vec<(String, u32, Vec<String>)> {
    let pages: std::collections::BTreeMap<lopdf::ObjectId, u32> =
        doc.get_pages().into_iter().map(|(n, id)| (id, n)).collect();
    let mut out = Vec::new();
    let mut next = parent
        .get(b"First")
        .ok()
        .and_then(|o| o.as_reference().ok());
    while let Some(id) = next {
        let d = doc.get_dictionary(id).unwrap();
        let title = info_text(d, "Title");
        let dest = d.get(b"Dest").unwrap().as_array().unwrap();
        let page = pages[&dest[0].as_reference().unwrap()];
        let children = outline(doc, d).into_iter().map(|(t, _, _)| t).collect();
        out.push((title, page, children));
        next = d.get(b"Next").ok().and_then(|o| o.as_reference().ok());
    }
    out
}

#[test]
fn the_outline_follows_the_sections() {
    let (bytes, _) = render_pdf(&icc(), &[], &[]);
    let doc = Document::load_mem(&bytes).unwrap();
    let catalog = doc.catalog().unwrap();
    assert_eq!(
        catalog.get(b"PageMode").unwrap().as_name().unwrap(),
        b"UseOutlines"
    );
    let root = doc
        .get_dictionary(catalog.get(b"Outlines").unwrap().as_reference().unwrap())
        .unwrap();
    let entries = outline(&doc, root);
    let titles: Vec<&str> = entries.iter().map(|(t, _, _)| t.as_str()).collect();
    assert_eq!(
        titles,
        [
            "Consolidated Three-Month Results",
            "Consolidated Three-Month Results: Adjusted EBITDA and Adjusted Gross Margin",
            "Segment Results: First Quarter Fiscal 2004",
            "About Internet Commerce Corporation",
            "Financial Statements",
            "Supplementary Financial Data",
        ]
    );
    let segments = &entries[2].2;
    assert_eq!(
        segments,
        &["ICC.NET", "Service Bureau", "Professional Services"]
    );
    // Each entry opens the page its heading is on.
    let layout = brief::typeset::typeset(
        &render_document(&icc()).unwrap(),
        brief::typeset::PageSize::LETTER,
    );
    for (title, page, _) in &entries {
        let h = layout.headings.iter().find(|h| &h.title == title).unwrap();
        assert_eq!(*page as usize, h.page + 1, "{title}");
    }
}
