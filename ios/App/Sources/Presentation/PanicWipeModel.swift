import Foundation
import Observation
import SenimCore

/// What a finished wipe did, from the core's `WipeSummary` (the Swift twin of the
/// Android `WipeFacts`).
struct WipeFacts: Equatable, Sendable {
    /// Nothing left can be decrypted (always true for a wipe that returned).
    let keysDestroyed: Bool
    /// Vault files removed (the database, its log, the decoy ...).
    let filesRemoved: Int
    /// What happened to the device-bound secret in the Keychain.
    let deviceSecret: WipeDeviceSecret
    /// No vault file was found any more (wiped already): nothing to remove.
    var nothingFound = false

    /// The key store failed to delete the secret, or still holds it: harmless without the
    /// vault's files (the key material is destroyed too), but not gone.
    var secretLeft: Bool {
        switch deviceSecret {
        case .failed, .stillPresent: true
        default: false
        }
    }

    init(keysDestroyed: Bool, filesRemoved: Int, deviceSecret: WipeDeviceSecret, nothingFound: Bool = false) {
        self.keysDestroyed = keysDestroyed
        self.filesRemoved = filesRemoved
        self.deviceSecret = deviceSecret
        self.nothingFound = nothingFound
    }

    init(_ summary: WipeSummary) {
        self.init(keysDestroyed: summary.keysDestroyed, filesRemoved: summary.removed.count, deviceSecret: summary.deviceSecret)
    }

    /// The directory held no vault any more.
    static let nothingLeft = WipeFacts(keysDestroyed: true, filesRemoved: 0, deviceSecret: .unknown, nothingFound: true)
}

/// The panic wipe's steps (the Swift twin of the Android `PanicWipeState`): idle →
/// confirming → wiping → done (the app shows the first-run screen, saying nothing of the
/// wipe) or failed (try again, by the directory).
enum PanicWipeState: Equatable {
    /// Nothing asked: the screen it was started from shows.
    case idle
    /// The confirmation: what the worker typed so far (never a secret).
    case confirming(typed: String)
    /// Running: it waits for a call holding the vault (the app cuts a sync short first).
    case wiping
    /// The vault is gone.
    case done(WipeFacts)
    /// The wipe did not finish; `keysDestroyed`: the core says nothing left can be decrypted.
    case failed(UiError, keysDestroyed: Bool)
}

/// The panic wipe, from the unlock screen (no passcode needed) and the settings (the
/// Swift twin of the Android `PanicWipeViewModel`). One quick gate that cannot fire by
/// accident: the worker types `confirmationWord`.
@MainActor
@Observable
final class PanicWipeModel {
    /// Typed to confirm; any case.
    static let confirmationWord = "WIPE"

    static func matches(_ typed: String) -> Bool {
        typed.trimmingCharacters(in: .whitespacesAndNewlines).uppercased() == confirmationWord
    }

    /// Whether a failed wipe still left nothing decryptable: only the core's
    /// `WipeIncomplete` with `keysDestroyed` says so; no other failure ever does.
    static func keysDestroyed(_ error: UiError) -> Bool {
        if case let .WipeIncomplete(keysDestroyed, _) = error.failure { return keysDestroyed }
        return false
    }

    /// What the worker reads about a wipe that did not finish: for the core's
    /// `WipeIncomplete`, its own sentence (keys gone or maybe readable); for any other
    /// failure, that the data may still be readable, then what failed.
    static func failureSummary(_ error: UiError) -> String {
        if case .WipeIncomplete = error.failure { return error.message }
        return "The wipe did not finish, and the data may still be readable. Try again now. \(error.message)"
    }

    private(set) var state: PanicWipeState = .idle

    /// The word is typed: the wipe may start.
    var canConfirm: Bool {
        if case let .confirming(typed) = state { return Self.matches(typed) }
        return false
    }

    /// Shown over every screen while not idle.
    var active: Bool { state != .idle }

    /// Called once the vault is gone (the app shows the first-run screen).
    @ObservationIgnored var onDone: (@MainActor (WipeFacts) -> Void)?
    @ObservationIgnored private let wipeOpen: @MainActor () async throws -> WipeSummary
    @ObservationIgnored private let wipeByDirectory: @MainActor () async throws -> WipeSummary

    /// - Parameters:
    ///   - wipe: the open vault (`SenimVault.wipe`); `.NoVault` when it was wiped already.
    ///   - wipeAgain: by the vault's directory (`wipeVaultAt`); `.NoVault` when no vault file is left.
    init(
        wipe: @escaping @MainActor () async throws -> WipeSummary,
        wipeAgain: @escaping @MainActor () async throws -> WipeSummary
    ) {
        wipeOpen = wipe
        wipeByDirectory = wipeAgain
    }

    /// The worker chose the panic wipe: ask for the word. Nothing once a wipe ran.
    @discardableResult
    func start() -> Bool {
        guard state == .idle else { return false }
        state = .confirming(typed: "")
        return true
    }

    /// What is in the confirmation field.
    func type(_ text: String) {
        guard case .confirming = state else { return }
        state = .confirming(typed: text)
    }

    /// Back to where it was started from; only before the wipe starts.
    func cancel() {
        if case .confirming = state { state = .idle }
    }

    /// Wipes, once the word is typed; anything else does nothing.
    func confirm() async {
        guard canConfirm else { return }
        await run(first: true)
    }

    /// After a wipe that did not finish: again, by the vault's directory.
    func retry() async {
        guard case .failed = state else { return }
        await run(first: false)
    }

    private func run(first: Bool) async {
        state = .wiping
        do {
            let facts = try await wipe(first: first)
            state = .done(facts)
            onDone?(facts)
        } catch {
            let failure = UiError(error)
            state = .failed(failure, keysDestroyed: Self.keysDestroyed(failure))
        }
    }

    /// The open vault first; `.NoVault` there means it was wiped already (an earlier
    /// attempt): then by the directory, where `.NoVault` means no vault file is left.
    private func wipe(first: Bool) async throws -> WipeFacts {
        if first {
            do {
                return WipeFacts(try await wipeOpen())
            } catch SenimError.NoVault {
                // Wiped already: by the directory below.
            }
        }
        do {
            return WipeFacts(try await wipeByDirectory())
        } catch SenimError.NoVault {
            return .nothingLeft
        }
    }
}
