//! Check-in codes: what a participant's badge (and its QR code) carries, and what the desk
//! scans on the fair day. A code is the event's id, the participant's id and a truncated
//! HMAC-SHA256 of both under the service's check-in key (`config::check_in_key`), in
//! unpadded base64url: opaque, no personal data, made only by the service, and bound to one
//! event, so no table of codes is kept and a code of another fair never checks anyone in.

use base64::Engine;
use hmac::{Hmac, KeyInit, Mac};
use sha2::Sha256;
use uuid::Uuid;

type HmacSha256 = Hmac<Sha256>;

/// The signature's length in bytes: 128 bits are beyond guessing, and the shorter code keeps
/// a batch of offline scans inside the 64 KiB body limit.
const SIGNATURE_BYTES: usize = 16;
const CODE_BYTES: usize = 16 + 16 + SIGNATURE_BYTES;
/// A code's length in characters (48 bytes in unpadded base64url).
pub const CODE_CHARS: usize = 64;
/// What a code looks like, for the document.
pub const CODE_PATTERN: &str = "^[A-Za-z0-9_-]{64}$";

fn mac(key: &[u8], event_id: &Uuid, participant_id: &Uuid) -> Option<HmacSha256> {
    let mut mac = HmacSha256::new_from_slice(key).ok()?;
    mac.update(b"check-in:");
    mac.update(event_id.as_bytes());
    mac.update(participant_id.as_bytes());
    Some(mac)
}

/// The check-in code of `participant_id` (a company's, buyer organisation's or candidate's
/// id) at `event_id`. `None` only for a key HMAC refuses, which no derived key is.
pub fn code(key: &[u8], event_id: &Uuid, participant_id: &Uuid) -> Option<String> {
    let signature = mac(key, event_id, participant_id)?.finalize().into_bytes();
    let mut bytes = Vec::with_capacity(CODE_BYTES);
    bytes.extend_from_slice(event_id.as_bytes());
    bytes.extend_from_slice(participant_id.as_bytes());
    bytes.extend_from_slice(&signature[..SIGNATURE_BYTES]);
    Some(base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes))
}

/// The event and participant a code names, if the service made it.
pub fn verify(key: &[u8], code: &str) -> Option<(Uuid, Uuid)> {
    if code.len() != CODE_CHARS {
        return None;
    }
    let bytes = base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(code)
        .ok()?;
    if bytes.len() != CODE_BYTES {
        return None;
    }
    let event_id = Uuid::from_slice(&bytes[..16]).ok()?;
    let participant_id = Uuid::from_slice(&bytes[16..32]).ok()?;
    mac(key, &event_id, &participant_id)?
        .verify_truncated_left(&bytes[32..])
        .ok()?;
    Some((event_id, participant_id))
}

#[cfg(test)]
mod tests {
    use super::*;

    const KEY: &[u8] = b"a check-in key of the tests, 32+ bytes long";

    #[test]
    fn a_code_names_its_event_and_participant() {
        let (event, participant) = (Uuid::now_v7(), Uuid::now_v7());
        let code = code(KEY, &event, &participant).unwrap();
        assert_eq!(code.len(), CODE_CHARS);
        assert!(code
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_'));
        assert_eq!(verify(KEY, &code), Some((event, participant)));
    }

    #[test]
    fn a_changed_code_or_another_key_verifies_nothing() {
        let (event, participant) = (Uuid::now_v7(), Uuid::now_v7());
        let good = code(KEY, &event, &participant).unwrap();
        assert_eq!(verify(b"another key entirely, also 32 bytes", &good), None);
        // Another participant's id under the original signature.
        let forged = code(KEY, &event, &Uuid::now_v7()).unwrap();
        let spliced = format!("{}{}", &forged[..43], &good[43..]);
        assert_eq!(verify(KEY, &spliced), None);
        for bad in [
            "",
            "short",
            &good[1..],
            &format!("{good}A"),
            &good.replace('A', "B"),
        ] {
            if bad != good {
                assert_eq!(verify(KEY, bad), None, "{bad}");
            }
        }
    }
}
