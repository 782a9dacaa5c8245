//! Where briefs are written, and how. A folder of briefs is laid out for a
//! docs repository: `<root>/<company>/<quarter>.md` with its PDF and charts
//! beside it, and `<root>/index.md` listing them. Every file goes to a
//! temporary file in the same folder and is renamed over the old one, so a
//! failed run never leaves a half-written file and never destroys the
//! previous brief; a file whose bytes would not change is not touched at
//! all, so a re-render of an unchanged dataset leaves the folder as it was
//! (contents and modification times).

pub mod index;

use crate::backend::Artifact;
use crate::error::InputError;
use crate::model::QuarterModel;
use std::io::Write;
use std::path::{Path, PathBuf};

/// The default root of the briefs folder.
pub const DEFAULT_ROOT: &str = "output";

/// The folder of a company's briefs under `root`: `<root>/<company>/`.
pub fn brief_dir(root: &Path, model: &QuarterModel) -> PathBuf {
    root.join(slug(&model.company.short_name))
}

/// The file name stem of a brief in its company's folder: the quarter,
/// `FY2004-Q1`, so the path reads `icc/FY2004-Q1.md`.
pub fn stem(model: &QuarterModel) -> String {
    model.quarter.to_string()
}

/// The name a brief's PDF carries outside its folder (an attachment):
/// `icc-FY2004-Q1.pdf`, so it says whose brief it is.
pub fn attachment_name(model: &QuarterModel) -> String {
    format!("{}-{}.pdf", slug(&model.company.short_name), model.quarter)
}

/// What writing a brief did.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Written {
    /// Files written because they are new or their bytes changed.
    pub changed: Vec<PathBuf>,
    /// Files left as they were, their bytes being the same.
    pub unchanged: Vec<PathBuf>,
    /// Files of an earlier render of this brief that this one no longer
    /// makes (a chart taken out), removed.
    pub removed: Vec<PathBuf>,
}

/// Lowercase ASCII letters and digits, runs of anything else as one `-`.
pub fn slug(name: &str) -> String {
    let mut out = String::new();
    for c in name.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if !out.is_empty() && !out.ends_with('-') {
            out.push('-');
        }
    }
    let out = out.trim_end_matches('-').to_string();
    if out.is_empty() {
        "brief".to_string()
    } else {
        out
    }
}

