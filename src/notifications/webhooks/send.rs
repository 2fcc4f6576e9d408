//! Posting one webhook message: the target checked and pinned ([`target`]), the body
//! signed, a 10 s limit, no redirects followed, the first KiB of the answer kept.

use std::sync::Arc;
use std::time::{Duration, Instant};

use super::store::{MessageRow, SubscriptionRow};
use super::target::{self, Refusal};
use crate::config::WebhookSettings;
use crate::db;

/// How much of an answer the delivery log keeps.
pub const EXCERPT_BYTES: usize = 1024;

/// TLS for reqwest: rustls on ring with the Mozilla roots. reqwest is built without a
/// crypto provider of its own (it would build aws-lc), so every client is handed this.
pub fn tls_config() -> Result<rustls::ClientConfig, String> {
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let roots = rustls::RootCertStore {
        roots: webpki_roots::TLS_SERVER_ROOTS.to_vec(),
    };
    Ok(rustls::ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .map_err(|e| format!("TLS: {e}"))?
        .with_root_certificates(roots)
        .with_no_client_auth())
}

/// What one attempt came to.
#[derive(Debug, Clone)]
pub struct Attempt {
    pub status_code: Option<u16>,
    pub response_excerpt: Option<String>,
    pub error: Option<String>,
    pub duration: Duration,
    pub verdict: Verdict,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict {
    /// A 2xx answer.
    Delivered,
    /// `410 Gone`: the receiver wants no more; the subscription is disabled.
    Gone,
    /// Worth trying again (no answer, or any other status).
    Retry,
    /// Will not work as it stands (the target is refused); not retried.
    Refused,
}

/// The webhook side of the worker: TLS through rustls on ring with the Mozilla roots.
pub struct Sender {
    tls: Arc<rustls::ClientConfig>,
    settings: WebhookSettings,
}

impl Sender {
    pub fn new(settings: WebhookSettings) -> Result<Self, String> {
        Ok(Self {
            tls: Arc::new(tls_config()?),
            settings,
        })
    }

    /// Posts `message` to `subscription`'s URL.
    pub async fn send(&self, subscription: &SubscriptionRow, message: &MessageRow) -> Attempt {
        let started = Instant::now();
        let refused = |refusal: Refusal| Attempt {
            status_code: None,
            response_excerpt: None,
            verdict: match refusal {
                Refusal::Unresolved(_) => Verdict::Retry,
                _ => Verdict::Refused,
            },
            error: Some(refusal.to_string()),
            duration: started.elapsed(),
        };
        let url = match target::parse(&subscription.url, &self.settings) {
            Ok(url) => url,
            Err(refusal) => return refused(refusal),
        };
        let address = match target::resolve(&url, &self.settings).await {
            Ok(address) => address,
            Err(refusal) => return refused(refusal),
        };
        let now = db::now();
        let timestamp = now.and_utc().timestamp();
        let signature = match super::signatures(
            &subscription.secret,
            subscription
                .previous_secret
                .as_deref()
                .zip(subscription.previous_secret_until),
            &message.id,
            timestamp,
            &message.payload,
            now,
        ) {
            Ok(signature) => signature,
            Err(error) => {
                return Attempt {
                    status_code: None,
                    response_excerpt: None,
                    error: Some(error),
                    duration: started.elapsed(),
                    verdict: Verdict::Refused,
                }
            }
        };
        let mut builder = reqwest::Client::builder()
            .tls_backend_preconfigured((*self.tls).clone())
            .redirect(reqwest::redirect::Policy::none())
            .no_proxy()
            .timeout(self.settings.timeout)
            .user_agent(concat!(
                "sagamihara-match-webhooks/",
                env!("CARGO_PKG_VERSION")
            ));
        // The connection goes to the address just checked, whatever DNS says next.
        if let Some(url::Host::Domain(name)) = url.host() {
            builder = builder.resolve(name, address);
        }
        let client = match builder.build() {
            Ok(client) => client,
            Err(e) => {
                return Attempt {
                    status_code: None,
                    response_excerpt: None,
                    error: Some(format!("no HTTP client: {e}")),
                    duration: started.elapsed(),
                    verdict: Verdict::Retry,
                }
            }
        };
        let sent = client
            .post(url)
            .header("content-type", "application/json")
            .header("webhook-id", &message.id)
            .header("webhook-timestamp", timestamp.to_string())
            .header("webhook-signature", signature)
            .body(message.payload.clone())
            .send()
            .await;
        let mut response = match sent {
            Ok(response) => response,
            Err(e) => {
                return Attempt {
                    status_code: None,
                    response_excerpt: None,
                    error: Some(describe(&e)),
                    duration: started.elapsed(),
                    verdict: Verdict::Retry,
                }
            }
        };
        let status = response.status();
        let excerpt = excerpt(&mut response).await;
        let verdict = if status.is_success() {
            Verdict::Delivered
        } else if status == reqwest::StatusCode::GONE {
            Verdict::Gone
        } else {
            Verdict::Retry
        };
        Attempt {
            status_code: Some(status.as_u16()),
            response_excerpt: Some(excerpt),
            error: (!status.is_success()).then(|| format!("the receiver answered {status}")),
            duration: started.elapsed(),
            verdict,
        }
    }
}

/// The first [`EXCERPT_BYTES`] of the answer, read no further (a receiver that streams
/// forever costs one KiB), cut at a character boundary.
async fn excerpt(response: &mut reqwest::Response) -> String {
    let mut bytes = Vec::new();
    while bytes.len() < EXCERPT_BYTES {
        match response.chunk().await {
            Ok(Some(chunk)) => bytes.extend_from_slice(&chunk),
            Ok(None) | Err(_) => break,
        }
    }
    bytes.truncate(EXCERPT_BYTES);
    let text = String::from_utf8_lossy(&bytes).into_owned();
    // A character cut in two at the limit shows as one replacement character; drop it.
    text.strip_suffix('\u{fffd}')
        .map(str::to_owned)
        .unwrap_or(text)
}

fn describe(error: &reqwest::Error) -> String {
    if error.is_timeout() {
        "no answer within the time limit".into()
    } else if error.is_connect() {
        format!("cannot connect: {error}")
    } else {
        error.to_string()
    }
}
