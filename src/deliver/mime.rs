//! The email itself: headers from the dataset's distribution, the message
//! template's subject and its two bodies, and the brief's PDF attached as
//! `application/pdf` under a readable name.

use crate::error::InputError;
use crate::model::Distribution;
use lettre::address::Envelope;
use lettre::message::header::{ContentType, HeaderName, HeaderValue};
use lettre::message::{Attachment, Message, MultiPart, SinglePart};
use std::path::Path;
use std::time::SystemTime;

/// What goes into one email.
pub struct Parts<'a> {
    /// Who it is from and to.
    pub distribution: &'a Distribution,
    /// The subject line.
    pub subject: &'a str,
    /// The plain-text body.
    pub text: &'a str,
    /// The HTML body.
    pub html: &'a str,
    /// The PDF's bytes.
    pub pdf: &'a [u8],
    /// The PDF's name as the reader sees it: `icc-FY2004-Q1.pdf`.
    pub pdf_name: &'a str,
    /// The PDF's SHA-256, hex: the MIME boundaries are made from it.
    pub pdf_sha256: &'a str,
    /// The Message-ID: one PDF is one message, however many runs it takes
    /// to reach every recipient.
    pub message_id: &'a str,
    /// When it is sent.
    pub date: SystemTime,
}

/// The message as the bytes sent to every recipient (the `Bcc` recipients
/// are named by no header).
pub fn build(parts: &Parts<'_>, dataset: &Path) -> Result<Vec<u8>, InputError> {
    let d = parts.distribution;
    let mut b = Message::builder()
        .from(d.from.mailbox.clone())
        .subject(parts.subject)
        .date(parts.date)
        .message_id(Some(parts.message_id.to_string()))
        .user_agent(format!("brief {}", env!("CARGO_PKG_VERSION")));
    if let Some(r) = &d.reply_to {
        b = b.reply_to(r.mailbox.clone());
    }
    for a in &d.to {
        b = b.to(a.mailbox.clone());
    }
    for a in &d.cc {
        b = b.cc(a.mailbox.clone());
    }
    // No `Bcc` header: each recipient gets its own envelope (see `smtp`).
    // A list of only `bcc` names nobody, as mail clients write it.
    if d.to.is_empty() && d.cc.is_empty() {
        b = b.raw_header(HeaderValue::new(
            HeaderName::new_from_ascii_str("To"),
            "undisclosed-recipients:;".to_string(),
        ));
    }
    // The envelope is set here, not worked out from the headers (which
    // may name nobody); `smtp` sends to one recipient at a time anyway.
    let envelope = Envelope::new(
        Some(d.from.mailbox.email.clone()),
        d.recipients().map(|a| a.mailbox.email.clone()).collect(),
    )
    .map_err(|e| InputError::file(dataset, format!("cannot build the email: {e}")))?;
    b = b.envelope(envelope);
    let boundary = |tag: &str| {
        format!(
            "brief-{tag}-{}",
            &parts.pdf_sha256[..24.min(parts.pdf_sha256.len())]
        )
    };
    let body = MultiPart::mixed()
        .boundary(boundary("mixed"))
        .multipart(
            MultiPart::alternative()
                .boundary(boundary("alt"))
                .singlepart(SinglePart::plain(parts.text.to_string()))
                .singlepart(SinglePart::html(parts.html.to_string())),
        )
        .singlepart(Attachment::new(parts.pdf_name.to_string()).body(
            parts.pdf.to_vec(),
            ContentType::parse("application/pdf").expect("a valid content type"),
        ));
    let message = b
        .multipart(body)
        .map_err(|e| InputError::file(dataset, format!("cannot build the email: {e}")))?;
    Ok(message.formatted())
}
