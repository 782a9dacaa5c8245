//! `brief send` against a real SMTP server on loopback (aiosmtpd, started
//! by each test from tests/support/smtp_server.py): what arrives, and that
//! each recipient gets the brief exactly once across failures and re-runs.
//!
//! The server needs Python 3 with aiosmtpd (Debian's python3-aiosmtpd) and,
//! for STARTTLS, openssl; `.ci/run` installs both and sets
//! BRIEF_REQUIRE_SMTP=1, which turns a missing server into a failure
//! instead of a skipped test.

mod common;

use assert_cmd::Command;
use common::{copy_of, replace, root};
use mail_parser::MimeHeaders;
use std::collections::BTreeMap;
use std::fs;
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Stdio};

const RECIPIENTS: [&str; 4] = [
    "investors@example.com",
    "analysts@example.com",
    "board@example.com",
    "archive@example.com",
];

fn python() -> Option<PathBuf> {
    let candidates = [
        std::env::var_os("BRIEF_TEST_PYTHON").map(PathBuf::from),
        Some(PathBuf::from("/usr/bin/python3")),
        Some(PathBuf::from("python3")),
    ];
    candidates.into_iter().flatten().find(|p| {
        std::process::Command::new(p)
            .args(["-c", "import aiosmtpd"])
            .stderr(Stdio::null())
            .status()
            .is_ok_and(|s| s.success())
    })
}

/// Whether the tests can run; with BRIEF_REQUIRE_SMTP set, they must.
fn available() -> bool {
    let ok = python().is_some();
    tools(ok, "no python3 with aiosmtpd")
}

/// Whether the STARTTLS tests can run: the server, and openssl.
fn tls_available() -> bool {
    let ok = available()
        && std::process::Command::new("openssl")
            .arg("version")
            .stdout(Stdio::null())
            .status()
            .is_ok_and(|s| s.success());
    tools(ok, "no openssl")
}

fn tools(ok: bool, missing: &str) -> bool {
    if !ok && std::env::var_os("BRIEF_REQUIRE_SMTP").is_some() {
        panic!("BRIEF_REQUIRE_SMTP is set but the test server cannot run: {missing}");
    }
    if !ok {
        eprintln!("skipped: {missing}");
    }
    ok
}

/// A running test server, killed when dropped.
struct Server {
    child: Child,
    port: u16,
    spool: tempfile::TempDir,
}

impl Server {
    fn start(args: &[&str]) -> Server {
        let spool = tempfile::tempdir().unwrap();
        let mut child = std::process::Command::new(python().unwrap())
            .arg(root().join("tests/support/smtp_server.py"))
            .arg("--spool")
            .arg(spool.path())
            .args(args)
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let mut line = String::new();
        BufReader::new(child.stdout.take().unwrap())
            .read_line(&mut line)
            .unwrap();
        let port = line
            .strip_prefix("READY ")
            .and_then(|p| p.trim().parse().ok())
            .unwrap_or_else(|| panic!("the server did not start: {line:?}"));
        Server { child, port, spool }
    }

    /// Every message received, by recipient, in order.
    fn received(&self) -> Vec<(String, Vec<u8>)> {
        let mut n = 1;
        let mut out = Vec::new();
        while let Ok(env) = fs::read_to_string(self.spool.path().join(format!("{n}.json"))) {
            let v: serde_json::Value = serde_json::from_str(&env).unwrap();
            let body = fs::read(self.spool.path().join(format!("{n}.eml"))).unwrap();
            out.push((v["to"].as_str().unwrap().to_string(), body));
            n += 1;
        }
        out
    }

