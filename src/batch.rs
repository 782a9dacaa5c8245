//! Many datasets in one run: which folders the command line names, and the
//! work on them spread over every core (rayon) while what each one says is
//! reported in the order the datasets were given, so a run's output is the
//! same however the threads were scheduled. One dataset's failure (even a
//! bug that panics) is that dataset's result, never the others'.

use crate::error::InputError;
use std::path::{Path, PathBuf};
use std::sync::mpsc;

/// The datasets a command line names. An argument is a dataset when it
/// holds a `company.toml`; a folder without one that holds datasets stands
/// for them (in name order), and a folder inside it that holds any dataset
/// file but no `company.toml` is taken as a (broken) dataset rather than left
/// out in silence; anything else is taken as a dataset, so that loading it
/// says what is wrong with it. A dataset named twice (`datasets/` and
/// `datasets/icc`) is worked on once.
pub fn datasets(args: &[PathBuf]) -> Vec<PathBuf> {
    use crate::load::{COMPANY_FILE, FIGURES_CSV, FIGURES_TOML, MODEL_FILE};
    let mut out = Vec::new();
    for arg in args {
        if arg.join(COMPANY_FILE).exists() || !arg.is_dir() {
            out.push(arg.clone());
            continue;
        }
        let looks_like_a_dataset = |p: &Path| {
            [COMPANY_FILE, MODEL_FILE, FIGURES_CSV, FIGURES_TOML]
                .iter()
                .any(|f| crate::load::present(&p.join(f)))
        };
        let mut inner: Vec<PathBuf> = std::fs::read_dir(arg)
            .into_iter()
            .flatten()
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.is_dir() && looks_like_a_dataset(p))
            .collect();
        inner.sort();
        if inner.is_empty() {
            out.push(arg.clone());
        } else {
            out.extend(inner);
        }
    }
    let mut seen = std::collections::HashSet::new();
    out.retain(|p| seen.insert(std::fs::canonicalize(p).unwrap_or_else(|_| p.clone())));
    out
}

/// Whether a command line is a batch: more than one argument, or a folder
/// of datasets. A batch's JSON is an array, one entry per dataset.
pub fn is_batch(args: &[PathBuf]) -> bool {
    args.len() > 1
        || args
            .iter()
            .any(|a| a.is_dir() && !a.join(crate::load::COMPANY_FILE).exists())
}

/// Runs `work` on each of `n` items on every core. `finished` is called on
/// the calling thread as each item finishes, in any order (for a progress
/// bar); `emit` is called on the calling thread with each result in item
/// order, as soon as every earlier item has been emitted. A panic in `work`
/// becomes that item's error. One item runs on the calling thread: no pool
/// is started (for one brief, starting threads cost a third of the run's
/// system time and a second malloc arena).
pub fn run_ordered<T: Send>(
    n: usize,
    work: impl Fn(usize) -> Result<T, InputError> + Sync,
    mut finished: impl FnMut(),
    mut emit: impl FnMut(usize, Result<T, InputError>),
) {
    let guarded = |i: usize| {
        std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| work(i)))
            .unwrap_or_else(|panic| Err(internal_error(panic)))
    };
    if n == 1 {
        let result = guarded(0);
        finished();
        emit(0, result);
        return;
    }
    let (tx, rx) = mpsc::channel::<(usize, Result<T, InputError>)>();
    let guarded = &guarded;
    rayon::in_place_scope(|s| {
        for i in 0..n {
            let tx = tx.clone();
            s.spawn(move |_| {
                let _ = tx.send((i, guarded(i)));
            });
        }
        drop(tx);
        let mut pending: Vec<Option<Result<T, InputError>>> = (0..n).map(|_| None).collect();
        let mut next = 0;
        for (i, result) in rx.iter() {
            finished();
            pending[i] = Some(result);
            while next < n {
                let Some(r) = pending[next].take() else { break };
                emit(next, r);
                next += 1;
            }
        }
    });
}

/// A panic, as the error of the dataset it happened on.
fn internal_error(panic: Box<dyn std::any::Any + Send>) -> InputError {
    let what = panic
        .downcast_ref::<&str>()
        .map(|s| s.to_string())
        .or_else(|| panic.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "unknown".to_string());
    InputError::file(
        Path::new("brief"),
        format!("internal error ({what}); this is a bug in brief, please report it"),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn results_come_in_order_and_a_panic_is_one_items_error() {
        let mut seen = Vec::new();
        let mut finished = 0;
        run_ordered(
            40,
            |i| {
                if i == 7 {
                    panic!("seven");
                }
                std::thread::sleep(std::time::Duration::from_micros((40 - i as u64) * 50));
                Ok(i * 2)
            },
            || finished += 1,
            |i, r| seen.push((i, r.map_err(|e| e.message))),
        );
        assert_eq!(finished, 40);
        assert_eq!(seen.len(), 40);
        for (k, (i, r)) in seen.iter().enumerate() {
            assert_eq!(*i, k);
            if k == 7 {
                assert!(r.as_ref().unwrap_err().contains("internal error (seven)"));
            } else {
                assert_eq!(*r.as_ref().unwrap(), k * 2);
            }
        }
    }
}
