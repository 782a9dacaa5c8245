//! `cargo fuzz run number`: see brief::fuzz::number.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| brief::fuzz::number(data));
