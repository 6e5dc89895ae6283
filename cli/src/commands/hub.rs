//! `senim hub serve`: the office hub in the foreground until Ctrl-C. It prints its
//! address once on standard output (with `--tls`, the certificate's fingerprint on the
//! next lines); `senim hub fingerprint` prints that fingerprint again;
//! `senim hub registration-token` makes a token the operator hands to a lead so it may
//! register a team on a hub serving with `--registration token`. Its log goes to
//! standard error like every
//! command's (`--verbose`, `RUST_LOG=senim_hub=debug` for one line per request: method,
//! route template, status, time, never ids or content).
//!
//! `senim hub backup` copies a hub's database while it serves (SQLite's online backup)
//! and `senim hub restore` puts a backup back while no hub serves the directory
//! (`docs/hub.md`, "Backup and restore").
//!
//! Its arguments are its own ([`HubCommand`]).

use std::net::SocketAddr;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use clap::{Subcommand, ValueEnum};
use senim_l10n::args;

use crate::words;

/// Who may register teams on the hub.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum RegistrationMode {
    /// Anyone who signs a valid first list (counted per address)
    Open,
    /// Only a lead with a token from `senim hub registration-token`
    Token,
}

#[derive(Debug, Subcommand)]
pub enum HubCommand {
    /// Serve the hub: it stores and relays the team's encrypted envelopes and membership
    /// lists, checks every signature, and holds no key (stop with Ctrl-C)
    Serve {
        /// Address to listen on (127.0.0.1:0 picks a free port; the address is printed)
        #[arg(long, value_name = "ADDR", default_value = "127.0.0.1:7878")]
        addr: SocketAddr,
        /// Directory of the hub's database (created owner-only); with --database, of its
        /// TLS certificate and registration tokens only
        #[arg(long, value_name = "DIR")]
        data: PathBuf,
        /// Store in this PostgreSQL database instead of SQLite under --data, shared with
        /// the other hub instances that serve the same teams
        /// (postgres://user:password@host:port/database; from the environment, so the
        /// password stays out of the process list)
        #[arg(
            long,
            value_name = "URL",
            env = "SENIM_HUB_DATABASE",
            hide_env_values = true
        )]
        database: Option<String>,
        /// A demo hub for training: it serves demo teams only (a real hub, the default,
        /// serves real teams only)
        #[arg(long)]
        demo: bool,
        #[command(flatten)]
        connections: ConnectionArgs,
        #[command(flatten)]
        tls: TlsArgs,
        /// Who may register teams: anyone (open), or only a lead holding a token
        /// made with `senim hub registration-token` (token)
        #[arg(long, value_enum, default_value = "open")]
        registration: RegistrationMode,
    },
    /// Copy the hub's database to a file, consistently, while the hub serves (the copy
    /// is checked and made readable by this user only)
    Backup {
        /// The hub's data directory
        #[arg(long, value_name = "DIR")]
        data: PathBuf,
        /// The backup file to write
        #[arg(long, value_name = "FILE")]
        to: PathBuf,
        /// Replace FILE when it exists
        #[arg(long)]
        force: bool,
    },
    /// Put a backup back as the hub's database (stop the hub first; the database it
    /// replaces is kept beside it as hub.sqlite3.replaced-TIME)
    Restore {
        /// The backup file (from `senim hub backup`)
        #[arg(long, value_name = "FILE")]
        from: PathBuf,
        /// The hub's data directory (created owner-only when missing)
        #[arg(long, value_name = "DIR")]
        data: PathBuf,
    },
    /// Make a registration token for a hub serving with --registration token: hand it
    /// to the lead who will create a team (`senim team create --registration-token`);
    /// it registers one team
    RegistrationToken {
        /// The hub's data directory (as given to `hub serve --data`)
        #[arg(long, value_name = "DIR", required_unless_present = "database")]
        data: Option<PathBuf>,
        /// The PostgreSQL database of hub instances serving with --database: the token
        /// is kept there and any of them accepts it once (from the environment, as for
        /// `hub serve`)
        #[arg(
            long,
            value_name = "URL",
            env = "SENIM_HUB_DATABASE",
            hide_env_values = true,
            conflicts_with = "data"
        )]
        database: Option<String>,
    },
    /// Print the SHA-256 fingerprint of the hub's own TLS certificate (made by the
    /// first `hub serve --tls`), the pin its devices check
    Fingerprint {
        /// Directory of the hub's database and certificate
        #[arg(long, value_name = "DIR")]
        data: PathBuf,
    },
}

