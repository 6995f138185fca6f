//! `inlet loadgen`: a bounded SMPP load generator on inlet-pdu, and the
//! null responder (`--null-server`) that measures the machine's ceiling.
//!
//! The load generator binds every session first (a failed bind ends the
//! run with an error), then sends: each session keeps at most `--window`
//! submit_sm unanswered, the sessions share `--count` and the pace of
//! `--rate`, and the run always ends by itself: count spent or duration
//! over, then at most `--timeout` for the responses still outstanding. It
//! only ever talks to a loopback address.
//!
//! # Layout
//! - `args`: the command line and its checks, the loopback rule.
//! - `mix`: what each message carries.
//! - `session`: one bind: window, pacing, responses.
//! - `report`: the figures, as a table or JSON; `cpu`: the process's own
//!   CPU time, one of them.
//! - `null_server`: the null responder.

mod args;
mod cpu;
mod mix;
mod null_server;
mod report;
mod session;

use std::io::IsTerminal as _;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use futures::StreamExt;
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use tokio_util::sync::CancellationToken;

pub(crate) use args::LoadgenArgs;

use self::report::{Report, Tally};
use self::session::{BindSettings, Shared};

/// Binds opened at once while connecting.
const CONCURRENT_BINDS: usize = 256;

/// Runs the load generator or the null responder on a multi-thread
/// runtime.
///
/// # Errors
/// Bad arguments, a non-loopback address, a failed bind.
pub(crate) fn main(args: LoadgenArgs) -> anyhow::Result<()> {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?;
    if args.null_server {
        runtime.block_on(null_server::run(&args))
    } else {
        runtime.block_on(load(args))
    }
}

/// The load generator.
async fn load(args: LoadgenArgs) -> anyhow::Result<()> {
    let limits = args.limits()?;
    let addr = args::loopback_only("--server", &args.server).await?;
    let settings = BindSettings {
        addr,
        system_id: args.system_id.clone(),
        password: args.password.clone(),
        bind: args.bind,
        timeout: limits.timeout,
    };
    let bound: Vec<_> = futures::stream::iter(0..args.sessions)
        .map(|_| session::bind(&settings))
        .buffered(CONCURRENT_BINDS)
        .collect()
        .await;
    let failed = bound.iter().filter(|b| b.is_err()).count();
    let mut sessions = Vec::with_capacity(bound.len());
    let mut first_error = None;
    for b in bound {
        match b {
            Ok(b) => sessions.push(b),
            Err(e) => {
                first_error.get_or_insert(e);
            }
        }
    }
    if let Some(e) = first_error {
        anyhow::bail!(
            "{failed} of {} binds to {addr} failed; the first: {e:#}",
            args.sessions
        );
    }

    let cpu_before = cpu::used();
    let shared = Arc::new(Shared {
        mix: mix::Mix::new(&args),
        limits,
        rate: args.rate,
        window: args.window,
        bind: args.bind,
        start: Instant::now(),
        claimed: AtomicU64::new(0),
        sent: AtomicU64::new(0),
        answered: AtomicU64::new(0),
        stop: CancellationToken::new(),
    });
    {
        let stop = shared.stop.clone();
        tokio::spawn(async move {
            if tokio::signal::ctrl_c().await.is_ok() {
                stop.cancel();
            }
        });
    }
    let progress = progress_bar(&args, &shared);
    let tasks: Vec<_> = sessions
        .into_iter()
        .enumerate()
        .map(|(id, bound)| tokio::spawn(session::run(id, bound, Arc::clone(&shared))))
        .collect();
    let mut total = Tally::new();
    let mut errors = Vec::new();
    for task in tasks {
        match task.await {
            Ok((tally, error)) => {
                total.merge(&tally);
                errors.extend(error);
            }
            Err(e) => errors.push(anyhow::anyhow!("a session task failed: {e}")),
        }
    }
    let ended = shared.start.elapsed();
    shared.stop.cancel();
    if let Some((bar, ticker)) = progress {
        ticker.abort();
        bar.finish_and_clear();
    }
    for e in errors.iter().take(5) {
        eprintln!("inlet loadgen: {e:#}");
    }
    if errors.len() > 5 {
        eprintln!(
            "inlet loadgen: ... and {} more session errors",
            errors.len() - 5
        );
    }
    // The sending and the responses, not the binds.
    let cpu = cpu::used()
        .zip(cpu_before)
        .map(|(after, before)| after.saturating_sub(before));
    let report = Report::new(total, ended).with_cpu(cpu);
    if args.json {
        println!("{}", report.to_json());
    } else {
        print!("{}", report.to_table());
    }
    Ok(())
}

/// The progress bar and the task that refreshes it, unless hidden
/// (`--quiet`, or stderr is not a terminal).
fn progress_bar(
    args: &LoadgenArgs,
    shared: &Arc<Shared>,
) -> Option<(ProgressBar, tokio::task::JoinHandle<()>)> {
    if args.quiet || !std::io::stderr().is_terminal() {
        return None;
    }
    let bar = match shared.limits.count {
        Some(count) => ProgressBar::with_draw_target(Some(count), ProgressDrawTarget::stderr()),
        None => ProgressBar::with_draw_target(None, ProgressDrawTarget::stderr()),
    };
    let template = if shared.limits.count.is_some() {
        "{elapsed_precise} [{bar:40}] {pos}/{len} answered  {msg}"
    } else {
        "{spinner} {elapsed_precise} {pos} answered  {msg}"
    };
    if let Ok(style) = ProgressStyle::with_template(template) {
        bar.set_style(style.progress_chars("=> "));
    }
    let ticker = {
        let bar = bar.clone();
        let shared = Arc::clone(shared);
        tokio::spawn(async move {
            let mut tick = tokio::time::interval(Duration::from_millis(250));
            let mut last = (Instant::now(), 0u64);
            let mut rate = 0.0f64;
            loop {
                tick.tick().await;
                let answered = shared.answered.load(Ordering::Relaxed);
                let now = Instant::now();
                let secs = now.duration_since(last.0).as_secs_f64();
                if secs > 0.0 {
                    let current = (answered - last.1) as f64 / secs;
                    rate = if rate == 0.0 {
                        current
                    } else {
                        0.7 * rate + 0.3 * current
                    };
                }
                last = (now, answered);
                bar.set_position(answered);
                bar.set_message(format!(
                    "{rate:.0} msg/s, {} sent",
                    shared.sent.load(Ordering::Relaxed)
                ));
            }
        })
    };
    Some((bar, ticker))
}