    fn plain_url(&self) -> String {
        format!("smtp://127.0.0.1:{}?tls=none", self.port)
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// How many times each address received a message.
fn counts(received: &[(String, Vec<u8>)]) -> BTreeMap<String, usize> {
    let mut m = BTreeMap::new();
    for (to, _) in received {
        *m.entry(to.clone()).or_default() += 1;
    }
    m
}

fn brief() -> Command {
    let mut c = Command::cargo_bin("brief").unwrap();
    for k in [
        "BRIEF_SMTP_URL",
        "BRIEF_SMTP_PASSWORD",
        "BRIEF_SMTP_PASSWORD_FILE",
        "BRIEF_SMTP_CA_FILE",
        "BRIEF_SMTP_CONFIG",
        "SOURCE_DATE_EPOCH",
    ] {
        c.env_remove(k);
    }
    c
}

fn render(dataset: &Path, out: &Path) {
    brief()
        .arg("render")
        .arg(dataset)
        .arg("--out")
        .arg(out)
        .assert()
        .success();
}

/// Runs `brief send`; returns (exit status, stderr).
fn send(
    dataset: &Path,
    out: &Path,
    url: &str,
    extra: &[&str],
    env: &[(&str, &str)],
) -> (i32, String) {
    let mut c = brief();
    c.arg("send").arg(dataset).arg("--out").arg(out).args(extra);
    c.env("BRIEF_SMTP_URL", url);
    for (k, v) in env {
        c.env(k, v);
    }
    let o = c.output().unwrap();
    (
        o.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&o.stderr).into_owned(),
    )
}

fn larkspur() -> PathBuf {
    root().join("examples/larkspur")
}

/// A throw-away certificate authority and a certificate for localhost
/// signed by it (a self-signed leaf is not accepted by rustls).
fn certificates(dir: &Path) -> (PathBuf, PathBuf, PathBuf) {
    let run = |args: &[&str]| {
        let s = std::process::Command::new("openssl")
            .args(args)
            .current_dir(dir)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status()
            .expect("openssl is installed");
        assert!(s.success(), "openssl {args:?}");
    };
    run(&[
        "req",
        "-x509",
        "-newkey",
        "rsa:2048",
        "-nodes",
        "-keyout",
        "ca.key",
        "-out",
        "ca.pem",
        "-days",
        "2",
        "-subj",
        "/CN=brief test CA",
    ]);
    run(&[
        "req",
        "-newkey",
        "rsa:2048",
        "-nodes",
        "-keyout",
        "server.key",
        "-out",
        "server.csr",
        "-subj",
        "/CN=localhost",
    ]);
    fs::write(dir.join("ext.cnf"), "subjectAltName=DNS:localhost\nbasicConstraints=CA:FALSE\nkeyUsage=digitalSignature,keyEncipherment\nextendedKeyUsage=serverAuth\n").unwrap();
    run(&[
        "x509",
        "-req",
        "-in",
        "server.csr",
        "-CA",
        "ca.pem",
        "-CAkey",
        "ca.key",
        "-CAcreateserial",
        "-out",
        "server.pem",
        "-days",
        "2",
        "-extfile",
        "ext.cnf",
    ]);
    (
        dir.join("ca.pem"),
        dir.join("server.pem"),
        dir.join("server.key"),
    )
}

/// A server requiring STARTTLS and AUTH as `user:password`, with its
/// certificate from a throw-away CA in `dir`; returns it and the CA's file.
fn tls_server(dir: &Path, auth: &str) -> (Server, PathBuf) {
    let (ca, cert, key) = certificates(dir);
    let server = Server::start(&[
        "--tls",
        cert.to_str().unwrap(),
        key.to_str().unwrap(),
        "--auth",
        auth,
    ]);
    (server, ca)
}

#[test]
fn each_recipient_gets_the_pdf_over_starttls_with_auth_exactly_once() {
    if !tls_available() {
        return;
    }
    let certs = tempfile::tempdir().unwrap();
    let (server, ca) = tls_server(certs.path(), "brief:s3cret-pass");
    let out = tempfile::tempdir().unwrap();
    render(&larkspur(), out.path());
    let url = format!("smtp://brief@localhost:{}", server.port);
    let env = [
        ("BRIEF_SMTP_PASSWORD", "s3cret-pass"),
        ("BRIEF_SMTP_CA_FILE", ca.to_str().unwrap()),
    ];
    let (code, err) = send(&larkspur(), out.path(), &url, &[], &env);
    assert_eq!(code, 0, "{err}");
    assert!(
        !err.contains("s3cret"),
        "the password is never printed:\n{err}"
    );
    let got = server.received();
    assert_eq!(
        counts(&got),
        RECIPIENTS.iter().map(|r| (r.to_string(), 1)).collect()
    );
    let pdf = fs::read(out.path().join("larkspur/FY2025-Q3.pdf")).unwrap();
    for (to, bytes) in &got {
        let m = mail_parser::MessageParser::default().parse(bytes).unwrap();
        assert_eq!(
            m.subject(),
            Some("Larkspur Announces Third Quarter 2025 Financial Results")
        );
        let from = m.from().unwrap().first().unwrap();
        assert_eq!(from.address(), Some("ir@example.com"));
        assert_eq!(from.name(), Some("Larkspur Investor Relations"));
        let to_header: Vec<&str> = m.to().unwrap().iter().filter_map(|a| a.address()).collect();
        assert_eq!(to_header, ["investors@example.com", "analysts@example.com"]);
        let cc: Vec<&str> = m.cc().unwrap().iter().filter_map(|a| a.address()).collect();
        assert_eq!(cc, ["board@example.com"]);
        assert!(m.bcc().is_none(), "no Bcc header, even for {to}");
        assert!(!String::from_utf8_lossy(bytes).contains("archive@example.com"));
        assert_eq!(
            m.reply_to().unwrap().first().unwrap().address(),
            Some("ir-replies@example.com")
        );
        let text = m.body_text(0).unwrap();
        assert!(
            text.contains("Revenue grew 11.2% to $412.6 million from $371.0 million"),
            "{text}"
        );
        let html = m.body_html(0).unwrap();
        assert!(
            html.contains("<li>Revenue grew 11.2% to $412.6 million"),
            "{html}"
        );
        let attachments: Vec<_> = m.attachments().collect();
        assert_eq!(attachments.len(), 1);
        let a = attachments[0];
        assert_eq!(a.attachment_name(), Some("larkspur-FY2025-Q3.pdf"));
        let ct = a.content_type().unwrap();
        assert_eq!((ct.ctype(), ct.subtype()), ("application", Some("pdf")));
        assert!(
            a.contents() == pdf.as_slice(),
            "the attachment is the PDF, byte for byte"
        );
    }
    // A second run sends nothing: everyone has it.
    let (code, err) = send(&larkspur(), out.path(), &url, &[], &env);
    assert_eq!(code, 0, "{err}");
    assert!(err.contains("0 delivered, 4 already had it"), "{err}");
    assert_eq!(server.received().len(), 4);
}

#[test]
fn wrong_credentials_are_a_clear_error() {
    if !tls_available() {
        return;
    }
    let certs = tempfile::tempdir().unwrap();
    let (server, ca) = tls_server(certs.path(), "brief:right");
    let out = tempfile::tempdir().unwrap();
    render(&larkspur(), out.path());
    let url = format!("smtp://brief@localhost:{}", server.port);
    let pw = tempfile::NamedTempFile::new().unwrap();
    fs::write(pw.path(), "wrong-password\n").unwrap();
    let env = [
        ("BRIEF_SMTP_PASSWORD_FILE", pw.path().to_str().unwrap()),
        ("BRIEF_SMTP_CA_FILE", ca.to_str().unwrap()),
    ];
    let (code, err) = send(&larkspur(), out.path(), &url, &[], &env);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("authentication as brief failed"), "{err}");
    assert!(!err.contains("wrong-password"), "{err}");
    assert!(server.received().is_empty());
    // The log records nobody: the next run (with the right password) sends to all.
    let log = out.path().join("larkspur/FY2025-Q3.sent.toml");
    assert!(!log.exists() || !fs::read_to_string(&log).unwrap().contains("delivered"));
    // Without the CA, the server's certificate is not trusted: also exit 2.
    let (code, err) = send(
        &larkspur(),
        out.path(),
        &url,
        &[],
        &[("BRIEF_SMTP_PASSWORD", "right")],
    );
    assert_eq!(code, 2, "{err}");
    assert!(
        err.contains("TLS failed") || err.contains("STARTTLS failed"),
        "{err}"
    );
}

