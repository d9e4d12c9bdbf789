//! The fingerprint of a server's TLS certificate, as the server prints it and a person
//! compares it at first login (as with SSH): `SHA256:` and the 32 bytes of the SHA-256 of the
//! certificate's DER encoding in upper-case hex pairs joined by colons.

use sha2::{Digest, Sha256};

/// The fingerprint of a certificate given as DER bytes.
pub fn of_der(der: &[u8]) -> String {
    let hex: Vec<String> = Sha256::digest(der)
        .iter()
        .map(|b| format!("{b:02X}"))
        .collect();
    format!("SHA256:{}", hex.join(":"))
}

/// A fingerprint as typed or pasted (with or without `SHA256:`, colons, spaces, any case) in
/// the form [`of_der`] gives; `None` when it is not 32 bytes of hex.
pub fn normalize(text: &str) -> Option<String> {
    let t = text.trim();
    let t = t
        .strip_prefix("SHA256:")
        .or_else(|| t.strip_prefix("sha256:"))
        .unwrap_or(t);
    let hex: String = t
        .chars()
        .filter(|c| !matches!(c, ':' | ' ' | '-'))
        .collect();
    if hex.len() != 64 || !hex.chars().all(|c| c.is_ascii_hexdigit()) {
        return None;
    }
    let pairs: Vec<String> = hex
        .to_ascii_uppercase()
        .as_bytes()
        .chunks(2)
        .map(|p| String::from_utf8_lossy(p).into_owned())
        .collect();
    Some(format!("SHA256:{}", pairs.join(":")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_fingerprint_reads_back_in_any_of_the_ways_a_person_types_it() {
        let fp = of_der(b"certificate bytes");
        assert!(fp.starts_with("SHA256:"));
        assert_eq!(fp.len(), 7 + 32 * 3 - 1);
        let bare: String = fp[7..].chars().filter(|c| *c != ':').collect();
        assert_eq!(
            normalize(&bare.to_lowercase()).as_deref(),
            Some(fp.as_str())
        );
        assert_eq!(normalize(&format!("  {fp} ")).as_deref(), Some(fp.as_str()));
        assert_eq!(normalize(&fp[..fp.len() - 3]), None);
        assert_eq!(normalize("SHA256:zz"), None);
        assert_ne!(of_der(b"other"), fp);
    }
}
