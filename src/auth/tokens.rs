//! Access tokens (JWT, HS256 pinned, 15 minutes) and opaque refresh tokens.

use base64::Engine;
use chrono::{TimeDelta, Utc};
use jsonwebtoken::{decode, encode, Algorithm, DecodingKey, EncodingKey, Header, Validation};
use rand::Rng;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use uuid::Uuid;

use super::{AuthUser, Role};
use crate::error::ApiError;
use crate::i18n::Msg;

pub const ACCESS_TOKEN_TTL: TimeDelta = TimeDelta::minutes(15);
pub const REFRESH_TOKEN_TTL: TimeDelta = TimeDelta::days(30);

/// Claims of an access token. `exp`, `iss`, `aud` and `sub` are required on decode.
#[derive(Debug, Serialize, Deserialize)]
pub struct Claims {
    pub sub: Uuid,
    pub role: Role,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub company_id: Option<Uuid>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub buyer_id: Option<Uuid>,
    /// A scoped staff account's municipality. Absent on host-wide accounts, so tokens
    /// issued before municipalities existed still read as host-wide, which they were.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub municipality_id: Option<Uuid>,
    pub iat: i64,
    pub exp: i64,
    pub iss: String,
    pub aud: String,
}

pub struct TokenKeys {
    encoding: EncodingKey,
    decoding: DecodingKey,
    validation: Validation,
    issuer: String,
    audience: String,
}

impl TokenKeys {
    /// Fails on an empty secret (configuration requires [`crate::config::MIN_JWT_SECRET_BYTES`]).
    pub fn new(secret: &[u8], issuer: &str, audience: &str) -> Result<Self, ApiError> {
        super::hs256::install();
        let key_error = |e| ApiError::internal(format!("unusable JWT secret: {e}"));
        // Only HS256 is accepted: `alg: none`, other HMAC sizes and public-key algorithms
        // are refused before the signature is even looked at.
        let mut validation = Validation::new(Algorithm::HS256);
        validation.set_issuer(&[issuer]);
        validation.set_audience(&[audience]);
        validation.set_required_spec_claims(&["exp", "iss", "aud", "sub"]);
        validation.leeway = 5;
        Ok(Self {
            encoding: EncodingKey::from_secret(secret).map_err(key_error)?,
            decoding: DecodingKey::from_secret(secret).map_err(key_error)?,
            validation,
            issuer: issuer.to_owned(),
            audience: audience.to_owned(),
        })
    }

    /// Signs an access token for `user`, valid for [`ACCESS_TOKEN_TTL`].
    pub fn issue(&self, user: &AuthUser) -> Result<String, ApiError> {
        let now = Utc::now();
        let claims = Claims {
            sub: user.id,
            role: user.role,
            company_id: user.company_id,
            buyer_id: user.buyer_id,
            municipality_id: user.municipality_id,
            iat: now.timestamp(),
            exp: (now + ACCESS_TOKEN_TTL).timestamp(),
            iss: self.issuer.clone(),
            aud: self.audience.clone(),
        };
        encode(&Header::new(Algorithm::HS256), &claims, &self.encoding)
            .map_err(|e| ApiError::internal(format!("cannot sign a token: {e}")))
    }

    /// Checks signature, algorithm, expiry, issuer and audience.
    pub fn verify(&self, token: &str) -> Result<AuthUser, ApiError> {
        let data = decode::<Claims>(token, &self.decoding, &self.validation).map_err(|e| {
            tracing::debug!(error = %e, "access token refused");
            ApiError::Unauthorized(Msg::TokenInvalid)
        })?;
        let claims = data.claims;
        Ok(AuthUser {
            id: claims.sub,
            role: claims.role,
            company_id: claims.company_id,
            buyer_id: claims.buyer_id,
            municipality_id: claims.municipality_id,
        })
    }
}

/// A new opaque refresh token and the hash under which it is stored.
///
/// 256 random bits need no slow hash: SHA-256 keeps a database leak from yielding usable
/// tokens, and lookups stay one indexed equality.
pub fn new_refresh_token() -> (String, String) {
    let mut bytes = [0u8; 32];
    rand::rng().fill_bytes(&mut bytes);
    let token = base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes);
    let hash = hash_refresh_token(&token);
    (token, hash)
}

pub fn hash_refresh_token(token: &str) -> String {
    let digest = Sha256::digest(token.as_bytes());
    digest.iter().map(|b| format!("{b:02x}")).collect()
}
