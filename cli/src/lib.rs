//! The parts of the `senim` command other programs reuse: the HTTP transport to the
//! office hub (the end-to-end tests and benchmarks wrap it to record and alter traffic).

pub mod hub_client;
pub mod pinned_tls;
