//! What answers a request that no route took: 405 with `Allow` for a known path asked with
//! another method, 404 for anything else. And HEAD, which every GET route answers.

use actix_web::body::MessageBody;
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::Method;
use actix_web::middleware::Next;
use actix_web::{web, HttpRequest, HttpResponse};

use crate::error::ApiError;

/// The documented methods of every path, so that a request for a known path with a method it
/// does not have is told 405 and the methods it does have (RFC 9110), not a misleading 404.
/// Built from the finished document, so a route added to the table is known here too.
#[derive(Debug, Clone, Default)]
pub struct KnownPaths(Vec<(Vec<Option<String>>, Vec<&'static str>)>);

impl KnownPaths {
    pub fn new(document: &utoipa::openapi::OpenApi) -> Self {
        let paths = document
            .paths
            .paths
            .iter()
            .map(|(template, item)| {
                // `None` stands for a `{parameter}` segment, which matches any one segment.
                let segments = template
                    .split('/')
                    .map(|s| (!(s.starts_with('{') && s.ends_with('}'))).then(|| s.to_owned()))
                    .collect();
                let methods = [
                    ("GET", item.get.is_some()),
                    ("HEAD", item.get.is_some()),
                    ("PUT", item.put.is_some()),
                    ("POST", item.post.is_some()),
                    ("DELETE", item.delete.is_some()),
                    ("PATCH", item.patch.is_some()),
                ]
                .into_iter()
                .filter_map(|(method, present)| present.then_some(method))
                .collect();
                (segments, methods)
            })
            .collect();
        KnownPaths(paths)
    }

    /// The methods `path` answers, as an `Allow` header value; `None` for an unknown path.
    pub fn allowed(&self, path: &str) -> Option<String> {
        let segments: Vec<&str> = path.split('/').collect();
        let mut allowed: Vec<&str> = Vec::new();
        for (template, methods) in &self.0 {
            let matches = template.len() == segments.len()
                && template
                    .iter()
                    .zip(&segments)
                    // Like the router's `{id}`, a parameter takes one non-empty segment.
                    .all(|(t, s)| t.as_deref().map_or(!s.is_empty(), |t| t == *s));
            if matches {
                for method in methods {
                    if !allowed.contains(method) {
                        allowed.push(method);
                    }
                }
            }
        }
        (!allowed.is_empty()).then(|| allowed.join(", "))
    }
}

/// What answers a request no route took: 405 for a known path whose methods do not include
/// the request's, 404 for anything else.
pub async fn unmatched(
    req: HttpRequest,
    known: web::Data<KnownPaths>,
) -> Result<HttpResponse, ApiError> {
    Err(match known.allowed(req.path()) {
        Some(allow) if !allow.split(", ").any(|m| m == req.method().as_str()) => {
            ApiError::MethodNotAllowed { allow }
        }
        _ => ApiError::NotFound,
    })
}

/// HEAD is GET without the body (RFC 9110 §9.3.2), so every GET route answers it, with the
/// same status and headers: load balancers' probes and `curl -I` included. The route runs as
/// a GET; the HTTP/1 codec remembers the request was HEAD and sends no body.
pub async fn head_as_get(
    mut req: ServiceRequest,
    next: Next<impl MessageBody>,
) -> Result<ServiceResponse<impl MessageBody>, actix_web::Error> {
    if req.method() == Method::HEAD {
        req.head_mut().method = Method::GET;
    }
    next.call(req).await
}
