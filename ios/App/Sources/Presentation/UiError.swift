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
