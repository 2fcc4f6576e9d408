//! The worker's webhook round: claim due messages, post each to its subscription, log the
//! attempt and record what came of it.

use std::collections::HashMap;
use std::sync::Arc;

use chrono::NaiveDateTime;
use futures_util::StreamExt;

use super::send::{Attempt, Sender, Verdict};
use super::store::{self, DeliveryRow, MessageRow, SubscriptionRow};
use crate::config::DeliverySettings;
use crate::db::{self, DbPool};
use crate::error::ApiError;
use crate::notifications::store::{record_outcome, Outcome};
use crate::notifications::worker::next_attempt;
use crate::observe::Metrics;

/// How long the delivery log keeps an attempt.
pub const LOG_DAYS: i64 = 30;

struct Done {
    message: MessageRow,
    outcome: Outcome,
    attempt: Option<Attempt>,
    attempted_at: NaiveDateTime,
    gone: bool,
}

/// One round; returns how many messages it handled.
pub async fn round(
    pool: &DbPool,
    sender: &Sender,
    worker: &str,
    settings: &DeliverySettings,
    metrics: Option<&Arc<Metrics>>,
) -> Result<usize, ApiError> {
    let now = db::now();
    let lease =
        chrono::TimeDelta::from_std(settings.lease).unwrap_or(chrono::TimeDelta::seconds(60));
    let (name, batch) = (worker.to_owned(), settings.batch);
    let (messages, subscriptions) = db::write(pool, move |conn| {
        let messages = store::claim_due(conn, &name, now, now + lease, batch)?;
        let mut subscriptions: HashMap<String, Option<SubscriptionRow>> = HashMap::new();
        for message in &messages {
            if !subscriptions.contains_key(&message.address) {
                let found = match store::find(conn, &message.address) {
                    Ok(row) => Some(row),
                    Err(diesel::result::Error::NotFound) => None,
                    Err(e) => return Err(e.into()),
                };
                subscriptions.insert(message.address.clone(), found);
            }
        }
        Ok((messages, subscriptions))
    })
    .await?;
    if messages.is_empty() {
        return Ok(0);
    }
    let retry = settings.retry;
    let done: Vec<Done> = futures_util::stream::iter(messages)
        .map(|message| {
            let subscription = subscriptions.get(&message.address).cloned().flatten();
            async move {
                let attempted_at = db::now();
                let Some(subscription) = subscription.filter(|s| s.disabled_at.is_none()) else {
                    return Done {
                        message,
                        outcome: Outcome::Failed {
                            error: "the subscription is disabled or deleted".into(),
                        },
                        attempt: None,
                        attempted_at,
                        gone: false,
                    };
                };
                let attempt = sender.send(&subscription, &message).await;
                let error = attempt.error.clone().unwrap_or_default();
                let outcome = match attempt.verdict {
                    Verdict::Delivered => Outcome::Sent,
                    Verdict::Gone => Outcome::Failed {
                        error: "the receiver answered 410 Gone; the subscription is disabled"
                            .into(),
                    },
                    Verdict::Refused => Outcome::Failed { error },
                    Verdict::Retry => next_attempt(
                        message.attempts,
                        message.created_at,
                        error,
                        db::now(),
                        &retry,
                    ),
                };
                Done {
                    gone: attempt.verdict == Verdict::Gone,
                    message,
                    outcome,
                    attempt: Some(attempt),
                    attempted_at,
                }
            }
        })
        .buffer_unordered(settings.concurrency)
        .collect()
        .await;
    for d in &done {
        if let Some(metrics) = metrics {
            metrics.count_delivery(match d.outcome {
                Outcome::Sent => "sent",
                Outcome::Retry { .. } => "retry",
                Outcome::Failed { .. } => "failed",
            });
        }
        let id = &d.message.id;
        match &d.outcome {
            Outcome::Sent => tracing::debug!(id, "webhook delivered"),
            Outcome::Retry { at, error } => {
                tracing::warn!(id, %at, error, "webhook not delivered; trying again")
            }
            Outcome::Failed { error } => tracing::warn!(id, error, "webhook given up"),
        }
    }
    let handled = done.len();
    let finished = db::now();
    db::write(pool, move |conn| {
        for d in &done {
            record_outcome(conn, &d.message.id, &d.outcome, finished)?;
            // A subscription deleted while its message was on the way takes its log with it.
            let exists = store::exists(conn, &d.message.address)?;
            if let Some(attempt) = d.attempt.as_ref().filter(|_| exists) {
                store::insert_delivery(
                    conn,
                    &DeliveryRow {
                        id: db::new_id(),
                        outbox_id: d.message.id.clone(),
                        subscription_id: d.message.address.clone(),
                        attempted_at: d.attempted_at,
                        status_code: attempt.status_code.map(i32::from),
                        response_excerpt: attempt.response_excerpt.clone(),
                        error: attempt.error.clone(),
                        duration_ms: i32::try_from(attempt.duration.as_millis())
                            .unwrap_or(i32::MAX),
                    },
                )?;
            }
        }
        for d in done.iter().filter(|d| d.gone) {
            store::disable(
                conn,
                &d.message.address,
                "the receiver answered 410 Gone",
                finished,
            )?;
        }
        Ok(())
    })
    .await?;
    Ok(handled)
}

/// Forgets delivery attempts older than the log keeps.
pub async fn prune(pool: &DbPool) -> Result<usize, ApiError> {
    let before = db::now() - chrono::TimeDelta::days(LOG_DAYS);
    db::write(pool, move |conn| Ok(store::prune_deliveries(conn, before)?)).await
}
