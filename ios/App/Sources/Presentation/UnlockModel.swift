import Foundation
import Observation
import SenimCore

/// Milliseconds on a clock that only moves forward and that the phone's owner cannot set,
/// and a way to sleep on it: what the unlock screen's countdown runs on (the Swift twin
/// of the Android presentation's `Clock`; a test hands in one it moves itself).
protocol CountdownClock: Sendable {
    /// Milliseconds since a fixed point of this clock; only differences mean anything.
    func millis() -> Int64
    /// Returns after `milliseconds` of this clock (or throws when the task is cancelled).
    func sleep(milliseconds: Int64) async throws
}

/// The system's continuous clock: it keeps counting while the phone sleeps, and setting
/// the date does not move it.
struct ContinuousCountdownClock: CountdownClock {
    private let origin = ContinuousClock().now

    func millis() -> Int64 {
        let elapsed = origin.duration(to: ContinuousClock().now).components
        return elapsed.seconds * 1000 + elapsed.attoseconds / 1_000_000_000_000_000
    }

    func sleep(milliseconds: Int64) async throws {
        try await Task.sleep(for: .milliseconds(milliseconds), clock: .continuous)
    }
}

/// The unlock screen, and what the app knows of the open vault without its passcode (the
/// Swift twin of the Android `UnlockViewModel`). The passcode is never in the observable
/// state (only its length, for the dots): it is kept in a buffer that is wiped after
/// each attempt.
///
/// This model lives as long as the open vault (across every lock and unlock), so its
/// `banner` is the one the app shows above every screen.
@MainActor
@Observable
final class UnlockModel {
    private(set) var unlocked = false
    /// Characters entered so far.
    private(set) var entered = 0
    private(set) var working = false
    /// Failed attempts since the last success, as the vault counts them.
    private(set) var failedAttempts = 0
    /// WrongPasscode, TooManyAttempts, KeyStore, DeviceSecretMissing ...
    private(set) var error: UiError?
    /// Seconds before the vault accepts another attempt, after TooManyAttempts: counted
    /// down on the model's clock; unlocking is offered again at 0.
    private(set) var retryIn = 0
    /// A demo vault: known before the unlock, and kept through every lock.
    private(set) var demo = false
    /// The team's policy wiped the vault at this unlock (`.Wiped`: too many wrong
    /// passcodes, or too long without a sync): it is gone for good. Not an error to try
    /// again: the app says so once (`UiError.message`) and shows the first-run screen.
    private(set) var wiped: UiError?
    /// While the first unlock of a vault from an earlier version upgrades it (once): the
    /// step it is at. None otherwise.
    private(set) var upgrade: UpgradeStep?
    /// The unlock that opened the vault upgraded it from an earlier version (its pages
    /// encrypted): the app then advises setting the duress passcode again, with the same
    /// words for every upgraded vault, so it tells nobody whether one was set (as
    /// `UnlockState.upgraded` on Android).
    private(set) var upgraded = false

    /// What the screen says while the vault is being upgraded, as a sentence of the catalog.
    var upgradeSentence: Sentence? {
        switch upgrade {
        case nil: nil
        case .encryptingPages: Sentence("app-unlock-upgrade-pages")
        case let .indexing(done, total):
            Sentence("app-unlock-upgrade-index", ["done": .number(Double(done)), "total": .number(Double(total))])
        }
    }

    var canSubmit: Bool { entered > 0 && !working && !unlocked && wiped == nil && retryIn == 0 }

    /// A demo vault opens with the public demo passcode: offer it, nothing to type.
    var canUnlockDemo: Bool { demo && !working && !unlocked && wiped == nil && retryIn == 0 }

    /// What the screen says under the field: while unlocking is paused, the ticking
    /// "Too many wrong passcodes. Try again in 0:42."; otherwise the error's one sentence.
    var message: String? { retryIn > 0 ? UiError.waitMessage(retryIn) : error?.message }

    /// The count of failed attempts under the field, unless the error's own sentence
    /// ("Wrong passcode. 2 failed attempts since the last unlock.") says it already.
    var attemptsNote: String? {
        guard failedAttempts > 0 else { return nil }
        if case .WrongPasscode? = error?.failure { return nil }
        return "Failed attempts: \(failedAttempts). Each one makes the next wait longer."
    }

    /// The permanent banner above every screen, locked or not; nil over a real vault.
    var banner: DemoBanner? { demo ? .demoVault : nil }

    /// Called once the vault is `wiped` (the app shows the first-run screen).
    @ObservationIgnored var onWiped: (@MainActor (UiError) -> Void)?
    @ObservationIgnored private let vault: SenimVault
    @ObservationIgnored private var buffer = PasscodeBuffer()
    @ObservationIgnored private let clock: any CountdownClock
    @ObservationIgnored private var countdown: Task<Void, Never>?

