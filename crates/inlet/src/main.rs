//! # inlet
//!
//! The daemon: carriers bind over SMPP, messages are normalized, routed to
//! the rental that owns the number, and published to Kafka; a carrier is
//! acknowledged only once its message is durable.
//!
//! `main` parses the command line, loads the configuration, starts logs and
//! hands over to `run`. See the workspace README.

mod config;
mod loadgen;
mod run;
mod send;

use std::path::PathBuf;

use clap::{Parser, Subcommand};

/// inlet: inbound SMS gateway (SMPP in, Kafka out).
#[derive(Parser)]
#[command(version, about)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Run the daemon. Without --config: the embedded development default
    /// (SMPP on 127.0.0.1:2775, embedded non-durable broker, demo account
    /// demo/demo, sample rentals).
    Run {
        /// Configuration file (TOML).
        #[arg(long)]
        config: Option<PathBuf>,
        /// SMPP listen address, overriding the configuration's.
        #[arg(long)]
        listen: Option<String>,
    },
    /// Send one message over SMPP and print its message_id (and receipt).
    Send(send::SendArgs),
    /// Load generator for benchmarks (to 127.0.0.1 only; always stops by
    /// itself), or with --null-server the null responder.
    Loadgen(loadgen::LoadgenArgs),
    /// Check a configuration file as a start would, and exit.
    CheckConfig {
        /// Configuration file (TOML).
        #[arg(long)]
        config: PathBuf,
    },
}

fn main() -> anyhow::Result<()> {
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info")),
        )
        .with_writer(std::io::stderr)
        .init();
    match Cli::parse().command {
        Command::Run { config, listen } => {
            let (mut config, dev) = match config {
                Some(path) => (config::Config::load(&path)?, false),
                None => (config::Config::dev_default(), true),
            };
            if let Some(listen) = listen {
                config.listen = listen;
            }
            let runtime = tokio::runtime::Builder::new_multi_thread()
                .enable_all()
                .build()?;
            runtime.block_on(run::run(config, dev))
        }
        Command::Send(args) => {
            let runtime = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()?;
            runtime.block_on(send::send(args))
        }
        Command::Loadgen(args) => loadgen::main(args),
        Command::CheckConfig { config } => {
            let loaded = config::Config::load(&config)?;
            run::check(&loaded)?;
            println!("{}: ok", config.display());
            Ok(())
        }
    }
}
