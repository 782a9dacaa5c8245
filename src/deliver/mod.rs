//! Delivery: a rendered brief's PDF emailed once to each reader on the
//! dataset's distribution list. It consumes what `render` wrote, and
//! renders only in memory, to prove that the PDF on disk is the one the
//! dataset renders now (a PDF that is not, is not sent) and to word the
//! email from the same computation as the brief. Each recipient gets one
//! SMTP transaction of their own, recorded in the send log before and
//! after, so a failed or killed run says exactly who has the brief, and a
//! re-run sends only to those who do not.

pub mod log;
pub mod mime;
pub mod smtp;

use crate::calendar::Period;
use crate::commands::render::{Destination, destination};
use crate::error::InputError;
use crate::model::Address;
use crate::typeset::PageSize;
use crate::{backend, document, output, pipeline, render};
use log::{Delivery, Log, Status};
use sha2::{Digest, Sha256};
use std::path::{Path, PathBuf};

/// What `send` was asked to do, resolved from its flags.
#[derive(Debug, Clone)]
pub struct Settings {
    /// The quarter whose brief to send.
    pub quarter: Option<Period>,
    /// The briefs folder the PDFs were rendered into.
    pub root: PathBuf,
    /// Templates overriding the defaults, as `render` was given them.
    pub templates: Option<PathBuf>,
    /// The paper size the PDF was rendered on.
    pub page_size: PageSize,
    /// Send even though the dataset has findings.
    pub allow_findings: bool,
    /// Send again to recipients the log says may have it.
    pub resend_unconfirmed: bool,
}

/// The log's file name for a brief stem.
pub fn log_name(stem: &str) -> String {
    format!("{stem}.sent.toml")
}

/// One brief, checked and ready to go.
#[derive(Debug)]
pub struct Outgoing {
    /// "ICC FY2004-Q1", for messages.
    pub label: String,
    /// Where the brief is.
    pub destination: Destination,
    /// The message's bytes, the same for every recipient.
    pub message: Vec<u8>,
    /// The subject.
    pub subject: String,
    /// The PDF's SHA-256.
    pub pdf_sha256: String,
    /// The message's Message-ID.
    pub message_id: String,
    /// The envelope sender.
    pub from: Address,
    /// Everyone on the list, in the order written.
    pub recipients: Vec<Address>,
    /// Send again to those the log says may have it.
    pub resend_unconfirmed: bool,
}

/// Who is to be sent a brief now, as its send log says.
#[derive(Debug)]
pub struct Plan {
    /// Who will be sent it.
    pub pending: Vec<Address>,
    /// Who already has it (or may have it), and what the log says.
    pub skipped: Vec<(String, Status)>,
    /// What the user should know before it goes (a changed PDF).
    pub notes: Vec<String>,
}

impl Outgoing {
    /// The brief's send log.
    pub fn log_path(&self) -> PathBuf {
        self.destination.dir.join(log_name(&self.destination.stem))
    }

    /// Who is to be sent it, by `log`.
    pub fn plan(&self, log: &Log) -> Plan {
        let mut pending = Vec::new();
        let mut skipped = Vec::new();
        for a in &self.recipients {
            let email = a.mailbox.email.to_string();
            match log.status(&email, &self.pdf_sha256) {
                Some(Status::Delivered) => skipped.push((email, Status::Delivered)),
                Some(s @ (Status::Unconfirmed | Status::Sending)) if !self.resend_unconfirmed => {
                    skipped.push((email, s))
                }
                _ => pending.push(a.clone()),
            }
        }
        let mut notes = Vec::new();
        let earlier = log.sent_other(&self.pdf_sha256);
        if !earlier.is_empty() {
            let last = earlier.iter().map(|d| d.at.as_str()).max().unwrap_or("");
            notes.push(format!(
                "the PDF changed since it was sent ({} deliveries of an earlier PDF, the last at {last}): this is a new send",
                earlier.len()
            ));
        }
        Plan {
            pending,
            skipped,
            notes,
        }
    }
}

