import Foundation
import SenimCore

/// A failure as a screen shows it: the API's typed error, whose case decides what to say
/// and what to offer (unlock again, sync again, correct a field, wait), and whose
/// associated values fill the sentence (failed attempts, seconds to wait, the hub's
/// status and code, the field, the consent scope). The Swift twin of the Android
/// presentation layer's `UiError`.
///
/// `message` is one worker-facing sentence per case, built from its values only. The
/// core's `reason` (a developer's line for logs, which never holds personal data) is
/// never shown: a screen that showed it after the meaning would say the same thing twice.
struct UiError: Equatable, Sendable {
    let failure: SenimError

    /// The API's failures keep their case; anything else (a bug in the app) is
    /// `.Internal`, named by its type.
    init(_ error: any Error) {
        if let e = error as? SenimError {
            failure = e
        } else {
            failure = .Internal(reason: String(describing: type(of: error)))
        }
    }

    /// The vault locked underneath the screen: go to the unlock screen.
    var needsUnlock: Bool {
        if case .Locked = failure { return true }
        return false
    }

    /// Trying again later may work: no connection, a hub that is busy, failing or took
    /// another change first, a pause after wrong passcodes.
    var retryable: Bool {
        switch failure {
        case .Unreachable, .TooManyAttempts, .Interrupted:
            return true
        case let .HubRefused(status, code, _):
            return status >= 500 || Self.retryCodes.contains(code)
        default:
            return false
        }
    }

    /// Demo and real met: a demo vault and a real team or hub, or the other way round (or
    /// a demo-only step on a real vault). Trying again never helps: nothing was mixed.
    var demoMismatch: Bool {
        switch failure {
        case .Demo: return true
        case let .HubRefused(_, code, _): return code == HubCode.demoMismatch
        default: return false
        }
    }

    /// This phone is not (or no longer) a member who may do this: the team screen helps.
    var teamProblem: Bool {
        switch failure {
        case .Membership: return true
        case let .HubRefused(_, code, _): return code == HubCode.forbidden
        default: return false
        }
    }

    /// The one sentence the worker reads, in English.
    var message: String { Self.messageOf(failure) }

    /// The same sentence as the catalog's key and variables (`app-error-…` in
    /// core/l10n), which the views say in the app's language: the Swift twin of the
    /// Android `UiError.sentence`, where a test holds the English catalog to `message`.
    var sentence: Sentence { Self.sentenceOf(failure) }

    /// The hub's stable error codes the apps treat apart (docs/hub.md).
    enum HubCode {
        static let unauthenticated = "unauthenticated"
        static let forbidden = "forbidden"
        static let demoMismatch = "demo_mismatch"
        static let notFound = "not_found"
        static let conflict = "conflict"
        static let tooLarge = "too_large"
        static let rateLimited = "rate_limited"
        static let envelopeRejected = "envelope_rejected"
        static let membershipRejected = "membership_rejected"
        static let orderRejected = "order_rejected"
        static let busy = "busy"
    }

    private static let retryCodes: Set<String> = [HubCode.conflict, HubCode.rateLimited, HubCode.busy]

    private static let demoMix =
        "Demo and real data never mix: a demo vault works only with demo teams and a demo hub, "
        + "a real vault only with real ones. Nothing was mixed or changed."

    /// "0:42", "5:00", "1:00:00": a wait as the unlock screen counts it down.
    static func clockText(_ seconds: Int) -> String {
        let s = max(seconds, 0)
        let h = s / 3600
        let m = (s % 3600) / 60
        let sec = s % 60
        let ss = sec < 10 ? "0\(sec)" : "\(sec)"
        if h > 0 {
            let mm = m < 10 ? "0\(m)" : "\(m)"
            return "\(h):\(mm):\(ss)"
        }
        return "\(m):\(ss)"
    }

    /// The pause after wrong passcodes, with `seconds` still to wait.
    static func waitMessage(_ seconds: Int) -> String {
        "Too many wrong passcodes. Try again in \(clockText(seconds))."
    }

