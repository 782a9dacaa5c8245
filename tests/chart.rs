//! Charts, tested as drawings (plain data) and as the SVG and PDF pages
//! they become: scales, the zero baseline, label placement, determinism
//! and validity.

mod common;

use brief::document::{Block, Chart, ChartKind, ChartSeries};
use brief::number::{self, Negative};
use brief::typeset::chart::{self, Bounds, Drawing, Label, Role, Shape};
use brief::typeset::fonts::Fonts;
use brief::typeset::{Item, PageSize};
use proptest::prelude::*;
use rust_decimal::Decimal;
use std::str::FromStr;

const WIDTH: f32 = 492.0;

/// A chart of `series` (name, values) over `categories`, labelled as the
/// brief labels figures.
fn chart(kind: ChartKind, categories: &[&str], series: &[(&str, &[&str])]) -> Chart {
    Chart {
        id: "c".into(),
        kind,
        title: "Revenue by segment".into(),
        unit: "$ thousands".into(),
        percent: false,
        categories: categories.iter().map(|c| c.to_string()).collect(),
        series: series
            .iter()
            .map(|(name, values)| {
                let values: Vec<Decimal> = values
                    .iter()
                    .map(|v| Decimal::from_str(v).unwrap())
                    .collect();
                ChartSeries {
                    name: name.to_string(),
                    labels: values
                        .iter()
                        .map(|v| number::format(*v, v.scale(), Negative::Parentheses))
                        .collect(),
                    values,
                }
            })
            .collect(),
        alt: "A chart.".into(),
    }
}

fn draw(c: &Chart) -> Drawing {
    chart::draw(c, WIDTH, &Fonts::new())
}

fn labels(d: &Drawing, role: Role) -> Vec<&Label> {
    d.shapes
        .iter()
        .filter_map(|s| match s {
            Shape::Text(l) if l.role == role => Some(l),
            _ => None,
        })
        .collect()
}

fn bars(d: &Drawing) -> Vec<(f32, f32, f32, f32)> {
    d.shapes
        .iter()
        .filter_map(|s| match s {
            Shape::Rect { x, y, w, h, .. } => Some((*x, *y, *w, *h)),
            _ => None,
        })
        .collect()
}

/// The zero line: the black rule across the plot.
fn zero_line(d: &Drawing) -> f32 {
    let ys: Vec<f32> = d
        .shapes
        .iter()
        .filter_map(|s| match s {
            Shape::Path {
                points,
                width,
                color,
                ..
            } if *width == 0.8 && color.0 == 0.0 => Some(points[0].1),
            _ => None,
        })
        .collect();
    assert_eq!(ys.len(), 1, "one zero line");
    ys[0]
}

/// What must hold of every chart: nothing outside the drawing, no two
/// labels over each other, every value label one of the chart's figures
/// and every figure either labelled or counted as left out.
fn assert_sound(c: &Chart, d: &Drawing) {
    let all = Bounds {
        left: 0.0,
        right: d.width,
        top: 0.0,
        bottom: d.height,
    };
    let texts: Vec<&Label> = d
        .shapes
        .iter()
        .filter_map(|s| match s {
            Shape::Text(l) => Some(l),
            _ => None,
        })
        .collect();
    for l in &texts {
        let b = l.bounds();
        assert!(
            b.left >= all.left - 0.01
                && b.right <= all.right + 0.01
                && b.top >= all.top - 0.01
                && b.bottom <= all.bottom + 0.01,
            "{:?} {:?} leaves the chart ({} by {})",
            l.role,
            l.text,
            d.width,
            d.height
        );
    }
    for (i, a) in texts.iter().enumerate() {
        for b in &texts[i + 1..] {
            assert!(
                !a.bounds().overlaps(&b.bounds()),
                "{:?} {:?} overlaps {:?} {:?}",
                a.role,
                a.text,
                b.role,
                b.text
            );
        }
    }
    for s in &d.shapes {
        if let Shape::Rect { x, y, w, h, .. } = s {
            assert!(
                *x >= -0.01 && x + w <= d.width + 0.01 && *y >= -0.01 && y + h <= d.height + 0.01
            );
            assert!(*w > 0.0 && *h > 0.0, "no empty rectangles");
        }
        if let Shape::Path { points, .. } = s {
            for (x, y) in points {
                assert!(
                    *x >= -0.01 && *x <= d.width + 0.01 && *y >= -0.01 && *y <= d.height + 0.01
                );
            }
        }
    }
    let values = labels(d, Role::Value);
    let figures: Vec<&String> = c.series.iter().flat_map(|s| s.labels.iter()).collect();
    assert_eq!(values.len() + d.omitted, figures.len());
    for v in &values {
        assert!(figures.contains(&&v.text), "{:?} is not a figure", v.text);
    }
    // The categories, in order, left to right.
    let cats = labels(d, Role::Category);
    let names: Vec<&str> = cats.iter().map(|l| l.text.as_str()).collect();
    assert_eq!(names.join(" "), c.categories.join(" "));
}

