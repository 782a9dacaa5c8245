//! Many datasets in one run, and the docs folder they are rendered into:
//! a broken dataset never stops the others, the index lists every brief
//! with links that resolve, and a second run of unchanged datasets changes
//! no byte and rewrites no file.

mod common;

use assert_cmd::Command;
use common::{copy_of, replace, root};
use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::time::SystemTime;

fn brief() -> Command {
    let mut c = Command::cargo_bin("brief").unwrap();
    c.env_remove("SOURCE_DATE_EPOCH");
    c
}

/// Every file under `dir`, with its bytes and modification time.
fn snapshot(dir: &Path) -> BTreeMap<PathBuf, (Vec<u8>, SystemTime)> {
    let mut out = BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in fs::read_dir(&d).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                stack.push(p);
            } else {
                let m = fs::metadata(&p).unwrap().modified().unwrap();
                out.insert(
                    p.strip_prefix(dir).unwrap().to_path_buf(),
                    (fs::read(&p).unwrap(), m),
                );
            }
        }
    }
    out
}

#[test]
fn a_broken_dataset_among_good_ones_is_reported_and_the_others_are_written() {
    let out = tempfile::tempdir().unwrap();
    let broken = copy_of(&root().join("examples/larkspur"));
    replace(
        broken.path(),
        "model.toml",
        "[[item]]",
        "[[item]]\nbogus = 1",
    );
    let a = brief()
        .arg("render")
        .arg(root().join("examples/icc"))
        .arg(broken.path())
        .arg(root().join("examples/forian"))
        .arg("--out")
        .arg(out.path())
        .assert()
        .code(2);
    let err = String::from_utf8(a.get_output().stderr.clone()).unwrap();
    assert!(
        err.contains(&format!(
            "error: {}",
            broken.path().join("model.toml").display()
        )),
        "{err}"
    );
    assert!(err.contains("unknown field `bogus`"), "{err}");
    assert!(err.contains("rendered 3 datasets in"), "{err}");
    assert!(
        err.contains(": 2 written, 0 unchanged, 2 with findings, 1 failed"),
        "{err}"
    );
    assert!(out.path().join("icc/FY2004-Q1.md").exists());
    assert!(out.path().join("forian/FY2025-Q2.pdf").exists());
    assert!(!out.path().join("larkspur").exists());
    // What each dataset says comes in the order the datasets were given.
    let icc = err.find("examples/icc for FY2004-Q1").unwrap();
    let bad = err.find("unknown field `bogus`").unwrap();
    let forian = err.find("examples/forian for FY2025-Q2").unwrap();
    assert!(icc < bad && bad < forian, "{err}");
}

#[test]
fn a_folder_of_datasets_renders_into_a_docs_folder_that_a_second_run_leaves_alone() {
    let out = tempfile::tempdir().unwrap();
    let run = || {
        let a = brief()
            .arg("render")
            .arg(root().join("examples"))
            .arg("--out")
            .arg(out.path())
            .assert()
            .success();
        String::from_utf8(a.get_output().stderr.clone()).unwrap()
    };
    let err = run();
    assert!(err.contains(": 3 written, 0 unchanged"), "{err}");
    let first = snapshot(out.path());
    let names: Vec<String> = first.keys().map(|p| p.display().to_string()).collect();
    assert_eq!(
        names,
        [
            "forian/FY2025-Q2.md",
            "forian/FY2025-Q2.pdf",
            "icc/FY2004-Q1-adjusted_ebitda_trend.svg",
            "icc/FY2004-Q1-segment_revenue.svg",
            "icc/FY2004-Q1.md",
            "icc/FY2004-Q1.pdf",
            "index.md",
            "larkspur/FY2025-Q3-margin_chart.svg",
            "larkspur/FY2025-Q3-revenue_chart.svg",
            "larkspur/FY2025-Q3.md",
            "larkspur/FY2025-Q3.pdf",
        ]
    );
    // Let a rewrite show in the modification time, then run again.
    std::thread::sleep(std::time::Duration::from_millis(20));
    let err = run();
    assert!(err.contains(": 0 written, 3 unchanged"), "{err}");
    assert!(!err.contains("wrote"), "{err}");
    assert_eq!(
        snapshot(out.path()),
        first,
        "no byte and no modification time changed"
    );

    // The index: by company name, each link resolving to a file written.
    let index = String::from_utf8(first[Path::new("index.md")].0.clone()).unwrap();
    let forian = index.find("## Forian Inc.").unwrap();
    let icc = index.find("## Internet Commerce Corporation").unwrap();
    let lark = index.find("## Larkspur Instruments, Inc.").unwrap();
    assert!(forian < icc && icc < lark, "{index}");
    assert!(index.contains("| FY2004-Q1 | [ICC Announces First Quarter Fiscal 2004 Financial Results](icc/FY2004-Q1.md) | [PDF](icc/FY2004-Q1.pdf) |"), "{index}");
    let links: Vec<&str> = index
        .split("](")
        .skip(1)
        .map(|s| &s[..s.find(')').unwrap()])
        .collect();
    assert_eq!(links.len(), 6);
    for l in links {
        assert!(out.path().join(l).is_file(), "{l} resolves");
    }
}

