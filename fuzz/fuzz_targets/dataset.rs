//! `cargo fuzz run dataset`: see brief::fuzz::dataset.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| brief::fuzz::dataset(data));
