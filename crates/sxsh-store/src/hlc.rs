//! Hybrid logical clock: wall-clock milliseconds plus a counter, so that every change made on
//! this device gets a stamp greater than the last one even when the wall clock steps back.
//! Text form: `{ms:015}-{counter:010}-{device_id}`, which sorts in clock order.

/// The clock state of one device.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hlc {
    pub ms: u64,
    pub counter: u32,
}

impl Hlc {
    /// Parses the text form, ignoring the device part.
    pub fn parse(s: &str) -> Option<Hlc> {
        let mut parts = s.splitn(3, '-');
        let ms = parts.next()?.parse().ok()?;
        let counter = parts.next()?.parse().ok()?;
        Some(Hlc { ms, counter })
    }

    /// The next stamp after `self` at wall time `now_ms`.
    pub fn tick(&self, now_ms: u64) -> Hlc {
        if now_ms > self.ms {
            Hlc {
                ms: now_ms,
                counter: 0,
            }
        } else {
            Hlc {
                ms: self.ms,
                counter: self.counter + 1,
            }
        }
    }

    /// Text form for `device_id`.
    pub fn format(&self, device_id: &str) -> String {
        format!("{:015}-{:010}-{}", self.ms, self.counter, device_id)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tick_is_monotonic_when_the_clock_steps_back() {
        let a = Hlc {
            ms: 1000,
            counter: 0,
        };
        let b = a.tick(900);
        let c = b.tick(1000);
        let d = c.tick(1001);
        assert!(b.format("d") > a.format("d"));
        assert!(c.format("d") > b.format("d"));
        assert!(d.format("d") > c.format("d"));
        assert_eq!(Hlc::parse(&d.format("dev-1")), Some(d));
    }
}
