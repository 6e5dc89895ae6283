import Foundation
import Observation
import SenimCore

/// The screens of an unlocked session.
enum Destination: Hashable {
    case records
    /// The note editor: a new note (`id` nil) or an existing one.
    case note(id: String?)
    case interview
    case sync
    case team
    /// One of a lead's screens, reached from the team screen.
    case lead(LeadPage)
    /// A lead's merged picture: the team's records.
    case teamRecords
    /// The duress passcode and the panic wipe.
    case settings
    /// Setting the duress passcode (a real vault only).
    case duress
    /// Training scenarios, their keys, and practice interviews against them.
    case training
}

/// Everything that shows decrypted data lives here, for one unlock: the presentation
/// models and where the worker is. Locking drops it, so no record, note or answer
/// outlives the lock in a screen's state.
@MainActor
@Observable
final class Session {
    let records: RecordsModel
    let editor: NoteEditorModel
    let sync: SyncModel
    let team: TeamModel
    /// A lead's members, quarantine, policy, erasure and report (the team screen offers
    /// them to a lead).
    let lead: LeadModel
    /// A lead's merged picture, reached from the team screen.
    let teamRecords: TeamRecordsModel
    /// Reset to the seeded cases: offered in the menu for a demo vault only.
    let demo: DemoResetModel
    /// The duress passcode, in the settings: offered for a real vault only.
    let duress: DuressModel
    /// Training scenarios and practice (practice in a demo vault only).
    let training: TrainingModel
    private(set) var interview: InterviewWizard?
    private(set) var destination: Destination = .records

    /// After an upgrade from an earlier version, until dismissed: the advice to set the
    /// duress passcode again (see `UnlockModel.upgraded`).
    private(set) var upgradeAdvice: Bool

    @ObservationIgnored private let vault: SenimVault
    @ObservationIgnored private let recordedBy: String

    init(vault: SenimVault, transport: SyncTransport, recordedBy: String, upgraded: Bool = false) {
        self.vault = vault
        self.recordedBy = recordedBy
        upgradeAdvice = upgraded
        records = RecordsModel(vault: vault)
        editor = NoteEditorModel(vault: vault)
        sync = SyncModel(vault: vault, transport: transport)
        // Creating a team: pinned to the fingerprint the lead typed.
        var creation: ((String?) -> SyncTransport)?
        if let base = transport as? URLSessionSyncTransport {
            creation = { pin in base.pinnedTo(pin) }
        }
        team = TeamModel(vault: vault, transport: transport, creationTransport: creation)
        lead = LeadModel(vault: vault, transport: transport)
        teamRecords = TeamRecordsModel(vault: vault, transport: transport)
        demo = DemoResetModel(vault: vault)
        duress = DuressModel(vault: vault)
        training = TrainingModel(vault: vault, recordedBy: recordedBy)
        // What a sync brought in shows in the list at once.
        sync.onSynced = { [records] in records.refresh() }
        records.refresh()
        Task { await team.refresh() }
        Task { await demo.refresh() }
        Task { await duress.refresh() }
        // The days left before the team's wipe for want of a sync, warned of from the start.
        Task { await sync.refresh() }
    }

    func go(_ to: Destination) {
        // Leaving the duress form forgets what was typed in it.
        if destination == .duress && to != .duress { duress.clear() }
        switch to {
        case let .note(id):
            if let id { Task { await editor.edit(id: id) } } else { editor.new() }
        case .interview:
            let wizard = InterviewWizard(vault: vault, recordedBy: recordedBy)
            interview = wizard
            Task { await wizard.load() }
        case .team:
            Task { await team.refresh() }
        case .teamRecords:
            teamRecords.close()
        case .records:
            records.refresh()
        case .sync:
            Task { await sync.refresh() }
        case .settings, .duress:
            Task { await duress.refresh() }
        case .lead:
            // Each page reads what it shows as it opens (`LeadScreen`).
            break
        case .training:
            break
        }
        destination = to
    }

    func dismissUpgradeAdvice() {
        upgradeAdvice = false
    }

    /// Back to the records list (which shows what changed meanwhile).
    func home() {
        interview = nil
        go(.records)
    }

    /// The reset was confirmed: once done, the list and the team show the seeded state.
    func resetDemo() async {
        await demo.confirm()
        records.refresh()
        await team.refresh()
    }

    func close() {
        records.cancel()
        duress.clear()
    }
}

/// Where the app is: no vault yet, locked, or unlocked with a session.
enum Phase {
    case starting
    /// First run on this phone: choose a passcode, or make a demo vault for training.
    /// `notice`: said once, when the team's policy wiped the vault at an unlock (`.Wiped`);
    /// never after a panic wipe, which leaves nothing that says it happened.
    case create(CreateVaultModel, notice: UiError?)
    case locked(UnlockModel)
    case unlocked(Session)
    /// The vault cannot be opened (damaged, the Keychain lost its key ...).
    case failed(UiError)
}

