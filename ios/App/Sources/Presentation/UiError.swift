import Foundation
import SenimCore

/// A failure as a screen shows it: the API's kind (to choose the message and what to
/// offer) and its reason (the core's text, which never holds personal data). The Swift
/// twin of the Android presentation layer's `UiError`.
struct UiError: Equatable, Sendable {
    let kind: ErrorKind
    let reason: String

    /// The vault locked underneath the screen: go to the unlock screen.
    var needsUnlock: Bool { kind == .locked }

    /// Trying again later may work (no connection, a busy hub, a pause after wrong passcodes).
    var retryable: Bool { kind == .unreachable || kind == .hubRefused || kind == .tooManyAttempts }

    /// Demo and real met: a demo vault and a real team or hub, or the other way round (or
    /// a demo-only step on a real vault). Trying again never helps: nothing was mixed.
    var demoMismatch: Bool { kind == .demo }

    /// What the failure means for the worker, then the core's reason (never personal data).
    var message: String { "\(Self.meaning(kind)) (\(reason))" }

    /// One sentence per kind; exhaustive, so a new kind in the API fails the build here.
    static func meaning(_ kind: ErrorKind) -> String {
        switch kind {
        case .wrongPasscode: "Wrong passcode."
        case .tooManyAttempts: "Too many wrong passcodes: wait before trying again."
        case .locked: "The vault is locked."
        case .noVault: "There is no vault on this phone."
        case .vaultExists: "A vault already exists on this phone."
        case .damaged: "Some data was altered or damaged."
        case .notFound: "Not found."
        case .invalidInput: "Please check what you entered."
        case .content: "The screening content is missing or invalid."
        case .consent: "The person's consent does not cover this."
        case .interview: "The interview cannot do this now."
        case .membership: "Team membership problem."
        case .envelope: "The hub sent data that was refused (altered or forged)."
        case .`protocol`: "The hub answered something unexpected."
        case .unreachable: "The hub could not be reached. Nothing is lost: sync again later."
        case .hubRefused: "The hub refused the request."
        case .keyStore: "This phone's key store failed."
        case .storage: "The phone's storage failed."
        case .wiped:
            "This phone's vault was wiped, as the team's policy requires (too many wrong passcodes, "
                + "or too long without a sync). Set the phone up again with your team lead."
        case .demo:
            "Demo and real data never mix: a demo vault works only with demo teams and a demo hub, "
                + "a real vault only with real ones. Nothing was mixed or changed."
        case .`internal`: "Something went wrong."
        }
    }

    /// The API's failures keep their kind; anything else (a bug in the app) is internal.
    init(_ error: any Error) {
        if let e = error as? SenimError, case let .Failed(kind, reason) = e {
            self.kind = kind
            self.reason = reason
        } else {
            kind = .internal
            reason = String(describing: type(of: error))
        }
    }

    init(kind: ErrorKind, reason: String) {
        self.kind = kind
        self.reason = reason
    }
}

/// Runs a blocking call of the core (it waits for the vault's lock, or runs the KDF) off
/// the main actor, like the Android view models' `io` dispatcher.
func offMain<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
    try await Task.detached(priority: .userInitiated) { try work() }.value
}

/// A passcode being typed: Unicode scalars in a buffer that is zeroed when it is wiped,
/// never a String held by a view.
struct PasscodeBuffer {
    private var scalars = [UInt32](repeating: 0, count: 256)
    private(set) var count = 0

    mutating func add(_ scalar: Unicode.Scalar) {
        if count == scalars.count {
            scalars.append(contentsOf: [UInt32](repeating: 0, count: scalars.count))
        }
        scalars[count] = scalar.value
        count += 1
    }

    mutating func removeLast() {
        guard count > 0 else { return }
        count -= 1
        scalars[count] = 0
    }

    mutating func wipe() {
        for i in scalars.indices { scalars[i] = 0 }
        count = 0
    }

    /// Constant-time comparison of two passcodes.
    func same(as other: PasscodeBuffer) -> Bool {
        guard count == other.count else { return false }
        var diff: UInt32 = 0
        for i in 0..<count { diff |= scalars[i] ^ other.scalars[i] }
        return diff == 0
    }

    /// The passcode as UTF-8 for the core; the caller zeroes it after use.
    func utf8() -> Data {
        var data = Data(capacity: count * 4)
        for i in 0..<count {
            guard let scalar = Unicode.Scalar(scalars[i]) else { continue }
            for unit in UTF8.encode(scalar)! { data.append(unit) }
        }
        return data
    }
}

extension Data {
    /// Overwrites the bytes with zeros.
    mutating func wipe() {
        resetBytes(in: startIndex..<endIndex)
    }
}