    /// What the worker is asked to check, by the core's field name; nil for a field the
    /// worker never types.
    static func fieldLabel(_ field: String) -> String? {
        switch field {
        case "text": return "the note's text"
        case "place": return "the place"
        case "tags": return "the tags"
        case "location": return "the location"
        case "subject": return "the person the note is about"
        case "passcode": return "the passcode"
        case "duress passcode": return "the duress passcode"
        case "search": return "the search words"
        case "answer": return "the answer"
        case "language": return "the language"
        case "welcome code": return "the welcome code"
        case "join request": return "the join request"
        case "call sign": return "the name"
        case "team name": return "the team name"
        case "hub address": return "the hub address"
        case "scopes": return "the consent"
        case "from": return "the first day"
        case "to": return "the last day"
        case "worker": return "the worker"
        default: return nil
        }
    }

    private static func scopeName(_ scope: ConsentScope) -> String {
        switch scope {
        case .screening: return "screening"
        case .referral: return "referral"
        case .sharing: return "sharing"
        }
    }

    private static func contentName(_ what: String) -> String {
        switch what {
        case "form", "rule set", "services directory": return "The \(what)"
        default: return "The screening content"
        }
    }

    private static func attempts(_ n: UInt32) -> String {
        n == 1 ? "1 failed attempt" : "\(n) failed attempts"
    }

    private static func hubMessage(status: UInt16, code: String) -> String {
        switch code {
        case HubCode.unauthenticated:
            return "The hub did not recognise this phone. Check the phone's date and time, then sync again."
        case HubCode.forbidden:
            return "The hub refused: this phone is no longer in the team, or only a lead may do this."
        case HubCode.demoMismatch: return demoMix
        case HubCode.notFound: return "The hub does not know this team. Ask your team lead."
        case HubCode.conflict: return "Another change reached the hub first. Sync again."
        case HubCode.tooLarge: return "The hub refused something too large to send."
        case HubCode.rateLimited, HubCode.busy: return "The hub is busy. Wait a minute, then sync again."
        case HubCode.envelopeRejected:
            return "The hub refused some of this phone's changes as altered or out of place. Ask your team lead."
        case HubCode.membershipRejected: return "The hub refused the change to the team's members."
        case HubCode.orderRejected: return "The hub refused the team order."
        default:
            return status >= 500
                ? "The hub failed (HTTP \(status)). Nothing is lost: sync again later."
                : "The hub refused the request (HTTP \(status))."
        }
    }

    /// What is wrong with a refused new passcode, and what to do instead.
    static func passcodeProblemText(_ problem: PasscodeProblem) -> String {
        switch problem {
        case .tooShort: return "The passcode is too short: use at least 6 characters."
        case .common: return "This passcode is one of the most common ones: choose one nobody would guess."
        case .repeatedCharacter: return "The passcode repeats one character: choose one that is harder to guess."
        case .sequence: return "The passcode is a run like 123456 or abcdef: choose one that is harder to guess."
        case .repeatedGroup: return "The passcode repeats a short group like 1212: choose one that is harder to guess."
        case .tooWeak: return "The passcode is too easy to guess: make it longer, for example with another word."
        }
    }

    /// Why an answer does not fit its question, in English, from the core's catalog key
    /// (`common-answer-…`) and values: the twin of the Android `answerProblemText`.
    static func answerProblemText(_ key: String, _ values: [String: String]) -> String {
        let min = values["min"] ?? ""
        let max = values["max"] ?? ""
        switch key {
        case "common-answer-wrong-type":
            let expected: String
            switch values["expected"] {
            case "yes_no": expected = "yes, no, unknown or declined"
            case "single_choice": expected = "one of its options"
            case "multiple_choice": expected = "some of its options"
            case "integer": expected = "a whole number"
            case "date": expected = "a date"
            case "country": expected = "a country code"
            default: expected = "a text"
            }
            return "the question expects \(expected)"
        case "common-answer-not-yes-no": return "expected yes, no, unknown or declined"
        case "common-answer-not-whole-number": return "expected a whole number"
        case "common-answer-not-date": return "expected a date as YYYY-MM-DD"
        case "common-answer-not-country-code": return "expected an ISO 3166-1 alpha-2 code such as KZ"
        case "common-answer-unknown-option": return "not one of the question's options"
        case "common-answer-no-option": return "pick at least one option"
        case "common-answer-empty": return "must not be empty"
        case "common-answer-length": return "length must be between \(min) and \(max) characters"
        case "common-answer-length-at-least": return "length must be at least \(min) characters"
        case "common-answer-out-of-range": return "must be between \(min) and \(max)"
        case "common-answer-at-most": return "must be at most \(max)"
        case "common-answer-at-least": return "must be at least \(min)"
        case "common-answer-date-out-of-range": return "date is outside the allowed range"
        default: return "it is not what the question takes"
        }
    }

