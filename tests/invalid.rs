//! The bad-input corpus: `tests/fixtures/invalid/<case>.toml` says how to
//! break a good dataset, `<case>.stderr` what `brief render` must say.
//! Every case must exit 2 with exactly that text, and leave a brief already
//! in `--out` byte for byte as it was.
//!
//! A case file holds `about` (what is wrong), `base` (a folder under
//! `tests/fixtures/` or `examples/`), and any of: `args` (more arguments to
//! `render`), `env`, `[[replace]]` (file, old, new: `old` must occur),
//! `[[write]]` (file, text), `[[bytes]]` (file, hex: appended raw bytes),
//! `[[symlink]]` (file, target), `fifo` and `remove` (lists of files).
//! The dataset's folder prints as `<dataset>`, the output folder as `<out>`,
//! a run's time as `<time>`.
//!
//! `BRIEF_BLESS=1 cargo test --test invalid` writes each `.stderr` from
//! what the binary says now; read every one before committing it.

mod common;

use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Case {
    about: String,
    base: String,
    #[serde(default)]
    args: Vec<String>,
    #[serde(default)]
    env: BTreeMap<String, String>,
    #[serde(default)]
    replace: Vec<Replace>,
    #[serde(default)]
    write: Vec<Write>,
    #[serde(default)]
    bytes: Vec<Bytes>,
    #[serde(default)]
    symlink: Vec<Symlink>,
    #[serde(default)]
    fifo: Vec<String>,
    #[serde(default)]
    remove: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Replace {
    file: String,
    old: String,
    new: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Write {
    file: String,
    text: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Bytes {
    file: String,
    hex: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Symlink {
    file: String,
    target: String,
}

fn base(name: &str) -> PathBuf {
    let root = common::root();
    [
        root.join("tests/fixtures").join(name),
        root.join("examples").join(name),
    ]
    .into_iter()
    .find(|p| p.is_dir())
    .unwrap_or_else(|| panic!("no base dataset {name}"))
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap() {
        let e = e.unwrap();
        let target = to.join(e.file_name());
        if e.file_type().unwrap().is_dir() {
            copy_dir(&e.path(), &target);
        } else {
            std::fs::copy(e.path(), target).unwrap();
        }
    }
}

/// Every file under `dir` with its bytes.
fn snapshot(dir: &Path, into: &mut BTreeMap<PathBuf, Vec<u8>>) {
    for e in std::fs::read_dir(dir).unwrap() {
        let e = e.unwrap();
        if e.file_type().unwrap().is_dir() {
            snapshot(&e.path(), into);
        } else {
            into.insert(e.path(), std::fs::read(e.path()).unwrap());
        }
    }
}

fn apply(case: &Case, data: &Path) {
    for r in &case.replace {
        let path = data.join(&r.file);
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(text.contains(&r.old), "{} contains {:?}", r.file, r.old);
        std::fs::write(path, text.replacen(&r.old, &r.new, 1)).unwrap();
    }
    for w in &case.write {
        let path = data.join(&w.file);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, &w.text).unwrap();
    }
    for b in &case.bytes {
        let raw: Vec<u8> = (0..b.hex.len())
            .step_by(2)
            .map(|i| u8::from_str_radix(&b.hex[i..i + 2], 16).unwrap())
            .collect();
        let path = data.join(&b.file);
        let mut bytes = std::fs::read(&path).unwrap_or_default();
        bytes.extend(raw);
        std::fs::write(path, bytes).unwrap();
    }
    for f in &case.remove {
        std::fs::remove_file(data.join(f)).unwrap();
    }
    #[cfg(unix)]
    {
        for s in &case.symlink {
            let path = data.join(&s.file);
            let _ = std::fs::remove_file(&path);
            std::os::unix::fs::symlink(&s.target, path).unwrap();
        }
        for f in &case.fifo {
            let path = data.join(f);
            let _ = std::fs::remove_file(&path);
            let status = Command::new("mkfifo").arg(&path).status().unwrap();
            assert!(status.success());
        }
    }
}

#[test]
fn every_bad_input_is_refused_with_its_message_and_the_brief_kept() {
    let dir = common::root().join("tests/fixtures/invalid");
    let bless = std::env::var_os("BRIEF_BLESS").is_some();
    let mut names: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "toml"))
        .collect();
    names.sort();
    assert!(names.len() >= 60, "the corpus has {} cases", names.len());
    let mut failures = Vec::new();
    for path in &names {
        let name = path.file_stem().unwrap().to_string_lossy().into_owned();
        let case: Case = toml::from_str(&std::fs::read_to_string(path).unwrap())
            .unwrap_or_else(|e| panic!("{name}: {e}"));
        assert!(!case.about.is_empty(), "{name}: say what is wrong");
        let tmp = tempfile::tempdir().unwrap();
        let data = tmp.path().join("data");
        let out = tmp.path().join("out");
        copy_dir(&base(&case.base), &data);

        // The brief of the good dataset, already in the folder.
        let good = Command::new(env!("CARGO_BIN_EXE_brief"))
            .args(["render", "-q"])
            .arg(&data)
            .arg("--out")
            .arg(&out)
            .env_remove("SOURCE_DATE_EPOCH")
            .output()
            .unwrap();
        assert!(
            matches!(good.status.code(), Some(0 | 1)),
            "{name}: the base renders: {}",
            String::from_utf8_lossy(&good.stderr)
        );
        let mut before = BTreeMap::new();
        snapshot(&out, &mut before);

        apply(&case, &data);
        let run = Command::new(env!("CARGO_BIN_EXE_brief"))
            .arg("render")
            .arg(&data)
            .args(&case.args)
            .arg("--out")
            .arg(&out)
            .env_remove("SOURCE_DATE_EPOCH")
            .env("NO_COLOR", "1")
            .envs(&case.env)
            .output()
            .unwrap();
        let said = String::from_utf8_lossy(&run.stderr)
            .replace(&data.display().to_string(), "<dataset>")
            .replace(&out.display().to_string(), "<out>");
        // A batch's summary line says how long it took.
        let said = regex_lite::Regex::new(r" in [0-9]+\.[0-9]+ s:")
            .unwrap()
            .replace_all(&said, " in <time>:")
            .into_owned();
        let expected_path = dir.join(format!("{name}.stderr"));
        if bless {
            std::fs::write(&expected_path, &said).unwrap();
        }
        let expected = std::fs::read_to_string(&expected_path).unwrap_or_default();
        if run.status.code() != Some(2) {
            failures.push(format!(
                "{name}: exit {:?}, not 2\n{said}",
                run.status.code()
            ));
        } else if said != expected {
            failures.push(format!("{name}: said\n{said}\nexpected\n{expected}"));
        }
        let mut after = BTreeMap::new();
        snapshot(&out, &mut after);
        if after != before {
            let changed: Vec<_> = after
                .keys()
                .chain(before.keys())
                .filter(|k| after.get(*k) != before.get(*k))
                .collect();
            failures.push(format!("{name}: --out changed: {changed:?}"));
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} cases:\n\n{}",
        failures.len(),
        names.len(),
        failures.join("\n\n")
    );
}
