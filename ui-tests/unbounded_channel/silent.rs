//@ profile: service
//@ bin-root: false
// Bounded channels, one-reply channels and look-alikes: none of them fire.
use std::sync::mpsc;
use tokio::sync::mpsc as tmpsc;

pub fn bounded_tokio() -> tmpsc::Sender<String> {
    let (tx, mut rx) = tmpsc::channel::<String>(1024);
    tokio::spawn(async move { while rx.recv().await.is_some() {} });
    tx
}

pub fn sync_channel() -> mpsc::SyncSender<u8> {
    let (tx, rx) = mpsc::sync_channel(64);
    std::thread::spawn(move || for _ in rx {});
    tx
}

pub fn crossbeam_bounded() -> crossbeam_channel::Sender<u8> {
    let (tx, _rx) = crossbeam_channel::bounded(16);
    tx
}

pub fn flume_bounded() -> flume::Sender<u8> {
    let (tx, _rx) = flume::bounded(16);
    tx
}

/// One reply from a helper thread: a single `recv`, nothing can pile up.
pub fn one_reply() -> u64 {
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        let _ = tx.send(expensive());
    });
    rx.recv().unwrap_or(0)
}

/// One reply with a deadline.
pub fn one_reply_with_timeout() -> Option<u64> {
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || tx.send(expensive()));
    rx.recv_timeout(std::time::Duration::from_secs(1)).ok()
}

pub async fn oneshot() -> u8 {
    let (tx, rx) = tokio::sync::oneshot::channel();
    let _ = tx.send(1);
    rx.await.unwrap_or(0)
}

pub fn broadcast() -> tokio::sync::broadcast::Sender<u8> {
    let (tx, _) = tokio::sync::broadcast::channel(16);
    tx
}

pub fn watch() -> tokio::sync::watch::Sender<u8> {
    let (tx, _) = tokio::sync::watch::channel(0);
    tx
}

/// A local function that happens to be called `unbounded`.
fn unbounded() -> (u8, u8) {
    (0, 0)
}

pub fn local_look_alike() -> u8 {
    let (a, b) = unbounded();
    a + b
}

pub fn suppressed() -> tmpsc::UnboundedSender<u8> {
    let (tx, _rx) = tmpsc::unbounded_channel(); // prodcheck:allow(unbounded_channel) rate limited upstream
    tx
}

#[cfg(test)]
mod tests {
    #[test]
    fn channel_in_tests() {
        let (tx, rx) = std::sync::mpsc::channel::<u8>();
        tx.send(1).unwrap();
        for _ in rx.try_iter() {}
    }
}

/// Control-plane channels: config reloads and completion signals, a handful of messages.
pub fn config_reload() -> tokio::sync::mpsc::UnboundedReceiver<String> {
    let (config_tx, config_rx) = tmpsc::unbounded_channel();
    tokio::spawn(async move { let _ = config_tx.send(String::new()); });
    config_rx
}

pub struct Spawner {
    wait_rx: std::sync::Mutex<mpsc::Receiver<()>>,
}

impl Spawner {
    pub fn new() -> (Self, mpsc::Sender<()>) {
        let (wait_tx, wait_rx) = mpsc::channel();
        (Spawner { wait_rx: std::sync::Mutex::new(wait_rx) }, wait_tx)
    }
}

pub async fn config_watcher(path: std::path::PathBuf) {
    let (fevent_tx, mut fevent_rx) = tmpsc::unbounded_channel();
    watch_files(path, fevent_tx);
    while let Some(event) = fevent_rx.recv().await {
        drop(event);
    }
}

pub fn start(settings: Settings) {
    let (_, ctrl_rx): (mpsc::Sender<()>, mpsc::Receiver<()>) = mpsc::channel();
    std::thread::spawn(move || run(settings, ctrl_rx));
    let (finished_tx, finished_rx) = std::sync::mpsc::channel::<()>();
    std::thread::spawn(move || background(finished_tx, finished_rx));
}

/// File events from a watcher: they come at the pace of file changes.
pub fn watch(dir: &std::path::Path) {
    let (tx, rx) = mpsc::channel();
    let mut debouncer = notify_debouncer_mini::new_debouncer(std::time::Duration::from_secs(1), tx).unwrap();
    let _ = debouncer.watcher().watch(dir, notify::RecursiveMode::Recursive);
    for event in rx {
        drop(event);
    }
    let (etx, erx) = tokio::sync::mpsc::unbounded_channel();
    let _watcher = notify::recommended_watcher(move |e| {
        let _ = etx.send(e);
    });
    drop(erx);
}
