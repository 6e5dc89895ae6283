import SenimCore
import SwiftUI

/// The panic wipe, drawn by the root over whatever the phase shows while the model is
/// active: the typed word, the wipe, and a wipe that did not finish. Once done the app
/// shows the first-run screen at once, saying nothing of the wipe.
struct PanicWipeScreen: View {
    @Environment(\.words) private var words
    let model: PanicWipeModel

    var body: some View {
        ScrollView {
            VStack(spacing: 16) {
                switch model.state {
                case .idle:
                    EmptyView()
                case let .confirming(typed):
                    Text(words.text("app-wipe-title")).font(.title2.bold())
                    Text(words.text("app-wipe-explained"))
                        .font(.callout)
                    Text(words.format("app-wipe-type", ["word": PanicWipeModel.confirmationWord])).font(.headline)
                    // The word is no secret: a plain field (nothing restored from state).
                    TextField(PanicWipeModel.confirmationWord, text: Binding(get: { typed }, set: { model.type($0) }))
                        .textFieldStyle(.roundedBorder)
                        .textInputAutocapitalization(.characters)
                        .autocorrectionDisabled()
                        .submitLabel(.done)
                        .onSubmit { Task { await model.confirm() } }
                    Button(words.text("app-wipe-now"), role: .destructive) { Task { await model.confirm() } }
                        .buttonStyle(.borderedProminent)
                        .tint(.red)
                        .disabled(!model.canConfirm)
                    Button(words.text("app-cancel"), role: .cancel) { model.cancel() }
                        .buttonStyle(.bordered)
                case .wiping:
                    ProgressView(words.text("app-wipe-wiping"))
                case .done:
                    // The app moves on to the first-run screen at once.
                    ProgressView()
                case let .failed(error, _):
                    Text(words.text("app-wipe-failed")).font(.title2.bold())
                    // One sentence: the core's WipeIncomplete says whether the keys are gone.
                    Text(failureSummary(error))
                    Button(words.text("app-wipe-retry"), role: .destructive) { Task { await model.retry() } }
                        .buttonStyle(.borderedProminent)
                        .tint(.red)
                }
            }
            .padding(24)
        }
    }

    /// `PanicWipeModel.failureSummary` in the app's language.
    private func failureSummary(_ error: UiError) -> String {
        if case .WipeIncomplete = error.failure { return words.say(error.sentence) }
        return words.text("app-error-wipe-incomplete") + " " + words.say(error.sentence)
    }
}
