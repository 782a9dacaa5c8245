//! How long each stage takes on the ICC example, and the whole job on the
//! examples and on synthetic datasets of growing size: `cargo bench`.
//! docs/performance.md has the figures and how to read them.
//!
//! `BRIEF_SYNTH=items=500,segments=12,quarters=40,paragraphs=50
//! BRIEF_SYNTH_DIR=/tmp/big cargo bench --bench pipeline` writes that
//! synthetic dataset instead (for `brief render` under callgrind).

mod synth;

use brief::check::check;
use brief::compute::Brief;
use brief::load;
use brief::model::QuarterModel;
use std::path::{Path, PathBuf};
use std::sync::Arc;

fn main() {
    if let (Some(size), Some(dir)) = (
        std::env::var_os("BRIEF_SYNTH"),
        std::env::var_os("BRIEF_SYNTH_DIR"),
    ) {
        let size = synth::Size::parse(&size.to_string_lossy()).expect("a size such as items=50");
        std::fs::create_dir_all(&dir).unwrap();
        synth::write(Path::new(&dir), size).unwrap();
        eprintln!("wrote {size:?} to {}", Path::new(&dir).display());
        return;
    }
    divan::main();
}

/// Everything `brief render` does for one dataset but write the files:
/// load, model, figures, checks, Markdown and PDF.
fn whole_job(dir: &Path) -> usize {
    let job = brief::pipeline::prepare(dir, None).unwrap();
    let formats = ["md".to_string(), "pdf".to_string()];
    let options = brief::backend::Options {
        page_size: brief::typeset::PageSize::LETTER,
    };
    job.render(None, &formats, options)
        .unwrap()
        .iter()
        .map(|a| a.bytes.len())
        .sum()
}

/// The whole job on each example.
#[divan::bench(args = ["icc", "larkspur", "forian"])]
fn whole_job_example(bencher: divan::Bencher, name: &str) {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("examples")
        .join(name);
    bencher.bench(|| whole_job(divan::black_box(&dir)));
}

/// The whole job on synthetic datasets: one dimension grown at a time from
/// 20 items, 3 segments, 8 quarters and 6 paragraphs.
#[divan::bench(
    args = [
        "items=5", "items=50", "items=500",
        "segments=1", "segments=12",
        "quarters=5", "quarters=20", "quarters=40",
        "paragraphs=1", "paragraphs=60", "paragraphs=600",
    ],
    sample_count = 20
)]
fn whole_job_synthetic(bencher: divan::Bencher, size: &str) {
    let tmp = tempfile::tempdir().unwrap();
    synth::write(tmp.path(), synth::Size::parse(size).unwrap()).unwrap();
    bencher.bench(|| whole_job(divan::black_box(tmp.path())));
}

/// Loading a figures.csv of many rows (a 40-quarter, 500-item company has
/// 20,000).
#[divan::bench(args = [1_000, 10_000, 100_000, 1_000_000], sample_count = 5)]
fn load_rows(bencher: divan::Bencher, rows: usize) {
    let tmp = tempfile::tempdir().unwrap();
    let items = (rows / 40).max(8);
    let size = synth::Size {
        items,
        segments: 3,
        quarters: 40,
        paragraphs: 1,
    };
    synth::write(tmp.path(), size).unwrap();
    bencher.bench(|| load::load(divan::black_box(tmp.path())).unwrap());
}

fn icc() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/icc")
}

/// Reading the four files (TOML and CSV parsing).
#[divan::bench]
fn load_icc() -> load::RawDataset {
    load::load(divan::black_box(&icc())).unwrap()
}

/// Reading and validating into the quarter model.
#[divan::bench]
fn build_model() -> QuarterModel {
    QuarterModel::build(load::load(&icc()).unwrap(), None).unwrap()
}

fn model() -> QuarterModel {
    QuarterModel::build(load::load(&icc()).unwrap(), None).unwrap()
}

/// Every figure of every item in every period the brief can show.
#[divan::bench]
fn compute_figures(bencher: divan::Bencher) {
    let model = model();
    bencher.bench(|| Brief::compute(divan::black_box(&model)));
}

/// Every tie-out check over the built model.
#[divan::bench]
fn check_icc(bencher: divan::Bencher) {
    let model = model();
    let brief = Brief::compute(&model);
    bencher.bench(|| check(divan::black_box(&model), &brief).unwrap());
}

/// The narrative checks (literal numbers, Regulation G) over the built model.
#[divan::bench]
fn narrative_checks(bencher: divan::Bencher) {
    let model = model();
    let brief = Brief::compute(&model);
    bencher.bench(|| brief::check::narrative::check(divan::black_box(&model), &brief));
}

/// The view templates see, then tera: passages and the whole brief in Markdown.
#[divan::bench]
fn render_markdown(bencher: divan::Bencher) {
    let model = model();
    let brief = Arc::new(Brief::compute(&model));
    let templates = brief::render::templates(&icc(), None).unwrap();
    bencher.bench(|| brief::render::render(divan::black_box(&model), &brief, &templates).unwrap());
}

/// Markdown to pages of positioned items (the layout, no PDF).
#[divan::bench]
fn typeset_icc(bencher: divan::Bencher) {
    let model = model();
    let brief = Arc::new(Brief::compute(&model));
    let templates = brief::render::templates(&icc(), None).unwrap();
    let md = brief::render::render(&model, &brief, &templates).unwrap();
    bencher
        .bench(|| brief::typeset::typeset(divan::black_box(&md), brief::typeset::PageSize::LETTER));
}

/// The PDF writer: font subsetting, printpdf, compression.
#[divan::bench]
fn write_pdf(bencher: divan::Bencher) {
    let model = model();
    let brief = Arc::new(Brief::compute(&model));
    let templates = brief::render::templates(&icc(), None).unwrap();
    let md = brief::render::render(&model, &brief, &templates).unwrap();
    let layout = brief::typeset::typeset(&md, brief::typeset::PageSize::LETTER);
    let meta = brief::document::Meta {
        title: layout.title.clone(),
        author: String::new(),
        subject: String::new(),
        keywords: Vec::new(),
        timestamp: 0,
    };
    bencher.bench(|| brief::backend::pdf::write(divan::black_box(&layout), &meta));
}

/// The ICC brief's two charts: drawn as shapes, then written as SVG.
#[divan::bench]
fn draw_charts(bencher: divan::Bencher) {
    let model = model();
    let brief = Arc::new(Brief::compute(&model));
    let templates = brief::render::templates(&icc(), None).unwrap();
    let doc = brief::render::render(&model, &brief, &templates).unwrap();
    let fonts = brief::typeset::fonts::Fonts::new();
    bencher.bench_local(|| {
        doc.charts()
            .into_iter()
            .map(|c| {
                let d = brief::typeset::chart::draw(divan::black_box(c), 560.0, &fonts);
                brief::typeset::svg::write(&d, &c.alt).len()
            })
            .sum::<usize>()
    });
}