    /// The pause after wrong passcodes as a sentence of the catalog.
    static func waitSentence(_ seconds: Int) -> Sentence {
        Sentence("app-error-wait", ["time": .text(clockText(seconds))])
    }

    /// What to check, for a field the core refused (`InvalidInput.field`).
    static func fieldSentence(_ field: String) -> Sentence {
        guard fieldLabel(field) != nil else { return Sentence("app-error-check-input") }
        let key = "app-error-field-" + field.replacingOccurrences(of: " ", with: "-")
        return Sentence("app-error-check-field", ["field": .sentence(Sentence(key))])
    }

    private static func contentKind(_ what: String) -> String {
        switch what {
        case "form": return "form"
        case "rule set": return "rules"
        case "services directory": return "services"
        default: return "other"
        }
    }

    private static func passcodeProblemKey(_ problem: PasscodeProblem) -> String {
        switch problem {
        case .tooShort: return "app-error-passcode-too-short"
        case .common: return "app-error-passcode-common"
        case .repeatedCharacter: return "app-error-passcode-repeated-character"
        case .sequence: return "app-error-passcode-sequence"
        case .repeatedGroup: return "app-error-passcode-repeated-group"
        case .tooWeak: return "app-error-passcode-too-weak"
        }
    }

    private static func hubSentence(status: UInt16, code: String) -> Sentence {
        switch code {
        case HubCode.unauthenticated: return Sentence("app-error-hub-unauthenticated")
        case HubCode.forbidden: return Sentence("app-error-hub-forbidden")
        case HubCode.demoMismatch: return Sentence("app-error-demo")
        case HubCode.notFound: return Sentence("app-error-hub-not-found")
        case HubCode.conflict: return Sentence("app-error-hub-conflict")
        case HubCode.tooLarge: return Sentence("app-error-hub-too-large")
        case HubCode.rateLimited, HubCode.busy: return Sentence("app-error-hub-busy")
        case HubCode.envelopeRejected: return Sentence("app-error-hub-envelope-rejected")
        case HubCode.membershipRejected: return Sentence("app-error-hub-membership-rejected")
        case HubCode.orderRejected: return Sentence("app-error-hub-order-rejected")
        default:
            return Sentence(status >= 500 ? "app-error-hub-failed" : "app-error-hub-refused", ["status": .number(Double(status))])
        }
    }

    /// `messageOf` as the catalog's key and variables; exhaustive like it.
    static func sentenceOf(_ failure: SenimError) -> Sentence {
        switch failure {
        case let .WrongPasscode(failedAttempts):
            return Sentence("app-error-wrong-passcode", ["count": .number(Double(failedAttempts))])
        case let .TooManyAttempts(retryAfterSeconds): return waitSentence(Int(clamping: retryAfterSeconds))
        case .Locked: return Sentence("app-error-locked")
        case .NoVault: return Sentence("app-error-no-vault")
        case .VaultExists: return Sentence("app-error-vault-exists")
        case .Wiped: return Sentence("app-error-wiped")
        case .Damaged: return Sentence("app-error-damaged")
        case .UnsupportedFormat: return Sentence("app-error-unsupported-format")
        case .NotFound: return Sentence("app-error-not-found")
        case let .InvalidInput(field, _): return fieldSentence(field)
        case let .InvalidAnswer(key, values, _):
            // The core names the problem's own message (`common-answer-…`) and its values.
            return Sentence("app-error-invalid-answer", ["reason": .sentence(Sentence(key, values.mapValues { Sentence.Arg.text($0) }))])
        case let .WeakPasscode(problem): return Sentence(passcodeProblemKey(problem))
        case let .Content(what, problem, _):
            let key: String
            switch problem {
            case .missing: key = "app-error-content-missing"
            case .invalid: key = "app-error-content-invalid"
            case .changed: key = "app-error-content-changed"
            }
            return Sentence(key, ["what": .text(contentKind(what))])
        case let .ConsentRequired(scope): return Sentence("app-error-consent-required", ["scope": .text(scopeName(scope))])
        case .ConsentWithdrawn: return Sentence("app-error-consent-withdrawn")
        case .Interview: return Sentence("app-error-interview")
        case .Membership: return Sentence("app-error-membership")
        case .Envelope: return Sentence("app-error-envelope")
        case .ProtocolViolation: return Sentence("app-error-protocol")
        case .Unreachable: return Sentence("app-error-unreachable")
        case let .HubRefused(status, code, _): return hubSentence(status: status, code: code)
        case .KeyStore: return Sentence("app-error-key-store")
        case .DeviceSecretMissing: return Sentence("app-error-device-secret")
        case .Demo: return Sentence("app-error-demo")
        case .Storage: return Sentence("app-error-storage")
        case let .WipeIncomplete(keysDestroyed, _):
            return Sentence(keysDestroyed ? "app-error-wipe-keys-gone" : "app-error-wipe-incomplete")
        case .Interrupted: return Sentence("app-error-interrupted")
        case .Internal: return Sentence("app-error-internal")
        }
    }

