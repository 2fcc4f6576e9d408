//! Access tokens: what a bearer token must be for any authenticated route.

use base64::Engine;
use hmac::{Hmac, KeyInit, Mac};
use sagamihara_match::auth::Role;
use serde_json::{json, Value};
use sha2::{Sha256, Sha384, Sha512};

use crate::api_test;
use crate::common::verbs::ANONYMOUS;
use crate::common::{TestApp, JWT_SECRET};

api_test!(
    async fn forged_and_expired_tokens_are_refused(backend) {
        let app = TestApp::new(backend).await;
        let admin = app.user(Role::Admin);
        let sub = admin.id.to_string();
        let b64 = |v: &Value| base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(v.to_string());

        // Control: a token built the same way with the right key and claims works.
        let good = sign("HS256", &valid_claims(&sub), JWT_SECRET);
        app.list_users(&good, "").await.expect(200);

        let with = |key: &str, value: Value| {
            let mut claims = valid_claims(&sub);
            claims[key] = value;
            sign("HS256", &claims, JWT_SECRET)
        };
        let without = |key: &str| {
            let mut claims = valid_claims(&sub);
            claims.as_object_mut().unwrap().remove(key);
            sign("HS256", &claims, JWT_SECRET)
        };
        let mut tampered = good.clone();
        let payload_start = tampered.find('.').unwrap() + 1;
        let mut forged_claims = valid_claims(&sub);
        forged_claims["role"] = json!("admin");
        forged_claims["sub"] = json!(uuid::Uuid::now_v7().to_string());
        let signature_start = tampered.rfind('.').unwrap();
        tampered.replace_range(payload_start..signature_start, &b64(&forged_claims));

        let cases: Vec<(&str, String)> = vec![
            ("expired", with("exp", json!(now() - 120))),
            ("string exp", with("exp", json!((now() + 600).to_string()))),
            ("wrong audience", with("aud", json!("another-api"))),
            ("wrong issuer", with("iss", json!("someone-else"))),
            ("unknown role", with("role", json!("superuser"))),
            ("no exp", without("exp")),
            ("no sub", without("sub")),
            ("no aud", without("aud")),
            ("no iss", without("iss")),
            ("wrong key", sign("HS256", &valid_claims(&sub), b"another-secret-that-is-32-bytes-long!!")),
            ("HS512", sign("HS512", &valid_claims(&sub), JWT_SECRET)),
            ("HS384", sign("HS384", &valid_claims(&sub), JWT_SECRET)),
            // Algorithm confusion: a public-key algorithm named over an HMAC of the secret.
            ("RS256", sign("RS256", &valid_claims(&sub), JWT_SECRET)),
            ("PS256", sign("PS256", &valid_claims(&sub), JWT_SECRET)),
            ("ES256", sign("ES256", &valid_claims(&sub), JWT_SECRET)),
            ("alg none", format!("{}.{}.", b64(&json!({"alg": "none", "typ": "JWT"})), b64(&valid_claims(&sub)))),
            ("tampered payload", tampered),
            ("garbage", "not.a.token".to_owned()),
        ];
        for (case, token) in cases {
            let response = app.list_users(&token, "").await;
            assert_eq!(response.status.as_u16(), 401, "{case}: {}", response.text());
            response.problem(401);
        }
        let response = app.get_me(ANONYMOUS).header("authorization", "Basic dXNlcjpwYXNz").await;
        assert_eq!(response.header("www-authenticate"), Some("Bearer"));
        response.problem(401);
    }
);

fn now() -> i64 {
    chrono::Utc::now().timestamp()
}

/// A JWT made by hand, whatever `alg` its header names: the service's jsonwebtoken signs
/// HS256 only. The signature is HMAC with the hash of `alg` (SHA-256 for the non-HMAC names).
fn sign(alg: &str, claims: &Value, secret: &[u8]) -> String {
    let b64 = |bytes: &[u8]| base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes);
    let header = json!({"alg": alg, "typ": "JWT"}).to_string();
    let input = format!(
        "{}.{}",
        b64(header.as_bytes()),
        b64(claims.to_string().as_bytes())
    );
    let signature = match alg {
        "HS384" => mac::<Hmac<Sha384>>(secret, &input),
        "HS512" => mac::<Hmac<Sha512>>(secret, &input),
        _ => mac::<Hmac<Sha256>>(secret, &input),
    };
    format!("{input}.{}", b64(&signature))
}

fn mac<M: Mac + KeyInit>(secret: &[u8], input: &str) -> Vec<u8> {
    let mut mac = <M as KeyInit>::new_from_slice(secret).unwrap();
    mac.update(input.as_bytes());
    mac.finalize().into_bytes().to_vec()
}

fn valid_claims(sub: &str) -> Value {
    json!({
        "sub": sub, "role": "admin", "iat": now(), "exp": now() + 600,
        "iss": "sagamihara-match", "aud": "sagamihara-match-api"
    })
}
