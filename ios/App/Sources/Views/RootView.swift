import SenimCore
import SwiftUI

/// The root: the permanent banners above whatever the phase shows, so every screen has
/// them: the open vault's demo banner (a demo vault, locked or not) and the demo build's.
struct RootView: View {
    let app: AppModel

    var body: some View {
        VStack(spacing: 0) {
            if app.vaultBanner != nil {
                DemoBannerView(text: app.words.text("app-demo-vault-banner"), prominent: true)
            }
            if app.demoBuild {
                DemoBannerView(text: app.words.text("app-demo-build-banner"))
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
                        SessionScreens(session: session, app: app) { app.startPanicWipe() }
                    case let .failed(error):
                        FailedScreen(error: error) { app.startPanicWipe() }
                    }
                }
            }
            .frame(maxWidth: .infinity, maxHeight: .infinity)
        }
        // The root reads its own words from the app, the screens below from the environment.
        .environment(\.words, app.words)
    }
}

/// The screens of an unlocked vault, in one navigation stack rooted at the records.
struct SessionScreens: View {
    @Environment(\.words) private var words
    let session: Session
    /// The app's language, for the settings.
    let app: AppModel
    /// Starts the panic wipe (from the settings).
    let onPanicWipe: () -> Void

    var body: some View {
        VStack(spacing: 0) {
            // The team's wipe for want of a sync is near: said above every screen, with
            // the way to sync, until a sync moves it away.
            if let warning = idleWipeWarning(words, session.sync.idleWipeDaysLeft) {
                HStack {
                    Text(warning).font(.callout)
                    if session.destination != .sync {
                        Button(words.text("app-sync-now")) { session.go(.sync) }
                    }
                }
                .padding(8)
                .frame(maxWidth: .infinity, alignment: .leading)
                .background(Color.red.opacity(0.15))
            }
            // After an upgrade from an earlier version, on the records list until dismissed.
            if session.upgradeAdvice && session.destination == .records {
                VStack(alignment: .leading, spacing: 4) {
                    Text(words.text("app-upgrade-duress-advice")).font(.callout)
                    HStack {
                        Spacer()
                        Button(words.text("app-upgrade-duress-dismiss")) { session.dismissUpgradeAdvice() }
                        Button(words.text("app-upgrade-duress-settings")) {
                            session.dismissUpgradeAdvice()
                            session.go(.settings)
                        }
                    }
                }
                .padding(8)
                .frame(maxWidth: .infinity, alignment: .leading)
                .background(Color.accentColor.opacity(0.12))
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
                    InterviewScreen(wizard: wizard, onClose: { session.home() }, onQuickExit: { session.go(.note(id: nil)) })
                } else {
                    ProgressView()
                }
            case .sync:
                SyncScreen(model: session.sync, onBack: { session.home() }, onTeam: { session.go(.team) })
            case .team:
                TeamScreen(
                    model: session.team,
                    onBack: { session.home() },
                    onLead: { session.go(.lead($0)) },
                    onTeamRecords: { session.go(.teamRecords) }
                )
            case let .lead(page):
                LeadScreen(model: session.lead, page: page) { session.go(.team) }
            case .teamRecords:
                TeamRecordsScreen(model: session.teamRecords) { session.go(.team) }
            case .settings:
                SettingsScreen(
                    model: session.duress,
                    app: app,
                    onBack: { session.home() },
                    onDuress: { session.go(.duress) },
                    onPanicWipe: onPanicWipe
                )
            case .duress:
                DuressScreen(model: session.duress) { session.go(.settings) }
            case .training:
                TrainingScreen(model: session.training, demo: session.demo.offered, onBack: { session.home() }, onQuickExit: { session.go(.note(id: nil)) })
            }
        }
    }
}

/// The unlock screen; `onPanicWipe` starts the panic wipe, which needs no passcode (the
/// root then shows its confirmation).
struct UnlockScreen: View {
    @Environment(\.words) private var words
    let model: UnlockModel
    let onUnlocked: () -> Void
    let onPanicWipe: () -> Void