    /// `clock` drives the countdown after TooManyAttempts (`retryIn`).
    init(vault: SenimVault, clock: any CountdownClock = ContinuousCountdownClock()) {
        self.vault = vault
        self.clock = clock
    }

    /// Reads whether the vault is a demo, whether it is unlocked, and how many attempts failed.
    func refresh() async {
        let vault = self.vault
        do {
            // First and on its own: the banner shows even if the rest cannot be read.
            demo = try await offMain { vault.isDemo() }
            let (isUnlocked, failed) = try await offMain {
                let summary = try vault.summary()
                return (vault.isUnlocked(), Int(summary.failedAttempts))
            }
            unlocked = isUnlocked
            failedAttempts = failed
        } catch {
            self.error = UiError(error)
        }
    }

    func type(_ scalar: Unicode.Scalar) {
        guard !working, wiped == nil else { return }
        buffer.add(scalar)
        entered = buffer.count
        error = nil
    }

    func erase() {
        guard !working, buffer.count > 0 else { return }
        buffer.removeLast()
        entered = buffer.count
    }

    /// Tries the passcode entered; it is wiped whatever the outcome.
    func submit() async {
        guard canSubmit else { return }
        var passcode = buffer.utf8()
        buffer.wipe()
        defer { passcode.wipe() }
        await attempt(passcode)
    }

    /// Demo vault: unlocks with the public demo passcode; anything typed is dropped. A
    /// real vault is never tried with it (that would count as a failed attempt).
    func unlockDemo() async {
        guard canUnlockDemo else { return }
        buffer.wipe()
        entered = 0
        let vault = self.vault
        guard (try? await offMain { vault.isDemo() }) == true else { return }
        var passcode = Data(demoPasscode().utf8)
        defer { passcode.wipe() }
        await attempt(passcode)
    }

    private func attempt(_ passcode: Data) async {
        entered = 0
        working = true
        error = nil
        // The core tells the upgrade's steps on the thread doing the work.
        let encrypted = EncryptedFlag()
        let listener = UpgradeListener { step in
            if case .encryptingPages = step { encrypted.set() }
            Task { @MainActor [weak self] in
                if self?.working == true { self?.upgrade = step }
            }
        }
        defer { upgrade = nil }
        do {
            try await vault.unlock(passcode: passcode, progress: listener)
            working = false
            upgraded = encrypted.value
            unlocked = true
            failedAttempts = 0
        } catch {
            let failure = UiError(error)
            if case .Wiped = failure.failure {
                // Nothing is left to count attempts on: the vault is gone.
                working = false
                wiped = failure
                self.error = nil
                failedAttempts = 0
                onWiped?(failure)
                return
            }
            let failed: Int
            if case let .WrongPasscode(count) = failure.failure {
                // The core counts this attempt in the failure itself.
                failed = Int(count)
            } else {
                let vault = self.vault
                failed = (try? await offMain { () throws -> Int in
                    let summary = try vault.summary()
                    return Int(summary.failedAttempts)
                }) ?? failedAttempts
            }
            working = false
            self.error = failure
            failedAttempts = failed
            if case let .TooManyAttempts(seconds) = failure.failure {
                countDown(Int(clamping: seconds))
            }
        }
    }

    /// Counts `seconds` down on the clock, publishing whole seconds left (rounded up, as
    /// the core rounds the wait) at each tick; at 0 the pause is over and its error goes.
    private func countDown(_ seconds: Int) {
        countdown?.cancel()
        let clock = self.clock
        let deadline = clock.millis() + Int64(seconds) * 1000
        countdown = Task { [weak self] in
            while !Task.isCancelled {
                let left = deadline - clock.millis()
                let whole = left <= 0 ? 0 : Int((left + 999) / 1000)
                guard let self else { return }
                guard whole > 0 else {
                    self.retryIn = 0
                    if case .TooManyAttempts? = self.error?.failure { self.error = nil }
                    return
                }
                self.retryIn = whole
                // Wake when the next whole second has passed.
                do {
                    try await clock.sleep(milliseconds: left - Int64(whole - 1) * 1000)
                } catch {
                    return
                }
            }
        }
    }

    /// The app went to the background: lock at once, forget anything typed.
    func enterBackground() async {
        buffer.wipe()
        entered = 0
        let vault = self.vault
        do {
            try await offMain { try vault.lock() }
            error = nil
        } catch {
            // The core wipes its keys even when it fails to log the lock.
            self.error = UiError(error)
        }
        unlocked = false
        working = false
        upgraded = false
    }
}

/// Whether an unlock's upgrade encrypted the pages: set on the core's thread, read after.
private final class EncryptedFlag: @unchecked Sendable {
    private let lock = NSLock()
    private var set_ = false
    func set() { lock.withLock { set_ = true } }
    var value: Bool { lock.withLock { set_ } }
}

