// No background log writer in the package: exits in start-up helpers and after the
// server has returned lose nothing, but an exit in a spawned task or a request handler
// still cuts the work in flight.
use std::sync::LazyLock;

struct Args {
    port: u16,
}

fn parse_args() -> Result<Args, String> {
    let mut args = std::env::args().skip(1);
    if args.next().as_deref() == Some("--help") {
        eprintln!("usage: server [--port N]");
        std::process::exit(0);
    }
    Ok(Args { port: 8080 })
}

static ARGS: LazyLock<Args> = LazyLock::new(|| {
    parse_args().unwrap_or_else(|message| {
        eprintln!("{message}");
        std::process::exit(2);
    })
});

fn start(port: u16) {
    let runtime = tokio::runtime::Builder::new_multi_thread().enable_all().build().unwrap();
    runtime.block_on(async {
        if let Err(err) = tokio::net::TcpListener::bind(("0.0.0.0", port)).await {
            log::error!("cannot bind: {err}");
            std::process::exit(1);
        }
    });
}

fn daemonize() {
    match unsafe { libc::fork() } {
        0 => {}
        -1 => std::process::exit(1),
        _ => std::process::exit(0),
    }
}

async fn serve(listener: tokio::net::TcpListener) {
    if let Err(err) = axum::serve(listener, axum::Router::new()).await {
        log::error!("server failed: {err}");
        std::process::exit(1);
    }
}

#[actix_web::post("/admin/shutdown")]
async fn shutdown() -> &'static str {
    std::process::exit(0); //~ process_exit_skips_cleanup
}

async fn cli_command(failed: bool) {
    if failed {
        eprintln!("task failed");
        std::process::exit(1);
    }
}

fn main() {
    env_logger::init();
    daemonize();
    ctrlc::set_handler(|| std::process::exit(130)).expect("handler");
    std::thread::spawn(|| {
        std::process::exit(3);
    });
    let port = ARGS.port;
    let runtime = tokio::runtime::Runtime::new().unwrap();
    start(port);
    runtime.block_on(cli_command(false));
    let mut tasks = tokio::task::JoinSet::new();
    tasks.spawn(async {
        std::process::exit(5); //~ process_exit_skips_cleanup
    });
    runtime.block_on(async move {
        tokio::spawn(async {
            tokio::signal::ctrl_c().await.ok();
            std::process::exit(0); //~ process_exit_skips_cleanup
        });
        let listener = tokio::net::TcpListener::bind(("0.0.0.0", port)).await.unwrap();
        serve(listener).await;
        if port == 0 {
            std::process::exit(4);
        }
    });
}

// static-web-server: each server runs in its own task and the process exits when one
// fails to start. The server is already down; nothing is in flight to cut.
async fn run_servers(listener: std::net::TcpListener, redirect: std::net::TcpListener) {
    let http2_server = hyper::server::Server::from_tcp(listener).unwrap().serve(make_service());
    let http2_server = http2_server.with_graceful_shutdown(wait_for_signals());
    let server_task = tokio::spawn(async move {
        if let Err(err) = http2_server.await {
            tracing::error!("http2 server failed to start up: {:?}", err);
            std::process::exit(1)
        }
    });
    let redirect_task = tokio::spawn(async move {
        if let Err(err) = hyper::Server::from_tcp(redirect).unwrap().serve(make_service()).await {
            tracing::error!("redirect server failed: {:?}", err);
            std::process::exit(1)
        }
    });
    let worker_task = tokio::spawn(async move {
        if let Err(err) = refresh_cache().await {
            tracing::error!("cache refresh failed: {:?}", err);
            std::process::exit(1) //~ process_exit_skips_cleanup
        }
    });
    let _ = tokio::join!(server_task, redirect_task, worker_task);
}
