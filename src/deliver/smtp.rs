//! SMTP: settings from a config file and the environment, a connection
//! (implicit TLS for `smtps://`, STARTTLS for `smtp://` unless told
//! otherwise, AUTH when a user is given), and one SMTP transaction per
//! recipient, so that what happened to each recipient is known exactly.
//!
//! The password comes from an environment variable or a file, never from
//! the command line or the URL, and is never printed: it lives in a
//! [`Secret`], whose `Debug` says nothing.

use crate::error::InputError;
use lettre::Address;
use lettre::transport::smtp::authentication::{Credentials, Mechanism};
use lettre::transport::smtp::client::{Certificate, SmtpConnection, TlsParameters};
use lettre::transport::smtp::commands::{Data, Mail, Quit, Rcpt, Rset};
use lettre::transport::smtp::extension::{ClientId, MailBodyParameter, MailParameter};
use serde::Deserialize;
use std::path::{Path, PathBuf};
use std::time::Duration;

/// The environment variable holding the server's URL.
pub const ENV_URL: &str = "BRIEF_SMTP_URL";
/// The environment variable holding the password.
pub const ENV_PASSWORD: &str = "BRIEF_SMTP_PASSWORD";
/// The environment variable naming a file holding the password.
pub const ENV_PASSWORD_FILE: &str = "BRIEF_SMTP_PASSWORD_FILE";
/// The environment variable naming a PEM file of extra trusted certificates.
pub const ENV_CA_FILE: &str = "BRIEF_SMTP_CA_FILE";
/// The environment variable naming the settings file.
pub const ENV_CONFIG: &str = "BRIEF_SMTP_CONFIG";

/// A password: shown to nobody.
#[derive(Clone)]
pub struct Secret(String);

impl std::fmt::Debug for Secret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Secret(..)")
    }
}

/// How the connection is secured.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Security {
    /// TLS from the first byte (`smtps://`, port 465).
    Tls,
    /// A plain connection upgraded with STARTTLS, which the server must offer.
    StartTls,
    /// No encryption (`smtp://...?tls=none`): for a relay on the same host;
    /// a password is never sent over it.
    None,
}

/// Where and how to send, resolved from the settings file and the environment.
#[derive(Debug, Clone)]
pub struct Settings {
    /// The URL as the user gave it, for messages (it holds no password).
    pub url: String,
    /// Host name (also the name its certificate must carry).
    pub host: String,
    /// Port.
    pub port: u16,
    /// How the connection is secured.
    pub security: Security,
    /// The user to authenticate as, if any.
    pub user: Option<String>,
    /// The password, when there is a user.
    pub password: Option<Secret>,
    /// Extra trusted certificates (PEM), for a private CA.
    pub ca_file: Option<PathBuf>,
    /// How long to wait on the server.
    pub timeout: Duration,
    /// The name we give in EHLO.
    pub hello: String,
}

/// The settings file: `[smtp]` with a URL and where the password is.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    #[serde(default)]
    smtp: FileSmtp,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct FileSmtp {
    url: Option<String>,
    password_file: Option<PathBuf>,
    password_env: Option<String>,
    ca_file: Option<PathBuf>,
    timeout_seconds: Option<u64>,
    hello: Option<String>,
}