/// The app's state: opens (or creates) the vault, unlocks it through `UnlockModel`, and
/// holds the `Session` while it is unlocked. Going to the background locks.
@MainActor
@Observable
final class AppModel {
    private(set) var phase: Phase = .starting

    /// A demo build: its permanent banner (`app-demo-build-banner`: the screening content
    /// is not validated yet) is over every screen; false only in a build for the field
    /// (the build setting SENIM_DEMO = NO, which project.yml writes into Info.plist as SenimDemo).
    let demoBuild: Bool = (Bundle.main.object(forInfoDictionaryKey: "SenimDemo") as? String) != "NO"

    /// The app's language the worker chose in the settings, kept in the app's own
    /// defaults (outside the vault: needed before the unlock, and no record); nil: as on
    /// the phone. The interview's language is chosen apart, at each interview.
    private(set) var appLanguage: String? = AppModel.keptLanguage()

    /// The worker's words in the app's language; the views read them from the environment.
    private(set) var words: Words = AppModel.words(for: AppModel.keptLanguage())

    /// Shows the app in `tag` from now on and keeps it; nil goes back to the phone's languages.
    func chooseLanguage(_ tag: String?) {
        let known = tag.flatMap { t in supportedLocales().contains { $0.tag == t } ? t : nil }
        if let known {
            UserDefaults.standard.set(known, forKey: AppModel.languageKey)
        } else {
            UserDefaults.standard.removeObject(forKey: AppModel.languageKey)
        }
        appLanguage = known
        words = AppModel.words(for: known)
    }

    private static let languageKey = "senim.appLanguage"

    private static func keptLanguage() -> String? {
        guard let tag = UserDefaults.standard.string(forKey: languageKey) else { return nil }
        return supportedLocales().contains { $0.tag == tag } ? tag : nil
    }

    private static func words(for tag: String?) -> Words {
        if let tag { return Words(tag: tag) }
        return Words.negotiated(Locale.preferredLanguages)
    }

    /// The permanent demo banner of the open vault, whatever the build: shown above every
    /// screen, locked or not, while the vault is a demo vault. From the vault's
    /// `UnlockModel`, which lives as long as the open vault.
    var vaultBanner: DemoBanner? { unlock?.banner }

    /// The panic wipe of the open vault (or of a vault that does not open), offered from
    /// the unlock screen without the passcode and from the settings; nil before a vault
    /// exists. While it is active, the root shows it over every screen.
    private(set) var panic: PanicWipeModel?

    @ObservationIgnored private let keyStore = KeychainKeyStore()
    /// The vault the transport asks for the team's pin and demo status.
    @ObservationIgnored private let pinSource: PinSource
    @ObservationIgnored private let transport: URLSessionSyncTransport

    init() {
        let source = PinSource()
        pinSource = source
        transport = URLSessionSyncTransport(hubPolicy: { source.policy() })
    }
    @ObservationIgnored private var vault: SenimVault?
    @ObservationIgnored private var directory: URL?
    /// Observed: the banner follows it.
    private var unlock: UnlockModel?

    func start() async {
        guard case .starting = phase else { return }
        do {
            let directory = try VaultStorage.prepare()
            self.directory = directory
            let keyStore = self.keyStore
            let opened: SenimVault? = try await offMain {
                do {
                    return try SenimVault.open(dir: directory.path, keystore: keyStore)
                } catch SenimError.NoVault {
                    return nil
                }
            }
            if let opened {
                await attach(opened)
            } else {
                phase = .create(createForm(directory: directory), notice: nil)
            }
        } catch {
            phase = .failed(UiError(error))
            // A vault that does not open can still be wiped, by its directory.
            if directory != nil { offerPanicWipe() }
        }
    }

    private func createForm(directory: URL) -> CreateVaultModel {
        let keyStore = self.keyStore
        return CreateVaultModel(
            create: { [weak self] passcode in
                guard let self else { return }
                let created = try await SenimVault.create(dir: directory.path, passcode: passcode, keystore: keyStore)
                await self.attach(created)
            },
            // A demo vault needs no Keychain secret: nothing in it is worth binding to the phone.
            createDemo: { [weak self] seed, records in
                guard let self else { return }
                let created = try await SenimVault.createDemo(dir: directory.path, seed: seed, records: records)
                await self.attach(created)
            }
        )
    }

    /// The worker chose the panic wipe (unlock screen, settings, a vault that does not
    /// open): the root shows its confirmation.
    func startPanicWipe() {
        panic?.start()
    }

    /// The worker read the one-time notice of the first-run screen.
    func dismissNotice() {
        if case let .create(form, notice) = phase, notice != nil {
            phase = .create(form, notice: nil)
        }
    }