/// Checks `dataset`'s brief and builds its email. A PDF that is missing or
/// is not what the dataset renders now, a dataset with findings (unless
/// allowed) and a dataset with no distribution are refused.
pub fn prepare(dataset: &Path, settings: &Settings) -> Result<Outgoing, InputError> {
    let job = pipeline::prepare(dataset, settings.quarter)?;
    let model = &job.model;
    let company_file = model.dir.join(crate::load::COMPANY_FILE);
    let distribution = model.company.distribution.as_ref().ok_or_else(|| {
        InputError::file(&company_file, "no distribution list: nobody to send the brief to")
            .help("add a [distribution] table with `from` and `to`, `cc` or `bcc` (see docs/reference.md)")
    })?;
    if !job.findings.is_empty() && !settings.allow_findings {
        return Err(InputError::file(
            dataset,
            format!(
                "not sent: {}",
                crate::report::summary(model, &job.findings)
            ),
        )
        .help("see `brief check`; pass --allow-findings to send a brief whose printed figures have findings"));
    }
    let dest = destination(&settings.root, model);
    let pdf_path = dest.pdf();
    let on_disk = match std::fs::read(&pdf_path) {
        Ok(bytes) => bytes,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            return Err(InputError::file(&pdf_path, "no PDF to send").help(format!(
                "run `brief render {} --out {}` first, or pass --render",
                dataset.display(),
                settings.root.display()
            )));
        }
        Err(e) => {
            return Err(InputError::file(
                &pdf_path,
                format!("cannot read the PDF: {e}"),
            ));
        }
    };
    let artifacts = job.render(
        settings.templates.as_deref(),
        &["pdf".to_string()],
        backend::Options {
            page_size: settings.page_size,
        },
    )?;
    let fresh = artifacts
        .iter()
        .find(|a| a.name.ends_with(".pdf"))
        .map(|a| a.bytes.as_slice())
        .unwrap_or_default();
    if fresh != on_disk.as_slice() {
        return Err(InputError::file(
            &pdf_path,
            "not sent: this PDF is not what the dataset renders now (the dataset, its templates or the options changed after it was rendered)",
        )
        .help("render it again (`brief render`, with the same --templates and --paper), or pass --render"));
    }
    let templates = render::templates(&model.dir, settings.templates.as_deref())?;
    let msg = render::message(model, &job.brief, &templates)?;
    let text = document::mail::text(&msg.blocks);
    let html = document::mail::html(&msg.blocks, &msg.subject);
    let pdf_sha256 = hex(&Sha256::digest(&on_disk));
    let message_id = format!(
        "<brief.{}@{}>",
        &pdf_sha256[..32],
        distribution.from.mailbox.email.domain()
    );
    let message = mime::build(
        &mime::Parts {
            distribution,
            subject: &msg.subject,
            text: &text,
            html: &html,
            pdf: &on_disk,
            pdf_name: &output::attachment_name(model),
            pdf_sha256: &pdf_sha256,
            message_id: &message_id,
            date: std::time::SystemTime::now(),
        },
        dataset,
    )?;
    Ok(Outgoing {
        label: format!("{} {}", model.company.short_name, model.quarter),
        destination: dest,
        message,
        subject: msg.subject,
        pdf_sha256,
        message_id,
        from: distribution.from.clone(),
        recipients: distribution.recipients().cloned().collect(),
        resend_unconfirmed: settings.resend_unconfirmed,
    })
}

/// What sending one brief did, recipient by recipient.
#[derive(Debug, Default)]
pub struct Sent {
    /// What the log said before sending.
    pub skipped: Vec<(String, Status)>,
    /// What the user should know (a changed PDF).
    pub notes: Vec<String>,
    /// Accepted by the server.
    pub delivered: Vec<String>,
    /// Sent whole but never confirmed: they may have it.
    pub unconfirmed: Vec<(String, String)>,
    /// Not delivered, and why.
    pub failed: Vec<(String, String)>,
    /// Not tried, because the run had to stop (`error`).
    pub not_tried: Vec<String>,
    /// Why the run stopped: settings that cannot work (wrong credentials),
    /// or a send log that cannot be written.
    pub error: Option<InputError>,
}