/// Writes every artifact of one brief into `dir`. A file whose bytes are
/// already there is left alone; every other file is written to a temporary
/// file first, and the renames start only when all were written: running
/// out of space while writing the PDF leaves the previous Markdown and PDF
/// as they were, not one new and one old.
///
/// The folder is locked for the whole write ([`lock_dir`]). When more than
/// one file changes, the renames are journalled: a journal naming each
/// staged file and where it goes is written before the first rename and
/// removed after the last. A run killed between the two leaves the journal,
/// and the next run that writes into the folder, or into the root above it,
/// finishes the renames ([`recover`]) before anything else, so a new
/// Markdown never stays beside an old PDF. A rename that fails part-way is
/// an error that says which files were already replaced. Charts an earlier
/// render of this brief drew (`<stem>-*.svg`) that this one does not are
/// removed last.
pub fn write_all(dir: &Path, stem: &str, artifacts: &[Artifact]) -> Result<Written, InputError> {
    std::fs::create_dir_all(dir)
        .map_err(|e| InputError::file(dir, format!("cannot create the output folder: {e}")))?;
    // Held until every file is in place: another run writing a brief of
    // this folder (or sending one) waits, and a journal found under the
    // lock is one a killed run left.
    let _lock = lock_dir(dir)
        .map_err(|e| InputError::file(dir, format!("cannot lock the brief's folder: {e}")))?;
    recover_locked(dir);
    let mut written = Written::default();
    let mut staged = Vec::new();
    for a in artifacts {
        let path = dir.join(&a.name);
        if same_bytes(&path, &a.bytes) {
            written.unchanged.push(path);
        } else {
            staged.push((stage(&path, &a.bytes)?, path));
        }
    }
    let journal = if staged.len() > 1 {
        let mut text = String::new();
        for (tmp, path) in &staged {
            let (Some(from), Some(to)) = (tmp.path().file_name(), path.file_name()) else {
                continue;
            };
            text += &format!("{}\t{}\n", from.to_string_lossy(), to.to_string_lossy());
        }
        let journal = dir.join(format!(
            "{TEMP_PREFIX}{}-{stem}{JOURNAL_SUFFIX}",
            std::process::id()
        ));
        write_atomic(&journal, text.as_bytes())?;
        Some(journal)
    } else {
        None
    };
    for (tmp, path) in staged {
        if let Err(e) = tmp.persist(&path) {
            // The staged files not yet renamed are deleted as they drop; the
            // journal could not finish them, so it goes too.
            if let Some(journal) = &journal {
                let _ = std::fs::remove_file(journal);
            }
            let replaced: Vec<String> = written
                .changed
                .iter()
                .filter_map(|p| p.file_name())
                .map(|n| n.to_string_lossy().into_owned())
                .collect();
            let mut message = format!("cannot write: {}", e.error);
            if !replaced.is_empty() {
                message += &format!(
                    "; {} already replaced, so this brief's files are of two versions until a render succeeds",
                    replaced.join(" and ")
                );
            }
            return Err(InputError::file(&path, message));
        }
        written.changed.push(path);
        failpoint("between-renames");
    }
    // Nothing renamed, nothing to flush: an unchanged brief syncs nothing.
    if !written.changed.is_empty() {
        sync_dir(dir);
    }
    if let Some(journal) = journal {
        // Only once every rename is on disk: until then, the journal is
        // what lets the next run finish them.
        let _ = std::fs::remove_file(journal);
        sync_dir(dir);
    }
    let prefix = format!("{stem}-");
    let names: Vec<&str> = artifacts.iter().map(|a| a.name.as_str()).collect();
    // Charts come with the Markdown that links them: a run that writes no
    // Markdown (`--format pdf`) leaves them for the Markdown that is there.
    let markdown = format!("{stem}.md");
    if !names.contains(&markdown.as_str()) {
        return Ok(written);
    }
    if let Ok(entries) = std::fs::read_dir(dir) {
        let mut stale: Vec<PathBuf> = entries
            .filter_map(|e| e.ok())
            .filter(|e| {
                let name = e.file_name();
                let name = name.to_string_lossy();
                name.starts_with(&prefix) && name.ends_with(".svg") && !names.contains(&&*name)
            })
            .map(|e| e.path())
            .collect();
        stale.sort();
        for path in stale {
            std::fs::remove_file(&path).map_err(|e| {
                InputError::file(&path, format!("cannot remove a stale chart: {e}"))
            })?;
            written.removed.push(path);
        }
    }
    Ok(written)
}

/// For the kill tests: `BRIEF_FAILPOINT=<name>` aborts the process at the
/// point of that name, as a kill there would (no destructor runs, so the
/// temporary files stay). Unset, it costs one environment look-up.
fn failpoint(name: &str) {
    if std::env::var_os("BRIEF_FAILPOINT").is_some_and(|v| v == name) {
        std::process::abort();
    }
}

/// A journal of renames in progress: `.brief-<pid>-<stem>.journal`, one
/// line per file, the staged name and the final name separated by a tab.
const JOURNAL_SUFFIX: &str = ".journal";

/// Finishes what killed runs left under a briefs folder `root`: in each
/// company folder below it that no live run holds, the renames of every
/// journal, then the removal of every other temporary file; in `root`
/// itself, the temporary files of runs that are gone. Returns how many
/// journals it finished.
pub fn recover(root: &Path) -> usize {
    remove_stale_temporaries(root);
    let mut finished = 0;
    if let Ok(entries) = std::fs::read_dir(root) {
        for e in entries.filter_map(|e| e.ok()) {
            if !e.file_type().is_ok_and(|t| t.is_dir()) {
                continue;
            }
            let dir = e.path();
            // A folder another run holds is being written: its journal is live.
            let Ok(lock) = std::fs::File::open(&dir) else {
                continue;
            };
            if lock.try_lock().is_ok() {
                finished += recover_locked(&dir);
            }
        }
    }
    finished
}

/// An exclusive lock on a folder (on the folder itself), held while a
/// brief's files are written (`write_all`) and while its send log is read
/// and written (`deliver`): two runs on one brief take turns, and whoever
/// holds it knows no other run is writing there.
pub fn lock_dir(dir: &Path) -> std::io::Result<std::fs::File> {
    let f = std::fs::File::open(dir)?;
    f.lock()?;
    Ok(f)
}

