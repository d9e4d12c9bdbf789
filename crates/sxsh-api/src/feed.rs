//! Which rows changed: the feed a window listens to so that every open screen shows what is
//! stored — a sync pull, an import, a restore or another window's save — before its next edit.
//!
//! A reader asks with the cursor of its last answer and waits (bounded) until something was
//! committed after it. The cursor names the feed's epoch: a restore or another data folder
//! starts a new one, and a reader with a cursor of an older epoch is told to reload everything.

use crate::error::Result;
use serde::{Deserialize, Serialize};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Condvar, Mutex};
use std::time::{Duration, Instant};

/// At most this many changed rows in one answer; more is a `reset`.
pub const MAX_ROWS: usize = 500;
/// The longest a reader waits for a change.
pub const MAX_WAIT: Duration = Duration::from_secs(30);

/// Every feed of this process gets its own epochs.
static EPOCHS: AtomicU64 = AtomicU64::new(1);

pub(crate) fn new_epoch() -> u64 {
    EPOCHS.fetch_add(1, Ordering::Relaxed)
}

/// Where a reader of the feed is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
pub struct FeedCursor {
    /// Changes when the whole data changes (a restore, another data folder).
    #[ts(type = "number")]
    pub epoch: u64,
    /// The change-log sequence number read up to.
    #[ts(type = "number")]
    pub seq: i64,
}

/// One changed row.
#[derive(Debug, Clone, PartialEq, Serialize, ts_rs::TS)]
pub struct RowChange {
    pub entity: String,
    pub id: String,
    /// The stored row with its versions; `null` when it was deleted.
    #[ts(type = "Record<string, unknown> | null")]
    pub row: Option<serde_json::Value>,
}

/// An answer of the feed.
#[derive(Debug, Clone, PartialEq, Serialize, ts_rs::TS)]
pub struct RowChanges {
    /// Ask from here next time.
    pub cursor: FeedCursor,
    /// Everything may have changed (a restore, another data folder, or more than
    /// [`MAX_ROWS`] rows): reload every screen.
    pub reset: bool,
    pub rows: Vec<RowChange>,
}

/// Wakes the readers when a transaction commits.
#[derive(Debug, Default)]
pub(crate) struct Feed {
    /// Bumped after every commit and every new epoch.
    generation: Mutex<u64>,
    changed: Condvar,
    /// The host is shutting down: readers are answered at once.
    closed: std::sync::atomic::AtomicBool,
}

impl Feed {
    pub(crate) fn generation(&self) -> u64 {
        *self.generation.lock().unwrap_or_else(|e| e.into_inner())
    }

    pub(crate) fn bump(&self) {
        *self.generation.lock().unwrap_or_else(|e| e.into_inner()) += 1;
        self.changed.notify_all();
    }

    /// Waits until the generation is no longer `seen` or `until` passes; true when it moved.
    pub(crate) fn wait(&self, seen: u64, until: Instant) -> bool {
        let mut g = self.generation.lock().unwrap_or_else(|e| e.into_inner());
        while *g == seen {
            let left = until.saturating_duration_since(Instant::now());
            if left.is_zero() {
                return false;
            }
            g = self
                .changed
                .wait_timeout(g, left)
                .unwrap_or_else(|e| e.into_inner())
                .0;
        }
        true
    }
}

impl crate::Api {
    /// Answers every waiting and later reader of [`Api::changes`] at once (the host is
    /// shutting down and should not wait for long polls).
    pub fn close_feed(&self) {
        self.feed.closed.store(true, Ordering::Relaxed);
        self.feed.bump();
    }

    /// The rows changed after `since`, waiting up to `wait` (at most [`MAX_WAIT`]) for a
    /// change when there is none yet. Without a cursor, answers the current one at once.
    pub fn changes(&self, since: Option<FeedCursor>, wait: Duration) -> Result<RowChanges> {
        let until = Instant::now() + wait.min(MAX_WAIT);
        loop {
            let seen = self.feed.generation();
            let (epoch, seq) = self.with(|s| Ok((self.epoch(), s.last_seq()?)))?;
            let now = FeedCursor { epoch, seq };
            let Some(since) = since else {
                return Ok(RowChanges {
                    cursor: now,
                    reset: false,
                    rows: vec![],
                });
            };
            if since.epoch != epoch || since.seq > seq {
                return Ok(RowChanges {
                    cursor: now,
                    reset: true,
                    rows: vec![],
                });
            }
            if seq > since.seq {
                return self.with(|s| {
                    let changed = s.changed_rows(since.seq, MAX_ROWS)?;
                    let cursor = FeedCursor {
                        epoch,
                        seq: changed.seq,
                    };
                    if changed.truncated {
                        return Ok(RowChanges {
                            cursor,
                            reset: true,
                            rows: vec![],
                        });
                    }
                    let mut rows = Vec::with_capacity(changed.rows.len());
                    for (entity, id) in changed.rows {
                        // An entity this version does not know (pending remote ops) has no screen.
                        let Some(def) = sxsh_store::registry::by_name(&entity) else {
                            continue;
                        };
                        let row = (def.load)(s.conn(), &id)?;
                        rows.push(RowChange { entity, id, row });
                    }
                    Ok(RowChanges {
                        cursor,
                        reset: false,
                        rows,
                    })
                });
            }
            if self.feed.closed.load(Ordering::Relaxed) || !self.feed.wait(seen, until) {
                return Ok(RowChanges {
                    cursor: since,
                    reset: false,
                    rows: vec![],
                });
            }
        }
    }
}
