// Connects and reads that are bounded.
use std::io::Read;
use std::net::TcpStream;
use std::time::Duration;
use tokio::time::timeout;

pub fn connect_timeout(addr: std::net::SocketAddr) -> std::io::Result<TcpStream> {
    TcpStream::connect_timeout(&addr, Duration::from_secs(3))
}

pub fn read_timeout_set(addr: std::net::SocketAddr) -> std::io::Result<Vec<u8>> {
    let mut stream = TcpStream::connect_timeout(&addr, Duration::from_secs(3))?;
    stream.set_read_timeout(Some(Duration::from_secs(10)))?;
    let mut buf = Vec::new();
    stream.read_to_end(&mut buf)?;
    Ok(buf)
}

pub async fn tokio_in_timeout(addr: &str) -> anyhow::Result<tokio::net::TcpStream> {
    Ok(timeout(Duration::from_secs(3), tokio::net::TcpStream::connect(addr)).await??)
}

pub async fn async_block_in_timeout(addr: String) -> Option<tokio::net::TcpStream> {
    tokio::time::timeout(Duration::from_secs(3), async move {
        tokio::net::TcpStream::connect(addr).await.ok()
    })
    .await
    .ok()
    .flatten()
}

pub async fn raced_in_select(addr: &str) -> Option<tokio::net::TcpStream> {
    tokio::select! {
        s = tokio::net::TcpStream::connect(addr) => s.ok(),
        _ = tokio::time::sleep(Duration::from_secs(2)) => None,
    }
}

pub fn connect_future_returned(addr: String) -> impl std::future::Future<Output = std::io::Result<tokio::net::TcpStream>> {
    tokio::net::TcpStream::connect(addr)
}

pub async fn listener_is_not_a_connect() -> std::io::Result<()> {
    let listener = tokio::net::TcpListener::bind("0.0.0.0:8080").await?;
    let (stream, _) = listener.accept().await?;
    drop(stream);
    Ok(())
}

pub fn unix_socket(path: &str) -> std::io::Result<std::os::unix::net::UnixStream> {
    std::os::unix::net::UnixStream::connect(path)
}

mod local {
    pub struct TcpStream;
    impl TcpStream {
        pub fn connect(_: &str) -> Self {
            TcpStream
        }
    }
    pub fn make() -> TcpStream {
        TcpStream::connect("x")
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn connects() {
        let _ = std::net::TcpStream::connect("127.0.0.1:1");
    }
}

pub fn loopback_probe(port: u16) -> bool {
    std::net::TcpStream::connect(("127.0.0.1", port)).is_ok()
}

pub fn loopback_through_a_binding(port: u16) -> bool {
    use std::net::ToSocketAddrs;
    let mut addrs = ("localhost", port).to_socket_addrs().unwrap();
    let addr = addrs.next().unwrap();
    TcpStream::connect(addr).is_ok()
}

pub async fn loopback_v4(port: u16) -> bool {
    tokio::net::TcpStream::connect((std::net::Ipv4Addr::LOCALHOST, port)).await.is_ok()
}

pub struct Connector {
    timeout: Duration,
}

impl Connector {
    async fn try_connect_to(&self, addr: &str) -> std::io::Result<tokio::net::TcpStream> {
        let stream = tokio::net::TcpStream::connect(addr).await?;
        stream.set_nodelay(true)?;
        Ok(stream)
    }

    pub async fn connect(&self, addr: &str) -> Option<tokio::net::TcpStream> {
        match tokio::time::timeout(self.timeout, self.try_connect_to(addr)).await {
            Ok(Ok(stream)) => Some(stream),
            _ => None,
        }
    }
}

pub async fn helper_named_after_a_timeout(addr: std::net::SocketAddr, limit: Option<Duration>) -> std::io::Result<tokio::net::TcpStream> {
    connect_with_timeout(tokio::net::TcpStream::connect(addr), limit).await
}

async fn connect_with_timeout<F: std::future::Future<Output = std::io::Result<tokio::net::TcpStream>>>(
    connect: F,
    limit: Option<Duration>,
) -> std::io::Result<tokio::net::TcpStream> {
    match limit {
        Some(limit) => tokio::time::timeout(limit, connect).await?,
        None => connect.await,
    }
}

// Dropping the server connects to its own listener to wake the blocked accept thread.
pub struct Server {
    addr: std::net::SocketAddr,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = std::net::TcpStream::connect(self.addr);
    }
}
