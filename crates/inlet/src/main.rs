//! # inlet
//!
//! The daemon: carriers bind over SMPP, messages are normalized, routed to
//! the rental that owns the number, and published to Kafka; a carrier is
//! acknowledged only once its message is durable.
//!
//! `main` parses the command line, loads the configuration, starts logs and
//! hands over to `run`. See the workspace README.

mod config;
mod discard;
mod health;
mod http;
mod loadgen;
mod logging;
mod run;
mod send;
mod split;
mod tail;

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
        /// Metrics/health HTTP address, overriding `[metrics] listen`
        /// ("" turns it off).
        #[arg(long)]
        metrics_listen: Option<String>,
    },
    /// Send one message over SMPP and print its message_id (and receipt).
    Send(send::SendArgs),
    /// Print records from the main and unrouted topics.
    Tail(tail::TailArgs),
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

fn main() -> std::process::ExitCode {
    match run_command(Cli::parse().command) {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(e) => {
            // The chain of causes on one line, without a backtrace (an
            // operator's error, not a crash).
            eprintln!("inlet: error: {e:#}");
            std::process::ExitCode::FAILURE
        }
    }
}

fn run_command(command: Command) -> anyhow::Result<()> {
    match command {
        Command::Run {
            config,
            listen,
            metrics_listen,
        } => {
            let (mut loaded, dev) = match &config {
                Some(path) => (config::Config::load(path)?, false),
                None => (config::Config::dev_default(), true),
            };
            if let Some(listen) = listen {
                loaded.listen = listen;
            }
            if let Some(metrics_listen) = metrics_listen {
                loaded.metrics.listen = metrics_listen;
            }
            logging::init(&loaded.log);
            let runtime = tokio::runtime::Builder::new_multi_thread()
                .enable_all()
                .build()?;
            runtime.block_on(run::run(loaded, config, dev))
        }
        Command::Send(args) => {
            logging::init(&config::LogConfig::default());
            let runtime = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()?;
            runtime.block_on(send::send(args))
        }
        Command::Tail(args) => {
            logging::init(&config::LogConfig::default());
            tail::main(&args)
        }
        Command::Loadgen(args) => loadgen::main(args),
        Command::CheckConfig { config } => {
            logging::init(&config::LogConfig::default());
            let loaded = config::Config::load(&config)?;
            run::check(&loaded)?;
            println!("{}: ok", config.display());
            Ok(())
        }
    }
}
