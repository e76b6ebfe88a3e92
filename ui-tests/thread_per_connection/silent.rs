// Pools, tasks, capped designs and look-alikes: none of them fire.
use std::net::{TcpListener, TcpStream};
use std::sync::mpsc;
use std::thread;

fn handle(_stream: TcpStream) {}

pub fn pool(listener: TcpListener) {
    let pool = threadpool::ThreadPool::new(16);
    for stream in listener.incoming() {
        let stream = stream.unwrap();
        pool.execute(move || handle(stream));
    }
}

pub fn fixed_workers(listener: TcpListener) {
    let (tx, rx) = mpsc::sync_channel::<TcpStream>(64);
    let rx = std::sync::Arc::new(std::sync::Mutex::new(rx));
    for _ in 0..8 {
        let rx = rx.clone();
        thread::spawn(move || loop {
            let stream = rx.lock().unwrap().recv().unwrap();
            handle(stream);
        });
    }
    for stream in listener.incoming().flatten() {
        tx.send(stream).unwrap();
    }
}

pub async fn tokio_tasks(listener: tokio::net::TcpListener) -> std::io::Result<()> {
    loop {
        let (socket, _) = listener.accept().await?;
        tokio::spawn(async move { drop(socket) });
    }
}

pub fn joined_each_time(listener: TcpListener) {
    for stream in listener.incoming().flatten() {
        let worker = thread::spawn(move || handle(stream));
        worker.join().unwrap();
    }
}

pub fn semaphore_capped(listener: TcpListener, permits: &std_semaphore::Semaphore) {
    for stream in listener.incoming().flatten() {
        let _guard = permits.acquire();
        thread::spawn(move || handle(stream));
    }
}

pub fn rayon_pool(listener: TcpListener) {
    for stream in listener.incoming().flatten() {
        rayon::spawn(move || handle(stream));
    }
}

/// Threads spawned in a loop that accepts nothing.
pub fn batch(items: Vec<u32>) {
    for item in items {
        thread::spawn(move || drop(item));
    }
}

/// The accept loop runs on one thread spawned once.
pub fn accept_thread(listener: TcpListener) {
    thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            handle(stream);
        }
    });
}

/// A path join inside an accept loop is no cap, but there is no thread either.
pub fn inline(listener: TcpListener) {
    for stream in listener.incoming().flatten() {
        let _ = std::path::Path::new("/srv").join("x");
        handle(stream);
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn test_server() {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        for stream in listener.incoming() {
            std::thread::spawn(move || drop(stream));
        }
    }
}