/// First run on this phone: a passcode typed twice, or a demo vault for training, which
/// needs none (the Swift twin of the Android `CreateVaultViewModel`).
@MainActor
@Observable
final class CreateVaultModel {
    /// The core's minimum passcode length, in characters (Unicode scalars).
    static let minPasscodeChars = 6
    /// As `senim vault init --demo`'s defaults: the same seed gives every trainee the same cases.
    static let demoSeed: UInt64 = 1
    static let demoRecords: UInt32 = 200

    private(set) var entered = 0
    private(set) var confirmed = 0
    private(set) var working = false
    /// What is being made while `working`: a demo vault.
    private(set) var creatingDemo = false
    /// The vault exists (the app opens it).
    private(set) var created = false
    /// The passcode is shorter than `minPasscodeChars`.
    private(set) var tooShort = false
    /// The two passcodes differ.
    private(set) var mismatch = false
    /// The core's estimate of the passcode typed so far (the strength bar, its mark at
    /// `minimumScore`, one line of advice as `adviceKey`); nil while nothing is typed. Holds no part
    /// of the passcode.
    private(set) var strength: PasscodeStrength?
    /// InvalidInput, WeakPasscode, KeyStore (the Keychain failed), VaultExists ...
    private(set) var error: UiError?

    var canSubmit: Bool { entered > 0 && confirmed > 0 && !working && !created }
    var canCreateDemo: Bool { !working && !created }

    @ObservationIgnored private var passcode = PasscodeBuffer()
    @ObservationIgnored private var confirmation = PasscodeBuffer()
    @ObservationIgnored private let create: @MainActor (Data) async throws -> Void
    @ObservationIgnored private let createDemoVault: @MainActor (UInt64, UInt32) async throws -> Void
    @ObservationIgnored private let estimate: @MainActor (Data) throws -> PasscodeStrength

    init(
        create: @escaping @MainActor (Data) async throws -> Void,
        createDemo: @escaping @MainActor (_ seed: UInt64, _ records: UInt32) async throws -> Void,
        strength: @escaping @MainActor (Data) throws -> PasscodeStrength = { try passcodeStrength(passcode: $0) }
    ) {
        self.create = create
        createDemoVault = createDemo
        estimate = strength
    }

    func type(_ scalar: Unicode.Scalar) { change { $0.passcode.add(scalar) }; updateStrength() }
    func erase() { change { $0.passcode.removeLast() }; updateStrength() }
    func typeConfirmation(_ scalar: Unicode.Scalar) { change { $0.confirmation.add(scalar) } }
    func eraseConfirmation() { change { $0.confirmation.removeLast() } }

    func clear() {
        passcode.wipe()
        confirmation.wipe()
        entered = 0
        confirmed = 0
        strength = nil
    }

    /// The estimate of what is typed now; the bytes are wiped after.
    private func updateStrength() {
        guard !working, !created else { return }
        guard passcode.count > 0 else {
            strength = nil
            return
        }
        var bytes = passcode.utf8()
        defer { bytes.wipe() }
        strength = try? estimate(bytes)
    }

    /// Creates a real vault (the KDF is calibrated on this phone: a second or two). A
    /// passcode too short or typed differently twice is refused here, before any KDF,
    /// and both fields are emptied.
    func submit() async {
        guard canSubmit else { return }
        guard passcode.count >= Self.minPasscodeChars else {
            clear()
            tooShort = true
            mismatch = false
            error = nil
            return
        }
        guard passcode.same(as: confirmation) else {
            clear()
            mismatch = true
            tooShort = false
            error = nil
            return
        }
        var bytes = passcode.utf8()
        clear()
        defer { bytes.wipe() }
        await make(demo: false) { [create] in try await create(bytes) }
    }

    /// Creates a demo vault for training instead: synthetic cases, no passcode to choose
    /// (its passcode is the public demo one). Anything typed is wiped.
    func createDemo() async {
        guard canCreateDemo else { return }
        clear()
        await make(demo: true) { [createDemoVault] in try await createDemoVault(Self.demoSeed, Self.demoRecords) }
    }

    private func make(demo: Bool, _ work: @MainActor () async throws -> Void) async {
        working = true
        creatingDemo = demo
        error = nil
        mismatch = false
        tooShort = false
        do {
            try await work()
            working = false
            created = true
        } catch {
            working = false
            creatingDemo = false
            self.error = UiError(error)
        }
    }

    private func change(_ edit: (CreateVaultModel) -> Void) {
        guard !working, !created else { return }
        edit(self)
        entered = passcode.count
        confirmed = confirmation.count
        mismatch = false
        tooShort = false
        error = nil
    }
}

/// Hands the steps of a vault's upgrade (its first unlock after an earlier version) to
/// the unlock model.
private final class UpgradeListener: UpgradeProgress, @unchecked Sendable {
    private let onStep: @Sendable (UpgradeStep) -> Void

    init(_ onStep: @escaping @Sendable (UpgradeStep) -> Void) {
        self.onStep = onStep
    }

    func step(step: UpgradeStep) {
        onStep(step)
    }
}
