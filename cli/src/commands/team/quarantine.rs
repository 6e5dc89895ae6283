//! `senim team quarantine`: the envelopes this device holds in quarantine (ADR 0019),
//! authentic envelopes whose content could not be applied, listed by device and
//! sequence; a lead purges them from every device and the hub with `--purge`.
//!
//! It prints places and fixed reasons only, never an envelope's content.

use anyhow::{Context, Result};
use senim_client::HubClient;
use serde_json::json;

use crate::global::Global;
use crate::output::{self, Table};
use crate::session::Unlocked;
use crate::words;
use senim_cli::hub_client::UreqTransport;
use senim_l10n::args;

/// Lists the quarantined places, or (a lead, `purge`) syncs and purges them all.
pub fn quarantine(global: &Global, purge: bool) -> Result<()> {
    let unlocked = Unlocked::open(global)?;
    let vault = unlocked.vault();
    if purge {
        let info = vault
            .team()?
            .with_context(|| words::text("cli-team-not-joined"))?;
        let mut transport = UreqTransport::new(&info.hub)?;
        let report = HubClient::new(vault, &mut transport)
            .purge_quarantined()
            .with_context(|| words::text("cli-quarantine-not-purged"))?;
        unlocked.close()?;
        if global.json {
            return output::json(&report);
        }
        return output::line(match report.envelopes {
            0 => words::text("cli-quarantine-none"),
            n => words::format(
                "cli-quarantine-purged",
                &args!["count" => n, "order" => report.order.to_string()],
            ),
        });
    }
    let held = vault.quarantined()?;
    let found = held
        .iter()
        .map(|q| vault.quarantined_at(&q.place))
        .collect::<std::result::Result<Vec<_>, _>>()?;
    unlocked.close()?;
    if global.json {
        let held: Vec<_> = held
            .iter()
            .zip(&found)
            .map(|(q, at)| json!({ "place": q.place, "reason": q.reason, "found": at }))
            .collect();
        return output::json(&json!({ "quarantined": held }));
    }
    if held.is_empty() {
        return output::line(words::text("cli-quarantine-none"));
    }
    let mut table = Table::of_keys(&[
        "cli-team-column-device",
        "cli-quarantine-column-seq",
        "cli-quarantine-column-reason",
        "cli-quarantine-column-found",
    ]);
    for (q, at) in held.into_iter().zip(found) {
        // The reason in the worker's words; a phrase of a later build as stored.
        let reason = match q.reason_kind() {
            Some(kind) => words::text(kind.key()),
            None => q.reason.clone(),
        };
        table.row(vec![
            q.place.device.to_string(),
            q.place.seq.to_string(),
            reason,
            at.map_or_else(|| "-".to_string(), output::time),
        ]);
    }
    table.print()
}

#[cfg(test)]
mod tests {
    use senim_l10n::{Catalog, Locale};
    use senim_vault::QuarantineReason;

    #[test]
    fn every_quarantine_reason_is_in_the_catalog_in_every_complete_language() {
        let catalog = Catalog::builtin().unwrap();
        for reason in QuarantineReason::ALL {
            // English says what the vault stores, word for word.
            assert_eq!(
                catalog.format(Locale::En, reason.key(), None).unwrap(),
                reason.phrase()
            );
            for locale in Locale::COMPLETE {
                assert!(
                    catalog
                        .messages(locale)
                        .iter()
                        .any(|m| m.key == reason.key()),
                    "{} is missing in {locale:?}",
                    reason.key()
                );
            }
        }
    }
}
