//! Every input a fuzzer or a hostile-input trial ever crashed on
//! (`fuzz/regressions/<target>/`), run through the same function its fuzz
//! target runs (`brief::fuzz`). A panic fails the test; an abort (a stack
//! overflow) kills the test binary, which fails it too. docs/fuzzing.md.

mod common;

use std::panic::{AssertUnwindSafe, catch_unwind};

/// What a fuzz target runs on its bytes.
type Target = fn(&[u8]);

#[test]
fn no_input_that_once_crashed_crashes() {
    let root = common::root().join("fuzz/regressions");
    let targets: [(&str, Target); 5] = [
        ("dataset", brief::fuzz::dataset),
        ("template", brief::fuzz::template),
        ("formula", brief::fuzz::formula),
        ("number", brief::fuzz::number),
        ("markdown", brief::fuzz::markdown),
    ];
    let mut ran = 0;
    let mut panics = Vec::new();
    for (target, run) in targets {
        let Ok(entries) = std::fs::read_dir(root.join(target)) else {
            continue;
        };
        let mut files: Vec<_> = entries.map(|e| e.unwrap().path()).collect();
        files.sort();
        for file in files {
            let bytes = std::fs::read(&file).unwrap();
            ran += 1;
            if catch_unwind(AssertUnwindSafe(|| run(&bytes))).is_err() {
                panics.push(file.display().to_string());
            }
        }
    }
    assert!(ran >= 10, "only {ran} regression inputs");
    assert!(panics.is_empty(), "panicked on: {panics:#?}");
}
