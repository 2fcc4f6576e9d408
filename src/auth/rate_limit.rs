//! Throttles on the authentication endpoints: per client address and per account, so that
//! neither one address trying many accounts nor many addresses trying one account get far.
//!
//! The counters live in this process. Behind a load balancer each instance counts on its
//! own, so the effective limit is the configured one times the number of instances.

use std::hash::Hash;
use std::net::IpAddr;
use std::num::NonZeroU32;

use governor::clock::Clock;
use governor::{DefaultKeyedRateLimiter, Quota, RateLimiter};

use crate::config::RateLimitSettings;
use crate::error::ApiError;

/// Above this many tracked keys, forget the ones whose allowance has fully recovered.
const MAX_TRACKED_KEYS: usize = 10_000;

pub struct RateLimits {
    login_by_ip: DefaultKeyedRateLimiter<IpAddr>,
    login_by_account: DefaultKeyedRateLimiter<String>,
    register_by_ip: DefaultKeyedRateLimiter<IpAddr>,
    meeting_requests_by_user: DefaultKeyedRateLimiter<uuid::Uuid>,
    survey_links_by_ip: DefaultKeyedRateLimiter<IpAddr>,
}

fn at_least_one(n: u32) -> NonZeroU32 {
    NonZeroU32::new(n).unwrap_or(NonZeroU32::MIN)
}

impl RateLimits {
    pub fn new(settings: &RateLimitSettings) -> Self {
        Self {
            login_by_ip: RateLimiter::keyed(Quota::per_minute(at_least_one(
                settings.login_per_ip_per_minute,
            ))),
            login_by_account: RateLimiter::keyed(Quota::per_minute(at_least_one(
                settings.login_per_account_per_minute,
            ))),
            register_by_ip: RateLimiter::keyed(Quota::per_hour(at_least_one(
                settings.register_per_ip_per_hour,
            ))),
            meeting_requests_by_user: RateLimiter::keyed(Quota::per_minute(at_least_one(
                settings.meeting_requests_per_user_per_minute,
            ))),
            // A survey link is a credential like a password: guessed links are throttled
            // as logins are, per client address.
            survey_links_by_ip: RateLimiter::keyed(Quota::per_minute(at_least_one(
                settings.login_per_ip_per_minute,
            ))),
        }
    }

    /// Counts one login attempt for the client address and for the (normalised) e-mail.
    pub fn check_login(&self, ip: IpAddr, email: &str) -> Result<(), ApiError> {
        check(&self.login_by_ip, &ip)?;
        check(&self.login_by_account, &email.to_owned())
    }

    pub fn check_register(&self, ip: IpAddr) -> Result<(), ApiError> {
        check(&self.register_by_ip, &ip)
    }

    /// Counts one use of a survey link (read or answer) for the client address.
    pub fn check_survey_link(&self, ip: IpAddr) -> Result<(), ApiError> {
        check(&self.survey_links_by_ip, &ip)
    }

    pub fn check_meeting_request(&self, user: uuid::Uuid) -> Result<(), ApiError> {
        check(&self.meeting_requests_by_user, &user)
    }
}

fn check<K: Clone + Hash + Eq>(
    limiter: &DefaultKeyedRateLimiter<K>,
    key: &K,
) -> Result<(), ApiError> {
    if limiter.len() > MAX_TRACKED_KEYS {
        limiter.retain_recent();
    }
    limiter.check_key(key).map_err(|not_until| {
        let wait = not_until.wait_time_from(limiter.clock().now());
        ApiError::TooManyRequests {
            // Round up: a client that waits the advertised time must get through.
            retry_after_secs: wait.as_secs() + u64::from(wait.subsec_nanos() > 0),
        }
    })
}

/// The client address the limits count: the forwarded one only when the deployment says a
/// trusted proxy sets it (`trust_forwarded_for`), else the peer's.
pub fn client_ip(req: &actix_web::HttpRequest, trust_forwarded_for: bool) -> IpAddr {
    let forwarded = trust_forwarded_for
        .then(|| {
            req.connection_info()
                .realip_remote_addr()
                .map(str::to_owned)
        })
        .flatten()
        .and_then(|addr| {
            addr.parse::<IpAddr>()
                .ok()
                .or_else(|| addr.parse::<std::net::SocketAddr>().ok().map(|a| a.ip()))
        });
    forwarded
        .or_else(|| req.peer_addr().map(|addr| addr.ip()))
        .unwrap_or(IpAddr::V4(std::net::Ipv4Addr::UNSPECIFIED))
}