/// [`recover`] for one company folder whose lock the caller holds: every
/// journal in it is a killed run's, and every temporary file is stale.
fn recover_locked(dir: &Path) -> usize {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return 0;
    };
    let names: Vec<String> = entries
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with(TEMP_PREFIX))
        .collect();
    let mut journals: Vec<&String> = names
        .iter()
        .filter(|n| n.ends_with(JOURNAL_SUFFIX))
        .collect();
    journals.sort();
    for journal in &journals {
        if let Ok(text) = std::fs::read_to_string(dir.join(journal)) {
            for line in text.lines() {
                let Some((from, to)) = line.split_once('\t') else {
                    continue;
                };
                // A staged file to one of the folder's own files: a journal
                // never moves anything else, nor out of its folder.
                if is_temporary(from) && is_brief_file(to) {
                    let _ = std::fs::rename(dir.join(from), dir.join(to));
                }
            }
        }
        sync_dir(dir);
        let _ = std::fs::remove_file(dir.join(journal));
    }
    for name in &names {
        if is_temporary(name) {
            let _ = std::fs::remove_file(dir.join(name));
        }
    }
    // Nothing left by a killed run, nothing to flush: a folder sync costs
    // as much as rendering a brief.
    if !names.is_empty() {
        sync_dir(dir);
    }
    journals.len()
}

/// A plain file name (one component, nothing a path could read as a
/// folder or a drive).
fn is_plain_name(name: &str) -> bool {
    !name.is_empty() && !name.contains(['/', '\\', ':']) && name != "." && name != ".."
}

/// A name `stage` gives a temporary file.
fn is_temporary(name: &str) -> bool {
    is_plain_name(name) && name.starts_with(TEMP_PREFIX) && name.ends_with(TEMP_SUFFIX)
}

/// A name a brief's file may have: plain, and not hidden.
fn is_brief_file(name: &str) -> bool {
    is_plain_name(name) && !name.starts_with('.')
}

/// Temporary files are named `.brief-<pid>-<random>.tmp`, so that a later
/// run can tell those of a run that was killed from those of one still going.
const TEMP_PREFIX: &str = ".brief-";
const TEMP_SUFFIX: &str = ".tmp";

/// Removes the temporary files a killed run left in `dir`: those whose
/// process is gone (on Linux, no `/proc/<pid>`); elsewhere, those over an
/// hour old. Returns how many were removed.
pub fn remove_stale_temporaries(dir: &Path) -> usize {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return 0;
    };
    let mut removed = 0;
    for e in entries.filter_map(|e| e.ok()) {
        let name = e.file_name();
        let name = name.to_string_lossy();
        if name.starts_with(TEMP_PREFIX)
            && name.ends_with(TEMP_SUFFIX)
            && owner_gone(&e.path())
            && std::fs::remove_file(e.path()).is_ok()
        {
            removed += 1;
        }
    }
    removed
}

/// Whether the run that made a temporary file or journal
/// (`.brief-<pid>-…`) is gone: on Linux, no `/proc/<pid>`; elsewhere, the
/// file is over an hour old. This process's own files are never gone.
fn owner_gone(path: &Path) -> bool {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let pid = name
        .strip_prefix(TEMP_PREFIX)
        .and_then(|rest| rest.split('-').next())
        .and_then(|p| p.parse::<u32>().ok());
    match pid {
        Some(p) if p == std::process::id() => false,
        Some(p) if Path::new("/proc/self").exists() => {
            !Path::new("/proc").join(p.to_string()).exists()
        }
        _ => std::fs::metadata(path)
            .and_then(|m| m.modified())
            .ok()
            .and_then(|t| t.elapsed().ok())
            .is_some_and(|age| age > std::time::Duration::from_secs(3600)),
    }
}

/// Whether the file at `path` holds exactly `bytes` (a missing or
/// unreadable file does not).
pub fn same_bytes(path: &Path, bytes: &[u8]) -> bool {
    std::fs::metadata(path).is_ok_and(|m| m.is_file() && m.len() == bytes.len() as u64)
        && std::fs::read(path).is_ok_and(|old| old == bytes)
}