    var body: some View {
        ScrollView {
            VStack(spacing: 16) {
                Text(words.text("app-name")).font(.largeTitle.bold())
                Text(words.text("app-unlock-prompt"))
                PasscodeField(
                    title: words.text("app-unlock-passcode"),
                    entered: model.entered,
                    onType: { model.type($0) },
                    onErase: { model.erase() },
                    onSubmit: submit
                )
                .disabled(model.working)
                if model.attemptsNote != nil {
                    Text(words.format("app-unlock-attempts", ["count": model.failedAttempts])).font(.footnote)
                }
                // The error's sentence, or while unlocking is paused "Try again in 0:42", ticking.
                ErrorText(message: model.retryIn > 0 ? words.say(UiError.waitSentence(model.retryIn)) : model.error.map { words.say($0.sentence) })
                if model.working {
                    ProgressView()
                    // The first unlock of a vault from an earlier version upgrades it, once.
                    if let upgrade = model.upgradeSentence {
                        Text(words.say(upgrade)).font(.callout)
                    }
                } else {
                    Button(words.text("app-unlock-button"), action: submit)
                        .buttonStyle(.borderedProminent)
                        .disabled(!model.canSubmit)
                    if model.canUnlockDemo {
                        Text(words.text("app-unlock-demo-note"))
                            .font(.footnote)
                        Button(words.text("app-unlock-open-demo"), action: unlockDemo)
                            .buttonStyle(.bordered)
                    }
                }
                // Out of the way of the unlock button, and confirmed by a typed word.
                Button(words.text("app-emergency-wipe"), role: .destructive, action: onPanicWipe)
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
    @Environment(\.words) private var words
    let form: CreateVaultModel
    let notice: UiError?
    let onDismissNotice: () -> Void

    var body: some View {
        ScrollView {
            VStack(spacing: 16) {
                Text(words.text("app-create-welcome")).font(.title.bold())
                Text(words.format("app-create-intro", ["count": CreateVaultModel.minPasscodeChars]))
                    .font(.callout)
                PasscodeField(
                    title: words.text("app-create-new-passcode"),
                    entered: form.entered,
                    onType: { form.type($0) },
                    onErase: { form.erase() }
                )
                PasscodeStrengthBar(strength: form.strength)
                PasscodeField(
                    title: words.text("app-create-passcode-again"),
                    entered: form.confirmed,
                    onType: { form.typeConfirmation($0) },
                    onErase: { form.eraseConfirmation() },
                    onSubmit: { Task { await form.submit() } }
                )
                if form.tooShort {
                    Text(words.format("app-create-too-short", ["count": CreateVaultModel.minPasscodeChars]))
                        .foregroundStyle(.red)
                }
                if form.mismatch {
                    Text(words.text("app-create-mismatch")).foregroundStyle(.red)
                }
                ErrorText(error: form.error)
                if form.working {
                    ProgressView(form.creatingDemo ? words.text("app-create-creating-demo") : words.text("app-create-creating"))
                } else {
                    Button(words.text("app-create-button")) { Task { await form.submit() } }
                        .buttonStyle(.borderedProminent)
                        .disabled(!form.canSubmit)
                    Divider()
                    Text(words.text("app-create-training")).font(.headline)
                    Text(words.format("app-create-demo-explained", ["platform": "ios"]))
                        .font(.footnote)
                    Button(words.text("app-create-demo-button")) { Task { await form.createDemo() } }
                        .buttonStyle(.bordered)
                        .disabled(!form.canCreateDemo)
                }
            }
            .disabled(form.working)
            .padding(24)
        }
        .alert(
            words.text("app-create-wiped-title"),
            isPresented: Binding(get: { notice != nil }, set: { if !$0 { onDismissNotice() } })
        ) {
            Button(words.text("app-ok"), action: onDismissNotice)
        } message: {
            Text(notice.map { words.say($0.sentence) } ?? "")
        }
    }
}

/// The vault does not open; it can still be wiped, by its directory.
struct FailedScreen: View {
    @Environment(\.words) private var words
    let error: UiError
    let onPanicWipe: () -> Void

    var body: some View {
        VStack(spacing: 16) {
            Text(words.text("app-failed-title")).font(.title2.bold())
            ErrorText(error: error)
            Text(words.text("app-failed-explained"))
                .font(.callout)
            Button(words.text("app-emergency-wipe"), role: .destructive, action: onPanicWipe)
                .font(.footnote)
        }
        .padding(24)
    }
}
