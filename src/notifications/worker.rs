//! The delivery worker: claims due outbox rows in batches, sends them, and marks what came
//! of each. Started by `serve` (and alone by `worker`).
//!
//! - **Once per message.** A batch is claimed with a lease (`DELIVERY_LEASE_SECS`); on
//!   PostgreSQL with `FOR UPDATE SKIP LOCKED`, so any number of instances on one database never
//!   claim the same row. A worker that dies mid-batch leaves its lease to run out, and the
//!   rows are sent again by whoever claims them next, with the same `Message-ID`: a receiver
//!   that deduplicates by it sees each message once.
//! - **Retries.** A failed attempt is tried again after an exponential delay with jitter:
//!   the first within `DELIVERY_RETRY_FIRST_SECS` (10 s), delays capped at
//!   `DELIVERY_RETRY_EARLY_CAP_SECS` (30 s) for the message's first 10 minutes, so a short
//!   outage clears within half a minute of its end, then growing to
//!   `DELIVERY_RETRY_MAX_SECS` (1 h). After `DELIVERY_GIVE_UP_HOURS` (72 h) the message is
//!   `failed`, kept, and an admin may retry it. A permanent refusal (an SMTP 5xx) fails at once.
//! - **No mail server.** Without `SMTP_URL` due e-mail is `held`: kept, listed for admins, and
//!   sent once the service starts with a mail server.
//! - **Shutdown.** On stop the worker finishes the batch it is sending, then gives back any
//!   lease it still holds.

use std::sync::Arc;
use std::time::Duration;

use chrono::NaiveDateTime;
use futures_util::StreamExt;
use lettre::message::header::{ContentType, HeaderName, HeaderValue};
use lettre::message::{Mailbox, MultiPart, SinglePart};
use lettre::transport::smtp::authentication::Credentials;
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};
use rand::RngExt;
use tokio::sync::watch;

use super::facts::Facts;
use super::mail::{self, Context};
use super::preferences;
use super::store::{self, OutboxRow, Outcome};
use super::webhooks::{self, send::Sender};
use crate::config::{DeliverySettings, RetrySettings};
use crate::db::{self, DbPool};
use crate::error::ApiError;
use crate::observe::Metrics;

/// The SMTP side: the transport and the addresses every mail carries.
pub struct Mailer {
    transport: AsyncSmtpTransport<Tokio1Executor>,
    from: Mailbox,
    reply_to: Option<Mailbox>,
    /// The right-hand side of every `Message-ID`: `MAIL_FROM`'s domain.
    domain: String,
}

impl Mailer {
    /// The mailer `settings` describe, or `None` without `SMTP_URL`.
    pub fn from_settings(settings: &DeliverySettings) -> Result<Option<Self>, String> {
        let Some(url) = &settings.smtp_url else {
            return Ok(None);
        };
        // lettre reads `smtp://` (plain), `smtps://` (TLS) and `smtp://…?tls=required`
        // (STARTTLS); `smtp+starttls://` is the spelling of the README.
        let url = match url.strip_prefix("smtp+starttls://") {
            Some(rest) if rest.contains('?') => format!("smtp://{rest}&tls=required"),
            Some(rest) => format!("smtp://{rest}?tls=required"),
            None => url.clone(),
        };
        let mut builder = AsyncSmtpTransport::<Tokio1Executor>::from_url(&url)
            .map_err(|e| format!("SMTP_URL is not valid: {e}"))?
            .timeout(Some(Duration::from_secs(10)))
            // One pooled connection for each mail sent at once.
            .pool_config(
                lettre::transport::smtp::PoolConfig::new()
                    .max_size(u32::try_from(settings.concurrency).unwrap_or(u32::MAX)),
            );
        if let Some(username) = &settings.smtp_username {
            builder = builder.credentials(Credentials::new(
                username.clone(),
                settings.smtp_password.clone().unwrap_or_default(),
            ));
        }
        let from: Mailbox = settings
            .mail_from
            .parse()
            .map_err(|e| format!("MAIL_FROM is not an address: {e}"))?;
        let reply_to = match &settings.mail_reply_to {
            Some(address) => Some(
                address
                    .parse()
                    .map_err(|e| format!("MAIL_REPLY_TO is not an address: {e}"))?,
            ),
            None => None,
        };
        Ok(Some(Self {
            transport: builder.build(),
            domain: from.email.domain().to_owned(),
            from,
            reply_to,
        }))
    }