#[test]
fn the_index_keeps_briefs_of_earlier_runs_newest_first_and_drops_removed_ones() {
    let out = tempfile::tempdir().unwrap();
    brief()
        .arg("render")
        .arg(root().join("examples/larkspur"))
        .arg("--out")
        .arg(out.path())
        .assert()
        .success();
    // A brief an earlier run wrote for the quarter before, Markdown only.
    fs::write(
        out.path().join("larkspur/FY2025-Q2.md"),
        "# Larkspur Announces Second Quarter 2025 Financial Results\n",
    )
    .unwrap();
    brief()
        .arg("render")
        .arg(root().join("examples/icc"))
        .arg("--out")
        .arg(out.path())
        .assert()
        .success();
    let index = fs::read_to_string(out.path().join("index.md")).unwrap();
    let q3 = index.find("| FY2025-Q3 |").expect(&index);
    let q2 = index.find("| FY2025-Q2 |").expect(&index);
    assert!(q3 < q2, "newest first:\n{index}");
    assert!(
        index.contains("## Larkspur Instruments, Inc."),
        "the name of a company not rendered now is kept:\n{index}"
    );
    assert!(
        index.contains("(larkspur/FY2025-Q2.md) |  |"),
        "an md-only brief has no PDF link:\n{index}"
    );
    fs::remove_file(out.path().join("larkspur/FY2025-Q2.md")).unwrap();
    brief()
        .arg("render")
        .arg(root().join("examples/icc"))
        .arg("--out")
        .arg(out.path())
        .assert()
        .success();
    let index = fs::read_to_string(out.path().join("index.md")).unwrap();
    assert!(!index.contains("FY2025-Q2"), "{index}");
}

#[test]
fn two_datasets_that_make_the_same_brief_are_both_refused() {
    let out = tempfile::tempdir().unwrap();
    let a = copy_of(&root().join("examples/larkspur"));
    let b = copy_of(&root().join("examples/larkspur"));
    let r = brief()
        .arg("render")
        .arg(a.path())
        .arg(b.path())
        .arg(root().join("examples/icc"))
        .arg("--out")
        .arg(out.path())
        .assert()
        .code(2);
    let err = String::from_utf8(r.get_output().stderr.clone()).unwrap();
    assert_eq!(
        err.matches("would be written by 2 datasets").count(),
        2,
        "{err}"
    );
    assert!(!out.path().join("larkspur").exists());
    assert!(out.path().join("icc/FY2004-Q1.md").exists());
}

