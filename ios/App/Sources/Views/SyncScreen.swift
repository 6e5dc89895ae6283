import SenimCore
import SwiftUI

/// Sync with the team's hub: now, what the last one did, and what went wrong.
struct SyncScreen: View {
    let model: SyncModel
    let onBack: () -> Void
    let onTeam: () -> Void

    var body: some View {
        List {
            Text("Your records travel to the team's hub end-to-end encrypted: the hub stores them and passes them on, but cannot read them.")
                .font(.callout)
            if let last = model.lastSuccess {
                Text("Last sync: \(last.short)")
            }
            // From three days before the policy's wipe, a warning; before that, the count.
            if let warning = model.idleWipeWarning {
                Text(warning).foregroundStyle(.red)
            } else if let text = model.idleWipeText {
                Text(text)
            }
            switch model.status {
            case .idle:
                Text("Not synced since the app was unlocked.")
            case .syncing:
                ProgressView("Syncing… You can keep working.")
            case let .done(sent, received, merged, rejected, rejections, waiting, _, purged, quarantined):
                Text("Sent \(sent), received \(received), merged into \(merged) record(s).")
                if let text = SyncStatus.purgedText(purged) {
                    Text(text)
                }
                if let text = SyncStatus.quarantinedText(quarantined) { Text(text).foregroundStyle(.red) }
                if waiting > 0 {
                    Text("\(waiting) change(s) wait for others that have not arrived yet; they apply on a later sync.")
                }
                if rejected > 0 {
                    Text("\(rejected) change(s) were refused (altered or forged) and not applied:").foregroundStyle(.red)
                    ForEach(rejections, id: \.self) { Text("• \($0)").font(.caption) }
                }
            case let .failed(error):
                ErrorText(error: error)
                if error.teamProblem {
                    Button("Join a team", action: onTeam)
                }
            }
        }
        .navigationTitle("Sync")
        .toolbar {
            ToolbarItem(placement: .cancellationAction) { Button("Back", action: onBack) }
            ToolbarItem(placement: .confirmationAction) {
                Button("Sync now") { Task { await model.sync() } }.disabled(model.status == .syncing)
            }
        }
    }
}
