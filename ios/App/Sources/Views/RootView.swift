import SenimCore
import SwiftUI

/// The root: the permanent banners above whatever the phase shows, so every screen has
/// them: the open vault's demo banner (a demo vault, locked or not) and the demo build's.
struct RootView: View {
    let app: AppModel

    var body: some View {
        VStack(spacing: 0) {
            if let banner = app.vaultBanner {
                DemoBannerView(text: banner.text, prominent: true)
            }
            if let banner = app.buildBanner {
                DemoBannerView(text: banner)
            }
            Group {
                // The panic wipe, once started, covers whatever the phase shows.
                if let panic = app.panic, panic.active {
                    PanicWipeScreen(model: panic)
                } else {
                    switch app.phase {
                    case .starting:
                        ProgressView()
                    case let .create(form, notice):
                        CreateVaultScreen(form: form, notice: notice) { app.dismissNotice() }
                    case let .locked(unlock):
                        UnlockScreen(
                            model: unlock,
                            onUnlocked: { Task { await app.unlocked() } },
                            onPanicWipe: { app.startPanicWipe() }
                        )
                    case let .unlocked(session):
                        SessionScreens(session: session) { app.startPanicWipe() }
                    case let .failed(error):
                        FailedScreen(error: error) { app.startPanicWipe() }
                    }
                }
            }
            .frame(maxWidth: .infinity, maxHeight: .infinity)
        }
    }
}

/// The screens of an unlocked vault, in one navigation stack rooted at the records.
struct SessionScreens: View {
    let session: Session
    /// Starts the panic wipe (from the settings).
    let onPanicWipe: () -> Void

    var body: some View {
        VStack(spacing: 0) {
            // The team's wipe for want of a sync is near: said above every screen, with
            // the way to sync, until a sync moves it away.
            if let warning = session.sync.idleWipeWarning {
                HStack {
                    Text(warning).font(.callout)
                    if session.destination != .sync {
                        Button("Sync now") { session.go(.sync) }
                    }
                }
                .padding(8)
                .frame(maxWidth: .infinity, alignment: .leading)
                .background(Color.red.opacity(0.15))
            }
            screens
        }
    }

    private var screens: some View {
        NavigationStack {
            switch session.destination {
            case .records:
                RecordsScreen(session: session)
            case .note:
                NoteEditorScreen(model: session.editor) { session.home() }
            case .interview:
                if let wizard = session.interview {
                    InterviewScreen(wizard: wizard) { session.home() }
                } else {
                    ProgressView()
                }
            case .sync:
                SyncScreen(model: session.sync, onBack: { session.home() }, onTeam: { session.go(.team) })
            case .team:
                TeamScreen(model: session.team) { session.home() }
            case .settings:
                SettingsScreen(
                    model: session.duress,
                    onBack: { session.home() },
                    onDuress: { session.go(.duress) },
                    onPanicWipe: onPanicWipe
                )
            case .duress:
                DuressScreen(model: session.duress) { session.go(.settings) }
            }
        }
    }
}

/// The unlock screen; `onPanicWipe` starts the panic wipe, which needs no passcode (the
/// root then shows its confirmation).
struct UnlockScreen: View {
    let model: UnlockModel
    let onUnlocked: () -> Void
    let onPanicWipe: () -> Void

    var body: some View {
        ScrollView {
            VStack(spacing: 16) {
                Text("Senim").font(.largeTitle.bold())
                Text("Enter your passcode to unlock.")
                PasscodeField(
                    title: "Passcode",
                    entered: model.entered,
                    onType: { model.type($0) },
                    onErase: { model.erase() },
                    onSubmit: submit
                )
                .disabled(model.working)
                if let note = model.attemptsNote {
                    Text(note).font(.footnote)
                }
                // The error's sentence, or while unlocking is paused "Try again in 0:42", ticking.
                ErrorText(message: model.message)
                if model.working {
                    ProgressView()
                } else {
                    Button("Unlock", action: submit)
                        .buttonStyle(.borderedProminent)
                        .disabled(!model.canSubmit)
                    if model.canUnlockDemo {
                        Text("This is a demo vault for training: its passcode is the public one, senim-demo.")
                            .font(.footnote)
                        Button("Open the demo vault", action: unlockDemo)
                            .buttonStyle(.bordered)
                    }
                }
                // Out of the way of the unlock button, and confirmed by a typed word.
                Button("Emergency wipe…", role: .destructive, action: onPanicWipe)
                    .font(.footnote)
                    .disabled(model.working)
                    .padding(.top, 24)
            }
            .padding(24)
        }
    }