#[test]
fn a_chart_taken_out_is_removed_from_the_folder() {
    let out = tempfile::tempdir().unwrap();
    let data = copy_of(&root().join("examples/larkspur"));
    let render = || {
        brief()
            .arg("render")
            .arg(data.path())
            .arg("--out")
            .arg(out.path())
            .assert()
            .success()
    };
    render();
    assert!(
        out.path()
            .join("larkspur/FY2025-Q3-margin_chart.svg")
            .exists()
    );
    let model = fs::read_to_string(data.path().join("model.toml")).unwrap();
    let start = model
        .find("[[chart]]\nid = \"margin_chart\"")
        .expect("the margin chart");
    let end = model[start + 9..]
        .find("\n[[")
        .map_or(model.len(), |e| start + 9 + e + 1);
    let without = format!("{}{}", &model[..start], &model[end..])
        .replace(", \"margin_chart\"", "")
        .replace("\"margin_chart\"", "");
    fs::write(data.path().join("model.toml"), without).unwrap();
    let a = render();
    let err = String::from_utf8(a.get_output().stderr.clone()).unwrap();
    assert!(err.contains("removed"), "{err}");
    assert!(
        !out.path()
            .join("larkspur/FY2025-Q3-margin_chart.svg")
            .exists()
    );
    assert!(
        out.path()
            .join("larkspur/FY2025-Q3-revenue_chart.svg")
            .exists()
    );
}

#[test]
fn check_of_many_datasets_gives_one_json_entry_each() {
    let broken = copy_of(&root().join("examples/larkspur"));
    replace(
        broken.path(),
        "model.toml",
        "[[item]]",
        "[[item]]\nbogus = 1",
    );
    let a = brief()
        .arg("check")
        .arg(root().join("examples/larkspur"))
        .arg(broken.path())
        .arg(root().join("examples/icc"))
        .args(["--format", "json"])
        .assert()
        .code(2);
    let v: serde_json::Value = serde_json::from_slice(&a.get_output().stdout).unwrap();
    let entries = v.as_array().unwrap();
    assert_eq!(entries.len(), 3);
    assert_eq!(entries[0]["clean"], true);
    assert!(
        entries[1]["error"]
            .as_str()
            .unwrap()
            .contains("unknown field `bogus`")
    );
    assert_eq!(entries[2]["findings"].as_array().unwrap().len(), 14);
    let err = String::from_utf8(a.get_output().stderr.clone()).unwrap();
    assert!(err.contains("1 clean, 1 with findings, 1 failed"), "{err}");
}

#[test]
fn a_pdf_only_render_keeps_the_charts_the_markdown_links() {
    let out = tempfile::tempdir().unwrap();
    let run = |format: &str| {
        brief()
            .arg("render")
            .arg(root().join("examples/icc"))
            .args(["--format", format, "--out"])
            .arg(out.path())
            .assert()
            .success();
    };
    run("md,pdf");
    run("pdf");
    assert!(
        out.path()
            .join("icc/FY2004-Q1-segment_revenue.svg")
            .exists()
    );
}

#[test]
fn a_folder_inside_a_datasets_folder_without_company_toml_is_reported() {
    let datasets = tempfile::tempdir().unwrap();
    let good = datasets.path().join("larkspur");
    fs::create_dir(&good).unwrap();
    for f in ["company.toml", "model.toml", "figures.csv"] {
        fs::copy(root().join("examples/larkspur").join(f), good.join(f)).unwrap();
    }
    let broken = datasets.path().join("acme");
    fs::create_dir(&broken).unwrap();
    fs::copy(
        root().join("examples/larkspur/model.toml"),
        broken.join("model.toml"),
    )
    .unwrap();
    fs::create_dir(datasets.path().join("notes")).unwrap();
    let out = tempfile::tempdir().unwrap();
    let a = brief()
        .arg("render")
        .arg(datasets.path())
        .arg(&good)
        .arg("--out")
        .arg(out.path())
        .assert()
        .code(2);
    let err = String::from_utf8(a.get_output().stderr.clone()).unwrap();
    assert!(
        err.contains("acme/company.toml: cannot read the file"),
        "{err}"
    );
    assert!(
        err.contains("rendered 2 datasets"),
        "the dataset named twice is rendered once, `notes` is not a dataset: {err}"
    );
}