    /// The `Message-ID` of an outbox row: the same for every attempt.
    pub fn message_id(&self, row_id: &str) -> String {
        format!("<{row_id}@{}>", self.domain)
    }

    async fn send(&self, row: &OutboxRow, context: &Context, key: &[u8]) -> Result<(), Failure> {
        let facts: Facts = serde_json::from_str(&row.payload)
            .map_err(|e| Failure::Permanent(format!("unreadable facts: {e}")))?;
        // Optional mail carries its one-click unsubscribe link (needs PUBLIC_BASE_URL).
        let unsubscribe = match (&context.base_url, &row.recipient_id) {
            (Some(base), Some(user)) if row.category.optional() => {
                preferences::token(key, user, row.category).map(|t| preferences::link(base, &t))
            }
            _ => None,
        };
        let rendered = mail::render(
            row.kind,
            row.locale,
            &facts,
            context,
            unsubscribe.as_deref(),
        )
        .map_err(|e| Failure::Permanent(e.to_string()))?;
        let to: Mailbox = row
            .address
            .parse()
            .map_err(|e| Failure::Permanent(format!("not an address: {e}")))?;
        let mut builder = Message::builder()
            .from(self.from.clone())
            .to(to)
            .subject(rendered.subject)
            .message_id(Some(self.message_id(&row.id)));
        if let Some(reply_to) = &self.reply_to {
            builder = builder.reply_to(reply_to.clone());
        }
        // RFC 3834: an automatic mail, not to be answered by auto-responders.
        builder = builder.raw_header(HeaderValue::new(
            HeaderName::new_from_ascii_str("Auto-Submitted"),
            "auto-generated".to_owned(),
        ));
        if let Some(link) = &unsubscribe {
            builder = builder
                .raw_header(HeaderValue::new(
                    HeaderName::new_from_ascii_str("List-Unsubscribe"),
                    format!("<{link}>"),
                ))
                .raw_header(HeaderValue::new(
                    HeaderName::new_from_ascii_str("List-Unsubscribe-Post"),
                    "List-Unsubscribe=One-Click".to_owned(),
                ));
        }
        let mut body = MultiPart::alternative()
            .singlepart(SinglePart::plain(rendered.text))
            .singlepart(SinglePart::html(rendered.html));
        if let Some(invitation) = rendered.invitation {
            let calendar = ContentType::parse(&format!(
                "text/calendar; charset=utf-8; method={}",
                invitation.method
            ))
            .map_err(|e| Failure::Permanent(e.to_string()))?;
            body = body.singlepart(SinglePart::builder().header(calendar).body(invitation.ics));
        }
        let message = builder
            .multipart(body)
            .map_err(|e| Failure::Permanent(format!("cannot build the mail: {e}")))?;
        match self.transport.send(message).await {
            Ok(_) => Ok(()),
            Err(e) if e.is_permanent() => Err(Failure::Permanent(e.to_string())),
            Err(e) => Err(Failure::Transient(e.to_string())),
        }
    }
}

#[derive(Debug)]
enum Failure {
    /// Worth trying again (the server is down, busy, or answered 4xx).
    Transient(String),
    /// Will never work (an address refused, facts that do not make a mail).
    Permanent(String),
}

/// The wait before the next attempt, for a message that has now had `attempts` attempts and
/// was written `age` ago; `jitter` in [0, 1) spreads retries of many messages apart ("equal
/// jitter": between half and all of the exponential delay).
pub fn retry_delay(attempts: u32, age: Duration, retry: &RetrySettings, jitter: f64) -> Duration {
    let doubling = 2f64.powi(attempts.saturating_sub(1).min(30) as i32);
    let exponential = retry.first.as_secs_f64() * doubling;
    let cap = if age < retry.early_window {
        retry.early_cap
    } else {
        retry.max_delay
    };
    let delay = exponential.min(cap.as_secs_f64());
    Duration::from_secs_f64(delay / 2.0 + delay / 2.0 * jitter.clamp(0.0, 1.0))
}

/// What to do after a failed attempt on `row`.
fn after_failure(
    row: &OutboxRow,
    failure: Failure,
    now: NaiveDateTime,
    retry: &RetrySettings,
) -> Outcome {
    match failure {
        Failure::Permanent(error) => Outcome::Failed { error },
        Failure::Transient(error) => next_attempt(row.attempts, row.created_at, error, now, retry),
    }
}

