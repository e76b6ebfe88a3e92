// Loads that decide a later store or swap on the same atomic, and the atomic fixes.
use std::sync::atomic::{AtomicBool, AtomicU64, AtomicUsize, Ordering};
use std::sync::atomic::AtomicBool as Flag;
use std::sync::Arc;

static STARTED: AtomicBool = AtomicBool::new(false);
static HITS: AtomicU64 = AtomicU64::new(0);
static READY: Flag = Flag::new(false);

pub fn init_once() {
    if !STARTED.load(Ordering::Acquire) {
        STARTED.store(true, Ordering::Release); //~ atomic_check_then_act
        start_worker();
    }
}

pub fn lost_update() {
    HITS.store(HITS.load(Ordering::Relaxed) + 1, Ordering::Relaxed); //~ atomic_check_then_act
}

pub fn bound_then_checked(slots: &AtomicUsize) -> bool {
    let taken = slots.load(Ordering::SeqCst);
    if taken < 10 {
        slots.store(taken + 1, Ordering::SeqCst); //~ atomic_check_then_act
        return true;
    }
    false
}

static STATE: AtomicUsize = AtomicUsize::new(0);

pub fn shutdown() {
    if STATE.load(Ordering::Acquire) == 1 {
        STATE.store(2, Ordering::Release); //~ atomic_check_then_act
    }
}

pub fn toggle() -> usize {
    match STATE.load(Ordering::SeqCst) {
        0 => STATE.swap(1, Ordering::SeqCst), //~ atomic_check_then_act
        n => n,
    }
}

pub fn renamed_and_full_path() {
    if !READY.load(std::sync::atomic::Ordering::SeqCst) {
        READY.store(true, std::sync::atomic::Ordering::SeqCst); //~ atomic_check_then_act
    }
}

pub fn in_closure(flag: Arc<AtomicBool>) {
    std::thread::spawn(move || {
        if !flag.load(Ordering::Acquire) {
            flag.store(true, Ordering::Release); //~ atomic_check_then_act
            start_worker();
        }
    });
}

pub async fn in_async_block(counter: Arc<AtomicU64>) {
    let task = async move {
        let seen = counter.load(Ordering::Relaxed);
        if seen % 100 == 0 {
            counter.store(0, Ordering::Relaxed); //~ atomic_check_then_act
        }
    };
    task.await;
}

// Silent: one atomic step, unrelated writes, locks, other types.

// A struct's own atomic: a primitive's single-writer state machine (crossbeam, parking_lot).
pub struct Slot {
    stamp: AtomicUsize,
}

impl Slot {
    pub fn release(&self) {
        if self.stamp.load(Ordering::Acquire) == 1 {
            self.stamp.store(2, Ordering::Release);
        }
    }
}

// httparse: a cache of a detected value; whichever thread writes it writes the same.
static FEATURES: std::sync::atomic::AtomicU8 = std::sync::atomic::AtomicU8::new(0);

pub fn features() -> u8 {
    let mut found = FEATURES.load(Ordering::Relaxed);
    if found == 0 {
        found = detect();
        FEATURES.store(found, Ordering::Relaxed);
    }
    found
}

// getrandom: polling a readiness flag in a loop, not a one-time check.
pub fn wait_ready(ready: &AtomicBool) {
    while !ready.load(Ordering::Relaxed) {
        if poll_device() {
            ready.store(true, Ordering::Relaxed);
        }
    }
}
pub fn compare_exchange() {
    if STARTED
        .compare_exchange(false, true, Ordering::AcqRel, Ordering::Acquire)
        .is_ok()
    {
        start_worker();
    }
}

pub fn swap_as_check() {
    if !STARTED.swap(true, Ordering::AcqRel) {
        start_worker();
    }
}

pub fn fetch_ops(slots: &AtomicUsize) {
    HITS.fetch_add(1, Ordering::Relaxed);
    let _ = slots.fetch_update(Ordering::SeqCst, Ordering::SeqCst, |n| (n < 10).then_some(n + 1));
}

pub fn other_atomic(a: &AtomicBool, b: &AtomicBool) {
    if a.load(Ordering::Acquire) {
        b.store(true, Ordering::Release);
    }
}

pub fn store_not_decided(flag: &AtomicBool, config_ok: bool) {
    let _was = flag.load(Ordering::Relaxed);
    if config_ok {
        flag.store(true, Ordering::Relaxed);
    }
}

pub fn under_a_lock(guard: &std::sync::Mutex<()>, flag: &AtomicBool) {
    let _held = guard.lock().unwrap();
    if !flag.load(Ordering::Relaxed) {
        flag.store(true, Ordering::Relaxed);
    }
}

// jobserver: an atomic reached through a field whose type the function does not show;
// the action (setting a descriptor non-blocking) is idempotent anyway.
pub struct Client {
    is_non_blocking: Option<AtomicBool>,
}

impl Client {
    pub fn try_acquire(&self) {
        if let Some(is_non_blocking) = self.is_non_blocking.as_ref() {
            if !is_non_blocking.load(Ordering::Relaxed) {
                is_non_blocking.store(true, Ordering::Relaxed);
            }
        }
    }
}

// log: an `unsafe fn` whose contract is "no other thread runs".
pub unsafe fn set_racy() {
    if STATE.load(Ordering::Acquire) == 0 {
        STATE.store(2, Ordering::Release);
    }
}

pub fn load_here_store_elsewhere() -> bool {
    STARTED.load(Ordering::Acquire)
}

pub fn reset() {
    STARTED.store(false, Ordering::Release);
}

pub struct Config;
impl Config {
    pub fn load(&self) -> bool {
        true
    }
    pub fn store(&self, _: bool) {}
}

pub fn look_alike(config: &Config) {
    if config.load() {
        config.store(false);
    }
    let cell = std::cell::Cell::new(1);
    if cell.get() == 1 {
        cell.set(2);
    }
}

pub fn report_only(counter: &AtomicU64) -> String {
    format!("{}", counter.load(Ordering::Relaxed))
}

#[cfg(test)]
mod tests {
    use super::*;
    #[test]
    fn check_then_act_in_tests() {
        if !STARTED.load(Ordering::Acquire) {
            STARTED.store(true, Ordering::Release);
        }
    }
}

fn start_worker() {}
fn detect() -> u8 {
    1
}
fn poll_device() -> bool {
    true
}
