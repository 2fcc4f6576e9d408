//! Where a webhook may go. A subscriber names the URL, so the service must not be turned
//! into a way into its own network (SSRF): only `https` (plain `http` with
//! `WEBHOOK_ALLOW_HTTP`), and only public addresses — a target resolving to a loopback,
//! private, shared, link-local, multicast or otherwise special address is refused, unless
//! `WEBHOOK_ALLOW_PRIVATE` (tests, development). The name is resolved at every send and the
//! connection goes to the address checked (the sender pins it), so a DNS answer changed
//! between the check and the connection cannot redirect it.

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr};

use reqwest::Url;

use crate::config::WebhookSettings;
use crate::i18n::Msg;

/// The longest URL a subscription takes.
pub const MAX_URL_CHARS: usize = 2000;

/// Why a target is refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refusal {
    /// Not an absolute http(s) URL with a host, or too long.
    NotAUrl,
    /// `http` without `WEBHOOK_ALLOW_HTTP`, or another scheme.
    NotHttps,
    /// The host is or resolves to an address that is not public.
    NotPublic(IpAddr),
    /// The name does not resolve (at send only; a subscription may be registered first).
    Unresolved(String),
}

impl Refusal {
    pub fn message(&self) -> Msg {
        match self {
            Refusal::NotAUrl | Refusal::Unresolved(_) => Msg::WebhookUrl,
            Refusal::NotHttps => Msg::WebhookHttpsOnly,
            Refusal::NotPublic(address) => Msg::WebhookPrivateAddress {
                address: address.to_string(),
            },
        }
    }
}

impl std::fmt::Display for Refusal {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Refusal::NotAUrl => write!(f, "refused: not an absolute http(s) URL"),
            Refusal::NotHttps => write!(f, "refused: only https targets are allowed"),
            Refusal::NotPublic(address) => write!(
                f,
                "refused: {address} is a loopback, private, link-local, multicast or reserved address"
            ),
            Refusal::Unresolved(error) => write!(f, "the host does not resolve: {error}"),
        }
    }
}

/// Checks the URL's form and scheme (no network).
pub fn parse(url: &str, settings: &WebhookSettings) -> Result<Url, Refusal> {
    if url.chars().count() > MAX_URL_CHARS {
        return Err(Refusal::NotAUrl);
    }
    let parsed = Url::parse(url).map_err(|_| Refusal::NotAUrl)?;
    match parsed.scheme() {
        "https" => {}
        "http" if settings.allow_http => {}
        "http" => return Err(Refusal::NotHttps),
        _ => return Err(Refusal::NotHttps),
    }
    if parsed.host_str().is_none_or(str::is_empty) {
        return Err(Refusal::NotAUrl);
    }
    Ok(parsed)
}

/// Whether the service may connect to `address` at all.
pub fn is_public(address: IpAddr) -> bool {
    match address {
        IpAddr::V4(v4) => is_public_v4(v4),
        IpAddr::V6(v6) => match v6.to_ipv4_mapped() {
            Some(v4) => is_public_v4(v4),
            None => is_public_v6(v6),
        },
    }
}

fn is_public_v4(a: Ipv4Addr) -> bool {
    let [first, second, ..] = a.octets();
    !(a.is_unspecified()
        || a.is_loopback()
        || a.is_private()
        || a.is_link_local()
        || a.is_multicast()
        || a.is_broadcast()
        || a.is_documentation()
        // 100.64.0.0/10, shared address space (carrier-grade NAT).
        || (first == 100 && (64..128).contains(&second))
        // 0.0.0.0/8 ("this network") and 240.0.0.0/4 (reserved).
        || first == 0
        || first >= 240
        // 192.0.0.0/24, protocol assignments; 198.18.0.0/15, benchmarking.
        || (first == 192 && second == 0 && a.octets()[2] == 0)
        || (first == 198 && (second == 18 || second == 19)))
}

fn is_public_v6(a: Ipv6Addr) -> bool {
    let first = a.segments()[0];
    !(a.is_unspecified()
        || a.is_loopback()
        || a.is_multicast()
        // fc00::/7, unique local.
        || (first & 0xfe00) == 0xfc00
        // fe80::/10, link-local.
        || (first & 0xffc0) == 0xfe80
        // 2001:db8::/32, documentation.
        || (first == 0x2001 && a.segments()[1] == 0x0db8)
        // ::ffff:0:0/96 is handled as IPv4 by the caller; 64:ff9b::/96 (NAT64) may reach
        // anything, so it is not public either.
        || (first == 0x0064 && a.segments()[1] == 0xff9b))
}

