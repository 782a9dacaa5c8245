//! `cargo fuzz run template`: see brief::fuzz::template.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| brief::fuzz::template(data));
