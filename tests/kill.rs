//! A render killed at any point: no broken file, the previous brief or the
//! new one (never a mix once the next run has finished), and no temporary
//! file left after the next run.
//!
//! Fifty `SIGKILL`s at points spread over a whole render (its length is
//! measured first, so the points cover start-up, typesetting and the
//! renames on any machine). Two versions of one brief alternate, so every
//! run has files to replace.

#![cfg(unix)]

mod common;

use std::collections::BTreeMap;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// `brief render DATA --out OUT`, quiet.
fn render(data: &Path, out: &Path) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_brief"));
    c.arg("render").arg(data).arg("--out").arg(out);
    c.stdout(Stdio::null()).stderr(Stdio::null());
    c
}

/// Two versions of the ICC dataset: the same charts, a different dateline.
fn two_versions() -> (tempfile::TempDir, tempfile::TempDir) {
    let icc = common::root().join("examples/icc");
    let (a, b) = (common::copy_of(&icc), common::copy_of(&icc));
    common::replace(b.path(), "company.toml", "NEW YORK", "NEW JERSEY");
    (a, b)
}

/// Every file in a folder, by name.
fn files(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    std::fs::read_dir(dir)
        .map(|entries| {
            entries
                .filter_map(|e| e.ok())
                .filter(|e| e.file_type().is_ok_and(|t| t.is_file()))
                .map(|e| {
                    (
                        e.file_name().to_string_lossy().into_owned(),
                        std::fs::read(e.path()).unwrap(),
                    )
                })
                .collect()
        })
        .unwrap_or_default()
}

/// The versions (bit 0 and bit 1) whose file of this name has these bytes;
/// a panic if neither (a broken or foreign file).
fn versions_of(name: &str, bytes: &[u8], versions: &[BTreeMap<String, Vec<u8>>; 2]) -> u8 {
    let mask = (0..2)
        .filter(|&v| versions[v].get(name).map(Vec::as_slice) == Some(bytes))
        .fold(0, |m, v| m | 1 << v);
    assert!(mask != 0, "{name} is neither brief ({} bytes)", bytes.len());
    mask
}

/// Whether the files are all of one version.
fn whole(files: &BTreeMap<String, Vec<u8>>, versions: &[BTreeMap<String, Vec<u8>>; 2]) -> bool {
    files
        .iter()
        .filter(|(n, _)| !n.starts_with('.'))
        .fold(0b11, |m, (n, bytes)| m & versions_of(n, bytes, versions))
        != 0
}

#[test]
fn a_killed_render_leaves_a_whole_brief() {
    let (a, b) = two_versions();
    let other = common::root().join("tests/fixtures/tiny");

    // Each version's files, rendered without interruption.
    let mut versions: [BTreeMap<String, Vec<u8>>; 2] = Default::default();
    let mut took = Duration::ZERO;
    for (v, data) in [a.path(), b.path()].iter().enumerate() {
        let out = tempfile::tempdir().unwrap();
        let start = Instant::now();
        let status = render(data, out.path()).status().unwrap();
        took = took.max(start.elapsed());
        assert!(status.code() == Some(1) || status.success(), "{status}");
        versions[v] = files(&out.path().join("icc"));
    }
    assert_ne!(versions[0]["FY2004-Q1.md"], versions[1]["FY2004-Q1.md"]);
    assert_ne!(versions[0]["FY2004-Q1.pdf"], versions[1]["FY2004-Q1.pdf"]);

    let out = tempfile::tempdir().unwrap();
    let icc = out.path().join("icc");
    let mut seed: u64 = 0x2545_f491_4f6c_dd1d;
    let mut mixed_after_kill = 0;
    for i in 0..50 {
        let data = if i % 2 == 0 { a.path() } else { b.path() };
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        let at = took.mul_f64((seed % 1000) as f64 / 1000.0 * 1.2);
        let mut child = render(data, out.path()).spawn().unwrap();
        std::thread::sleep(at);
        let _ = child.kill();
        let _ = child.wait();

        // Right after the kill: every file is one whole version.
        if !whole(&files(&icc), &versions) {
            mixed_after_kill += 1;
        }

        // The next run, of another company into the same folder, finishes
        // what the killed one started and removes what it left.
        let status = render(&other, out.path()).status().unwrap();
        assert!(status.success(), "the next run: {status}");
        let after = files(&icc);
        let left: Vec<&String> = after.keys().filter(|n| n.starts_with('.')).collect();
        assert!(left.is_empty(), "kill {i} at {at:?}: left {left:?}");
        assert!(
            whole(&after, &versions),
            "kill {i} at {at:?}: a brief of two versions after the next run"
        );
        if !after.is_empty() {
            assert!(
                after.contains_key("FY2004-Q1.md") && after.contains_key("FY2004-Q1.pdf"),
                "kill {i}: {:?}",
                after.keys()
            );
        }
    }
    eprintln!("{mixed_after_kill} of 50 kills left a mix that the next run finished");
}

/// The one moment a kill can leave a mix: between the renames. A run
/// stopped there (`BRIEF_FAILPOINT`, an abort at that point) leaves a new
/// file beside an old one and its journal; the next run into the folder
/// finishes the renames.
#[test]
fn a_render_stopped_between_its_renames_is_finished_by_the_next_run() {
    let root = common::root();
    let (a, b) = two_versions();
    let run = |data: &Path, out: &Path, failpoint: Option<&str>| {
        let mut c = render(data, out);
        if let Some(f) = failpoint {
            c.env("BRIEF_FAILPOINT", f);
        }
        c.status().unwrap()
    };
    let mut versions: [BTreeMap<String, Vec<u8>>; 2] = Default::default();
    for (v, data) in [a.path(), b.path()].iter().enumerate() {
        let out = tempfile::tempdir().unwrap();
        run(data, out.path(), None);
        versions[v] = files(&out.path().join("icc"));
    }

    let out = tempfile::tempdir().unwrap();
    let icc = out.path().join("icc");
    run(a.path(), out.path(), None);
    let stopped = run(b.path(), out.path(), Some("between-renames"));
    assert!(stopped.code().is_none(), "the run was stopped: {stopped}");
    let now = files(&icc);
    assert!(!whole(&now, &versions), "one file new, one old");
    assert!(
        now.keys().any(|n| n.ends_with(".journal")),
        "{:?}",
        now.keys()
    );

    let next = run(&root.join("tests/fixtures/tiny"), out.path(), None);
    assert!(next.success(), "{next}");
    let after = files(&icc);
    let names = |m: &BTreeMap<String, Vec<u8>>| m.keys().cloned().collect::<Vec<_>>();
    assert_eq!(
        names(&after),
        names(&versions[1]),
        "the brief's files, and nothing else"
    );
    assert!(after == versions[1], "the new brief, whole");
}
