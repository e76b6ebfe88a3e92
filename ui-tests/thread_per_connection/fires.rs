// A thread per accepted connection, written the ways real code writes them.
use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::thread;

fn handle(mut stream: TcpStream) {
    let mut buf = [0u8; 512];
    let _ = stream.read(&mut buf);
    let _ = stream.write_all(b"HTTP/1.1 200 OK\r\n\r\n");
}

pub fn incoming() -> std::io::Result<()> {
    let listener = TcpListener::bind("0.0.0.0:8080")?;
    for stream in listener.incoming() {
        let stream = stream?;
        thread::spawn(move || handle(stream)); //~ thread_per_connection
    }
    Ok(())
}

pub fn incoming_flattened(listener: &TcpListener) {
    for stream in listener.incoming().flatten() {
        std::thread::spawn(move || handle(stream)); //~ thread_per_connection
    }
}

pub fn accept_loop(listener: TcpListener) -> std::io::Result<()> {
    loop {
        let (stream, _addr) = listener.accept()?;
        thread::spawn(move || handle(stream)); //~ thread_per_connection
    }
}

pub fn while_let_accept(listener: TcpListener) {
    while let Ok((stream, _)) = listener.accept() {
        thread::spawn(|| handle(stream)); //~ thread_per_connection
    }
}

pub fn named_threads(listener: TcpListener) -> std::io::Result<()> {
    for (index, stream) in listener.incoming().enumerate() {
        let stream = stream?;
        thread::Builder::new() //~ thread_per_connection
            .name(format!("conn-{index}"))
            .spawn(move || handle(stream))?;
    }
    Ok(())
}

pub fn match_on_accept(listener: TcpListener) {
    loop {
        match listener.accept() {
            Ok((stream, _)) => {
                let _handle = thread::spawn(move || handle(stream)); //~ thread_per_connection
            }
            Err(err) => eprintln!("accept failed: {err}"),
        }
    }
}

pub fn for_each(listener: TcpListener) {
    listener.incoming().flatten().for_each(|stream| {
        thread::spawn(move || handle(stream)); //~ thread_per_connection
    });
}

pub fn unix_socket(listener: std::os::unix::net::UnixListener) {
    for stream in listener.incoming() {
        if let Ok(stream) = stream {
            thread::spawn(move || drop(stream)); //~ thread_per_connection
        }
    }
}

pub fn tokio_listener_but_threads(rt: tokio::runtime::Handle, listener: tokio::net::TcpListener) {
    rt.block_on(async move {
        loop {
            let (socket, _) = listener.accept().await.unwrap();
            let socket = socket.into_std().unwrap();
            std::thread::spawn(move || handle(socket)); //~ thread_per_connection
        }
    });
}
