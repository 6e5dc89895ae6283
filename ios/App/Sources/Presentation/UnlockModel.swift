import Foundation
import Observation
import SenimCore

/// The unlock screen (the Swift twin of the Android `UnlockViewModel`). The passcode is
/// never in the observable state (only its length, for the dots): it is kept in a
/// buffer that is wiped after each attempt.
@MainActor
@Observable
final class UnlockModel {
    private(set) var unlocked = false
    /// Characters entered so far.
    private(set) var entered = 0
    private(set) var working = false
    /// Failed attempts since the last success, as the vault counts them.
    private(set) var failedAttempts = 0
    /// wrongPasscode, tooManyAttempts (the reason says how long to wait), keyStore ...
    private(set) var error: UiError?

    var canSubmit: Bool { entered > 0 && !working && !unlocked }

    @ObservationIgnored private let vault: SenimVault
    @ObservationIgnored private var buffer = PasscodeBuffer()

    init(vault: SenimVault) {
        self.vault = vault
    }

    /// Reads whether the vault is unlocked and how many attempts failed.
    func refresh() async {
        let vault = self.vault
        do {
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
        guard !working else { return }
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
        entered = 0
        working = true
        error = nil
        defer { passcode.wipe() }
        do {
            try await vault.unlock(passcode: passcode)
            working = false
            unlocked = true
            failedAttempts = 0
        } catch {
            let failure = UiError(error)
            let vault = self.vault
            let failed = (try? await offMain { () throws -> Int in
                let summary = try vault.summary()
                return Int(summary.failedAttempts)
            })
                ?? failedAttempts + (failure.kind == .wrongPasscode ? 1 : 0)
            working = false
            self.error = failure
            failedAttempts = failed
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
    }
}

/// First run on this phone: a passcode typed twice, then the vault is created.
@MainActor
@Observable
final class CreateVaultModel {
    private(set) var entered = 0
    private(set) var confirmed = 0
    private(set) var working = false
    /// The two passcodes differ.
    private(set) var mismatch = false
    /// invalidInput (too short ...), keyStore (the Keychain failed) ...
    private(set) var error: UiError?

    var canSubmit: Bool { entered > 0 && confirmed > 0 && !working }

    @ObservationIgnored private var passcode = PasscodeBuffer()
    @ObservationIgnored private var confirmation = PasscodeBuffer()
    @ObservationIgnored private let create: @MainActor (Data) async throws -> Void

    init(create: @escaping @MainActor (Data) async throws -> Void) {
        self.create = create
    }

    func type(_ scalar: Unicode.Scalar) { change { $0.passcode.add(scalar) } }
    func erase() { change { $0.passcode.removeLast() } }
    func typeConfirmation(_ scalar: Unicode.Scalar) { change { $0.confirmation.add(scalar) } }
    func eraseConfirmation() { change { $0.confirmation.removeLast() } }

    func clear() {
        passcode.wipe()
        confirmation.wipe()
        entered = 0
        confirmed = 0
    }

    /// Creates the vault (the KDF is calibrated on this phone: a second or two).
    func submit() async {
        guard canSubmit else { return }
        guard passcode.same(as: confirmation) else {
            clear()
            mismatch = true
            return
        }
        var bytes = passcode.utf8()
        clear()
        working = true
        error = nil
        mismatch = false
        defer { bytes.wipe() }
        do {
            try await create(bytes)
        } catch {
            working = false
            self.error = UiError(error)
        }
    }

    private func change(_ edit: (CreateVaultModel) -> Void) {
        guard !working else { return }
        edit(self)
        entered = passcode.count
        confirmed = confirmation.count
        mismatch = false
        error = nil
    }
}
