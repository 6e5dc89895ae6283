//! Where the `senim` command's diagnostic logs go and which are shown: `tracing` events
//! as plain lines on standard error, never on standard output (which carries `--json`).
//!
//! Owns the subscriber only; what is logged is decided where it happens. The level comes
//! from `--verbose` (none: warnings only, `-v`: info, `-vv`: debug), then `RUST_LOG`'s
//! directives refine it (`RUST_LOG=senim_hub=debug`, or a bare level that replaces the
//! one of `-v`). Only Senim's own events are shown, whatever `RUST_LOG` says: a
//! dependency's are dropped, for the CRDT library traces document operations, which hold
//! record content. It must never write anything but those events.

use tracing_subscriber::filter::{EnvFilter, FilterExt, LevelFilter, filter_fn};
use tracing_subscriber::fmt::MakeWriter;
use tracing_subscriber::layer::{Layer, SubscriberExt};
use tracing_subscriber::registry::LookupSpan;
use tracing_subscriber::util::SubscriberInitExt;

/// The level `--verbose` asks for.
fn level(verbose: u8) -> LevelFilter {
    match verbose {
        0 => LevelFilter::WARN,
        1 => LevelFilter::INFO,
        _ => LevelFilter::DEBUG,
    }
}

/// Whether events of `target` (a module path) may be shown: the `senim` binary's, and
/// those of the `senim_*` crates (the CLI's library half, the hub, the core).
fn is_senim(target: &str) -> bool {
    target == "senim" || target.starts_with("senim::") || target.starts_with("senim_")
}

/// The filter of `--verbose` refined by `rust_log` (`RUST_LOG`'s value): its directives
/// come after the level, so a bare level replaces it and a target's level refines it.
/// Invalid directives are ignored (the filter says so on standard error).
fn env_filter(verbose: u8, rust_log: Option<&str>) -> EnvFilter {
    let mut directives = level(verbose).to_string();
    if let Some(extra) = rust_log.map(str::trim).filter(|r| !r.is_empty()) {
        directives.push(',');
        directives.push_str(extra);
    }
    // Regular expressions in field filters are not needed; literal matching is safer.
    EnvFilter::builder()
        .with_regex(false)
        .parse_lossy(directives)
}

/// The formatting layer with both filters, writing to `writer`.
fn layer<S, W>(verbose: u8, rust_log: Option<&str>, writer: W) -> impl Layer<S>
where
    S: tracing::Subscriber + for<'a> LookupSpan<'a>,
    W: for<'w> MakeWriter<'w> + Send + Sync + 'static,
{
    let senim_only = filter_fn(|meta| is_senim(meta.target()));
    tracing_subscriber::fmt::layer()
        .with_writer(writer)
        .with_ansi(false)
        .with_filter(env_filter(verbose, rust_log).and(senim_only))
}

/// Installs the subscriber for this process: standard error, `--verbose` and
/// `RUST_LOG`. A second call changes nothing.
pub fn init(verbose: u8) {
    let rust_log = std::env::var("RUST_LOG").ok();
    let _ = tracing_subscriber::registry()
        .with(layer(verbose, rust_log.as_deref(), std::io::stderr))
        .try_init();
}

#[cfg(test)]
mod tests {
    use std::io::Write;
    use std::sync::{Arc, Mutex};

    use super::*;

    /// Everything the layer writes, shared with the test.
    #[derive(Clone, Default)]
    struct Captured(Arc<Mutex<Vec<u8>>>);

    impl Write for Captured {
        fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
            self.0.lock().unwrap().extend_from_slice(buf);
            Ok(buf.len())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }

    impl<'w> MakeWriter<'w> for Captured {
        type Writer = Captured;
        fn make_writer(&'w self) -> Captured {
            self.clone()
        }
    }

    /// What the layer of `verbose` and `rust_log` shows of one event per level, from
    /// the hub, the binary and a dependency.
    fn shown(verbose: u8, rust_log: Option<&str>) -> String {
        let captured = Captured::default();
        let subscriber =
            tracing_subscriber::registry().with(layer(verbose, rust_log, captured.clone()));
        tracing::subscriber::with_default(subscriber, || {
            tracing::warn!(target: "senim_hub::routes", "hub-warn");
            tracing::info!(target: "senim_hub::routes", "hub-info");
            tracing::debug!(target: "senim_hub::routes", "hub-debug");
            tracing::trace!(target: "senim_hub::routes", "hub-trace");
            tracing::info!(target: "senim::commands::team", "cli-info");
            tracing::debug!(target: "senim::commands::team", "cli-debug");
            tracing::warn!(target: "automerge::storage", "dependency-warn");
            tracing::trace!(target: "automerge::storage", "dependency-trace");
            tracing::info!(target: "senimal", "lookalike-info");
        });
        let bytes = captured.0.lock().unwrap().clone();
        String::from_utf8(bytes).unwrap()
    }

    #[test]
    fn without_verbose_or_rust_log_only_warnings_are_shown() {
        let out = shown(0, None);
        assert!(out.contains("hub-warn"), "{out}");
        assert!(
            !out.contains("hub-info") && !out.contains("cli-info"),
            "{out}"
        );
    }

    #[test]
    fn each_verbose_flag_shows_one_more_level() {
        let one = shown(1, None);
        assert!(
            one.contains("hub-info") && one.contains("cli-info"),
            "{one}"
        );
        assert!(!one.contains("cli-debug"), "{one}");
        let two = shown(2, None);
        assert!(
            two.contains("cli-debug") && two.contains("hub-debug"),
            "{two}"
        );
        assert!(!two.contains("hub-trace"), "{two}");
    }

    #[test]
    fn rust_log_refines_the_level_of_one_target() {
        let out = shown(0, Some("senim_hub=debug"));
        assert!(out.contains("hub-debug"), "{out}");
        assert!(!out.contains("cli-info"), "{out}");
    }

    #[test]
    fn a_bare_level_in_rust_log_replaces_the_one_of_verbose() {
        let out = shown(2, Some("warn"));
        assert!(out.contains("hub-warn"), "{out}");
        assert!(!out.contains("hub-info"), "{out}");
        let out = shown(0, Some("trace"));
        assert!(out.contains("hub-trace"), "{out}");
    }

    #[test]
    fn a_dependency_is_never_shown_whatever_rust_log_says() {
        for rust_log in [None, Some("trace"), Some("automerge=trace")] {
            let out = shown(2, rust_log);
            assert!(!out.contains("dependency"), "{rust_log:?}: {out}");
            assert!(!out.contains("lookalike"), "{rust_log:?}: {out}");
        }
    }

    #[test]
    fn an_invalid_rust_log_keeps_the_level_of_verbose() {
        let out = shown(1, Some("senim_hub=loud"));
        assert!(
            out.contains("hub-info") && !out.contains("hub-debug"),
            "{out}"
        );
    }
}