/// How the hub serves TLS (`docs/hub.md`, "TLS"); plain HTTP without these.
#[derive(Debug, clap::Args)]
pub struct TlsArgs {
    /// Serve TLS with the hub's own self-signed certificate, made under --data the
    /// first time and reused after; its fingerprint is printed at start
    #[arg(long, conflicts_with_all = ["tls_cert", "tls_key"])]
    tls: bool,
    /// Serve TLS with this certificate chain (PEM, leaf first), e.g. CA-issued
    #[arg(long, value_name = "FILE", requires = "tls_key")]
    tls_cert: Option<PathBuf>,
    /// The private key of --tls-cert (PEM; readable by its owner only)
    #[arg(long, value_name = "FILE", requires = "tls_cert")]
    tls_key: Option<PathBuf>,
}

impl TlsArgs {
    fn source(&self) -> Option<senim_hub::TlsSource> {
        match (&self.tls_cert, &self.tls_key) {
            (Some(cert), Some(key)) => Some(senim_hub::TlsSource::Files {
                cert: cert.clone(),
                key: key.clone(),
            }),
            _ if self.tls => Some(senim_hub::TlsSource::SelfSigned),
            _ => None,
        }
    }
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
            database,
            demo,
            connections,
            tls,
            registration,
        } => serve(
            *addr,
            data,
            database.clone(),
            *demo,
            connections,
            tls,
            *registration,
        ),
        HubCommand::Fingerprint { data } => {
            let fingerprint =
                senim_hub::tls::stored_fingerprint(data).map_err(|e| anyhow::anyhow!("{e}"))?;
            print_fingerprint(&fingerprint)
        }
        HubCommand::RegistrationToken { data, database } => {
            let token = match (database, data) {
                (Some(url), _) => senim_hub::storage::PostgresStorage::connect(url)
                    .and_then(|db| senim_hub::registration::issue_shared_token(&db)),
                (None, Some(data)) => senim_hub::registration::issue_token(data),
                (None, None) => anyhow::bail!(words::text("cli-hub-token-needs-data")),
            }
            .map_err(|e| anyhow::anyhow!("{e}"))
            .with_context(|| words::text("cli-hub-token-failed"))?;
            eprintln!("{}", words::text("cli-hub-token"));
            crate::output::line(token)
        }
        HubCommand::Backup { data, to, force } => {
            let copied = senim_hub::backup(data, to, *force).map_err(|e| anyhow::anyhow!("{e}"))?;
            crate::output::line(words::format(
                "cli-hub-backed-up",
                &args![
                    "teams" => copied.teams,
                    "bytes" => copied.bytes.to_string(),
                    "file" => to.display().to_string()
                ],
            ))
        }
        HubCommand::Restore { from, data } => {
            let copied = senim_hub::restore(from, data).map_err(|e| anyhow::anyhow!("{e}"))?;
            if let Some(aside) = &copied.replaced {
                crate::output::line(words::format(
                    "cli-hub-replaced-kept",
                    &args!["file" => aside.display().to_string()],
                ))?;
            }
            crate::output::line(words::format(
                "cli-hub-restored",
                &args!["teams" => copied.teams, "dir" => data.display().to_string()],
            ))
        }
    }
}

/// The two forms of the pin, one per line (`docs/hub.md`, "TLS").
fn print_fingerprint(fingerprint: &senim_hub::Fingerprint) -> Result<()> {
    crate::output::line(format!(
        "tls certificate sha256: {}",
        fingerprint.certificate_hex()
    ))?;
    crate::output::line(format!(
        "tls public key pin: {}",
        fingerprint.public_key_pin()
    ))
}

fn serve(
    addr: SocketAddr,
    data: &Path,
    database: Option<String>,
    demo: bool,
    connections: &ConnectionArgs,
    tls: &TlsArgs,
    registration: RegistrationMode,
) -> Result<()> {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .context("cannot start the hub's runtime")?;
    // Held while this process serves: a restore refuses to replace the database under it.
    let _lock = senim_hub::DataLock::acquire(data).map_err(|e| anyhow::anyhow!("{e}"))?;
    let served = runtime.block_on(async {
        let mut config = senim_hub::HubConfig::new(data.to_path_buf());
        config.database = database;
        config.demo = demo;
        config.connections.max_connections = connections.max_connections;
        config.connections.max_connections_per_peer = connections.max_connections_per_address;
        config.tls = tls.source();
        config.registration = match registration {
            RegistrationMode::Open => senim_hub::Registration::Open,
            RegistrationMode::Token => senim_hub::Registration::Token,
        };
        // The hub's errors carry their cause in their own text: print it once.
        let listening = senim_hub::bind(addr, config)
            .await
            .map_err(|e| anyhow::anyhow!("{e}"))?;
        if demo {
            eprintln!("{}", words::text("cli-hub-demo-banner"));
        }
        crate::output::line(format!("hub listening on {}", listening.local_addr()))?;
        if let Some(fingerprint) = listening.tls_fingerprint() {
            print_fingerprint(&fingerprint)?;
        }
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
