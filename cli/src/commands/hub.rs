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
        #[command(flatten)]
        connections: ConnectionArgs,
    },
}

/// The hub's connection caps (`docs/hub.md`, "Connections"); the timeouts keep their
/// defaults.
#[derive(Debug, clap::Args)]
pub struct ConnectionArgs {
    /// Most connections open at once (more are closed as soon as they are accepted);
    /// keep it well below the process's open-file limit
    #[arg(long, value_name = "N", default_value_t = senim_hub::ConnectionLimits::default().max_connections)]
    max_connections: usize,
    /// Most connections open at once from one peer address (an office behind one NAT
    /// address counts once)
    #[arg(long, value_name = "N", default_value_t = senim_hub::ConnectionLimits::default().max_connections_per_peer)]
    max_connections_per_address: usize,
}

pub fn run(command: &HubCommand) -> Result<()> {
    match command {
        HubCommand::Serve {
            addr,
            data,
            demo,
            connections,
        } => serve(*addr, data, *demo, connections),
    }
}

fn serve(addr: SocketAddr, data: &Path, demo: bool, connections: &ConnectionArgs) -> Result<()> {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .context("cannot start the hub's runtime")?;
    let served = runtime.block_on(async {
        let mut config = senim_hub::HubConfig::new(data.to_path_buf());
        config.demo = demo;
        config.connections.max_connections = connections.max_connections;
        config.connections.max_connections_per_peer = connections.max_connections_per_address;
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
    });
    // A storage call still running on a blocking thread after the shutdown grace is not
    // waited for long: SQLite's transactions leave the database whole either way.
    runtime.shutdown_timeout(std::time::Duration::from_secs(2));
    served
}
