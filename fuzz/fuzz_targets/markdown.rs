//! `cargo fuzz run markdown`: see brief::fuzz::markdown.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| brief::fuzz::markdown(data));
