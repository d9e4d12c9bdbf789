//! Hybrid logical clock: wall-clock milliseconds plus a counter, so that every change made on a
//! device gets a stamp greater than every stamp it has made or seen, even when its wall clock
//! steps back. A [`Stamp`] adds the device id, which breaks ties, so stamps are totally ordered.
//! Text form: `{ms:015}-{counter:010}-{device_id}`, which sorts in stamp order.

use serde::{Deserialize, Serialize};

/// How far ahead of this device's wall clock a received stamp may be: 24 hours. A laptop whose
/// clock or time zone is wrong by some hours still syncs; one set days or years ahead would
/// drag every device's clock with it ("dates thrown off forever"), so its ops are refused.
pub const MAX_SKEW_MS: u64 = 24 * 60 * 60 * 1000;

/// The clock state of one device.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Hlc {
    pub ms: u64,
    pub counter: u32,
}

pub use crate::error::SkewError;

impl Hlc {
    /// The zero clock, before any change.
    pub const ZERO: Hlc = Hlc { ms: 0, counter: 0 };

    /// The next stamp after `self` at wall time `now_ms` (for a local change).
    pub fn tick(self, now_ms: u64) -> Hlc {
        if now_ms > self.ms {
            Hlc {
                ms: now_ms,
                counter: 0,
            }
        } else {
            Hlc {
                ms: self.ms,
                counter: self.counter.saturating_add(1),
            }
        }
    }

    /// Merges a stamp received from another device: the result is greater than both `self` and
    /// `remote`, and at least the wall time. A `remote` more than [`MAX_SKEW_MS`] ahead of
    /// `now_ms` is refused and the clock is left as it was.
    pub fn receive(self, remote: Hlc, now_ms: u64) -> Result<Hlc, SkewError> {
        if remote.ms > now_ms.saturating_add(MAX_SKEW_MS) {
            return Err(SkewError {
                ahead_ms: remote.ms - now_ms,
            });
        }
        let ms = self.ms.max(remote.ms).max(now_ms);
        let counter = match (ms == self.ms, ms == remote.ms) {
            (true, true) => self.counter.max(remote.counter).saturating_add(1),
            (true, false) => self.counter.saturating_add(1),
            (false, true) => remote.counter.saturating_add(1),
            (false, false) => 0,
        };
        Ok(Hlc { ms, counter })
    }
}

/// A clock value and the device that made it: the version of one field of one row.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Stamp {
    pub hlc: Hlc,
    pub device: String,
}

impl Stamp {
    /// Parses the text form `{ms:015}-{counter:010}-{device}`.
    pub fn parse(s: &str) -> Option<Stamp> {
        let mut parts = s.splitn(3, '-');
        let ms = parts.next().filter(|p| p.len() == 15)?.parse().ok()?;
        let counter = parts.next().filter(|p| p.len() == 10)?.parse().ok()?;
        let device = parts.next().filter(|d| !d.is_empty())?.to_string();
        Some(Stamp {
            hlc: Hlc { ms, counter },
            device,
        })
    }

    /// The text form, which sorts as the stamps do.
    pub fn format(&self) -> String {
        format!(
            "{:015}-{:010}-{}",
            self.hlc.ms, self.hlc.counter, self.device
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    const DAY: u64 = 24 * 3600 * 1000;

    #[test]
    fn tick_is_monotonic_when_the_wall_clock_steps_back() {
        let a = Hlc {
            ms: 1_000_000,
            counter: 0,
        };
        let b = a.tick(900_000);
        let c = b.tick(1_000_000);
        let d = c.tick(1_000_001);
        assert!(a < b && b < c && c < d);
        assert_eq!(
            b,
            Hlc {
                ms: 1_000_000,
                counter: 1
            }
        );
        assert_eq!(
            d,
            Hlc {
                ms: 1_000_001,
                counter: 0
            }
        );
    }

    #[test]
    fn receive_never_goes_backwards_and_refuses_a_year_ahead() {
        let now = 1_760_000_000_000;
        let local = Hlc {
            ms: now,
            counter: 3,
        };
        let from_past = local
            .receive(
                Hlc {
                    ms: now - 5_000,
                    counter: 9,
                },
                now,
            )
            .unwrap();
        assert_eq!(
            from_past,
            Hlc {
                ms: now,
                counter: 4
            }
        );
        let same_ms = local
            .receive(
                Hlc {
                    ms: now,
                    counter: 7,
                },
                now,
            )
            .unwrap();
        assert_eq!(
            same_ms,
            Hlc {
                ms: now,
                counter: 8
            }
        );
        let an_hour_ahead = Hlc {
            ms: now + 3_600_000,
            counter: 2,
        };
        assert_eq!(
            local.receive(an_hour_ahead, now).unwrap(),
            Hlc {
                ms: now + 3_600_000,
                counter: 3
            }
        );
        let a_year_ahead = Hlc {
            ms: now + 365 * DAY,
            counter: 0,
        };
        assert_eq!(
            local.receive(a_year_ahead, now),
            Err(SkewError {
                ahead_ms: 365 * DAY
            })
        );
    }

    #[test]
    fn stamps_sort_as_their_text_and_round_trip() {
        let a = Stamp {
            hlc: Hlc { ms: 5, counter: 2 },
            device: "0190-a".into(),
        };
        let b = Stamp {
            hlc: Hlc { ms: 5, counter: 10 },
            device: "0190-a".into(),
        };
        let c = Stamp {
            hlc: Hlc { ms: 5, counter: 10 },
            device: "0190-b".into(),
        };
        assert!(a < b && b < c);
        assert!(a.format() < b.format() && b.format() < c.format());
        assert_eq!(Stamp::parse(&c.format()), Some(c));
        assert_eq!(Stamp::parse("12-3-x"), None);
        assert_eq!(Stamp::parse("000000000000005-0000000002-"), None);
    }

    proptest! {
        #[test]
        fn received_clock_exceeds_both_inputs(
            lms in 0u64..1u64 << 45, lc in 0u32..1000, rms in 0u64..1u64 << 45, rc in 0u32..1000,
            now in 0u64..1u64 << 45,
        ) {
            let local = Hlc { ms: lms, counter: lc };
            let remote = Hlc { ms: rms, counter: rc };
            match local.receive(remote, now) {
                Ok(h) => {
                    prop_assert!(h > local && h > remote && h.ms >= now);
                }
                Err(e) => prop_assert!(rms > now + MAX_SKEW_MS && e.ahead_ms == rms - now),
            }
        }
    }
}
