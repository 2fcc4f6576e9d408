//! The request id: taken from a plain `x-request-id` header or made anew, carried through
//! the handling of one request, and returned on its response, its log line and any 500 body.

use std::future::Future;

use actix_web::http::header::{HeaderName, HeaderValue};

pub const REQUEST_ID_HEADER: HeaderName = HeaderName::from_static("x-request-id");

tokio::task_local! {
    static REQUEST_ID: String;
}

/// The id of the request being handled, for error bodies and logs.
pub fn current_request_id() -> Option<String> {
    REQUEST_ID.try_with(Clone::clone).ok()
}

/// A client-supplied id is kept if it is short and plain; otherwise a new one is made.
pub fn acceptable(value: &HeaderValue) -> Option<String> {
    let value = value.to_str().ok()?;
    let plain = !value.is_empty()
        && value.len() <= 128
        && value
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b':'));
    plain.then(|| value.to_owned())
}

/// Runs `handling` with `id` as its request id.
pub async fn scope<F: Future>(id: String, handling: F) -> F::Output {
    REQUEST_ID.scope(id, handling).await
}