#[test]
fn a_refused_recipient_is_reported_and_only_they_are_sent_it_again() {
    if !available() {
        return;
    }
    let out = tempfile::tempdir().unwrap();
    render(&larkspur(), out.path());
    let first = Server::start(&["--refuse", "analysts@example.com"]);
    let (code, err) = send(&larkspur(), out.path(), &first.plain_url(), &[], &[]);
    assert_eq!(code, 1, "{err}");
    assert!(
        err.contains("not delivered to analysts@example.com: refused: permanent error (550)"),
        "{err}"
    );
    assert!(
        err.contains("3 delivered, 0 already had it, 1 not delivered"),
        "{err}"
    );
    let second = Server::start(&[]);
    let (code, err) = send(&larkspur(), out.path(), &second.plain_url(), &[], &[]);
    assert_eq!(code, 0, "{err}");
    let mut all = first.received();
    all.extend(second.received());
    assert_eq!(
        counts(&all),
        RECIPIENTS.iter().map(|r| (r.to_string(), 1)).collect()
    );
    assert_eq!(
        counts(&second.received()).keys().collect::<Vec<_>>(),
        ["analysts@example.com"]
    );
}

#[test]
fn a_connection_dropped_at_data_loses_one_recipient_and_the_rerun_sends_only_to_them() {
    if !available() {
        return;
    }
    let out = tempfile::tempdir().unwrap();
    render(&larkspur(), out.path());
    // Dropped at the second DATA, and again at the retry on a new connection.
    let first = Server::start(&["--drop-at-data", "2", "--drop-at-data", "3"]);
    let (code, err) = send(&larkspur(), out.path(), &first.plain_url(), &[], &[]);
    assert_eq!(code, 1, "{err}");
    assert!(
        err.contains("not delivered to analysts@example.com: connection lost"),
        "{err}"
    );
    // It reconnects for the rest of the list.
    assert_eq!(first.received().len(), 3, "{err}");
    let second = Server::start(&[]);
    let (code, err) = send(&larkspur(), out.path(), &second.plain_url(), &[], &[]);
    assert_eq!(code, 0, "{err}");
    let mut all = first.received();
    all.extend(second.received());
    assert_eq!(
        counts(&all),
        RECIPIENTS.iter().map(|r| (r.to_string(), 1)).collect()
    );
}

