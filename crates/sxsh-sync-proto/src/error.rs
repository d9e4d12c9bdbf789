//! Errors of the sync types.

/// A received stamp too far in the future to be accepted.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "stamp is {ahead_ms} ms ahead of this clock (at most {} allowed)",
    crate::MAX_SKEW_MS
)]
pub struct SkewError {
    pub ahead_ms: u64,
}

pub type Result<T> = std::result::Result<T, SkewError>;