/// After a transient failure of a message written at `created_at` that had `attempts`
/// attempts before this one: when to try again, or, past the retry period, give up.
pub fn next_attempt(
    attempts: i32,
    created_at: NaiveDateTime,
    error: String,
    now: NaiveDateTime,
    retry: &RetrySettings,
) -> Outcome {
    let age = (now - created_at).to_std().unwrap_or_default();
    if age >= retry.give_up {
        return Outcome::Failed { error };
    }
    let attempts = u32::try_from(attempts).unwrap_or(0) + 1;
    let delay = retry_delay(attempts, age, retry, rand::rng().random::<f64>());
    let at = now + chrono::TimeDelta::from_std(delay).unwrap_or(chrono::TimeDelta::seconds(30));
    Outcome::Retry { at, error }
}

/// The worker of one instance.
pub struct Worker {
    pool: DbPool,
    mailer: Option<Mailer>,
    webhooks: Sender,
    /// When the webhook delivery log was last pruned.
    pruned_at: std::sync::Mutex<Option<std::time::Instant>>,
    settings: Arc<DeliverySettings>,
    context: Context,
    metrics: Option<Arc<Metrics>>,
    /// This worker's name on its leases.
    name: String,
}

impl Worker {
    pub fn new(pool: DbPool, settings: DeliverySettings) -> Result<Self, String> {
        let mailer = Mailer::from_settings(&settings)?;
        let organiser = settings
            .mail_from
            .parse::<Mailbox>()
            .map(|m| m.email.to_string())
            .unwrap_or_else(|_| settings.mail_from.clone());
        Ok(Self {
            pool,
            mailer,
            webhooks: Sender::new(settings.webhooks)?,
            pruned_at: std::sync::Mutex::new(None),
            context: Context {
                base_url: settings.public_base_url.clone(),
                organiser,
            },
            settings: Arc::new(settings),
            metrics: None,
            name: format!("worker-{}", db::new_id()),
        })
    }

    /// Counts deliveries and the backlog in the service's `/metrics`.
    pub fn with_metrics(mut self, metrics: Arc<Metrics>) -> Self {
        self.metrics = Some(metrics);
        self
    }

    /// Delivers until `stop` turns true, then finishes the batch in hand and gives back its
    /// leases.
    pub async fn run(self, mut stop: watch::Receiver<bool>) {
        self.start().await;
        let poll = self.settings.poll;
        loop {
            if *stop.borrow() {
                break;
            }
            let handled = match self.tick().await {
                Ok(handled) => handled,
                Err(e) => {
                    tracing::warn!(error = %e, "outbox delivery failed; trying again");
                    0
                }
            };
            if handled < self.settings.batch as usize {
                tokio::select! {
                    _ = tokio::time::sleep(poll) => {}
                    // A stop, or nobody left to say stop: either way the loop ends.
                    changed = stop.changed() => if changed.is_err() { break; },
                }
            }
        }
        let name = self.name.clone();
        match db::write(&self.pool, move |conn| Ok(store::release(conn, &name)?)).await {
            Ok(0) => {}
            Ok(released) => tracing::info!(released, "outbox leases given back"),
            Err(e) => tracing::warn!(error = %e, "outbox leases not given back; they run out"),
        }
        tracing::info!("delivery worker stopped");
    }

    async fn start(&self) {
        let held = if self.mailer.is_some() {
            db::write(&self.pool, |conn| Ok(store::release_held_email(conn)?)).await
        } else {
            let now = db::now();
            db::write(&self.pool, move |conn| {
                Ok(store::hold_due_email(conn, now)?)
            })
            .await
        };
        match (&self.mailer, held) {
            (Some(_), Ok(released)) => tracing::info!(
                released_held = released,
                "delivery worker started; e-mail goes out over SMTP"
            ),
            (None, Ok(held)) => tracing::warn!(
                held,
                "SMTP_URL is not set: e-mail is kept in the outbox as held (admins see it at \
                 GET /api/v1/notifications?status=held) and sent once a mail server is configured"
            ),
            (_, Err(e)) => tracing::warn!(error = %e, "delivery worker could not read the outbox"),
        }
    }