const FIVE: [&str; 5] = [
    "Q1 FY2003",
    "Q2 FY2003",
    "Q3 FY2003",
    "Q4 FY2003",
    "Q1 FY2004",
];

#[test]
fn positive_bars_stand_on_the_zero_line() {
    let c = chart(
        ChartKind::Bars,
        &FIVE,
        &[("Revenue", &["3103", "2838", "3095", "3102", "3104"])],
    );
    let d = draw(&c);
    assert_sound(&c, &d);
    let zero = zero_line(&d);
    for (_, y, _, h) in bars(&d) {
        assert!((y + h - zero).abs() < 0.01, "a bar stands on zero");
    }
    // The axis starts at zero, not at the smallest bar.
    let ticks = labels(&d, Role::Tick);
    assert_eq!(ticks.first().map(|t| t.text.as_str()), Some("0"));
    assert_eq!(ticks.last().map(|t| t.text.as_str()), Some("4,000"));
    // Each value sits over its own bar, in order.
    let values = labels(&d, Role::Value);
    let texts: Vec<&str> = values.iter().map(|l| l.text.as_str()).collect();
    assert_eq!(texts, ["3,103", "2,838", "3,095", "3,102", "3,104"]);
    for (l, (x, y, w, _)) in values.iter().zip(bars(&d)) {
        assert!((l.x - (x + w / 2.0)).abs() < 0.01);
        assert!(l.bounds().bottom <= y, "the label is above its bar");
    }
    assert_eq!(d.omitted, 0);
}

#[test]
fn an_all_negative_series_hangs_below_zero_with_zero_at_the_top() {
    let c = chart(
        ChartKind::Bars,
        &FIVE,
        &[("Adjusted EBITDA", &["-523", "-873", "-475", "-604", "-367"])],
    );
    let d = draw(&c);
    assert_sound(&c, &d);
    let zero = zero_line(&d);
    for (_, y, _, _) in bars(&d) {
        assert!((y - zero).abs() < 0.01, "a loss hangs from zero");
    }
    let ticks = labels(&d, Role::Tick);
    assert_eq!(
        ticks.last().map(|t| t.text.as_str()),
        Some("0"),
        "zero is the top tick"
    );
    assert_eq!(ticks.first().map(|t| t.text.as_str()), Some("(1,000)"));
    for (l, (_, y, _, h)) in labels(&d, Role::Value).iter().zip(bars(&d)) {
        assert!(l.bounds().top >= y + h, "the label is below its bar");
        assert!(l.text.starts_with('('));
    }
}

#[test]
fn mixed_signs_put_zero_inside_the_axis() {
    let c = chart(
        ChartKind::Bars,
        &FIVE,
        &[("Operating income", &["-120", "35", "0", "410", "-5"])],
    );
    let d = draw(&c);
    assert_sound(&c, &d);
    let zero = zero_line(&d);
    let ticks = labels(&d, Role::Tick);
    assert!(ticks.iter().any(|t| t.text == "0"));
    assert!(ticks.first().unwrap().y > zero && ticks.last().unwrap().y < zero);
    // A zero draws no bar but keeps its label.
    assert_eq!(bars(&d).len(), 4);
    assert!(labels(&d, Role::Value).iter().any(|l| l.text == "0"));
}

