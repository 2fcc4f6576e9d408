//! The one signature algorithm access tokens use, HMAC-SHA256, as jsonwebtoken's
//! `CryptoProvider`. jsonwebtoken is built without a backend (its `rust_crypto` one would
//! bring RSA, ECDSA and EdDSA, and with them `rsa`, which has an unfixed advisory,
//! RUSTSEC-2023-0071): every other algorithm is refused here before a key is looked at, so
//! even a provider bug elsewhere could not make the service accept one.

use hmac::{Hmac, KeyInit, Mac};
use jsonwebtoken::crypto::{CryptoProvider, JwtSigner, JwtVerifier, KeyUtils};
use jsonwebtoken::errors::{new_error, ErrorKind, Result};
use jsonwebtoken::signature::{self, Signer, Verifier};
use jsonwebtoken::{Algorithm, AlgorithmFamily, DecodingKey, EncodingKey};
use sha2::Sha256;

type HmacSha256 = Hmac<Sha256>;

/// HS256 only; no JWK support (the service publishes and reads no JWK set).
static HS256_ONLY: CryptoProvider = CryptoProvider {
    signer_factory: new_signer,
    verifier_factory: new_verifier,
    key_utils: KeyUtils::new_unimplemented(),
};

/// Makes [`HS256_ONLY`] the process's provider; idempotent. jsonwebtoken has no provider of
/// its own in this build, so nothing else can have been installed.
pub(super) fn install() {
    let _ = HS256_ONLY.install_default();
}

fn hmac_key(algorithm: &Algorithm, family: AlgorithmFamily, key: &[u8]) -> Result<HmacSha256> {
    if *algorithm != Algorithm::HS256 {
        return Err(new_error(ErrorKind::InvalidAlgorithm));
    }
    if family != AlgorithmFamily::Hmac {
        return Err(new_error(ErrorKind::InvalidKeyFormat));
    }
    HmacSha256::new_from_slice(key).map_err(|_| new_error(ErrorKind::InvalidKeyFormat))
}

fn new_signer(algorithm: &Algorithm, key: &EncodingKey) -> Result<Box<dyn JwtSigner>> {
    Ok(Box::new(Hs256(hmac_key(
        algorithm,
        key.family(),
        key.as_bytes(),
    )?)))
}

fn new_verifier(algorithm: &Algorithm, key: &DecodingKey) -> Result<Box<dyn JwtVerifier>> {
    Ok(Box::new(Hs256(hmac_key(
        algorithm,
        key.family(),
        key.try_get_as_bytes()?,
    )?)))
}

struct Hs256(HmacSha256);

impl Signer<Vec<u8>> for Hs256 {
    fn try_sign(&self, message: &[u8]) -> std::result::Result<Vec<u8>, signature::Error> {
        let mut mac = self.0.clone();
        mac.update(message);
        Ok(mac.finalize().into_bytes().to_vec())
    }
}

impl JwtSigner for Hs256 {
    fn algorithm(&self) -> Algorithm {
        Algorithm::HS256
    }
}

impl Verifier<Vec<u8>> for Hs256 {
    /// Constant-time comparison (`Mac::verify_slice`).
    fn verify(
        &self,
        message: &[u8],
        signature: &Vec<u8>,
    ) -> std::result::Result<(), signature::Error> {
        let mut mac = self.0.clone();
        mac.update(message);
        mac.verify_slice(signature)
            .map_err(|_| signature::Error::new())
    }
}

impl JwtVerifier for Hs256 {
    fn algorithm(&self) -> Algorithm {
        Algorithm::HS256
    }
}

#[cfg(test)]
mod tests {
    use jsonwebtoken::crypto::{sign, verify};

    use super::*;

    fn keys(secret: &[u8]) -> (EncodingKey, DecodingKey) {
        install();
        (
            EncodingKey::from_secret(secret).unwrap(),
            DecodingKey::from_secret(secret).unwrap(),
        )
    }

    #[test]
    fn signs_and_verifies_hs256_as_everyone_else_does() {
        let (encoding, decoding) = keys(b"secret");
        // HMAC-SHA256("secret", "hello world"), base64url: the value in jsonwebtoken's own tests.
        let expected = "c0zGLzKEFWj0VxWuufTXiRMk5tlI5MbGDAYhzaxIYjo";
        assert_eq!(
            sign(b"hello world", &encoding, Algorithm::HS256).unwrap(),
            expected
        );
        assert!(verify(expected, b"hello world", &decoding, Algorithm::HS256).unwrap());
        assert!(!verify(expected, b"hello world!", &decoding, Algorithm::HS256).unwrap());
        let (_, other) = keys(b"another secret");
        assert!(!verify(expected, b"hello world", &other, Algorithm::HS256).unwrap());
    }

    #[test]
    fn every_other_algorithm_is_refused() {
        let (encoding, decoding) = keys(b"secret");
        for algorithm in [
            Algorithm::HS384,
            Algorithm::HS512,
            Algorithm::RS256,
            Algorithm::PS256,
            Algorithm::ES256,
            Algorithm::EdDSA,
        ] {
            let signed = sign(b"hello world", &encoding, algorithm);
            assert!(
                matches!(
                    signed.as_ref().map_err(|e| e.kind()),
                    Err(ErrorKind::InvalidAlgorithm)
                ),
                "{algorithm:?}: {signed:?}"
            );
            let verified = verify(
                "c0zGLzKEFWj0VxWuufTXiRMk5tlI5MbGDAYhzaxIYjo",
                b"hello world",
                &decoding,
                algorithm,
            );
            assert!(verified.is_err(), "{algorithm:?}: {verified:?}");
        }
    }
}