    /// One round: claim a batch of mail and one of webhooks, send both at once (a slow mail
    /// server does not hold up the webhooks, nor a slow receiver the mail), record what came
    /// of each. Returns how many messages it handled.
    pub async fn tick(&self) -> Result<usize, ApiError> {
        self.prune_now_and_then().await;
        let (mail, hooks) = tokio::join!(
            self.mail_round(),
            webhooks::deliver::round(
                &self.pool,
                &self.webhooks,
                &self.name,
                &self.settings,
                self.metrics.as_ref(),
            )
        );
        Ok(mail? + hooks?)
    }

    /// Forgets webhook delivery attempts past the log's 30 days, once an hour.
    async fn prune_now_and_then(&self) {
        let due = {
            let Ok(mut pruned_at) = self.pruned_at.lock() else {
                return;
            };
            let due = pruned_at.is_none_or(|at| at.elapsed() >= Duration::from_secs(3600));
            if due {
                *pruned_at = Some(std::time::Instant::now());
            }
            due
        };
        if due {
            if let Err(e) = webhooks::deliver::prune(&self.pool).await {
                tracing::warn!(error = %e, "the webhook delivery log was not pruned");
            }
        }
    }

    async fn mail_round(&self) -> Result<usize, ApiError> {
        let now = db::now();
        let Some(mailer) = &self.mailer else {
            db::write(&self.pool, move |conn| {
                Ok(store::hold_due_email(conn, now)?)
            })
            .await?;
            return Ok(0);
        };
        let lease = chrono::TimeDelta::from_std(self.settings.lease)
            .unwrap_or(chrono::TimeDelta::seconds(60));
        let (name, batch) = (self.name.clone(), self.settings.batch);
        let rows = db::write(&self.pool, move |conn| {
            Ok(store::claim_due(conn, &name, now, now + lease, batch)?)
        })
        .await?;
        if rows.is_empty() {
            return Ok(0);
        }
        let key = self.settings.unsubscribe_key.as_slice();
        let outcomes: Vec<(String, Outcome)> = futures_util::stream::iter(rows.iter())
            .map(|row| async move {
                let outcome = match mailer.send(row, &self.context, key).await {
                    Ok(()) => Outcome::Sent,
                    Err(failure) => after_failure(row, failure, db::now(), &self.settings.retry),
                };
                (row.id.clone(), outcome)
            })
            .buffer_unordered(self.settings.concurrency)
            .collect()
            .await;
        if let Some(metrics) = &self.metrics {
            for (_, outcome) in &outcomes {
                metrics.count_delivery(match outcome {
                    Outcome::Sent => "sent",
                    Outcome::Retry { .. } => "retry",
                    Outcome::Failed { .. } => "failed",
                });
            }
        }
        for (id, outcome) in &outcomes {
            match outcome {
                Outcome::Sent => tracing::debug!(id, "mail sent"),
                Outcome::Retry { at, error } => {
                    tracing::warn!(id, %at, error, "mail not sent; trying again")
                }
                Outcome::Failed { error } => tracing::error!(id, error, "mail given up"),
            }
        }
        let handled = outcomes.len();
        let done = db::now();
        db::write(&self.pool, move |conn| {
            for (id, outcome) in &outcomes {
                store::record_outcome(conn, id, outcome, done)?;
            }
            Ok(())
        })
        .await?;
        Ok(handled)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn retry() -> RetrySettings {
        RetrySettings::default()
    }

    #[test]
    fn the_first_retry_comes_within_ten_seconds() {
        for jitter in [0.0, 0.5, 0.999] {
            let delay = retry_delay(1, Duration::ZERO, &retry(), jitter);
            assert!(delay <= Duration::from_secs(10), "{delay:?}");
            assert!(delay >= Duration::from_secs(5), "{delay:?}");
        }
    }

    #[test]
    fn delays_stay_under_half_a_minute_for_the_first_ten_minutes() {
        for attempts in 1..40 {
            let delay = retry_delay(attempts, Duration::from_secs(9 * 60), &retry(), 0.999);
            assert!(
                delay <= Duration::from_secs(30),
                "attempt {attempts}: {delay:?}"
            );
        }
    }

    #[test]
    fn later_delays_grow_to_the_maximum() {
        let late = Duration::from_secs(3600);
        let d5 = retry_delay(5, late, &retry(), 0.999);
        let d9 = retry_delay(9, late, &retry(), 0.999);
        assert!(d9 > d5 && d5 > Duration::from_secs(30), "{d5:?} {d9:?}");
        let d30 = retry_delay(30, late, &retry(), 0.999);
        assert!(d30 <= retry().max_delay, "{d30:?}");
    }
}