#[test]
fn one_series_has_no_legend_and_several_have_one() {
    let one = chart(
        ChartKind::Bars,
        &FIVE,
        &[("Revenue", &["1", "2", "3", "4", "5"])],
    );
    assert!(labels(&draw(&one), Role::Legend).is_empty());
    let three = chart(
        ChartKind::Stacked,
        &FIVE,
        &[
            ("ICC.NET", &["2119", "2044", "2298", "2407", "2441"]),
            ("Service Bureau", &["466", "390", "341", "291", "308"]),
            (
                "Professional Services",
                &["465", "404", "456", "404", "355"],
            ),
        ],
    );
    let d = draw(&three);
    assert_sound(&three, &d);
    let legend: Vec<&str> = labels(&d, Role::Legend)
        .iter()
        .map(|l| l.text.as_str())
        .collect();
    assert_eq!(
        legend,
        ["ICC.NET", "Service Bureau", "Professional Services"]
    );
    // Every segment of this chart has room for its figure.
    assert_eq!(d.omitted, 0);
    // Stacks: each part starts where the one below it ends.
    let zero = zero_line(&d);
    // (The first three rectangles are the legend's swatches.)
    let rects = &bars(&d)[3..];
    assert_eq!(rects.len(), 15);
    for stack in rects.chunks(3) {
        assert!((stack[0].1 + stack[0].3 - zero).abs() < 0.01);
        for pair in stack.windows(2) {
            let gap = pair[0].1 - (pair[1].1 + pair[1].3);
            assert!(
                (0.0..1.0).contains(&gap),
                "parts touch, a hairline apart: {gap}"
            );
        }
    }
}

#[test]
fn one_period_draws_one_slot() {
    let c = chart(ChartKind::Bars, &["Q1 FY2004"], &[("Revenue", &["3103"])]);
    let d = draw(&c);
    assert_sound(&c, &d);
    assert_eq!(bars(&d).len(), 1);
    let line = chart(ChartKind::Line, &["Q1 FY2004"], &[("Margin", &["40.1"])]);
    let d = draw(&line);
    assert_sound(&line, &d);
}

#[test]
fn very_large_and_very_small_values_get_round_ticks() {
    let c = chart(
        ChartKind::Bars,
        &["FY2024", "FY2025"],
        &[("Revenue", &["391035000000000", "416161000000000"])],
    );
    let d = draw(&c);
    assert_sound(&c, &d);
    let ticks: Vec<&str> = labels(&d, Role::Tick)
        .iter()
        .map(|l| l.text.as_str())
        .collect();
    assert_eq!(
        ticks,
        [
            "0",
            "100,000,000,000,000",
            "200,000,000,000,000",
            "300,000,000,000,000",
            "400,000,000,000,000",
            "500,000,000,000,000"
        ]
    );
    let c = chart(
        ChartKind::Bars,
        &["FY2024", "FY2025"],
        &[("Loss per share", &["-0.0003", "-0.0007"])],
    );
    let d = draw(&c);
    assert_sound(&c, &d);
    let ticks: Vec<&str> = labels(&d, Role::Tick)
        .iter()
        .map(|l| l.text.as_str())
        .collect();
    assert_eq!(ticks, ["(0.0008)", "(0.0006)", "(0.0004)", "(0.0002)", "0"]);
    // All zero: still an axis, and bars of nothing.
    let c = chart(ChartKind::Bars, &["A", "B"], &[("Nil", &["0", "0"])]);
    let d = draw(&c);
    assert_sound(&c, &d);
    assert!(bars(&d).is_empty());
}

#[test]
fn crowded_labels_shrink_then_are_left_out_never_overlapped() {
    let cats: Vec<String> = (1..=12)
        .map(|i| format!("Q{} FY20{:02}", i % 4 + 1, i))
        .collect();
    let cats: Vec<&str> = cats.iter().map(String::as_str).collect();
    let v: Vec<String> = (0..12)
        .map(|i| format!("{}", 1_234_567 + i * 1_000))
        .collect();
    let v: Vec<&str> = v.iter().map(String::as_str).collect();
    let c = chart(
        ChartKind::Bars,
        &cats,
        &[("A", &v), ("B", &v), ("C", &v), ("D", &v)],
    );
    let d = draw(&c);
    assert_sound(&c, &d);
    assert!(d.omitted > 0, "48 seven-digit labels cannot all fit");
    assert_eq!(chart::omitted_warning(&c, &d).len(), 1);
}

