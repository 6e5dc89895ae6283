import SenimCore
import SwiftUI

/// Sync with the team's hub: now, what the last one did, and what went wrong.
struct SyncScreen: View {
    @Environment(\.words) private var words
    let model: SyncModel
    let onBack: () -> Void
    let onTeam: () -> Void

    var body: some View {
        List {
            Text(words.text("app-sync-explained"))
                .font(.callout)
            if let last = model.lastSuccess {
                Text(words.format("app-sync-last", ["time": last.short]))
            }
            // From three days before the policy's wipe, a warning; before that, the count.
            if let warning = idleWipeWarning(words, model.idleWipeDaysLeft) {
                Text(warning).foregroundStyle(.red)
            } else if let days = model.idleWipeDaysLeft {
                Text(words.format("app-sync-idle-wipe", ["days": days]))
            }
            switch model.status {
            case .idle:
                Text(words.text("app-sync-idle"))
            case .syncing:
                ProgressView(words.text("app-sync-syncing"))
            case let .done(sent, received, merged, rejected, rejectedPlaces, waiting, _, purged, quarantined):
                Text(words.format("app-sync-done", ["sent": sent, "received": received, "merged": merged]))
                if purged > 0 {
                    Text(words.format("app-sync-purged", ["count": purged]))
                }
                if quarantined > 0 {
                    Text(words.format("app-sync-quarantined", ["count": quarantined])).foregroundStyle(.red)
                }
                if waiting > 0 {
                    Text(words.format("app-sync-waiting", ["count": waiting]))
                }
                if rejected > 0 {
                    Text(words.format("app-sync-rejected", ["count": rejected])).foregroundStyle(.red)
                    ForEach(rejectedPlaces, id: \.self) { place in
                        Text(words.format("app-sync-place", ["device": place.device, "seq": String(place.seq)])).font(.caption)
                    }
                }
            case let .failed(error):
                ErrorText(error: error)
                if error.teamProblem {
                    Button(words.text("app-sync-join-team"), action: onTeam)
                }
            }
        }
        .navigationTitle(words.text("app-menu-sync"))
        .toolbar {
            ToolbarItem(placement: .cancellationAction) { Button(words.text("app-back"), action: onBack) }
            ToolbarItem(placement: .confirmationAction) {
                Button(words.text("app-sync-now")) { Task { await model.sync() } }.disabled(model.status == .syncing)
            }
        }
    }
}

/// The warning above every screen from `SyncModel.idleWipeWarningDays` days before the
/// team's wipe for want of a sync; nil before that, or when no such wipe applies.
func idleWipeWarning(_ words: Words, _ daysLeft: Int?) -> String? {
    guard let days = daysLeft, days <= SyncModel.idleWipeWarningDays else { return nil }
    return words.format("app-sync-idle-warning", ["days": days])
}