/// Writes `bytes` to `path` unless it already holds them; says whether it wrote.
pub fn write_if_changed(path: &Path, bytes: &[u8]) -> Result<bool, InputError> {
    if same_bytes(path, bytes) {
        return Ok(false);
    }
    write_atomic(path, bytes)?;
    Ok(true)
}

/// Writes `bytes` to `path` through a temporary file in the same folder
/// (a rename is atomic only within one file system).
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<(), InputError> {
    stage(path, bytes)?
        .persist(path)
        .map_err(|e| InputError::file(path, format!("cannot write: {}", e.error)))?;
    sync_dir(path.parent().unwrap_or(Path::new(".")));
    Ok(())
}

/// Flushes a folder's entries to disk, so that a rename survives a power
/// loss (a send log that fell back to its old contents would send again).
/// Best effort: not every platform can open a folder.
fn sync_dir(dir: &Path) {
    if let Ok(d) = std::fs::File::open(dir) {
        let _ = d.sync_all();
    }
}

/// A temporary file beside `path` holding `bytes`, flushed to disk, with
/// the permissions the finished file should have. Dropped, it is deleted.
fn stage(path: &Path, bytes: &[u8]) -> Result<tempfile::NamedTempFile, InputError> {
    let dir = path.parent().unwrap_or(Path::new("."));
    let fail = |e: std::io::Error| InputError::file(path, format!("cannot write: {e}"));
    let mut tmp = tempfile::Builder::new()
        .prefix(&format!("{TEMP_PREFIX}{}-", std::process::id()))
        .suffix(TEMP_SUFFIX)
        .tempfile_in(dir)
        .map_err(fail)?;
    tmp.write_all(bytes).map_err(fail)?;
    // A temporary file is private (0600); a brief is a document to share, so
    // it keeps the permissions of the file it replaces, or gets 0644.
    match std::fs::metadata(path) {
        Ok(m) => tmp.as_file().set_permissions(m.permissions()),
        Err(_) => share(tmp.as_file()),
    }
    .map_err(fail)?;
    tmp.as_file().sync_all().map_err(fail)?;
    Ok(tmp)
}

#[cfg(unix)]
fn share(file: &std::fs::File) -> std::io::Result<()> {
    use std::os::unix::fs::PermissionsExt;
    file.set_permissions(std::fs::Permissions::from_mode(0o644))
}