    private func submit() {
        Task {
            await model.submit()
            if model.unlocked { onUnlocked() }
        }
    }

    private func unlockDemo() {
        Task {
            await model.unlockDemo()
            if model.unlocked { onUnlocked() }
        }
    }
}

/// First run. `notice`: the team's policy wiped the vault at an unlock (`.Wiped`), said
/// once in an alert; after a panic wipe there is none.
struct CreateVaultScreen: View {
    let form: CreateVaultModel
    let notice: UiError?
    let onDismissNotice: () -> Void

    var body: some View {
        ScrollView {
            VStack(spacing: 16) {
                Text("Welcome to Senim").font(.title.bold())
                Text("Choose a passcode of at least \(CreateVaultModel.minPasscodeChars) characters. Everything you record is encrypted with it and with a key kept in this phone's secure hardware. Nobody can recover a forgotten passcode.")
                    .font(.callout)
                PasscodeField(
                    title: "New passcode",
                    entered: form.entered,
                    onType: { form.type($0) },
                    onErase: { form.erase() }
                )
                PasscodeStrengthBar(strength: form.strength)
                PasscodeField(
                    title: "Passcode again",
                    entered: form.confirmed,
                    onType: { form.typeConfirmation($0) },
                    onErase: { form.eraseConfirmation() },
                    onSubmit: { Task { await form.submit() } }
                )
                if form.tooShort {
                    Text("The passcode needs at least \(CreateVaultModel.minPasscodeChars) characters: enter it again.")
                        .foregroundStyle(.red)
                }
                if form.mismatch {
                    Text("The two passcodes differ: enter them again.").foregroundStyle(.red)
                }
                ErrorText(error: form.error)
                if form.working {
                    ProgressView(form.creatingDemo ? "Creating the demo vault with synthetic cases…" : "Creating the vault…")
                } else {
                    Button("Create vault") { Task { await form.submit() } }
                        .buttonStyle(.borderedProminent)
                        .disabled(!form.canSubmit)
                    Divider()
                    Text("Training?").font(.headline)
                    Text("A demo vault is filled with synthetic cases, never real people, and needs no passcode of yours (it opens with the public one, senim-demo). It shows a DEMO banner on every screen and can never sync with a real team. Never record a real person in it. This phone then holds the demo vault: to record real cases on it later, delete and reinstall the app.")
                        .font(.footnote)
                    Button("Create a demo vault for training") { Task { await form.createDemo() } }
                        .buttonStyle(.bordered)
                        .disabled(!form.canCreateDemo)
                }
            }
            .disabled(form.working)
            .padding(24)
        }
        .alert(
            "This phone's vault was wiped",
            isPresented: Binding(get: { notice != nil }, set: { if !$0 { onDismissNotice() } })
        ) {
            Button("OK", action: onDismissNotice)
        } message: {
            Text(notice?.message ?? "")
        }
    }
}

/// The vault does not open; it can still be wiped, by its directory.
struct FailedScreen: View {
    let error: UiError
    let onPanicWipe: () -> Void

    var body: some View {
        VStack(spacing: 16) {
            Text("The vault cannot be opened").font(.title2.bold())
            ErrorText(error: error)
            Text("Nothing was changed. Ask your team lead: the records synced to the hub are safe, and this phone can join the team again.")
                .font(.callout)
            Button("Emergency wipe…", role: .destructive, action: onPanicWipe)
                .font(.footnote)
        }
        .padding(24)
    }
}
