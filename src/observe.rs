//! The middleware that gives every request an id, a log line and a place in the Prometheus
//! metrics (served by `ops::metrics`).

use std::time::{Duration, Instant};

use actix_web::body::MessageBody;
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::header::HeaderValue;
use actix_web::middleware::Next;
use actix_web::web;
use prometheus::{
    Encoder, Gauge, HistogramOpts, HistogramVec, IntCounterVec, IntGaugeVec, Opts, Registry,
    TextEncoder,
};

use crate::error::ApiError;
use crate::request_id::{self, REQUEST_ID_HEADER};

pub struct Metrics {
    registry: Registry,
    requests: IntCounterVec,
    latency: HistogramVec,
    deliveries: IntCounterVec,
    outbox: IntGaugeVec,
    oldest_due: Gauge,
}

impl Metrics {
    pub fn new() -> Result<Self, prometheus::Error> {
        let registry = Registry::new();
        let requests = IntCounterVec::new(
            Opts::new("http_requests_total", "HTTP requests by route and status"),
            &["method", "route", "status"],
        )?;
        let latency = HistogramVec::new(
            HistogramOpts::new(
                "http_request_duration_seconds",
                "HTTP request latency by route",
            )
            .buckets(vec![
                0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0,
            ]),
            &["method", "route", "status"],
        )?;
        let deliveries = IntCounterVec::new(
            Opts::new(
                "outbox_deliveries_total",
                "Delivery attempts of outbox messages by this instance, by outcome",
            ),
            &["outcome"],
        )?;
        let outbox = IntGaugeVec::new(
            Opts::new("outbox_messages", "Outbox messages by status"),
            &["status"],
        )?;
        let oldest_due = Gauge::new(
            "outbox_oldest_due_age_seconds",
            "How long the oldest due, unsent message has been due (0 when none)",
        )?;
        registry.register(Box::new(requests.clone()))?;
        registry.register(Box::new(latency.clone()))?;
        registry.register(Box::new(deliveries.clone()))?;
        registry.register(Box::new(outbox.clone()))?;
        registry.register(Box::new(oldest_due.clone()))?;
        Ok(Self {
            registry,
            requests,
            latency,
            deliveries,
            outbox,
            oldest_due,
        })
    }

    fn observe(&self, method: &str, route: &str, status: u16, elapsed: Duration) {
        let status = status.to_string();
        let labels = [method, route, status.as_str()];
        self.requests.with_label_values(&labels).inc();
        self.latency
            .with_label_values(&labels)
            .observe(elapsed.as_secs_f64());
    }

    /// One delivery attempt's outcome (`sent`, `retry`, `failed`).
    pub fn count_delivery(&self, outcome: &str) {
        self.deliveries.with_label_values(&[outcome]).inc();
    }

    /// The outbox as it is now: messages per status, and the age of the oldest due one.
    pub fn set_outbox(&self, counts: &[(&str, i64)], oldest_due_seconds: f64) {
        for (status, count) in counts {
            self.outbox.with_label_values(&[status]).set(*count);
        }
        self.oldest_due.set(oldest_due_seconds);
    }

    pub fn render(&self) -> Result<String, ApiError> {
        let mut buffer = Vec::new();
        TextEncoder::new()
            .encode(&self.registry.gather(), &mut buffer)
            .map_err(|e| ApiError::internal(e.to_string()))?;
        String::from_utf8(buffer).map_err(|e| ApiError::internal(e.to_string()))
    }
}

/// Request id, access log and metrics for every request.
pub async fn observe(
    req: ServiceRequest,
    next: Next<impl MessageBody>,
) -> Result<ServiceResponse<impl MessageBody>, actix_web::Error> {
    let started = Instant::now();
    let request_id = req
        .headers()
        .get(&REQUEST_ID_HEADER)
        .and_then(request_id::acceptable)
        .unwrap_or_else(|| uuid::Uuid::now_v7().to_string());
    let metrics = req.app_data::<web::Data<Metrics>>().cloned();
    let method = req.method().to_string();
    let path = req.path().to_owned();

    let mut response = request_id::scope(request_id.clone(), next.call(req)).await?;

    let elapsed = started.elapsed();
    let status = response.status().as_u16();
    // The route pattern, not the path, keeps the label set small (`/users/{id}`).
    let route = response
        .request()
        .match_pattern()
        .unwrap_or_else(|| "unmatched".to_owned());
    if let Some(metrics) = metrics {
        metrics.observe(&method, &route, status, elapsed);
    }
    if let Ok(value) = HeaderValue::from_str(&request_id) {
        response.headers_mut().insert(REQUEST_ID_HEADER, value);
    }
    tracing::info!(
        request_id = %request_id,
        method = %method,
        path = %path,
        status,
        // Microsecond precision: the float's own digits beyond it are noise in a log.
        elapsed_ms = (elapsed.as_secs_f64() * 1_000_000.0).round() / 1000.0,
        "request"
    );
    Ok(response)
}