impl Settings {
    /// Reads the settings: the file `config` (or `$BRIEF_SMTP_CONFIG`), with
    /// the environment overriding it. `env` looks a variable up.
    pub fn resolve(
        config: Option<&Path>,
        env: &dyn Fn(&str) -> Option<String>,
    ) -> Result<Settings, InputError> {
        let config = config
            .map(Path::to_path_buf)
            .or_else(|| env(ENV_CONFIG).map(PathBuf::from));
        let (file, file_path) = match &config {
            Some(path) => {
                let text = crate::load::read_text(path)?;
                let file: File = toml::from_str(&text).map_err(|e| {
                    InputError::file(
                        path,
                        format!("cannot read the SMTP settings: {}", e.message()),
                    )
                    .help("write `[smtp]` with `url`, and `password_file` or `password_env`")
                })?;
                (file, path.clone())
            }
            None => (File::default(), PathBuf::from("<environment>")),
        };
        let s = file.smtp;
        let url = env(ENV_URL).or(s.url).ok_or_else(|| {
            InputError::file(Path::new("smtp"), "no SMTP server is set")
                .help(format!("set {ENV_URL}=smtp://user@mail.example.com:587, or pass --smtp FILE holding `[smtp] url = ...`"))
        })?;
        let mut settings = parse_url(&url)?;
        if let Some(t) = s.timeout_seconds {
            settings.timeout = Duration::from_secs(t.clamp(1, 600));
        }
        if let Some(h) = s.hello {
            settings.hello = h;
        }
        settings.ca_file = env(ENV_CA_FILE).map(PathBuf::from).or(s.ca_file);
        if settings.user.is_some() {
            let password = if let Some(p) = env(ENV_PASSWORD) {
                p
            } else if let Some(f) = env(ENV_PASSWORD_FILE)
                .map(PathBuf::from)
                .or(s.password_file)
            {
                read_password(&f)?
            } else if let Some(var) = s.password_env {
                env(&var).ok_or_else(|| {
                    InputError::file(
                        &file_path,
                        format!("`password_env` names {var}, which is not set"),
                    )
                })?
            } else {
                return Err(InputError::file(
                    Path::new(&settings.url),
                    "a user is given but no password",
                )
                .help(format!("set {ENV_PASSWORD} or {ENV_PASSWORD_FILE}, or `password_file` in the settings file")));
            };
            settings.password = Some(Secret(password));
            if settings.security == Security::None {
                return Err(InputError::file(
                    Path::new(&settings.url),
                    "refusing to send a password over an unencrypted connection",
                )
                .help("use smtps://, or smtp:// with STARTTLS (the default)"));
            }
        }
        Ok(settings)
    }

    fn error(&self, message: impl Into<String>) -> InputError {
        InputError::file(Path::new(&self.url), message)
    }
}

fn read_password(path: &Path) -> Result<String, InputError> {
    let text = crate::load::read_text(path)?;
    // A trailing newline is the editor's, not the password's.
    Ok(text.trim_end_matches(['\n', '\r']).to_string())
}

/// Reads `smtp://[user@]host[:port][?tls=starttls|none]` or
/// `smtps://[user@]host[:port]`. A password in the URL is refused: URLs end
/// up in shell history and logs.
pub fn parse_url(url: &str) -> Result<Settings, InputError> {
    // The URL is never echoed: it might hold a password.
    let err = |m: &str| {
        InputError::file(
            Path::new("smtp"),
            format!("the SMTP URL cannot be used: {m}"),
        )
        .help("write it as smtp://user@mail.example.com:587 or smtps://user@mail.example.com")
    };
    let parsed = url::Url::parse(url).map_err(|e| err(&e.to_string()))?;
    if parsed.password().is_some() {
        return Err(
            InputError::file(Path::new("smtp"), "the SMTP URL holds a password").help(format!(
                "take it out of the URL and set {ENV_PASSWORD} or {ENV_PASSWORD_FILE}"
            )),
        );
    }
    let (mut security, default_port) = match parsed.scheme() {
        "smtp" => (Security::StartTls, 587),
        "smtps" => (Security::Tls, 465),
        other => return Err(err(&format!("unknown scheme `{other}` (smtp or smtps)"))),
    };
    for (k, v) in parsed.query_pairs() {
        match (k.as_ref(), v.as_ref(), security) {
            ("tls", "starttls", Security::StartTls) => {}
            ("tls", "none", Security::StartTls) => security = Security::None,
            _ => {
                return Err(err(&format!(
                    "unknown option `{k}={v}` (smtp:// takes tls=starttls or tls=none)"
                )));
            }
        }
    }
    let host = parsed
        .host_str()
        .filter(|h| !h.is_empty())
        .ok_or_else(|| err("no host"))?
        .trim_start_matches('[')
        .trim_end_matches(']')
        .to_string();
    let user = (!parsed.username().is_empty()).then(|| percent_decode(parsed.username()));
    // Only the scheme, user, host and port are shown in messages.
    let shown = format!(
        "{}://{}{}:{}",
        parsed.scheme(),
        user.as_ref().map(|u| format!("{u}@")).unwrap_or_default(),
        host,
        parsed.port().unwrap_or(default_port)
    );
    Ok(Settings {
        url: shown,
        host,
        port: parsed.port().unwrap_or(default_port),
        security,
        user,
        password: None,
        ca_file: None,
        timeout: Duration::from_secs(30),
        hello: "localhost".to_string(),
    })
}

fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%'
            && i + 2 < bytes.len()
            && let Ok(b) = u8::from_str_radix(&s[i + 1..i + 3], 16)
        {
            out.push(b);
            i += 3;
            continue;
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// Whether a connection failed because TLS could not be set up (an
/// untrusted or wrong certificate): settings to fix, not a server to wait
/// for. lettre reports a certificate rustls rejects as a network error
/// whose text names the certificate.
fn tls_refused(e: &lettre::transport::smtp::Error) -> bool {
    e.is_tls() || e.to_string().contains("certificate")
}

/// What happened to one recipient.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// The server accepted the message for this recipient.
    Delivered {
        /// The server's reply.
        reply: String,
    },
    /// The whole message was sent, but the connection was lost before the
    /// server said whether it took it: the recipient may have it.
    Unconfirmed {
        /// What went wrong.
        reason: String,
    },
    /// The recipient does not have it: refused, or the server could not be
    /// reached or dropped the connection before the message was complete.
    NotDelivered {
        /// Why.
        reason: String,
    },
}

/// An open, authenticated connection.
pub struct Client {
    settings: Settings,
    conn: Option<SmtpConnection>,
    /// Why the server could not be reached, once it could not: the rest of
    /// a run is not spent waiting on it once per recipient.
    down: Option<String>,
}

impl Client {
    /// A client that connects when it first sends.
    pub fn new(settings: Settings) -> Client {
        Client {
            settings,
            conn: None,
            down: None,
        }
    }

    fn hello(&self) -> ClientId {
        ClientId::Domain(self.settings.hello.clone())
    }

    fn tls(&self) -> Result<TlsParameters, InputError> {
        let mut b = TlsParameters::builder(self.settings.host.clone());
        if let Some(path) = &self.settings.ca_file {
            let pem = std::fs::read(path).map_err(|e| {
                InputError::file(path, format!("cannot read the certificates: {e}"))
            })?;
            let cert = Certificate::from_pem(&pem).map_err(|e| {
                InputError::file(path, format!("cannot read the certificates: {e}"))
            })?;
            b = b.add_root_certificate(cert);
        }
        b.build_rustls()
            .map_err(|e| self.settings.error(format!("cannot set up TLS: {e}")))
    }

