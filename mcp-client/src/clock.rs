//! Injectable time for the result cache.
//!
//! The cache of 2026-07-28 `server/utilities/caching.mdx` expires entries `ttlMs`
//! milliseconds after they were stored; tests replace the system clock with a
//! [`ManualClock`] to step time deterministically.

use std::fmt;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// A monotonic clock.
pub trait Clock: Send + Sync + 'static {
    /// The current instant.
    fn now(&self) -> Instant;
}

/// A shared clock.
pub type SharedClock = Arc<dyn Clock>;

/// The system's monotonic clock ([`Instant::now`]).
#[derive(Debug, Clone, Copy, Default)]
pub struct SystemClock;

impl Clock for SystemClock {
    fn now(&self) -> Instant {
        Instant::now()
    }
}

/// A clock that moves only when [`ManualClock::advance`] is called; cloning shares the time.
#[derive(Clone)]
pub struct ManualClock {
    base: Instant,
    offset: Arc<Mutex<Duration>>,
}

impl ManualClock {
    /// A clock standing at the moment of creation.
    pub fn new() -> Self {
        ManualClock { base: Instant::now(), offset: Arc::new(Mutex::new(Duration::ZERO)) }
    }

    /// Moves the clock forward by `by`.
    pub fn advance(&self, by: Duration) {
        *self.offset.lock().unwrap_or_else(|e| e.into_inner()) += by;
    }
}

impl Default for ManualClock {
    fn default() -> Self {
        ManualClock::new()
    }
}

impl fmt::Debug for ManualClock {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ManualClock")
            .field("offset", &*self.offset.lock().unwrap_or_else(|e| e.into_inner()))
            .finish()
    }
}

impl Clock for ManualClock {
    fn now(&self) -> Instant {
        self.base + *self.offset.lock().unwrap_or_else(|e| e.into_inner())
    }
}
