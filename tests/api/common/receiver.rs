//! A real HTTP receiver for webhooks on 127.0.0.1: an actix-web server on a free port that
//! records every request (headers and body) and answers with the statuses the test scripts
//! (then 200), at once or after a delay (`start_slow`, for the tests that kill the sender
//! mid-delivery).

use std::collections::{HashMap, VecDeque};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use actix_web::{web, App, HttpRequest, HttpResponse, HttpServer};
use serde_json::Value;

/// One request the receiver got.
#[derive(Debug, Clone)]
pub struct Received {
    pub headers: HashMap<String, String>,
    pub body: String,
}

impl Received {
    pub fn header(&self, name: &str) -> &str {
        self.headers.get(name).map(String::as_str).unwrap_or("")
    }

    pub fn json(&self) -> Value {
        serde_json::from_str(&self.body).expect("a JSON body")
    }

    pub fn event_type(&self) -> String {
        self.json()["type"].as_str().unwrap_or("").to_owned()
    }
}

#[derive(Default)]
struct State {
    received: Vec<Received>,
    answers: VecDeque<u16>,
    delay: Duration,
}

pub struct Receiver {
    pub url: String,
    state: Arc<Mutex<State>>,
    server: actix_web::dev::ServerHandle,
}

async fn receive(
    request: HttpRequest,
    body: web::Bytes,
    state: web::Data<Arc<Mutex<State>>>,
) -> HttpResponse {
    let headers = request
        .headers()
        .iter()
        .map(|(k, v)| (k.as_str().to_owned(), v.to_str().unwrap_or("").to_owned()))
        .collect();
    let (status, delay) = {
        let mut state = state.lock().unwrap();
        state.received.push(Received {
            headers,
            body: String::from_utf8_lossy(&body).into_owned(),
        });
        (state.answers.pop_front().unwrap_or(200), state.delay)
    };
    if !delay.is_zero() {
        actix_web::rt::time::sleep(delay).await;
    }
    HttpResponse::build(actix_web::http::StatusCode::from_u16(status).unwrap())
        .body(format!("answered {status}"))
}

impl Receiver {
    /// A receiver answering `answers` in turn, then 200 to everything.
    pub fn start(answers: &[u16]) -> Self {
        Self::serve(answers, Duration::ZERO)
    }

    /// A receiver that records each request at once and answers 200 `delay` later.
    pub fn start_slow(delay: Duration) -> Self {
        Self::serve(&[], delay)
    }

    fn serve(answers: &[u16], delay: Duration) -> Self {
        let state = Arc::new(Mutex::new(State {
            received: Vec::new(),
            answers: answers.iter().copied().collect(),
            delay,
        }));
        let data = web::Data::new(Arc::clone(&state));
        let server = HttpServer::new(move || {
            App::new()
                .app_data(data.clone())
                .default_service(web::to(receive))
        })
        .workers(1)
        .disable_signals()
        .bind(("127.0.0.1", 0))
        .expect("bind the receiver");
        let port = server.addrs()[0].port();
        let server = server.run();
        let handle = server.handle();
        actix_web::rt::spawn(server);
        Receiver {
            url: format!("http://127.0.0.1:{port}/hooks"),
            state,
            server: handle,
        }
    }

    pub fn received(&self) -> Vec<Received> {
        self.state.lock().unwrap().received.clone()
    }

    /// Waits up to `limit` until `done` holds of what arrived; fails the test otherwise.
    pub async fn wait_for(
        &self,
        limit: Duration,
        what: &str,
        done: impl Fn(&[Received]) -> bool,
    ) -> Vec<Received> {
        let start = Instant::now();
        loop {
            let received = self.received();
            if done(&received) {
                return received;
            }
            if start.elapsed() > limit {
                panic!("{what}: not within {limit:?}; received {received:#?}");
            }
            actix_web::rt::time::sleep(Duration::from_millis(50)).await;
        }
    }
}

impl Drop for Receiver {
    fn drop(&mut self) {
        let stopping = self.server.stop(false);
        actix_web::rt::spawn(stopping);
    }
}
