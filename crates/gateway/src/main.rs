//! `ocop`: exit 0 on success, 1 on a reported error (message on stderr), 2 on bad arguments.

use clap::Parser;
use ocop_gateway::cli::{Cli, run};

#[tokio::main]
async fn main() -> std::process::ExitCode {
    let cli = Cli::parse();
    match run(cli).await {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("ocop: {err:#}");
            std::process::ExitCode::from(1)
        }
    }
}