#[test]
fn a_line_chart_marks_each_point_and_dashes_its_second_line() {
    let mut c = chart(
        ChartKind::Line,
        &FIVE,
        &[
            (
                "GAAP operating margin",
                &["19.4", "20.1", "20.8", "21.3", "21.9"],
            ),
            (
                "Adjusted operating margin",
                &["23.3", "23.9", "24.6", "25.0", "25.7"],
            ),
        ],
    );
    c.percent = true;
    for s in &mut c.series {
        for l in &mut s.labels {
            l.push('%');
        }
    }
    let d = draw(&c);
    assert_sound(&c, &d);
    let dashes: Vec<bool> = d
        .shapes
        .iter()
        .filter_map(|s| match s {
            Shape::Path { points, dash, .. } if points.len() == 5 => Some(*dash),
            _ => None,
        })
        .collect();
    assert_eq!(dashes, [false, true]);
    assert!(labels(&d, Role::Tick).iter().all(|t| t.text.ends_with('%')));
}

#[test]
fn the_palette_prints_as_distinct_greys() {
    let grey = |c: brief::typeset::layout::Rgb| 0.299 * c.0 + 0.587 * c.1 + 0.114 * c.2;
    let mut greys: Vec<f32> = chart::PALETTE.iter().map(|c| grey(*c)).collect();
    greys.sort_by(f32::total_cmp);
    for pair in greys.windows(2) {
        assert!(pair[1] - pair[0] > 0.12, "{greys:?}");
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    /// Whatever the figures, no label leaves the chart or lands on another.
    #[test]
    fn labels_stay_inside_and_apart(
        kind in prop_oneof![Just(ChartKind::Bars), Just(ChartKind::Stacked), Just(ChartKind::Line)],
        n in 1usize..9,
        k in 1usize..5,
        values in prop::collection::vec(-5_000_000_000i64..5_000_000_000, 36),
        places in 0u32..3,
    ) {
        let cats: Vec<String> = (0..n).map(|i| format!("Q{} FY{}", i % 4 + 1, 2020 + i)).collect();
        let cats: Vec<&str> = cats.iter().map(String::as_str).collect();
        let series: Vec<(String, Vec<String>)> = (0..k)
            .map(|s| {
                let v = (0..n)
                    .map(|c| Decimal::new(values[s * 9 + c] / 10i64.pow(s as u32 * 3), places).to_string())
                    .collect();
                (format!("Series {s}"), v)
            })
            .collect();
        let refs: Vec<Vec<&str>> = series.iter().map(|(_, v)| v.iter().map(String::as_str).collect()).collect();
        let spec: Vec<(&str, &[&str])> = series.iter().zip(&refs).map(|((n, _), v)| (n.as_str(), v.as_slice())).collect();
        let c = chart(kind, &cats, &spec);
        let d = draw(&c);
        assert_sound(&c, &d);
    }
}

#[test]
fn the_svg_parses_is_small_and_the_same_every_run() {
    let c = chart(
        ChartKind::Stacked,
        &FIVE,
        &[
            ("ICC.NET", &["2119", "2044", "2298", "2407", "2441"]),
            ("R&D <\"x\">", &["466", "390", "341", "291", "308"]),
        ],
    );
    let d = draw(&c);
    let svg = brief::typeset::svg::write(&d, "Alt & <text>");
    assert_eq!(svg, brief::typeset::svg::write(&draw(&c), "Alt & <text>"));
    let tree = usvg::Tree::from_str(&svg, &usvg::Options::default()).expect("a valid SVG");
    // The background, and every bar and line the drawing has.
    let shapes = d
        .shapes
        .iter()
        .filter(|s| !matches!(s, Shape::Text(_)))
        .count();
    fn paths(g: &usvg::Group) -> usize {
        g.children()
            .iter()
            .map(|n| match n {
                usvg::Node::Group(g) => paths(g),
                usvg::Node::Path(_) => 1,
                _ => 0,
            })
            .sum()
    }
    assert_eq!(paths(tree.root()), shapes + 1);
    assert!(svg.contains("<title>Alt &amp; &lt;text&gt;</title>"));
    assert!(svg.len() < 8_000, "{} bytes", svg.len());
}

/// The example briefs' charts, as the Markdown backend writes them: valid,
/// small, linked from the Markdown, identical across runs.
#[test]
fn the_example_charts_are_written_beside_the_markdown() {
    for ds in ["examples/icc", "examples/larkspur"] {
        let dir = common::root().join(ds);
        let doc = common::render_document(&dir).unwrap();
        let ctx = brief::backend::RenderContext {
            document: &doc,
            stem: "s",
        };
        let md = brief::backend::by_name(
            "md",
            brief::backend::Options {
                page_size: PageSize::LETTER,
            },
        )
        .unwrap();
        let files = md.render(&ctx).unwrap();
        let again = md.render(&ctx).unwrap();
        assert_eq!(files.len(), 3, "{ds}: the Markdown and two charts");
        let text = String::from_utf8(files[0].bytes.clone()).unwrap();
        for (f, g) in files.iter().zip(&again) {
            assert_eq!(f.bytes, g.bytes, "{ds}: {} differs between runs", f.name);
            if f.name.ends_with(".svg") {
                let svg = String::from_utf8(f.bytes.clone()).unwrap();
                usvg::Tree::from_str(&svg, &usvg::Options::default()).expect("a valid SVG");
                assert!(svg.len() < 8_000, "{}: {} bytes", f.name, svg.len());
                assert!(
                    text.contains(&format!("]({})", f.name)),
                    "{ds}: {} is linked",
                    f.name
                );
                assert!(f.warnings.is_empty(), "{:?}", f.warnings);
            }
        }
    }
}

/// A chart never breaks across pages and goes to the next page with the
/// heading above it, wherever the page break falls.
#[test]
fn a_chart_stays_whole_and_with_its_heading() {
    let c = chart(
        ChartKind::Bars,
        &FIVE,
        &[("Adjusted EBITDA", &["-523", "-873", "-475", "-604", "-367"])],
    );
    let mut seen_break = false;
    for n in 0..60 {
        let mut blocks = common::document_of(&common::filler(n)).blocks;
        blocks.push(Block::Heading {
            level: 2,
            text: vec![brief::document::Span::plain("Trend")],
        });
        blocks.push(Block::Chart(c.clone()));
        blocks.push(Block::Paragraph(vec![brief::document::Span::plain(
            "After the chart.",
        )]));
        let doc = brief::document::Document {
            meta: common::document_of("").meta,
            blocks,
        };
        let layout = brief::typeset::typeset(&doc, PageSize::LETTER);
        let page_of = |pred: &dyn Fn(&Item) -> bool| -> Vec<usize> {
            layout
                .pages
                .iter()
                .enumerate()
                .filter(|(_, p)| p.items.iter().any(pred))
                .map(|(i, _)| i)
                .collect()
        };
        let rects = page_of(&|i| matches!(i, Item::Rect { .. }));
        assert_eq!(rects.len(), 1, "filler {n}: the chart's bars on one page");
        let title =
            page_of(&|i| matches!(i, Item::Text { text, .. } if text == "Revenue by segment"));
        let heading = page_of(&|i| matches!(i, Item::Text { text, .. } if text == "Trend"));
        assert_eq!(title, rects, "filler {n}");
        assert_eq!(
            heading, rects,
            "filler {n}: the heading goes with its chart"
        );
        seen_break |= rects[0] > 0;
    }
    assert!(seen_break, "some filler pushed the chart to a new page");
}

/// A dataset whose brief.md is `body`.
fn with_brief_template(body: &str) -> tempfile::TempDir {
    let dir = common::copy_of(&common::root().join("examples/larkspur"));
    std::fs::create_dir(dir.path().join("templates")).unwrap();
    std::fs::write(dir.path().join("templates/brief.md"), body).unwrap();
    dir
}

/// A template may declare a chart as well as place one model.toml declares;
/// both are checked by the same rules, and the figures come from the model.
#[test]
fn a_template_declares_a_chart() {
    let dir = with_brief_template(
        "# Larkspur\n\n{{ chart(id=\"gm\", title=\"Gross margin\", items=[\"gross_margin_pct\"], columns=[\"year_ago\", \"quarter\"]) }}\n\n{{ chart(id=\"revenue_chart\") }}\n",
    );
    let md = common::render_md(dir.path());
    assert!(
        md.contains("![Gross margin, in percent. Gross margin: Q3 2024 57.2%, Q3 2025 58.5%.](FY2025-Q3-gm.svg)"),
        "{md}"
    );
    assert!(md.contains("](FY2025-Q3-revenue_chart.svg)"), "{md}");
    let doc = common::render_document(dir.path()).unwrap();
    let gm = doc.charts()[0];
    assert_eq!(gm.series[0].labels, ["57.2%", "58.5%"]);
    assert!(gm.percent);
}

#[test]
fn a_chart_a_template_cannot_draw_is_an_error_that_says_why() {
    let cases = [
        (
            "{{ chart(id=\"x\", title=\"T\", items=[\"gross_margn_pct\"]) }}",
            "unknown item `gross_margn_pct`",
        ),
        (
            "{{ chart(id=\"x\", title=\"T\", items=[\"operating_margin_pct\"]) }}",
            "chart `x` draws `operating_margin_pct` for FY2025-Q2",
        ),
        (
            "{{ chart(id=\"x\", title=\"T\", items=[\"revenue\", \"gross_margin_pct\"], columns=[\"quarter\"]) }}",
            "a chart draws one unit",
        ),
        (
            "{{ chart(id=\"x\", title=\"T\", items=[\"revenue\"], kind=\"pie\") }}",
            "unknown variant `pie`, expected one of `bars`, `stacked`, `line`",
        ),
        (
            "{{ chart(id=\"x\", items=[\"revenue\"]) }}",
            "needs `title` and `items`",
        ),
        (
            "{{ chart(id=\"x\", titel=\"T\") }}",
            "did you mean `title`?",
        ),
        (
            "{{ chart(id=\"nope\") }}",
            "there is no chart `nope` in model.toml",
        ),
        (
            "{{ chart(id=\"revenue_chart\", title=\"T\", items=[\"revenue\"]) }}",
            "model.toml already declares a chart `revenue_chart`",
        ),
        (
            "{{ chart(id=\"revenue_chart\") }}\n\n{{ chart(id=\"revenue_chart\") }}",
            "chart `revenue_chart` is placed twice",
        ),
        (
            "{{ chart(id=\"x\", title=\"T\", items=[\"revenue\", \"revenue\", \"revenue\", \"revenue\", \"revenue\"], columns=[\"quarter\"]) }}",
            "a chart draws 1 to 4 items",
        ),
        (
            "See the chart: {{ chart(id=\"revenue_chart\") }}",
            "`chart(...)` must stand alone on its line",
        ),
        (
            "“{{ chart(id=\"revenue_chart\") }}”",
            "`chart(...)` must stand alone on its line",
        ),
        ("{{ table(index=0, id=\"operations\") }}", "not both"),
    ];
    for (body, expected) in cases {
        let dir = with_brief_template(&format!("# L\n\n{body}\n"));
        let err = common::try_render_md(dir.path())
            .expect_err(body)
            .to_string();
        assert!(err.contains(expected), "{body}\n  gave: {err}");
    }
}

/// model.toml's charts are checked where they are declared.
#[test]
fn a_model_chart_error_points_at_its_line() {
    let dir = common::copy_of(&common::root().join("examples/larkspur"));
    let path = dir.path().join("model.toml");
    let text = std::fs::read_to_string(&path).unwrap();
    std::fs::write(
        &path,
        text.replace("items = [\"revenue\"]\n", "items = [\"revenu\"]\n"),
    )
    .unwrap();
    let err = common::try_render_md(dir.path()).unwrap_err().to_string();
    assert!(err.contains("model.toml:"), "{err}");
    assert!(err.contains("unknown item `revenu`"), "{err}");
    assert!(err.contains("did you mean `revenue`?"), "{err}");
    let line: usize = err.split(':').nth(1).unwrap().parse().unwrap();
    assert!(
        text.lines()
            .nth(line - 1)
            .unwrap()
            .contains("items = [\"revenue\"]"),
        "{err}"
    );
}

/// An error about a placed chart points at the template line that placed
/// it, not at the top of brief.md.
#[test]
fn a_chart_error_points_at_the_call() {
    let dir = with_brief_template("# L\n\nSome text.\n\n{{ chart(id=\"nope\") }}\n");
    let err = common::try_render_md(dir.path()).unwrap_err().to_string();
    assert!(err.contains("templates/brief.md:5:4:"), "{err}");
    // Placed twice: both places are named.
    let dir = with_brief_template(
        "# L\n\n{{ chart(id=\"revenue_chart\") }}\n\n{% for p in passages %}{% include \"passage.md\" %}{% endfor %}\n",
    );
    let err = common::try_render_md(dir.path()).unwrap_err().to_string();
    assert!(err.contains("templates/brief.md:3:4:"), "{err}");
    assert!(
        err.contains("placed twice (passage `results` of model.toml, `brief.md` line 3)"),
        "{err}"
    );
}

/// Two passages of model.toml cannot place one chart.
#[test]
fn two_passages_cannot_place_one_chart() {
    let dir = common::copy_of(&common::root().join("examples/larkspur"));
    let path = dir.path().join("model.toml");
    let text = std::fs::read_to_string(&path).unwrap();
    let text = text.replace(
        "heading = \"Balance Sheet\"\n",
        "heading = \"Balance Sheet\"\ncharts = [\"revenue_chart\"]\n",
    );
    std::fs::write(&path, &text).unwrap();
    let err = common::try_render_md(dir.path()).unwrap_err().to_string();
    assert!(
        err.contains("chart `revenue_chart` is already placed by passage `results`"),
        "{err}"
    );
    let line: usize = err.split(':').nth(1).unwrap().parse().unwrap();
    assert!(
        text.lines()
            .nth(line - 1)
            .unwrap()
            .starts_with("charts = [\"revenue_chart\"]")
    );
}

/// A template's chart draws any periods the dataset has figures for, as a
/// model.toml chart does: here twelve quarters.
#[test]
fn a_template_chart_draws_as_many_quarters_as_the_figures_cover() {
    let dir = with_brief_template(
        "# L\n\n{{ chart(id=\"x\", title=\"T\", items=[\"revenue\"], columns=[\"trailing_12\"]) }}\n",
    );
    let path = dir.path().join("figures.csv");
    let mut csv = std::fs::read_to_string(&path).unwrap();
    for p in [
        "FY2022-Q4",
        "FY2023-Q1",
        "FY2023-Q2",
        "FY2023-Q3",
        "FY2023-Q4",
        "FY2024-Q1",
        "FY2024-Q2",
    ] {
        csv += &format!("revenue,{p},\"300.0\",\n");
    }
    std::fs::write(&path, csv).unwrap();
    let doc = common::render_document(dir.path()).unwrap();
    let c = doc.charts()[0];
    assert_eq!(c.categories.len(), 12);
    assert_eq!(c.categories.first().map(String::as_str), Some("Q4 2022"));
    assert_eq!(c.series[0].labels.last().map(String::as_str), Some("412.6"));
}

/// A title or series name longer than the chart is wide stays inside it.
#[test]
fn long_titles_and_names_stay_inside() {
    let long = "W".repeat(300);
    let mut c = chart(
        ChartKind::Bars,
        &FIVE,
        &[
            (long.as_str(), &["1", "2", "3", "4", "5"]),
            ("Other", &["1", "2", "3", "4", "5"]),
        ],
    );
    c.title = format!("{long} {long}");
    let d = draw(&c);
    assert_sound(&c, &d);
    assert!(labels(&d, Role::Legend)[0].text.ends_with('\u{2026}'));
}

/// A document whose series are shorter than its categories (render never
/// makes one, but the document is public) draws without a panic.
#[test]
fn a_ragged_chart_does_not_panic() {
    let mut c = chart(
        ChartKind::Stacked,
        &FIVE,
        &[("A", &["1", "2", "3", "4", "5"])],
    );
    c.series[0].values.truncate(2);
    c.series[0].labels.truncate(1);
    let d = draw(&c);
    assert_eq!(d.omitted, 4);
}