/// The address to connect to for `url`: its IP, or its name resolved now. Every address the
/// name resolves to must be public (unless allowed), so no answer among several sneaks a
/// private one in; the first is used.
pub async fn resolve(url: &Url, settings: &WebhookSettings) -> Result<SocketAddr, Refusal> {
    let port = url.port_or_known_default().ok_or(Refusal::NotAUrl)?;
    let addresses: Vec<SocketAddr> = match url.host() {
        Some(url::Host::Ipv4(v4)) => vec![SocketAddr::new(IpAddr::V4(v4), port)],
        Some(url::Host::Ipv6(v6)) => vec![SocketAddr::new(IpAddr::V6(v6), port)],
        // A slow name server counts against the attempt's limit too.
        Some(url::Host::Domain(name)) => {
            tokio::time::timeout(settings.timeout, tokio::net::lookup_host((name, port)))
                .await
                .map_err(|_| Refusal::Unresolved("no DNS answer in time".into()))?
                .map_err(|e| Refusal::Unresolved(e.to_string()))?
                .collect()
        }
        None => return Err(Refusal::NotAUrl),
    };
    if !settings.allow_private {
        if let Some(private) = addresses.iter().find(|a| !is_public(a.ip())) {
            return Err(Refusal::NotPublic(private.ip()));
        }
    }
    addresses
        .first()
        .copied()
        .ok_or_else(|| Refusal::Unresolved("no address".into()))
}

/// The check at registration: the form, and for an IP or a name that resolves, its
/// addresses. A name that does not resolve yet is let through; each send checks again.
pub async fn check_at_registration(url: &str, settings: &WebhookSettings) -> Result<(), Refusal> {
    let parsed = parse(url, settings)?;
    match resolve(&parsed, settings).await {
        Ok(_) | Err(Refusal::Unresolved(_)) => Ok(()),
        Err(refusal) => Err(refusal),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn strict() -> WebhookSettings {
        WebhookSettings::default()
    }

    #[test]
    fn only_public_addresses_are_public() {
        for private in [
            "127.0.0.1",
            "10.1.2.3",
            "172.16.0.1",
            "192.168.1.1",
            "169.254.169.254",
            "100.64.0.1",
            "0.0.0.0",
            "224.0.0.1",
            "255.255.255.255",
            "::1",
            "fe80::1",
            "fd00::1",
            "ff02::1",
            "::ffff:127.0.0.1",
            "::ffff:10.0.0.1",
            "64:ff9b::7f00:1",
        ] {
            assert!(!is_public(private.parse().unwrap()), "{private}");
        }
        for public in ["93.184.216.34", "8.8.8.8", "2606:4700::1111"] {
            assert!(is_public(public.parse().unwrap()), "{public}");
        }
    }

    #[test]
    fn only_https_unless_http_is_allowed() {
        assert!(parse("https://hooks.example.com/in", &strict()).is_ok());
        assert_eq!(
            parse("http://hooks.example.com/in", &strict()),
            Err(Refusal::NotHttps)
        );
        let relaxed = WebhookSettings {
            allow_http: true,
            ..strict()
        };
        assert!(parse("http://hooks.example.com/in", &relaxed).is_ok());
        assert_eq!(
            parse("ftp://hooks.example.com/", &relaxed),
            Err(Refusal::NotHttps)
        );
        assert_eq!(parse("not a url", &relaxed), Err(Refusal::NotAUrl));
    }

    #[actix_web::test]
    async fn a_loopback_target_is_refused_unless_private_targets_are_allowed() {
        let url = parse("https://127.0.0.1:8443/hook", &strict()).unwrap();
        assert!(matches!(
            resolve(&url, &strict()).await,
            Err(Refusal::NotPublic(_))
        ));
        let localhost = parse("https://localhost/hook", &strict()).unwrap();
        assert!(matches!(
            resolve(&localhost, &strict()).await,
            Err(Refusal::NotPublic(_))
        ));
        let open = WebhookSettings {
            allow_private: true,
            ..strict()
        };
        assert_eq!(
            resolve(&url, &open).await,
            Ok("127.0.0.1:8443".parse().unwrap())
        );
    }
}
