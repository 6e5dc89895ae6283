import SenimCore
import SwiftUI

/// The panic wipe, drawn by the root over whatever the phase shows while the model is
/// active: the typed word, the wipe, and a wipe that did not finish. Once done the app
/// shows the first-run screen at once, saying nothing of the wipe.
struct PanicWipeScreen: View {
    let model: PanicWipeModel

    var body: some View {
        ScrollView {
            VStack(spacing: 16) {
                switch model.state {
                case .idle:
                    EmptyView()
                case let .confirming(typed):
                    Text("Wipe this phone's vault").font(.title2.bold())
                    Text("Everything in the vault on this phone is destroyed for good: records, notes, interviews, the team's keys. Nothing brings it back, not even the passcode. What was synced stays with the team.")
                        .font(.callout)
                    Text("Type \(PanicWipeModel.confirmationWord) to confirm.").font(.headline)
                    // The word is no secret: a plain field (nothing restored from state).
                    TextField(PanicWipeModel.confirmationWord, text: Binding(get: { typed }, set: { model.type($0) }))
                        .textFieldStyle(.roundedBorder)
                        .textInputAutocapitalization(.characters)
                        .autocorrectionDisabled()
                        .submitLabel(.done)
                        .onSubmit { Task { await model.confirm() } }
                    Button("Wipe now", role: .destructive) { Task { await model.confirm() } }
                        .buttonStyle(.borderedProminent)
                        .tint(.red)
                        .disabled(!model.canConfirm)
                    Button("Cancel", role: .cancel) { model.cancel() }
                        .buttonStyle(.bordered)
                case .wiping:
                    ProgressView("Wiping…")
                case .done:
                    // The app moves on to the first-run screen at once.
                    ProgressView()
                case let .failed(error, _):
                    Text("The wipe did not finish").font(.title2.bold())
                    // One sentence: the core's WipeIncomplete says whether the keys are gone.
                    Text(PanicWipeModel.failureSummary(error))
                    Button("Try again", role: .destructive) { Task { await model.retry() } }
                        .buttonStyle(.borderedProminent)
                        .tint(.red)
                }
            }
            .padding(24)
        }
    }
}