    /// Connects, secures and authenticates. `Ok(Err(reason))` is a server
    /// that cannot be reached now (try again later); `Err` is settings that
    /// cannot work (TLS refused, wrong credentials).
    fn connect(&mut self) -> Result<Result<(), String>, InputError> {
        let s = &self.settings;
        let addr = (s.host.as_str(), s.port);
        let hello = self.hello();
        let tls = match s.security {
            Security::None => None,
            _ => Some(self.tls()?),
        };
        let implicit = if s.security == Security::Tls {
            tls.as_ref()
        } else {
            None
        };
        let mut conn = match SmtpConnection::connect(addr, Some(s.timeout), &hello, implicit, None)
        {
            Ok(c) => c,
            Err(e) if tls_refused(&e) => return Err(s.error(format!("TLS failed: {e}"))),
            Err(e) => return Ok(Err(format!("cannot connect to {}: {e}", s.url))),
        };
        if s.security == Security::StartTls {
            if !conn.can_starttls() {
                conn.abort();
                return Err(s.error("the server does not offer STARTTLS").help(
                    "use smtps://, or smtp://...?tls=none for a relay on this host (no password)",
                ));
            }
            let params = tls.as_ref().expect("TLS parameters for STARTTLS");
            if let Err(e) = conn.starttls(params, &hello) {
                conn.abort();
                return if tls_refused(&e) {
                    Err(s.error(format!("STARTTLS failed: {e}"))
                        .help(format!("if the server's certificate is from a private CA, set {ENV_CA_FILE} to its PEM file")))
                } else {
                    Ok(Err(format!("connection lost during STARTTLS: {e}")))
                };
            }
        }
        if let (Some(user), Some(password)) = (&s.user, &s.password) {
            let creds = Credentials::new(user.clone(), password.0.clone());
            if let Err(e) = conn.auth(&[Mechanism::Plain, Mechanism::Login], &creds) {
                conn.abort();
                // Only the server's reply is shown, never what was sent.
                // A 4xx reply is the server's trouble (try later); a 5xx or
                // no mechanism in common is ours.
                return if (e.status().is_none() && !e.is_client()) || e.is_transient() {
                    Ok(Err(format!("connection lost during AUTH: {e}")))
                } else {
                    Err(s.error(format!("authentication as {user} failed: {e}"))
                        .help(format!("check the user in the URL and the password in {ENV_PASSWORD} or {ENV_PASSWORD_FILE}")))
                };
            }
        }
        self.conn = Some(conn);
        Ok(Ok(()))
    }

    /// Sends `message` from `from` to `to` alone. `Err` is settings that
    /// cannot work; everything the server or the network does to this one
    /// recipient is its [`Outcome`].
    pub fn send(
        &mut self,
        from: &Address,
        to: &Address,
        message: &[u8],
    ) -> Result<Outcome, InputError> {
        self.attempt(from, to, message, true)
    }

    /// One try; `retry` allows one more on a new connection when a
    /// connection that had been open for a while turns out to be closed
    /// before the message was sent (a server drops idle clients), which
    /// cannot deliver anything twice.
    fn attempt(
        &mut self,
        from: &Address,
        to: &Address,
        message: &[u8],
        retry: bool,
    ) -> Result<Outcome, InputError> {
        let reused = self.conn.is_some();
        if let Some(reason) = &self.down {
            return Ok(Outcome::NotDelivered {
                reason: reason.clone(),
            });
        }
        if self.conn.is_none()
            && let Err(reason) = self.connect()?
        {
            self.down = Some(reason.clone());
            return Ok(Outcome::NotDelivered { reason });
        }
        let conn = self.conn.as_mut().expect("connected");
        let mut params = Vec::new();
        if !message.is_ascii() {
            params.push(MailParameter::Body(MailBodyParameter::EightBitMime));
        }
        let before = |conn: &mut SmtpConnection, e: lettre::transport::smtp::Error| {
            if e.status().is_some() {
                // The server refused; the connection is still good.
                let _ = conn.command(Rset);
                (false, format!("refused: {e}"))
            } else {
                (true, format!("connection lost: {e}"))
            }
        };
        let steps = conn
            .command(Mail::new(Some(from.clone()), params))
            .and_then(|_| conn.command(Rcpt::new(to.clone(), vec![])))
            .and_then(|_| conn.command(Data));
        if let Err(e) = steps {
            let (broken, reason) = before(conn, e);
            if broken {
                self.drop_connection();
                if reused && retry {
                    return self.attempt(from, to, message, false);
                }
            }
            return Ok(Outcome::NotDelivered { reason });
        }
        // Whether every byte of the message had been written when it failed:
        // only then can the server have taken it.
        let mut written = false;
        let parts = message
            .chunks(64 * 1024)
            .map(Some)
            .chain(std::iter::once(None))
            .map_while(|part| {
                if part.is_none() {
                    written = true;
                }
                part
            });
        let result = conn.message_iter(parts);
        match result {
            Ok(reply) => Ok(Outcome::Delivered {
                reply: reply.first_line().unwrap_or("").to_string(),
            }),
            Err(e) if e.status().is_some() => {
                let _ = conn.command(Rset);
                Ok(Outcome::NotDelivered {
                    reason: format!("refused: {e}"),
                })
            }
            Err(e) => {
                self.drop_connection();
                Ok(if written {
                    Outcome::Unconfirmed {
                        reason: format!("the connection was lost before the server confirmed: {e}"),
                    }
                } else {
                    Outcome::NotDelivered {
                        reason: format!("connection lost while sending: {e}"),
                    }
                })
            }
        }
    }

