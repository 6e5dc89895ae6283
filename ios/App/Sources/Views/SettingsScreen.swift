import SenimCore
import SwiftUI

/// The settings of an unlocked vault: the duress passcode (a real vault only) and the
/// panic wipe (also on the unlock screen, without the passcode).
struct SettingsScreen: View {
    let model: DuressModel
    let onBack: () -> Void
    let onDuress: () -> Void
    let onPanicWipe: () -> Void

    var body: some View {
        List {
            if model.offered {
                Section("Duress passcode") {
                    Text("A second passcode for when someone forces you to unlock the phone: it opens a harmless decoy instead of your records, and looks like any unlock.")
                        .font(.callout)
                    Button("Set the duress passcode…", action: onDuress)
                }
            }
            Section("Emergency wipe") {
                Text("Destroys this phone's vault at once and for good. The unlock screen offers it too, without the passcode.")
                    .font(.callout)
                Button("Wipe this phone's vault…", role: .destructive, action: onPanicWipe)
            }
        }
        .navigationTitle("Settings")
        .toolbar {
            ToolbarItem(placement: .cancellationAction) { Button("Back", action: onBack) }
        }
    }
}

/// Setting the duress passcode: the current passcode, the duress one twice, and what it
/// does. Every field hands its characters to the model (never a String here).
struct DuressScreen: View {
    let model: DuressModel
    let onBack: () -> Void

    var body: some View {
        Form {
            if !model.offered {
                Text("A demo vault has no duress passcode: its passcode is public.")
            } else {
                Section {
                    Text("If someone forces you to unlock the phone, enter the duress passcode instead of yours: Senim opens a decoy with a few harmless notes. Choose one you will remember under stress, at least \(CreateVaultModel.minPasscodeChars) characters, different from your passcode.")
                        .font(.callout)
                    PasscodeField(title: "Your passcode", entered: model.current, onType: { model.typeCurrent($0) }, onErase: { model.eraseCurrent() })
                    PasscodeField(title: "Duress passcode", entered: model.duress, onType: { model.typeDuress($0) }, onErase: { model.eraseDuress() })
                    PasscodeField(
                        title: "Duress passcode again",
                        entered: model.confirmed,
                        onType: { model.typeConfirmation($0) },
                        onErase: { model.eraseConfirmation() },
                        onSubmit: { Task { await model.submit() } }
                    )
                }
                .disabled(model.working)
                Section("When the duress passcode is entered") {
                    ForEach(DuressModel.choices, id: \.self) { mode in
                        Button {
                            model.choose(mode)
                        } label: {
                            HStack(alignment: .top) {
                                Image(systemName: model.mode == mode ? "largecircle.fill.circle" : "circle")
                                VStack(alignment: .leading, spacing: 2) {
                                    Text(DuressModel.title(mode))
                                    Text(DuressModel.explanation(mode)).font(.caption).foregroundStyle(.secondary)
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
                        Text(problem.message).foregroundStyle(.red)
                    }
                    ErrorText(error: model.error)
                    if let done = model.done {
                        Text("The duress passcode is set. \(DuressModel.explanation(done))")
                    }
                    if model.working {
                        ProgressView()
                    } else {
                        Button("Set the duress passcode") { Task { await model.submit() } }
                            .disabled(!model.canSubmit)
                    }
                }
            }
        }
        .navigationTitle("Duress passcode")
        .toolbar {
            ToolbarItem(placement: .cancellationAction) { Button("Back", action: onBack) }
        }
    }
}
