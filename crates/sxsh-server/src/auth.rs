//! Passwords (argon2id, the `argon2` crate's defaults), login tokens (random, stored as their
//! sha256) and the login rate limit.

use crate::error::{Result, ServerError};
use argon2::Argon2;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use sha2::{Digest, Sha256};
use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};
use sxsh_sync_proto::wire::ErrorCode;

/// Shortest password an account may have.
pub const MIN_PASSWORD_CHARS: usize = 10;

/// At most this many password hashes are computed at once: each takes 19 MiB (argon2's
/// default memory cost), so a burst of logins costs at most this many times that.
pub const MAX_HASHING: usize = 2;

/// Holds one of the [`MAX_HASHING`] places while it lives.
struct HashingPlace;

static HASHING: (Mutex<usize>, std::sync::Condvar) = (Mutex::new(0), std::sync::Condvar::new());

impl HashingPlace {
    fn take() -> HashingPlace {
        let (count, freed) = &HASHING;
        let mut n = count.lock().unwrap_or_else(|e| e.into_inner());
        while *n >= MAX_HASHING {
            n = freed.wait(n).unwrap_or_else(|e| e.into_inner());
        }
        *n += 1;
        HashingPlace
    }
}

impl Drop for HashingPlace {
    fn drop(&mut self) {
        let (count, freed) = &HASHING;
        *count.lock().unwrap_or_else(|e| e.into_inner()) -= 1;
        freed.notify_one();
    }
}

/// Hashes a password for storage (argon2id, a random salt, PHC string).
pub fn hash_password(password: &str) -> Result<String> {
    if password.chars().count() < MIN_PASSWORD_CHARS {
        return Err(ServerError::new(
            ErrorCode::BadRequest,
            format!("a password has at least {MIN_PASSWORD_CHARS} characters"),
        ));
    }
    // 16 bytes from the OS's random source (a UUIDv4 is 122 random bits from getrandom).
    let salt = SaltString::encode_b64(uuid::Uuid::new_v4().as_bytes())
        .map_err(|e| ServerError::internal(format!("salt: {e}")))?;
    let _place = HashingPlace::take();
    Argon2::default()
        .hash_password(password.as_bytes(), &salt)
        .map(|h| h.to_string())
        .map_err(|e| ServerError::internal(format!("argon2: {e}")))
}

/// Whether `password` matches a stored hash.
pub fn verify_password(password: &str, stored: &str) -> bool {
    PasswordHash::new(stored)
        .map(|h| {
            let _place = HashingPlace::take();
            Argon2::default()
                .verify_password(password.as_bytes(), &h)
                .is_ok()
        })
        .unwrap_or(false)
}

/// A hash to verify against when the login is unknown, so that answer takes as long as a
/// wrong password (no telling which logins exist by timing).
pub fn dummy_hash() -> &'static str {
    static DUMMY: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    DUMMY.get_or_init(|| hash_password("not-a-password-of-anyone").unwrap_or_default())
}

/// A new login token: 244 random bits (two UUIDv4) as hex.
pub fn new_token() -> String {
    format!(
        "{}{}",
        uuid::Uuid::new_v4().simple(),
        uuid::Uuid::new_v4().simple()
    )
}

/// What the server stores of a token.
pub fn token_hash(token: &str) -> String {
    hex::encode(Sha256::digest(token.as_bytes()))
}

/// Wrong passwords allowed per account and per address within [`WINDOW`].
pub const MAX_FAILURES: usize = 5;
pub const WINDOW: Duration = Duration::from_secs(60);

/// Recent wrong passwords, per login and per client address (in memory: a restart forgets
/// them, which only ever lets a few more attempts through).
#[derive(Default)]
pub struct RateLimit {
    failures: Mutex<HashMap<String, Vec<Instant>>>,
}

impl RateLimit {
    /// Refuses with `rate_limited` when `login` or `addr` had [`MAX_FAILURES`] wrong passwords
    /// in the last minute.
    pub fn check(&self, login: &str, addr: &str) -> Result<()> {
        let now = Instant::now();
        let mut map = self
            .failures
            .lock()
            .map_err(|_| ServerError::internal("rate limit lock"))?;
        let mut wait = None;
        for key in [format!("login:{login}"), format!("addr:{addr}")] {
            if let Some(list) = map.get_mut(&key) {
                list.retain(|t| now.duration_since(*t) < WINDOW);
                if list.len() >= MAX_FAILURES {
                    let oldest = list[0];
                    let left = WINDOW.saturating_sub(now.duration_since(oldest));
                    wait = Some(wait.unwrap_or(0).max(left.as_secs() + 1));
                }
            }
        }
        match wait {
            None => Ok(()),
            Some(s) => Err(ServerError {
                code: ErrorCode::RateLimited,
                message: format!("too many wrong passwords: try again in {s} s"),
                retry_after_s: Some(s),
                field_errors: Vec::new(),
            }),
        }
    }

    /// Notes a wrong password.
    pub fn fail(&self, login: &str, addr: &str) {
        if let Ok(mut map) = self.failures.lock() {
            let now = Instant::now();
            for key in [format!("login:{login}"), format!("addr:{addr}")] {
                map.entry(key).or_default().push(now);
            }
            // Bounded: forget keys with nothing recent.
            if map.len() > 10_000 {
                map.retain(|_, v| v.iter().any(|t| now.duration_since(*t) < WINDOW));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_password_verifies_against_its_hash_and_no_other() {
        let h = hash_password("mật khẩu dài đủ").unwrap();
        assert!(h.starts_with("$argon2id$"), "{h}");
        assert!(verify_password("mật khẩu dài đủ", &h));
        assert!(!verify_password("mật khẩu dài đu", &h));
        assert!(!verify_password("x", "not a hash"));
        assert_eq!(
            hash_password("short").unwrap_err().code,
            ErrorCode::BadRequest
        );
    }

    #[test]
    fn the_sixth_wrong_password_within_a_minute_is_refused() {
        let rl = RateLimit::default();
        for _ in 0..MAX_FAILURES {
            rl.check("lan", "10.0.0.5").unwrap();
            rl.fail("lan", "10.0.0.5");
        }
        let e = rl.check("lan", "10.0.0.9").unwrap_err();
        assert_eq!(e.code, ErrorCode::RateLimited);
        assert!(e.retry_after_s.unwrap() >= 1);
        // The same address is limited for another login too; another login elsewhere is not.
        assert!(rl.check("minh", "10.0.0.5").is_err());
        rl.check("minh", "10.0.0.7").unwrap();
    }
}
