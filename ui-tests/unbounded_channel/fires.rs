//@ profile: service
//@ bin-root: false
// Unbounded channels in a service, written the ways real code writes them.
use crossbeam_channel::unbounded as crossbeam_unbounded;
use std::sync::mpsc;
use tokio::sync::mpsc::{unbounded_channel, UnboundedReceiver, UnboundedSender};

pub struct EventBus {
    tx: UnboundedSender<String>,
}

impl EventBus {
    pub fn new() -> (Self, UnboundedReceiver<String>) {
        let (tx, rx) = unbounded_channel(); //~ unbounded_channel
        (EventBus { tx }, rx)
    }

    pub fn publish(&self, event: String) {
        let _ = self.tx.send(event);
    }
}

pub fn spawn_audit_writer() -> tokio::sync::mpsc::UnboundedSender<String> {
    let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel::<String>(); //~ unbounded_channel
    tokio::spawn(async move {
        while let Some(line) = rx.recv().await {
            write_audit(line).await;
        }
    });
    tx
}

pub fn std_worker() -> mpsc::Sender<Vec<u8>> {
    let (tx, rx) = mpsc::channel(); //~ unbounded_channel
    std::thread::spawn(move || {
        for job in rx {
            process(job);
        }
    });
    tx
}

pub fn crossbeam_aliased() -> crossbeam_channel::Sender<u64> {
    let (tx, rx) = crossbeam_unbounded(); //~ unbounded_channel
    std::thread::spawn(move || rx.iter().for_each(record));
    tx
}

pub fn flume_full_path() -> flume::Sender<String> {
    let (tx, rx) = ::flume::unbounded(); //~ unbounded_channel
    tokio::spawn(async move {
        while let Ok(msg) = rx.recv_async().await {
            drop(msg);
        }
    });
    tx
}

pub struct Metrics {
    queue: (async_channel::Sender<u64>, async_channel::Receiver<u64>),
}

pub fn metrics() -> Metrics {
    Metrics { queue: async_channel::unbounded() } //~ unbounded_channel
}

pub fn futures_channel() -> futures::channel::mpsc::UnboundedSender<u8> {
    let (tx, rx) = futures::channel::mpsc::unbounded(); //~ unbounded_channel
    tokio::spawn(drain(rx));
    tx
}

pub fn receiver_read_in_a_loop() {
    let (tx, rx) = std::sync::mpsc::channel::<u32>(); //~ unbounded_channel
    std::thread::spawn(move || tx.send(1));
    loop {
        if rx.recv().is_err() {
            break;
        }
    }
}

lazy_static::lazy_static! {
    static ref QUEUE: (crossbeam_channel::Sender<String>, crossbeam_channel::Receiver<String>) =
        crossbeam_channel::unbounded(); //~ unbounded_channel
}

pub fn in_a_closure() -> Vec<tokio::sync::mpsc::UnboundedSender<u8>> {
    (0..4)
        .map(|_| {
            let (tx, rx) = unbounded_channel(); //~ unbounded_channel
            tokio::spawn(drain_tokio(rx));
            tx
        })
        .collect()
}

pub struct ControlChannelHandle;

impl ControlChannelHandle {
    /// "Control" in the type's name is not a control channel: one request per visitor.
    pub fn new() -> tokio::sync::mpsc::UnboundedSender<u64> {
        let (data_ch_req_tx, data_ch_req_rx) = tokio::sync::mpsc::unbounded_channel(); //~ unbounded_channel
        tokio::spawn(drain_tokio(data_ch_req_rx));
        data_ch_req_tx
    }
}