    /// One sentence per case, from its values; exhaustive, so a new case in the API fails
    /// the build here until it has one.
    static func messageOf(_ failure: SenimError) -> String {
        switch failure {
        case let .WrongPasscode(failedAttempts):
            return "Wrong passcode. \(attempts(failedAttempts)) since the last unlock."
        case let .TooManyAttempts(retryAfterSeconds):
            return waitMessage(Int(clamping: retryAfterSeconds))
        case .Locked: return "The vault is locked."
        case .NoVault: return "There is no vault on this phone."
        case .VaultExists: return "A vault already exists on this phone."
        case .Wiped:
            return "This phone's vault was wiped, as the team's policy requires (too many wrong passcodes, "
                + "or too long without a sync). Set the phone up again with your team lead."
        case .Damaged: return "Some data on this phone was altered or damaged."
        case .UnsupportedFormat:
            return "This vault was made by a newer version of Senim. Update the app to open it."
        case .NotFound: return "Not found: it may have been removed."
        case let .InvalidInput(field, _):
            if let label = fieldLabel(field) { return "Please check \(label)." }
            return "Please check what you entered."
        case let .InvalidAnswer(key, values, _):
            return "This answer does not fit the question: \(answerProblemText(key, values))."
        case let .WeakPasscode(problem): return passcodeProblemText(problem)
        case let .Content(what, problem, _):
            switch problem {
            case .missing: return "\(contentName(what)) is not in this version of the app."
            case .invalid: return "\(contentName(what)) in this app is invalid."
            case .changed: return "\(contentName(what)) differs from the one this interview was run with."
            }
        case let .ConsentRequired(scope):
            return "This needs the person's consent to \(scopeName(scope)), and none is recorded."
        case .ConsentWithdrawn: return "The person withdrew their consent: nothing more is recorded under it."
        case .Interview: return "The interview cannot do this now."
        case .Membership:
            return "This phone's place in the team does not allow this: it has not joined a team yet, or was removed from it."
        case .Envelope: return "The hub sent data that was refused (altered or forged)."
        case .ProtocolViolation: return "The hub answered something unexpected."
        case .Unreachable: return "The hub could not be reached. Nothing is lost: sync again later."
        case let .HubRefused(status, code, _): return hubMessage(status: status, code: code)
        case .KeyStore: return "This phone's key store failed."
        case .DeviceSecretMissing:
            return "This phone's key store no longer holds the vault's key, so the vault cannot be opened here. "
                + "Set the phone up again with your team lead."
        case .Demo: return demoMix
        case .Storage: return "The phone's storage failed."
        case let .WipeIncomplete(keysDestroyed, _):
            return keysDestroyed
                ? "The wipe did not finish, but the vault's keys are destroyed: nothing left on this phone "
                    + "can be read, even with the passcode. Try again to remove the remaining files."
                : "The wipe did not finish, and the data may still be readable. Try again now."
        case .Interrupted: return "Stopped before it finished. Nothing is lost: try again."
        case .Internal: return "Something went wrong."
        }
    }
}

/// A sentence of the worker's words catalog (core/l10n, `app.ftl`): its key and
/// variables, for the view to say in the app's language (`Words.say`). The Swift twin of
/// the Android presentation layer's `Sentence`.
struct Sentence: Equatable, Sendable {
    indirect enum Arg: Equatable, Sendable {
        /// A number: it chooses the plural form.
        case number(Double)
        case text(String)
        /// Another sentence, said first.
        case sentence(Sentence)
    }

    let key: String
    let args: [String: Arg]

    init(_ key: String, _ args: [String: Arg] = [:]) {
        self.key = key
        self.args = args
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
