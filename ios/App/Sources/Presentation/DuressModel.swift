import Foundation
import Observation
import SenimCore

/// Why the form refused a duress passcode before asking the core (the Swift twin of the
/// Android `DuressProblem`).
enum DuressProblem: Equatable, Sendable {
    case tooShort
    case mismatch
    case sameAsPasscode

    var message: String {
        switch self {
        case .tooShort: "The duress passcode needs at least \(CreateVaultModel.minPasscodeChars) characters: enter it again."
        case .mismatch: "The two duress passcodes differ: enter them again."
        case .sameAsPasscode: "The duress passcode must differ from your passcode: choose another one."
        }
    }
}

/// Setting the duress passcode, from the settings of an unlocked real vault (the Swift
/// twin of the Android `DuressViewModel`): the current passcode, the duress passcode
/// twice, and what a duress unlock does to the real vault. The three are held in wiped
/// buffers, never in the observable state (only their lengths). Not offered for a demo
/// vault (its passcode is public).
@MainActor
@Observable
final class DuressModel {
    /// The choices, in the order the screen lists them.
    static let choices: [DuressChoice] = [.destroy, .hide]

    /// One line per choice, for the screen.
    static func explanation(_ mode: DuressChoice) -> String {
        switch mode {
        case .destroy:
            "Destroy: the duress passcode opens a harmless decoy and destroys your records' keys on this phone for good. Not even your passcode brings them back; what was synced stays with the team."
        case .hide:
            "Hide: the duress passcode opens a harmless decoy and leaves your records hidden; your passcode opens them again later."
        }
    }

    static func title(_ mode: DuressChoice) -> String {
        switch mode {
        case .destroy: "Destroy the real records"
        case .hide: "Hide the real records"
        }
    }

    /// A real vault: the form is offered. Never for a demo vault.
    private(set) var offered = false
    private(set) var current = 0
    private(set) var duress = 0
    private(set) var confirmed = 0
    /// What a duress unlock does; the worker chooses, there is no default.
    private(set) var mode: DuressChoice?
    private(set) var working = false
    /// The duress passcode is set, with this mode (the fields are empty again).
    private(set) var done: DuressChoice?
    /// Refused by the form, before any KDF.
    private(set) var problem: DuressProblem?
    /// wrongPasscode (the current passcode), locked, invalidInput ...
    private(set) var error: UiError?

    var canSubmit: Bool { offered && current > 0 && duress > 0 && confirmed > 0 && mode != nil && !working }

    @ObservationIgnored private let vault: SenimVault
    @ObservationIgnored private var currentBuffer = PasscodeBuffer()
    @ObservationIgnored private var duressBuffer = PasscodeBuffer()
    @ObservationIgnored private var confirmationBuffer = PasscodeBuffer()

    init(vault: SenimVault) {
        self.vault = vault
    }

    /// Reads whether the vault is a demo (the form is offered only for a real one).
    func refresh() async {
        let vault = self.vault
        do {
            offered = !(try await offMain { vault.isDemo() })
        } catch {
            self.error = UiError(error)
        }
    }

    func typeCurrent(_ scalar: Unicode.Scalar) { change { $0.currentBuffer.add(scalar) } }
    func eraseCurrent() { change { $0.currentBuffer.removeLast() } }
    func typeDuress(_ scalar: Unicode.Scalar) { change { $0.duressBuffer.add(scalar) } }
    func eraseDuress() { change { $0.duressBuffer.removeLast() } }
    func typeConfirmation(_ scalar: Unicode.Scalar) { change { $0.confirmationBuffer.add(scalar) } }
    func eraseConfirmation() { change { $0.confirmationBuffer.removeLast() } }

    func choose(_ mode: DuressChoice) {
        guard !working else { return }
        self.mode = mode
        done = nil
        error = nil
    }

    /// Forgets what was typed (the app went to the background, or the screen closed).
    func clear() {
        currentBuffer.wipe()
        duressBuffer.wipe()
        confirmationBuffer.wipe()
        current = 0
        duress = 0
        confirmed = 0
    }

    /// Sets the duress passcode (a KDF run). A duress passcode too short, typed
    /// differently twice, or equal to the current passcode is refused here, before any
    /// KDF, and its two fields are emptied. Every field is wiped once the core has them.
    func submit() async {
        guard canSubmit, let mode else { return }
        let refused: DuressProblem? = if duressBuffer.count < CreateVaultModel.minPasscodeChars {
            .tooShort
        } else if !duressBuffer.same(as: confirmationBuffer) {
            .mismatch
        } else if duressBuffer.same(as: currentBuffer) {
            .sameAsPasscode
        } else {
            nil
        }
        if let refused {
            duressBuffer.wipe()
            confirmationBuffer.wipe()
            duress = 0
            confirmed = 0
            problem = refused
            error = nil
            return
        }
        var currentBytes = currentBuffer.utf8()
        var duressBytes = duressBuffer.utf8()
        clear()
        defer {
            currentBytes.wipe()
            duressBytes.wipe()
        }
        working = true
        problem = nil
        error = nil
        done = nil
        do {
            // Async in the core: the KDF runs on the core's own worker thread.
            try await vault.setDuressPasscode(current: currentBytes, duress: duressBytes, mode: mode)
            done = mode
        } catch {
            self.error = UiError(error)
        }
        working = false
    }

    private func change(_ edit: (DuressModel) -> Void) {
        guard !working else { return }
        edit(self)
        current = currentBuffer.count
        duress = duressBuffer.count
        confirmed = confirmationBuffer.count
        problem = nil
        error = nil
        done = nil
    }
}
