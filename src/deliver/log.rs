//! The send log beside each brief (`FY2004-Q1.sent.toml`): who has been
//! sent which PDF (by its SHA-256). It is a journal, rewritten atomically
//! before and after each recipient, so that a run killed or failing at any
//! point leaves a log that says exactly who has the PDF, who may have it,
//! and who does not; a re-run sends only to those who do not.

use crate::error::InputError;
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};

/// What the log knows of one recipient and one PDF.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// About to be sent: a log left in this state is a run that stopped
    /// mid-send, so the recipient may have it.
    Sending,
    /// The server accepted it.
    Delivered,
    /// The whole message went, but the server never confirmed.
    Unconfirmed,
}

/// One line of the log.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Delivery {
    /// The recipient's address.
    pub to: String,
    /// What happened.
    pub status: Status,
    /// Which PDF: its SHA-256, hex.
    pub pdf_sha256: String,
    /// When, in UTC.
    pub at: String,
    /// The message's Message-ID.
    pub message_id: String,
}

#[derive(Debug, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    #[serde(default)]
    delivery: Vec<Delivery>,
}

/// The log of one brief.
#[derive(Debug)]
pub struct Log {
    path: PathBuf,
    /// Every delivery, oldest first.
    pub deliveries: Vec<Delivery>,
}

impl Log {
    /// The log at `path`; none yet is an empty log. A log that cannot be
    /// read is an error, never a reason to send again.
    pub fn open(path: &Path) -> Result<Log, InputError> {
        let deliveries = match std::fs::read_to_string(path) {
            Ok(text) => {
                toml::from_str::<File>(&text)
                    .map_err(|e| {
                        InputError::file(path, format!("cannot read the send log: {}", e.message()))
                            .help("it is written by `brief send`; restore it from version control rather than deleting it, or nobody's delivery is known")
                    })?
                    .delivery
            }
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Vec::new(),
            Err(e) => {
                return Err(InputError::file(path, format!("cannot read the send log: {e}")));
            }
        };
        Ok(Log {
            path: path.to_path_buf(),
            deliveries,
        })
    }

    /// What the log last says of `to` and the PDF `sha`.
    pub fn status(&self, to: &str, sha: &str) -> Option<Status> {
        self.deliveries
            .iter()
            .rev()
            .find(|d| d.to.eq_ignore_ascii_case(to) && d.pdf_sha256 == sha)
            .map(|d| d.status)
    }

    /// The recipients who were sent another PDF than `sha`, and when last.
    pub fn sent_other(&self, sha: &str) -> Vec<&Delivery> {
        self.deliveries
            .iter()
            .filter(|d| d.pdf_sha256 != sha && d.status == Status::Delivered)
            .collect()
    }

    /// Records `status` for `to` and the PDF, replacing what the log said of
    /// that pair, and writes the log to disk before returning.
    pub fn record(&mut self, delivery: Delivery) -> Result<(), InputError> {
        self.deliveries.retain(|d| {
            !(d.to.eq_ignore_ascii_case(&delivery.to) && d.pdf_sha256 == delivery.pdf_sha256)
        });
        self.deliveries.push(delivery);
        self.save()
    }

    /// Forgets what was said of `to` and the PDF (a send that did not happen).
    pub fn forget(&mut self, to: &str, sha: &str) -> Result<(), InputError> {
        let before = self.deliveries.len();
        self.deliveries
            .retain(|d| !(d.to.eq_ignore_ascii_case(to) && d.pdf_sha256 == sha));
        if self.deliveries.len() == before {
            return Ok(());
        }
        self.save()
    }

    fn save(&self) -> Result<(), InputError> {
        let body = toml::to_string(&File {
            delivery: self.deliveries.clone(),
        })
        .map_err(|e| InputError::file(&self.path, format!("cannot write the send log: {e}")))?;
        let text = format!(
            "# Who has been sent this brief's PDF, by `brief send`: written before and after\n# each recipient. Commit it with the brief; do not edit it by hand.\n\n{body}"
        );
        crate::output::write_atomic(&self.path, text.as_bytes())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(to: &str, status: Status, sha: &str) -> Delivery {
        Delivery {
            to: to.into(),
            status,
            pdf_sha256: sha.into(),
            at: "2026-12-07T00:00:00Z".into(),
            message_id: "<m@x>".into(),
        }
    }

    #[test]
    fn a_log_reads_back_what_it_wrote() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("q.sent.toml");
        let mut log = Log::open(&path).unwrap();
        log.record(d("a@x.com", Status::Sending, "aa")).unwrap();
        log.record(d("a@x.com", Status::Delivered, "aa")).unwrap();
        log.record(d("b@x.com", Status::Unconfirmed, "aa")).unwrap();
        log.record(d("c@x.com", Status::Sending, "aa")).unwrap();
        log.forget("c@x.com", "aa").unwrap();
        let log = Log::open(&path).unwrap();
        assert_eq!(log.deliveries.len(), 2);
        assert_eq!(log.status("A@x.com", "aa"), Some(Status::Delivered));
        assert_eq!(log.status("b@x.com", "aa"), Some(Status::Unconfirmed));
        assert_eq!(log.status("a@x.com", "bb"), None);
        assert_eq!(log.sent_other("bb").len(), 1);
    }

    #[test]
    fn a_broken_log_is_an_error() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("q.sent.toml");
        std::fs::write(&path, "[[delivery]]\nto = 3\n").unwrap();
        assert!(
            Log::open(&path)
                .unwrap_err()
                .message
                .contains("cannot read the send log")
        );
    }
}
