// Connects and reads that wait on the kernel or forever.
use std::io::{Read, Write};
use std::net::TcpStream;
use std::time::Duration;
use tokio::net::TcpStream as AsyncStream;

pub fn std_connect(addr: &str) -> std::io::Result<TcpStream> {
    TcpStream::connect(addr) //~ tcp_connect_without_timeout
}

pub fn std_full_path(host: &str) -> std::io::Result<()> {
    let mut stream = std::net::TcpStream::connect((host, 6379))?; //~ tcp_connect_without_timeout
    stream.write_all(b"PING\r\n")?;
    Ok(())
}

pub fn read_with_no_read_timeout(addr: std::net::SocketAddr) -> std::io::Result<Vec<u8>> {
    let mut stream = TcpStream::connect_timeout(&addr, Duration::from_secs(2))?;
    let mut header = [0u8; 4];
    stream.read_exact(&mut header)?; //~ tcp_connect_without_timeout
    Ok(header.to_vec())
}

pub async fn tokio_connect(addr: &str) -> std::io::Result<AsyncStream> {
    AsyncStream::connect(addr).await //~ tcp_connect_without_timeout
}

pub async fn tokio_full_path(addr: std::net::SocketAddr) -> std::io::Result<()> {
    let stream = tokio::net::TcpStream::connect(addr).await?; //~ tcp_connect_without_timeout
    drop(stream);
    Ok(())
}

pub fn in_a_spawned_task(addr: String) {
    tokio::spawn(async move {
        if let Ok(stream) = tokio::net::TcpStream::connect(&addr).await { //~ tcp_connect_without_timeout
            drop(stream);
        }
    });
}

pub async fn async_std_connect(addr: &str) -> std::io::Result<async_std::net::TcpStream> {
    async_std::net::TcpStream::connect(addr).await //~ tcp_connect_without_timeout
}

pub struct Upstream {
    addr: String,
}

impl Upstream {
    pub fn open(&self) -> Option<TcpStream> {
        TcpStream::connect(&self.addr).ok() //~ tcp_connect_without_timeout
    }

    pub async fn open_async(&self) -> Option<AsyncStream> {
        let connect = |a: String| async move { AsyncStream::connect(a).await.ok() }; //~ tcp_connect_without_timeout
        connect(self.addr.clone()).await
    }
}

pub struct Socks4;

impl Socks4 {
    pub async fn connect(proxy: &str) -> std::io::Result<AsyncStream> {
        AsyncStream::connect(proxy).await //~ tcp_connect_without_timeout
    }
}

pub async fn bounded_elsewhere(addr: &str) -> Option<AsyncStream> {
    tokio::time::timeout(Duration::from_secs(1), AsyncStream::connect(addr)).await.ok()?.ok()
}