    /// A fresh panic wipe for the vault now on the phone: any sync in flight is cut short
    /// first (the wipe waits for the call holding the vault), then the open vault is
    /// wiped, or its directory when none is open or a wipe did not finish. Once done, the
    /// first-run screen.
    private func offerPanicWipe() {
        guard let directory else { return }
        let keyStore = self.keyStore
        let transport = self.transport
        let model = PanicWipeModel(
            wipe: { [weak self] in
                transport.cancelAll()
                if let vault = self?.vault {
                    return try await vault.wipe()
                }
                return try await wipeVaultAt(dir: directory.path, keystore: keyStore)
            },
            wipeAgain: {
                transport.cancelAll()
                return try await wipeVaultAt(dir: directory.path, keystore: keyStore)
            }
        )
        model.onDone = { [weak self] _ in self?.afterWipe(notice: nil) }
        panic = model
    }

    /// The vault is gone (a panic wipe, or the team's policy at an unlock): drop the
    /// session and everything of the old vault, and show the first-run screen, with the
    /// policy's one-time notice, or nothing at all after a panic wipe.
    private func afterWipe(notice: UiError?) {
        if case let .unlocked(session) = phase { session.close() }
        unlock = nil
        vault = nil
        pinSource.set(nil)
        panic = nil
        guard let directory else { return }
        phase = .create(createForm(directory: directory), notice: notice)
    }

    /// The scene went to the background: wipe what was typed, lock, drop the session.
    func enterBackground() async {
        // A wipe not yet confirmed is dropped; one running goes on.
        panic?.cancel()
        switch phase {
        case let .create(form, _):
            form.clear()
        case .unlocked, .locked:
            if case let .unlocked(session) = phase { session.close() }
            guard let unlock else { return }
            if case .unlocked = phase { phase = .locked(unlock) }
            await unlock.enterBackground()
        default:
            break
        }
    }

    /// The unlock screen reports success: open a session.
    func unlocked() async {
        guard let vault, let unlock, unlock.unlocked else { return }
        let device = (try? await offMain { try vault.summary().deviceId }) ?? "this device"
        phase = .unlocked(Session(vault: vault, transport: transport, recordedBy: device, upgraded: unlock.upgraded))
    }

    private func attach(_ vault: SenimVault) async {
        self.vault = vault
        pinSource.set(vault)
        let unlock = UnlockModel(vault: vault)
        // The team's policy wiped the vault at this unlock: it is gone.
        unlock.onWiped = { [weak self] notice in self?.afterWipe(notice: notice) }
        self.unlock = unlock
        offerPanicWipe()
        await unlock.refresh()
        if unlock.unlocked {
            await unlocked()
        } else {
            phase = .locked(unlock)
        }
    }
}

/// Where the vault lives, and how the system treats that place.
enum VaultStorage {
    /// `Application Support/Senim/vault`: excluded from iCloud and iTunes/Finder backups,
    /// and encrypted by Data Protection while the phone is locked (files already open
    /// stay usable, so a write in progress when the screen locks completes).
    static func prepare() throws -> URL {
        let fm = FileManager.default
        let support = try fm.url(for: .applicationSupportDirectory, in: .userDomainMask, appropriateFor: nil, create: true)
        var root = support.appendingPathComponent("Senim", isDirectory: true)
        let attributes: [FileAttributeKey: Any] = [
            .posixPermissions: 0o700,
            .protectionKey: FileProtectionType.completeUnlessOpen,
        ]
        if !fm.fileExists(atPath: root.path) {
            try fm.createDirectory(at: root, withIntermediateDirectories: true, attributes: attributes)
        } else {
            try fm.setAttributes(attributes, ofItemAtPath: root.path)
        }
        // Excluding the directory excludes everything in it, now and later.
        var values = URLResourceValues()
        values.isExcludedFromBackup = true
        try root.setResourceValues(values)
        // The core creates the vault directory itself (mode 0700); new files inherit
        // the parent's protection class.
        return root.appendingPathComponent("vault", isDirectory: true)
    }
}

/// The open vault, for the transport to read the team's certificate pin and demo status
/// at each exchange (from the core's worker thread, so behind a lock).
final class PinSource: @unchecked Sendable {
    // Sendable: `vault` is read and written under `lock` only.
    private let lock = NSLock()
    private var vault: SenimVault?

    func set(_ vault: SenimVault?) {
        lock.lock()
        self.vault = vault
        lock.unlock()
    }

    func policy() -> URLSessionSyncTransport.HubPolicy? {
        lock.lock()
        let vault = self.vault
        lock.unlock()
        guard let vault, let summary = try? vault.summary() else { return nil }
        return URLSessionSyncTransport.HubPolicy(pin: (try? vault.team())?.hubPin, demo: summary.demo)
    }
}
