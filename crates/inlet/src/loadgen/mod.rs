//! `inlet loadgen`: a bounded SMPP load generator on inlet-pdu, and the
//! null responder (`--null-server`) that measures the machine's ceiling.

/// Load generator settings.
#[derive(Debug, clap::Args)]
pub(crate) struct LoadgenArgs {
    /// Run the null responder instead of generating load.
    #[arg(long)]
    pub(crate) null_server: bool,
}

/// Runs the load generator or the null responder.
pub(crate) fn main(args: LoadgenArgs) -> anyhow::Result<()> {
    anyhow::bail!("inlet loadgen is not built yet ({args:?})")
}
