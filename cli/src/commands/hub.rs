//! `senim hub serve`: the office hub in the foreground. It prints its address once, then
//! one line per request (method, route, status, time: never ids or content) on
//! standard error, until Ctrl-C.

use std::net::SocketAddr;
use std::path::Path;
use std::sync::Arc;

use anyhow::{Context, Result};

pub fn serve(addr: SocketAddr, data: &Path, demo: bool) -> Result<()> {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .context("cannot start the hub's runtime")?;
    runtime.block_on(async {
        let mut config = senim_hub::HubConfig::new(data.to_path_buf());
        config.log = Some(Arc::new(|line: &senim_hub::RequestLog| eprintln!("{line}")));
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
