import Foundation
import Observation
import SenimCore

/// Where sync stands (the Swift twin of the Android `SyncStatus`).
enum SyncStatus: Equatable {
    case idle
    case syncing
    /// What the last sync did; `rejected` envelopes were refused (altered, forged): show it.
    /// `purged`: records the team's orders removed from this phone (an erasure request, retention).
    /// `quarantined`: envelopes held apart, authentic but their content could not be applied.
    case done(sent: UInt64, received: UInt64, merged: UInt64, rejected: UInt64, rejectedPlaces: [SyncPlace], waiting: UInt64, at: Date, purged: UInt64, quarantined: UInt64)
    /// unreachable (sync again later, nothing is lost), hubRefused, membership, envelope ...
    case failed(UiError)

    /// "N records removed by the team's orders", when any were.
    static func purgedText(_ purged: UInt64) -> String? {
        switch purged {
        case 0: nil
        case 1: "1 record removed by the team's orders."
        default: "\(purged) records removed by the team's orders."
        }
    }

    /// "N changes held apart ...", when any are (the twin of the Android `quarantinedText`).
    static func quarantinedText(_ quarantined: UInt64) -> String? {
        quarantined == 0 ? nil : "\(quarantined) change(s) from the team could not be applied and are held apart; tell your lead."
    }
}

/// Sync with the team's hub, through URLSession (the Swift twin of the Android
/// `SyncViewModel`).
@MainActor
@Observable
final class SyncModel {
    private(set) var status: SyncStatus = .idle
    /// When a sync last completed, kept while the next one runs or fails.
    private(set) var lastSuccess: Date?
    /// Whole days left before this phone wipes itself for want of a sync (the team's
    /// policy; 0 on the last day); nil when no such wipe applies (no policy, a lead's
    /// phone). Known even while syncs fail, which is when it matters.
    private(set) var idleWipeDaysLeft: Int?

    /// As `senim`, which warns at every unlock from three days before.
    static let idleWipeWarningDays = 3

    /// The policy's countdown, whenever one applies (the twin of the Android `idleWipeText`).
    var idleWipeText: String? {
        guard let days = idleWipeDaysLeft else { return nil }
        switch days {
        case 0: return "Team policy: this phone wipes itself today without a sync."
        case 1: return "Team policy: this phone wipes itself in 1 day without a sync."
        default: return "Team policy: this phone wipes itself in \(days) days without a sync."
        }
    }

    /// From three days before the wipe: the warning shown above every screen (the twin
    /// of the Android `idleWipeWarning`).
    var idleWipeWarning: String? {
        guard let days = idleWipeDaysLeft, days <= Self.idleWipeWarningDays else { return nil }
        switch days {
        case 0: return "This phone wipes itself today unless it syncs with the hub. Sync now."
        case 1: return "This phone wipes itself unless it syncs with the hub within 1 day. Sync now."
        default: return "This phone wipes itself unless it syncs with the hub within \(days) days. Sync now."
        }
    }

    /// Called after a sync that completed (the records list refreshes).
    @ObservationIgnored var onSynced: (() -> Void)?
    @ObservationIgnored private let vault: SenimVault
    @ObservationIgnored private let transport: SyncTransport

    init(vault: SenimVault, transport: SyncTransport) {
        self.vault = vault
        self.transport = transport
    }

    /// Reads the days left before the idle wipe (at the start of a session, when the
    /// sync screen opens). A failure to read leaves the last value.
    func refresh() async {
        let vault = self.vault
        do {
            let days = try await offMain { try vault.idleWipeDaysLeft() }
            idleWipeDaysLeft = days.map { Int($0) }
        } catch {
            // The status keeps what it showed; the next sync or refresh reads again.
        }
    }

    /// Syncs now; a tap while a sync runs does nothing.
    func sync() async {
        if status == .syncing { return }
        status = .syncing
        do {
            // Async in the core: it runs on the core's own worker thread.
            let s = try await vault.sync(transport: transport)
            let at = Date()
            status = .done(
                sent: s.sent, received: s.received, merged: s.mergedRecords,
                rejected: s.rejected, rejectedPlaces: s.rejectedPlaces, waiting: s.waiting, at: at,
                purged: s.purgedRecords, quarantined: s.quarantined
            )
            lastSuccess = at
            idleWipeDaysLeft = s.idleWipeDaysLeft.map { Int($0) }
            onSynced?()
        } catch {
            status = .failed(UiError(error))
            await refresh()
        }
    }
}