/// Sends `out` to each recipient its send log says does not have it,
/// through `client`. The brief's folder is locked for the whole send, and
/// the log is read under the lock, so two runs (or one dataset given
/// twice) cannot both send; each recipient is journalled before and after.
/// An error stops the run, and what was done before it is still reported.
pub fn send(out: &Outgoing, client: &mut smtp::Client) -> Sent {
    let mut sent = Sent::default();
    // Nobody is tried when the brief's log cannot be locked and read.
    let opened = lock(&out.destination.dir).and_then(|l| Ok((l, Log::open(&out.log_path())?)));
    let (_lock, mut log) = match opened {
        Ok(x) => x,
        Err(e) => {
            sent.error = Some(e);
            sent.not_tried = out
                .recipients
                .iter()
                .map(|a| a.mailbox.email.to_string())
                .collect();
            return sent;
        }
    };
    let plan = out.plan(&log);
    sent.skipped = plan.skipped;
    sent.notes = plan.notes;
    let mut pending = plan.pending.into_iter();
    for a in pending.by_ref() {
        let email = a.mailbox.email.to_string();
        let entry = |status| Delivery {
            to: email.clone(),
            status,
            pdf_sha256: out.pdf_sha256.clone(),
            at: now(),
            message_id: out.message_id.clone(),
        };
        if let Err(e) = log.record(entry(Status::Sending)) {
            sent.not_tried.push(email);
            sent.error = Some(e);
            break;
        }
        let outcome = match client.send(&out.from.mailbox.email, &a.mailbox.email, &out.message) {
            Ok(o) => o,
            Err(e) => {
                // Nothing went: the settings cannot work.
                let _ = log.forget(&email, &out.pdf_sha256);
                sent.not_tried.push(email);
                sent.error = Some(e);
                break;
            }
        };
        let recorded = match &outcome {
            smtp::Outcome::Delivered { .. } => log.record(entry(Status::Delivered)),
            smtp::Outcome::Unconfirmed { .. } => log.record(entry(Status::Unconfirmed)),
            smtp::Outcome::NotDelivered { .. } => log.forget(&email, &out.pdf_sha256),
        };
        match outcome {
            smtp::Outcome::Delivered { .. } => sent.delivered.push(email),
            smtp::Outcome::Unconfirmed { reason } => sent.unconfirmed.push((email, reason)),
            smtp::Outcome::NotDelivered { reason } => sent.failed.push((email, reason)),
        }
        if let Err(e) = recorded {
            sent.error = Some(e);
            break;
        }
    }
    sent.not_tried
        .extend(pending.map(|a| a.mailbox.email.to_string()));
    sent
}

/// An exclusive lock on a brief's folder, held while its log is read and
/// written: a second `brief send` of the same brief waits for the first.
fn lock(dir: &Path) -> Result<std::fs::File, InputError> {
    output::lock_dir(dir)
        .map_err(|e| InputError::file(dir, format!("cannot lock the brief's folder: {e}")))
}

/// Writes `out`'s message into `outbox` as `<company>/<quarter>.eml`
/// instead of sending it; returns the file.
pub fn dry_run(out: &Outgoing, outbox: &Path) -> Result<PathBuf, InputError> {
    let folder = out
        .destination
        .dir
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let dir = outbox.join(folder);
    std::fs::create_dir_all(&dir)
        .map_err(|e| InputError::file(&dir, format!("cannot create the outbox: {e}")))?;
    let path = dir.join(format!("{}.eml", out.destination.stem));
    output::write_atomic(&path, &out.message)?;
    Ok(path)
}

fn now() -> String {
    jiff::Timestamp::now()
        .round(jiff::Unit::Second)
        .map(|t| t.to_string())
        .unwrap_or_default()
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}