#[test]
fn a_connection_lost_before_the_message_is_tried_once_more_on_a_new_one() {
    if !available() {
        return;
    }
    let out = tempfile::tempdir().unwrap();
    render(&larkspur(), out.path());
    let server = Server::start(&["--drop-at-data", "2"]);
    let (code, err) = send(&larkspur(), out.path(), &server.plain_url(), &[], &[]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(
        counts(&server.received()),
        RECIPIENTS.iter().map(|r| (r.to_string(), 1)).collect()
    );
}

#[test]
fn a_dataset_given_twice_or_two_runs_at_once_send_once() {
    if !available() {
        return;
    }
    let out = tempfile::tempdir().unwrap();
    render(&larkspur(), out.path());
    let server = Server::start(&[]);
    // The same folder twice, and under a folder of datasets.
    let (code, err) = send(&larkspur(), out.path(), &server.plain_url(), &[], &[]);
    assert_eq!(code, 0, "{err}");
    let mut c = brief();
    c.arg("send")
        .arg(larkspur())
        .arg(root().join("examples"))
        .arg(larkspur())
        .arg("--out")
        .arg(out.path())
        .arg("--allow-findings")
        .arg("--dry-run")
        .arg("--outbox")
        .arg(out.path().join("outbox"));
    let o = c.output().unwrap();
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(err.matches("Larkspur FY2025-Q3: wrote").count(), 1, "{err}");
    // A copy of the dataset elsewhere makes the same brief: sent once.
    let copy = copy_of(&larkspur());
    let fresh = tempfile::tempdir().unwrap();
    render(&larkspur(), fresh.path());
    let mut c = brief();
    c.arg("send")
        .arg(larkspur())
        .arg(copy.path())
        .arg("--out")
        .arg(fresh.path());
    c.env("BRIEF_SMTP_URL", server.plain_url());
    let o = c.output().unwrap();
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(2), "{err}");
    assert!(err.contains("is the brief of"), "{err}");
    assert_eq!(
        server.received().len(),
        8,
        "4 for the first run, 4 for the fresh folder: {err}"
    );
    // Two runs at once: the folder is locked, so the second finds everyone served.
    let third = tempfile::tempdir().unwrap();
    render(&larkspur(), third.path());
    let run = || {
        let mut c = std::process::Command::new(assert_cmd::cargo::cargo_bin("brief"));
        c.arg("send")
            .arg(larkspur())
            .arg("--out")
            .arg(third.path())
            .arg("-q");
        c.env("BRIEF_SMTP_URL", server.plain_url());
        c.stderr(Stdio::null()).spawn().unwrap()
    };
    let (mut a, mut b) = (run(), run());
    a.wait().unwrap();
    b.wait().unwrap();
    assert_eq!(
        server.received().len(),
        12,
        "each recipient once more, not twice"
    );
}

