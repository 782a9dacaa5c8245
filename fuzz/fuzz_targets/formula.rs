//! `cargo fuzz run formula`: see brief::fuzz::formula.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| brief::fuzz::formula(data));
