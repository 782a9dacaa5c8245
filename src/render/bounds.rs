//! Bounds on what a template may do, so that a template with a runaway loop
//! ends with an error instead of a hang or a brief of gigabytes.
//!
//! Two bounds, both counted, never timed, so the same dataset fails the
//! same way on every machine:
//! - **Output.** One rendering writes at most [`MAX_OUTPUT`] bytes. The
//!   reference brief writes 12 KB in all.
//! - **Iteration.** `range()` gives at most [`MAX_RANGE`] numbers over all
//!   its calls in one brief. A loop over the dataset's own lists is bounded
//!   by the dataset; `range` is the one way to loop over nothing, and a loop
//!   with an empty body writes nothing for the output bound to catch.

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

/// The most bytes one template rendering may write: 4 MiB.
pub const MAX_OUTPUT: usize = 4 << 20;

/// The most numbers `range()` may give over one brief.
pub const MAX_RANGE: u64 = 1_000_000;

/// A buffer that refuses to grow past [`MAX_OUTPUT`].
#[derive(Default)]
pub struct Bounded {
    pub bytes: Vec<u8>,
    /// Set when a write would have passed the bound.
    pub over: bool,
}

impl std::io::Write for Bounded {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        if self.bytes.len() + buf.len() > MAX_OUTPUT {
            self.over = true;
            return Err(std::io::Error::other("template output bound"));
        }
        self.bytes.extend_from_slice(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// tera's `range(end=, start=, step_by=)`, drawing on one brief's budget.
pub fn range(kw: &tera::Kwargs, budget: &Arc<AtomicU64>) -> tera::TeraResult<Vec<i64>> {
    let start = kw.get::<i64>("start")?.unwrap_or(0);
    let end = kw.must_get::<i64>("end")?;
    let step = kw.get::<i64>("step_by")?.unwrap_or(1);
    if step == 0 {
        return Err(tera::Error::message("`range` was called with `step_by=0`"));
    }
    if start > end && step > 0 {
        // As tera's own `range` says it.
        return Err(tera::Error::message(
            "`range` was called with a `start` greater than its `end`",
        ));
    }
    let span = i128::from(end) - i128::from(start);
    let step128 = i128::from(step);
    let len = if (span > 0) == (step > 0) && span != 0 {
        (span.abs() + step128.abs() - 1) / step128.abs()
    } else {
        0
    };
    let len = u64::try_from(len).unwrap_or(u64::MAX);
    let used = budget.fetch_add(len.min(MAX_RANGE + 1), Ordering::Relaxed);
    if used.saturating_add(len) > MAX_RANGE {
        return Err(tera::Error::message(format!(
            "`range` would give more than {MAX_RANGE} numbers in one brief (a loop nested too deep, or too long?)"
        )));
    }
    let mut out = Vec::with_capacity(len as usize);
    let mut i = start;
    while out.len() < len as usize {
        out.push(i);
        i = i.saturating_add(step);
    }
    Ok(out)
}
