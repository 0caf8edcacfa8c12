//! Sends the mail outbox: through SMTP when `smtp_url` is set, otherwise as .eml files
//! under data_dir/mail (development, tests, and a deployment that has no mail server yet).

use lettre::message::{Mailbox, header::ContentType};
use lettre::{AsyncFileTransport, AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};
use ocop_orders::entity::mail;

use crate::config::Config;

pub enum Mailer {
    Smtp(AsyncSmtpTransport<Tokio1Executor>),
    Files(AsyncFileTransport<Tokio1Executor>),
}

impl Mailer {
    /// # Errors
    /// The SMTP URL cannot be understood, or the mail folder cannot be created.
    pub fn from_config(config: &Config) -> anyhow::Result<Self> {
        match config.mail.smtp_url() {
            Some(url) => Ok(Self::Smtp(
                AsyncSmtpTransport::<Tokio1Executor>::from_url(url)
                    .map_err(|e| anyhow::anyhow!("smtp_url (OCOP_SMTP_URL) is not usable: {e}"))?
                    .build(),
            )),
            None => {
                let dir = config.storage.data_dir.join("mail");
                std::fs::create_dir_all(&dir)?;
                Ok(Self::Files(AsyncFileTransport::<Tokio1Executor>::new(dir)))
            }
        }
    }

    /// Sends one message from the outbox.
    ///
    /// # Errors
    /// A bad address (kept as the row's error) or a transport failure (tried again later).
    pub async fn send(&self, from: &str, row: &mail::Model) -> Result<(), String> {
        let from: Mailbox = from.parse().map_err(|e| format!("from: {e}"))?;
        let to: Mailbox = row.to_email.parse().map_err(|e| format!("to: {e}"))?;
        let message = Message::builder()
            .from(from)
            .to(to)
            .subject(row.subject.clone())
            .header(ContentType::TEXT_PLAIN)
            .body(row.body.clone())
            .map_err(|e| e.to_string())?;
        match self {
            Self::Smtp(t) => t.send(message).await.map(|_| ()).map_err(|e| e.to_string()),
            Self::Files(t) => t.send(message).await.map(|_| ()).map_err(|e| e.to_string()),
        }
    }
}