    fn drop_connection(&mut self) {
        if let Some(mut c) = self.conn.take() {
            c.abort();
        }
    }

    /// Says goodbye.
    pub fn quit(&mut self) {
        if let Some(mut c) = self.conn.take() {
            let _ = c.command(Quit);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn env<'a>(vars: &'a [(&'a str, &'a str)]) -> impl Fn(&str) -> Option<String> + 'a {
        move |k| {
            vars.iter()
                .find(|(n, _)| *n == k)
                .map(|(_, v)| v.to_string())
        }
    }

    #[test]
    fn urls() {
        let s = parse_url("smtp://ir%40acme@mail.example.com").unwrap();
        assert_eq!(
            (s.host.as_str(), s.port, s.security),
            ("mail.example.com", 587, Security::StartTls)
        );
        assert_eq!(s.user.as_deref(), Some("ir@acme"));
        let s = parse_url("smtps://mail.example.com:2465").unwrap();
        assert_eq!((s.port, s.security), (2465, Security::Tls));
        let s = parse_url("smtp://127.0.0.1:2525?tls=none").unwrap();
        assert_eq!(s.security, Security::None);
        assert!(
            parse_url("smtp://u:hunter2@mail.example.com")
                .unwrap_err()
                .message
                .contains("holds a password")
        );
        assert!(
            !parse_url("smtp://u:hunter2@mail.example.com")
                .unwrap_err()
                .to_string()
                .contains("hunter2")
        );
        assert!(parse_url("http://mail.example.com").is_err());
        for bad in [
            "smtp://ir:hunter2@mail.example.com:5870000",
            "smtp://ir:hun/ter2@host",
            "smtps://ir:hunter2@",
        ] {
            let e = parse_url(bad).unwrap_err().to_string();
            assert!(!e.contains("hunter2") && !e.contains("hun/ter2"), "{e}");
        }
        assert!(parse_url("smtps://mail.example.com?tls=none").is_err());
    }

    #[test]
    fn the_password_comes_from_the_environment_and_is_never_shown() {
        let vars = [
            (ENV_URL, "smtp://ir@mail.example.com"),
            (ENV_PASSWORD, "hunter2"),
        ];
        let s = Settings::resolve(None, &env(&vars)).unwrap();
        assert!(!format!("{s:?}").contains("hunter2"));
        assert_eq!(s.password.unwrap().0, "hunter2");
        let vars = [(ENV_URL, "smtp://ir@mail.example.com")];
        assert!(
            Settings::resolve(None, &env(&vars))
                .unwrap_err()
                .message
                .contains("no password")
        );
        let vars = [
            (ENV_URL, "smtp://ir@127.0.0.1?tls=none"),
            (ENV_PASSWORD, "x"),
        ];
        assert!(
            Settings::resolve(None, &env(&vars))
                .unwrap_err()
                .message
                .contains("unencrypted")
        );
        assert!(
            Settings::resolve(None, &env(&[]))
                .unwrap_err()
                .message
                .contains("no SMTP server")
        );
    }
}
