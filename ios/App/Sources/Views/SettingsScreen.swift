import SenimCore
import SwiftUI

/// The settings of an unlocked vault: the app's language, the duress passcode (a real
/// vault only) and the panic wipe (also on the unlock screen, without the passcode).
struct SettingsScreen: View {
    @Environment(\.words) private var words
    let model: DuressModel
    /// The app's language: as on the phone, or one the worker picks (kept).
    let app: AppModel
    let onBack: () -> Void
    let onDuress: () -> Void
    let onPanicWipe: () -> Void

    var body: some View {
        List {
            Section {
                languageRow(words.text("app-settings-language-system"), tag: nil)
                ForEach(supportedLocales(), id: \.tag) { info in
                    languageRow(info.nativeName, tag: info.tag)
                }
            } header: {
                Text(words.text("app-settings-language"))
            } footer: {
                VStack(alignment: .leading, spacing: 4) {
                    Text(words.text("app-settings-language-explained"))
                    if let shown = words.locale, !shown.complete {
                        Text(words.format("app-settings-language-fallback", ["language": shown.nativeName]))
                    }
                    if words.locale?.needsReview == true {
                        Text(words.text("app-settings-language-review"))
                    }
                }
            }
            if model.offered {
                Section(words.text("app-settings-duress-title")) {
                    Text(words.text("app-settings-duress-explained"))
                        .font(.callout)
                    Button(words.text("app-settings-duress-button"), action: onDuress)
                }
            }
            Section(words.text("app-settings-wipe-title")) {
                Text(words.text("app-settings-wipe-explained"))
                    .font(.callout)
                Button(words.text("app-settings-wipe-button"), role: .destructive, action: onPanicWipe)
            }
        }
        .navigationTitle(words.text("app-settings-title"))
        .toolbar {
            ToolbarItem(placement: .cancellationAction) { Button(words.text("app-back"), action: onBack) }
        }
    }

    private func languageRow(_ name: String, tag: String?) -> some View {
        Button {
            app.chooseLanguage(tag)
        } label: {
            HStack {
                Text(name)
                Spacer()
                if app.appLanguage == tag { Image(systemName: "checkmark") }
            }
        }
        .accessibilityAddTraits(app.appLanguage == tag ? .isSelected : [])
    }
}

/// Setting the duress passcode: the current passcode, the duress one twice, and what it
/// does. Every field hands its characters to the model (never a String here).
struct DuressScreen: View {
    @Environment(\.words) private var words
    let model: DuressModel
    let onBack: () -> Void

    var body: some View {
        Form {
            if !model.offered {
                Text(words.text("app-duress-demo"))
            } else {
                Section {
                    Text(words.format("app-duress-explained", ["count": CreateVaultModel.minPasscodeChars]))
                        .font(.callout)
                    PasscodeField(title: words.text("app-duress-current"), entered: model.current, onType: { model.typeCurrent($0) }, onErase: { model.eraseCurrent() })
                    PasscodeField(title: words.text("app-duress-passcode"), entered: model.duress, onType: { model.typeDuress($0) }, onErase: { model.eraseDuress() })
                    PasscodeField(
                        title: words.text("app-duress-again"),
                        entered: model.confirmed,
                        onType: { model.typeConfirmation($0) },
                        onErase: { model.eraseConfirmation() },
                        onSubmit: { Task { await model.submit() } }
                    )
                }
                .disabled(model.working)
                Section(words.text("app-duress-when")) {
                    ForEach(DuressModel.choices, id: \.self) { mode in
                        Button {
                            model.choose(mode)
                        } label: {
                            HStack(alignment: .top) {
                                Image(systemName: model.mode == mode ? "largecircle.fill.circle" : "circle")
                                VStack(alignment: .leading, spacing: 2) {
                                    Text(words.text(duressTitle(mode)))
                                    Text(words.text(duressExplanation(mode))).font(.caption).foregroundStyle(.secondary)
                                }
                            }
                        }
                        .buttonStyle(.plain)
                        .accessibilityAddTraits(model.mode == mode ? .isSelected : [])
                    }
                }
                .disabled(model.working)
                Section {
                    if let problem = model.problem {
                        Text(words.format(duressProblem(problem), ["count": CreateVaultModel.minPasscodeChars])).foregroundStyle(.red)
                    }
                    ErrorText(error: model.error)
                    if let done = model.done {
                        Text(words.text("app-duress-done") + " " + words.text(duressExplanation(done)))
                    }
                    if model.working {
                        ProgressView()
                    } else {
                        Button(words.text("app-duress-submit")) { Task { await model.submit() } }
                            .disabled(!model.canSubmit)
                    }
                }
            }
        }
        .navigationTitle(words.text("app-duress-passcode"))
        .toolbar {
            ToolbarItem(placement: .cancellationAction) { Button(words.text("app-back"), action: onBack) }
        }
    }
}

private func duressTitle(_ mode: DuressChoice) -> String {
    switch mode {
    case .destroy: "app-duress-destroy"
    case .hide: "app-duress-hide"
    }
}

private func duressExplanation(_ mode: DuressChoice) -> String {
    switch mode {
    case .destroy: "app-duress-destroy-explained"
    case .hide: "app-duress-hide-explained"
    }
}

private func duressProblem(_ problem: DuressProblem) -> String {
    switch problem {
    case .tooShort: "app-duress-too-short"
    case .mismatch: "app-duress-mismatch"
    case .sameAsPasscode: "app-duress-same"
    }
}
