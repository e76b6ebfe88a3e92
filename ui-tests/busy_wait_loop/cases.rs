// Loops that poll with nothing in between, and the loops that wait properly.
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::Receiver;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

static READY: AtomicBool = AtomicBool::new(false);

pub fn wait_for_ready() {
    while !READY.load(Ordering::Acquire) {} //~ busy_wait_loop
}

pub fn wait_counting(flag: &AtomicBool) -> u64 {
    let mut polls = 0;
    while !flag.load(Ordering::Acquire) { //~ busy_wait_loop
        polls += 1;
    }
    polls
}

pub fn join_poll(handle: std::thread::JoinHandle<()>) {
    loop { //~ busy_wait_loop
        if handle.is_finished() {
            break;
        }
    }
}

pub fn drain_wait(rx: &Receiver<u32>) {
    while rx.try_recv().is_err() {} //~ busy_wait_loop
}

pub fn try_recv_loop(rx: Receiver<u32>) -> u32 {
    loop { //~ busy_wait_loop
        if let Ok(job) = rx.try_recv() {
            break job;
        }
    }
}

pub fn try_lock_loop(shared: &Mutex<Vec<u8>>) -> usize {
    loop { //~ busy_wait_loop
        if let Ok(guard) = shared.try_lock() {
            break guard.len();
        }
    }
}

pub fn wait_until(deadline: Instant) {
    while Instant::now() < deadline {} //~ busy_wait_loop
}

pub fn wait_for(start: Instant, limit: Duration) {
    while start.elapsed() < limit {} //~ busy_wait_loop
}

pub fn in_a_thread(done: Arc<AtomicBool>) {
    std::thread::spawn(move || {
        while !done.load(Ordering::SeqCst) {} //~ busy_wait_loop
    });
}

pub fn child_poll(mut child: std::process::Child) {
    loop { //~ busy_wait_loop
        if child.try_wait().unwrap().is_some() {
            break;
        }
    }
}

pub fn crossbeam_poll(rx: crossbeam_channel::Receiver<String>) -> String {
    let mut got = None;
    while got.is_none() { //~ busy_wait_loop
        got = rx.try_recv().ok();
    }
    got.unwrap()
}

// Silent: loops that wait, block, yield or do work; bounded spins; spin primitives.
pub fn parks(flag: &AtomicBool) {
    while !flag.load(Ordering::Acquire) {
        std::thread::park();
    }
}

pub fn sleeps(flag: &AtomicBool) {
    while !flag.load(Ordering::Acquire) {
        std::thread::sleep(Duration::from_millis(10));
    }
}

pub fn yields(flag: &AtomicBool) {
    while !flag.load(Ordering::Acquire) {
        std::thread::yield_now();
    }
}

pub fn blocking_receive(rx: Receiver<u32>) -> u32 {
    loop {
        if let Ok(job) = rx.recv() {
            break job;
        }
    }
}

pub async fn awaits(flag: Arc<AtomicBool>, notify: Arc<tokio::sync::Notify>) {
    while !flag.load(Ordering::Acquire) {
        notify.notified().await;
    }
}

// log: waiting out another thread's initialisation with a spin hint, on purpose.
pub fn wait_for_init(state: &std::sync::atomic::AtomicUsize) {
    while state.load(Ordering::SeqCst) == 1 {
        std::hint::spin_loop();
    }
}

// tracing-subscriber, tokio: lock-free retries, not waits.
pub fn raise_max(max: &std::sync::atomic::AtomicUsize, len: usize) {
    let mut seen = max.load(Ordering::Relaxed);
    while len > seen {
        match max.compare_exchange(seen, len, Ordering::AcqRel, Ordering::Acquire) {
            Ok(_) => break,
            Err(actual) => seen = actual,
        }
    }
}

// crossbeam: read two indices again until they are consistent.
pub fn consistent_len(head: &std::sync::atomic::AtomicUsize, tail: &std::sync::atomic::AtomicUsize) -> usize {
    loop {
        let t = tail.load(Ordering::SeqCst);
        let h = head.load(Ordering::SeqCst);
        if tail.load(Ordering::SeqCst) == t {
            return t - h;
        }
    }
}

pub fn bounded_for(flag: &AtomicBool) -> bool {
    for _ in 0..100 {
        if flag.load(Ordering::Acquire) {
            return true;
        }
        std::hint::spin_loop();
    }
    false
}

pub fn bounded_while(flag: &AtomicBool) {
    let mut spins = 0;
    while spins < 100 && !flag.load(Ordering::Acquire) {
        spins += 1;
        std::hint::spin_loop();
    }
}

pub fn does_work(rx: Receiver<u32>) {
    loop {
        match rx.try_recv() {
            Ok(job) => process(job),
            Err(_) => do_other_work(),
        }
    }
}

pub fn logs(flag: &AtomicBool) {
    while !flag.load(Ordering::Acquire) {
        log::debug!("waiting");
    }
}

pub struct SpinLock {
    locked: AtomicBool,
}

impl SpinLock {
    pub fn lock(&self) {
        while self
            .locked
            .compare_exchange_weak(false, true, Ordering::Acquire, Ordering::Relaxed)
            .is_err()
        {
            std::hint::spin_loop();
        }
    }
}

pub fn spin_until(flag: &AtomicBool) {
    while !flag.load(Ordering::Acquire) {}
}

pub fn counter_loop() -> u64 {
    let mut n = 0;
    loop {
        n += 1;
        if n > 10 {
            break n;
        }
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn spins_in_tests() {
        while !super::READY.load(std::sync::atomic::Ordering::Acquire) {}
    }
}

fn process(_: u32) {}
fn do_other_work() {}