#[test]
fn a_stop_part_way_says_who_got_it_and_who_was_not_tried() {
    if !tls_available() {
        return;
    }
    let certs = tempfile::tempdir().unwrap();
    let (server, ca) = tls_server(certs.path(), "brief:right");
    let out = tempfile::tempdir().unwrap();
    render(&larkspur(), out.path());
    let url = format!("smtp://brief@localhost:{}", server.port);
    let env = [
        ("BRIEF_SMTP_PASSWORD", "nope"),
        ("BRIEF_SMTP_CA_FILE", ca.to_str().unwrap()),
    ];
    let mut c = brief();
    c.arg("send")
        .arg(larkspur())
        .arg(root().join("examples/forian"))
        .arg("--allow-findings")
        .arg("--out")
        .arg(out.path());
    render(&root().join("examples/forian"), out.path());
    c.env("BRIEF_SMTP_URL", &url);
    for (k, v) in env {
        c.env(k, v);
    }
    let o = c.output().unwrap();
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(2), "{err}");
    for r in RECIPIENTS {
        assert!(
            err.contains(&format!(
                "Larkspur FY2025-Q3: not sent to {r} (the run stopped)"
            )),
            "{err}"
        );
    }
    assert!(
        err.contains("Forian FY2025-Q2: not sent (the run stopped"),
        "{err}"
    );
    assert!(
        err.contains("0 delivered, 0 already had it, 8 not delivered"),
        "{err}"
    );
}

#[test]
fn a_list_of_only_bcc_names_nobody_in_the_headers() {
    let data = copy_of(&larkspur());
    let text = fs::read_to_string(data.path().join("company.toml")).unwrap();
    let start = text.find("[distribution]").unwrap();
    let text = format!(
        "{}[distribution]\nfrom = \"ir@example.com\"\nbcc = [\"a@example.com\", \"b@example.com\"]\n",
        &text[..start]
    );
    fs::write(data.path().join("company.toml"), text).unwrap();
    let out = tempfile::tempdir().unwrap();
    render(data.path(), out.path());
    let o = brief()
        .arg("send")
        .arg(data.path())
        .arg("--out")
        .arg(out.path())
        .arg("--dry-run")
        .arg("--outbox")
        .arg(out.path().join("outbox"))
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(0), "{err}");
    assert!(
        err.contains("which would go to a@example.com, b@example.com"),
        "{err}"
    );
    let eml = fs::read_to_string(out.path().join("outbox/larkspur/FY2025-Q3.eml")).unwrap();
    assert!(eml.contains("To: undisclosed-recipients:;"), "{eml}");
    // The address itself, not the tail of another word (a Message-ID's
    // hash may end in "a").
    let names = |addr: &str| {
        eml.match_indices(addr)
            .any(|(i, _)| i == 0 || !eml.as_bytes()[i - 1].is_ascii_alphanumeric())
    };
    assert!(!names("a@example.com") && !names("b@example.com"), "{eml}");
}

#[test]
fn a_connection_dropped_after_the_message_is_unconfirmed_and_never_sent_twice() {
    if !available() {
        return;
    }
    let out = tempfile::tempdir().unwrap();
    render(&larkspur(), out.path());
    // The server takes the second message, then hangs up without saying so.
    let first = Server::start(&["--drop-after-data", "2"]);
    let (code, err) = send(&larkspur(), out.path(), &first.plain_url(), &[], &[]);
    assert_eq!(code, 1, "{err}");
    assert!(
        err.contains("analysts@example.com may or may not have it"),
        "{err}"
    );
    assert_eq!(first.received().len(), 4);
    let second = Server::start(&[]);
    let (code, err) = send(&larkspur(), out.path(), &second.plain_url(), &[], &[]);
    assert_eq!(code, 1, "an unconfirmed delivery is still said: {err}");
    assert!(
        err.contains("analysts@example.com may already have it"),
        "{err}"
    );
    assert!(second.received().is_empty(), "nobody is sent it twice");
    // The user, having asked the recipient, may send it again.
    let (code, err) = send(
        &larkspur(),
        out.path(),
        &second.plain_url(),
        &["--resend-unconfirmed"],
        &[],
    );
    assert_eq!(code, 0, "{err}");
    assert_eq!(
        counts(&second.received()).keys().collect::<Vec<_>>(),
        ["analysts@example.com"]
    );
}

