//! HMAC helpers shared by the providers. Verification decodes the hex a provider sent and
//! lets `hmac` compare in constant time, so a forger learns nothing from timing.

use hmac::{Hmac, Mac as _};
use sha2::{Sha256, Sha512};

/// HMAC-SHA256 of `message`, lower-case hex (MoMo, Stripe).
pub(crate) fn sha256_hex(key: &[u8], message: &[u8]) -> String {
    hex::encode(sha256(key, message))
}

pub(crate) fn sha256(key: &[u8], message: &[u8]) -> Vec<u8> {
    // HMAC accepts keys of any length, so `new_from_slice` cannot fail here.
    let Ok(mut mac) = Hmac::<Sha256>::new_from_slice(key) else { return Vec::new() };
    mac.update(message);
    mac.finalize().into_bytes().to_vec()
}

/// HMAC-SHA512 of `message`, lower-case hex (VNPay).
pub(crate) fn sha512_hex(key: &[u8], message: &[u8]) -> String {
    let Ok(mut mac) = Hmac::<Sha512>::new_from_slice(key) else { return String::new() };
    mac.update(message);
    hex::encode(mac.finalize().into_bytes())
}

/// Whether `claimed_hex` (either case) is the HMAC-SHA256 of `message`.
pub(crate) fn verify_sha256(key: &[u8], message: &[u8], claimed_hex: &str) -> bool {
    let Ok(claimed) = hex::decode(claimed_hex) else { return false };
    let Ok(mut mac) = Hmac::<Sha256>::new_from_slice(key) else { return false };
    mac.update(message);
    mac.verify_slice(&claimed).is_ok()
}

/// Whether `claimed_hex` (either case) is the HMAC-SHA512 of `message`.
pub(crate) fn verify_sha512(key: &[u8], message: &[u8], claimed_hex: &str) -> bool {
    let Ok(claimed) = hex::decode(claimed_hex) else { return false };
    let Ok(mut mac) = Hmac::<Sha512>::new_from_slice(key) else { return false };
    mac.update(message);
    mac.verify_slice(&claimed).is_ok()
}
