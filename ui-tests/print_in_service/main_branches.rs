// `main` of a daemon that also answers subcommands: prints in its branches speak to the
// operator on the way out; prints in the tasks and loops it runs are service output.
use std::net::TcpListener;

enum Command {
    Key,
    Serve,
}

fn parse() -> Command {
    Command::Serve
}

fn main() {
    tracing_subscriber::fmt::init();
    std::panic::set_hook(Box::new(|info| {
        eprintln!("panicked: {info}");
    }));
    match parse() {
        Command::Key => {
            println!("new key: 42");
            return;
        }
        Command::Serve => {}
    }
    if std::env::args().count() > 3 {
        eprintln!("too many arguments");
        std::process::exit(2);
    }
    println!("listening");
    std::thread::spawn(|| {
        println!("worker started");
        loop {
            if std::env::var("DEBUG").is_ok() {
                println!("debug worker"); //~ print_in_service
            }
        }
    });
    let listener = TcpListener::bind("0.0.0.0:7000").unwrap();
    for stream in listener.incoming() {
        match stream {
            Ok(_) => println!("accepted"), //~ print_in_service
            Err(e) => eprintln!("accept failed: {e}"), //~ print_in_service
        }
        record(1);
    }
}

struct StdoutStats;

impl StdoutStats {
    fn write(&self, text: &str) {
        println!("{text}");
    }
}

fn print_stats(hits: u64) {
    println!("hits: {hits}");
    StdoutStats.write("ok");
}

fn record(hits: u64) {
    print_stats(hits);
    println!("recorded {hits}"); //~ print_in_service
    dbg!(hits); //~ print_in_service
}