#[test]
fn a_server_that_is_down_sends_nothing_and_the_rerun_sends_to_all() {
    if !available() {
        return;
    }
    let out = tempfile::tempdir().unwrap();
    render(&larkspur(), out.path());
    let port = {
        let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        l.local_addr().unwrap().port()
    };
    let (code, err) = send(
        &larkspur(),
        out.path(),
        &format!("smtp://127.0.0.1:{port}?tls=none"),
        &[],
        &[],
    );
    assert_eq!(code, 1, "{err}");
    assert!(
        err.contains("0 delivered, 0 already had it, 4 not delivered"),
        "{err}"
    );
    assert!(err.contains("cannot connect"), "{err}");
    let server = Server::start(&[]);
    let (code, err) = send(&larkspur(), out.path(), &server.plain_url(), &[], &[]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(
        counts(&server.received()),
        RECIPIENTS.iter().map(|r| (r.to_string(), 1)).collect()
    );
}

#[test]
fn a_missing_stale_or_unchecked_pdf_is_not_sent() {
    if !available() {
        return;
    }
    let server = Server::start(&[]);
    let out = tempfile::tempdir().unwrap();
    let data = copy_of(&larkspur());
    let (code, err) = send(data.path(), out.path(), &server.plain_url(), &[], &[]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("no PDF to send"), "{err}");
    render(data.path(), out.path());
    // The dataset changes after the render: the PDF on disk is stale.
    replace(data.path(), "company.toml", "NYSE: LRK", "NYSE: LRKS");
    let (code, err) = send(data.path(), out.path(), &server.plain_url(), &[], &[]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("not what the dataset renders now"), "{err}");
    assert!(server.received().is_empty());
    // --render renders it first, then sends.
    let (code, err) = send(
        data.path(),
        out.path(),
        &server.plain_url(),
        &["--render"],
        &[],
    );
    assert_eq!(code, 0, "{err}");
    assert_eq!(server.received().len(), 4);
    // A changed PDF after a send is a new send, and says so.
    replace(data.path(), "company.toml", "NYSE: LRKS", "NYSE: LRK");
    let (code, err) = send(
        data.path(),
        out.path(),
        &server.plain_url(),
        &["--render"],
        &[],
    );
    assert_eq!(code, 0, "{err}");
    assert!(err.contains("the PDF changed since it was sent"), "{err}");
    assert_eq!(server.received().len(), 8);
    // A dataset with findings is not sent unless allowed.
    let icc_out = tempfile::tempdir().unwrap();
    let icc = root().join("examples/icc");
    render(&icc, icc_out.path());
    let (code, err) = send(&icc, icc_out.path(), &server.plain_url(), &[], &[]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("not sent: 14 findings"), "{err}");
    let (code, err) = send(
        &icc,
        icc_out.path(),
        &server.plain_url(),
        &["--allow-findings"],
        &[],
    );
    assert_eq!(code, 0, "{err}");
    assert_eq!(server.received().len(), 12);
}

#[test]
fn a_dry_run_writes_the_message_and_sends_nothing() {
    let out = tempfile::tempdir().unwrap();
    let outbox = tempfile::tempdir().unwrap();
    render(&larkspur(), out.path());
    let o = brief()
        .arg("send")
        .arg(larkspur())
        .arg("--out")
        .arg(out.path())
        .arg("--dry-run")
        .arg("--outbox")
        .arg(outbox.path())
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(0), "{err}");
    assert!(err.contains("which would go to investors@example.com, analysts@example.com, board@example.com, archive@example.com"), "{err}");
    let eml = fs::read(outbox.path().join("larkspur/FY2025-Q3.eml")).unwrap();
    let m = mail_parser::MessageParser::default().parse(&eml).unwrap();
    assert_eq!(m.attachments().count(), 1);
    assert!(
        !out.path().join("larkspur/FY2025-Q3.sent.toml").exists(),
        "a dry run records no delivery"
    );
}
