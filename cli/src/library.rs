//! The screening content one command uses: the bundled forms, rule sets and services
//! directories, plus those of `--content DIR`.
//!
//! Owns loading the content only (the core validates it). Content holds no personal
//! data; nothing here opens a vault.

use anyhow::Result;
use senim_content::{Library, LoadReport};

use crate::global::Global;

/// The bundled content plus `--content DIR`.
pub fn library(global: &Global) -> Result<Library> {
    Ok(content(global)?.0)
}

/// The bundled content plus `--content DIR`, and what the directory added.
pub fn content(global: &Global) -> Result<(Library, LoadReport)> {
    let mut lib = Library::bundled()?;
    let report = match &global.content {
        Some(dir) => lib.load_dir(dir)?,
        None => LoadReport::default(),
    };
    Ok((lib, report))
}
