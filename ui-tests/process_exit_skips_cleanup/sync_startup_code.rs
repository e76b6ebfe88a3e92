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
