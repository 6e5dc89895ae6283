//! `senim hub serve`: the office hub in the foreground until Ctrl-C. It prints its
//! address once on standard output; its log goes to standard error like every
//! command's (`--verbose`, `RUST_LOG=senim_hub=debug` for one line per request: method,
//! route template, status, time, never ids or content).
//!
//! Its arguments are its own ([`HubCommand`]).

use std::net::SocketAddr;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use clap::Subcommand;

#[derive(Debug, Subcommand)]
pub enum HubCommand {
    /// Serve the hub: it stores and relays the team's encrypted envelopes and membership
    /// lists, checks every signature, and holds no key (stop with Ctrl-C)
    Serve {
        /// Address to listen on (127.0.0.1:0 picks a free port; the address is printed)
        #[arg(long, value_name = "ADDR", default_value = "127.0.0.1:7878")]
        addr: SocketAddr,
        /// Directory of the hub's database (created owner-only)
        #[arg(long, value_name = "DIR")]
        data: PathBuf,
        /// A demo hub for training: it serves demo teams only (a real hub, the default,
        /// serves real teams only)
        #[arg(long)]
        demo: bool,
    },
}

pub fn run(command: &HubCommand) -> Result<()> {
    match command {
        HubCommand::Serve { addr, data, demo } => serve(*addr, data, *demo),
    }
}

fn serve(addr: SocketAddr, data: &Path, demo: bool) -> Result<()> {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .context("cannot start the hub's runtime")?;
    runtime.block_on(async {
        let mut config = senim_hub::HubConfig::new(data.to_path_buf());
        config.demo = demo;
        // The hub's errors carry their cause in their own text: print it once.
        let listening = senim_hub::bind(addr, config)
            .await
            .map_err(|e| anyhow::anyhow!("{e}"))?;
        if demo {
            eprintln!("DEMO HUB: it serves demo teams only");
        }
        crate::output::line(format!("hub listening on {}", listening.local_addr()))?;
        listening
            .serve(async {
                let _ = tokio::signal::ctrl_c().await;
            })
            .await
            .map_err(|e| anyhow::anyhow!("{e}"))?;
        Ok(())
    })
}