#[cfg(not(unix))]
fn share(_: &std::fs::File) -> std::io::Result<()> {
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs() {
        assert_eq!(slug("ICC"), "icc");
        assert_eq!(slug("A|B *Holdings* <Inc>"), "a-b-holdings-inc");
        assert_eq!(slug("Société Générale"), "soci-t-g-n-rale");
        assert_eq!(slug("***"), "brief");
    }

    #[test]
    fn a_failed_rename_leaves_the_rest_and_no_temporary_files() {
        let dir = tempfile::tempdir().unwrap();
        let md = Artifact {
            name: "b.md".into(),
            bytes: b"new md".to_vec(),
            warnings: Vec::new(),
        };
        let pdf = Artifact {
            name: "b.pdf".into(),
            bytes: b"new pdf".to_vec(),
            warnings: Vec::new(),
        };
        write_all(dir.path(), "b", &[md.clone(), pdf.clone()]).unwrap();
        std::fs::write(dir.path().join("b.md"), b"old md").unwrap();
        // A folder where the PDF should go: staging works, the rename cannot.
        std::fs::remove_file(dir.path().join("b.pdf")).unwrap();
        std::fs::create_dir(dir.path().join("b.pdf")).unwrap();
        std::fs::write(dir.path().join("b.pdf").join("x"), b"").unwrap();
        let md2 = Artifact {
            bytes: b"newer md".to_vec(),
            ..md
        };
        assert!(write_all(dir.path(), "b", &[pdf, md2]).is_err());
        assert_eq!(std::fs::read(dir.path().join("b.md")).unwrap(), b"old md");
        let temporary = std::fs::read_dir(dir.path())
            .unwrap()
            .filter(|e| {
                e.as_ref()
                    .unwrap()
                    .file_name()
                    .to_string_lossy()
                    .ends_with(".tmp")
            })
            .count();
        assert_eq!(temporary, 0, "staged files are removed");
    }

    /// No temporary file or journal is left in `dir`.
    fn assert_nothing_hidden(dir: &Path) {
        let left: Vec<String> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|n| n.starts_with('.'))
            .collect();
        assert!(left.is_empty(), "left {left:?}");
    }

    /// The Markdown renamed, then the PDF's rename fails: the error says
    /// the brief is of two versions, and nothing staged or journalled is
    /// left for a later run to apply out of order.
    #[test]
    fn a_rename_failing_after_another_says_so_and_leaves_nothing_staged() {
        let dir = tempfile::tempdir().unwrap();
        let art = |name: &str, bytes: &[u8]| Artifact {
            name: name.into(),
            bytes: bytes.to_vec(),
            warnings: Vec::new(),
        };
        write_all(
            dir.path(),
            "b",
            &[art("b.md", b"old md"), art("b.pdf", b"old pdf")],
        )
        .unwrap();
        std::fs::remove_file(dir.path().join("b.pdf")).unwrap();
        std::fs::create_dir(dir.path().join("b.pdf")).unwrap();
        std::fs::write(dir.path().join("b.pdf").join("x"), b"").unwrap();
        let e = write_all(
            dir.path(),
            "b",
            &[art("b.md", b"new md"), art("b.pdf", b"new pdf")],
        )
        .unwrap_err()
        .to_string();
        assert!(e.contains("b.md already replaced"), "{e}");
        assert!(e.contains("two versions"), "{e}");
        assert_nothing_hidden(dir.path());
    }

    /// A journal moves staged files to the folder's own files, and nothing
    /// else: not a brief file over another, not out of the folder.
    #[test]
    fn a_journal_moves_only_staged_files_within_its_folder() {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path();
        std::fs::write(d.join("b.md"), b"keep").unwrap();
        std::fs::write(d.join(".brief-1-a.tmp"), b"new pdf").unwrap();
        std::fs::write(d.join(".brief-1-b.tmp"), b"x").unwrap();
        std::fs::write(
            d.join(".brief-1-b.journal"),
            "b.md\tb.pdf\n.brief-1-a.tmp\tb.pdf\n.brief-1-b.tmp\t../escaped\n",
        )
        .unwrap();
        assert_eq!(recover_locked(d), 1);
        assert_eq!(std::fs::read(d.join("b.pdf")).unwrap(), b"new pdf");
        assert_eq!(std::fs::read(d.join("b.md")).unwrap(), b"keep");
        assert!(!d.parent().unwrap().join("escaped").exists());
        assert_nothing_hidden(d);
    }

    #[test]
    fn temporaries_of_a_killed_run_are_removed_and_a_live_runs_are_not() {
        let dir = tempfile::tempdir().unwrap();
        // A process that has ended, and this one.
        let mut child = std::process::Command::new("true").spawn().unwrap();
        let dead = child.id();
        child.wait().unwrap();
        let dead_file = dir.path().join(format!(".brief-{dead}-abc.tmp"));
        let live_file = dir
            .path()
            .join(format!(".brief-{}-abc.tmp", std::process::id()));
        let other = dir.path().join("notes.tmp");
        for f in [&dead_file, &live_file, &other] {
            std::fs::write(f, b"x").unwrap();
        }
        if Path::new("/proc/self").exists() {
            assert_eq!(remove_stale_temporaries(dir.path()), 1);
            assert!(!dead_file.exists());
        }
        assert!(live_file.exists() && other.exists());
    }

    #[cfg(unix)]
    #[test]
    fn a_brief_is_readable_by_others() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("b.md");
        write_atomic(&path, b"x").unwrap();
        let mode = std::fs::metadata(&path).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o644);
    }

    #[test]
    fn a_failed_write_keeps_the_old_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("b.md");
        write_atomic(&path, b"old").unwrap();
        // A folder where the file should be makes the rename fail.
        let blocked = dir.path().join("blocked");
        std::fs::create_dir_all(blocked.join("x.md")).unwrap();
        assert!(write_atomic(&blocked.join("x.md"), b"new").is_err());
        assert_eq!(std::fs::read(&path).unwrap(), b"old");
        let leftovers: Vec<_> = std::fs::read_dir(&blocked)
            .unwrap()
            .filter_map(|e| e.ok())
            .filter(|e| e.file_name().to_string_lossy().ends_with(".tmp"))
            .collect();
        assert!(leftovers.is_empty(), "temporary files left behind");
    }
}
