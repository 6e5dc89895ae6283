import Foundation
import Observation
import SenimCore

/// A lead's screens, reached from the team screen: members, quarantine, policy,
/// erasure, report (the twin of the Android `LeadPage`).
enum LeadPage: CaseIterable, Hashable {
    case members, quarantine, policy, erase, report
}

/// The policy as a form: one text per field, days per kind of record (blank: not kept
/// for a set time, or no wipe). Saving replaces the team's policy whole (the twin of the
/// Android `PolicyForm`).
struct PolicyForm: Equatable {
    var retention: [RecordKind: String] = [:]
    var wipeAfterFailures = ""
    var wipeAfterDays = ""

    /// Every kind of record, in the core's order (Kotlin's `RecordKind.entries`; the
    /// generated Swift enum is not `CaseIterable`).
    static let kinds: [RecordKind] = [.subject, .note, .interview, .referral, .consent]

    /// The policy the form sets; `InvalidInput` naming the field that is not a number.
    func policy() throws -> PolicyView {
        func number(_ field: String, _ text: String) throws -> UInt32? {
            let t = text.trimmingCharacters(in: .whitespacesAndNewlines)
            if t.isEmpty { return nil }
            guard let n = UInt32(t) else { throw SenimError.InvalidInput(field: field, reason: "not a whole number") }
            return n
        }
        var rules: [RetentionRule] = []
        for kind in Self.kinds {
            if let days = try number("retention", retention[kind] ?? "") {
                rules.append(RetentionRule(kind: kind, days: days))
            }
        }
        let failures = try number("wipe after failures", wipeAfterFailures)
        let days = try number("wipe after days", wipeAfterDays)
        return PolicyView(retention: rules, wipeAfterFailedUnlocks: failures, wipeAfterDaysWithoutSync: days)
    }

    static func of(_ policy: PolicyView?) -> PolicyForm {
        var form = PolicyForm()
        for rule in policy?.retention ?? [] { form.retention[rule.kind] = String(rule.days) }
        form.wipeAfterFailures = policy?.wipeAfterFailedUnlocks.map { String($0) } ?? ""
        form.wipeAfterDays = policy?.wipeAfterDaysWithoutSync.map { String($0) } ?? ""
        return form
    }
}

/// The erasure of one subject: its id, then the count it removes, then the typed word
/// (the twin of the Android `ErasureForm`).
struct ErasureForm: Equatable {
    var subject = ""
    /// Records the erasure removes (after a sync), once checked: the confirmation shows it.
    var count: UInt64?
    /// What is typed in the confirmation field.
    var typed = ""
    /// Done: what the order removed.
    var done: ErasureView?

    var canCheck: Bool { !subject.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty && count == nil }
    var confirmed: Bool { count != nil && LeadModel.erasureConfirmed(typed) }
}

/// A lead's screens (the Swift twin of the Android `LeadViewModel`): the members and
/// when each was last heard from (revoke, confirmed first), the quarantine (purged,
/// confirmed first), the team's policy (read and set), the erasure of a subject (the
/// count shown, then a typed word), and the anonymised report. Each action syncs where
/// the core needs the team's latest state. The core refuses the lead-only calls on
/// another device (`Membership`), which shows as any other failure.
@MainActor
@Observable
final class LeadModel {
    /// Typed to confirm an erasure; any case (as the panic wipe's word, never translated).
    /// Nonisolated: `ErasureForm.confirmed`, off the main actor, asks it too.
    nonisolated static let eraseWord = "ERASE"

    nonisolated static func erasureConfirmed(_ typed: String) -> Bool {
        typed.trimmingCharacters(in: .whitespacesAndNewlines).caseInsensitiveCompare(eraseWord) == .orderedSame
    }

    private(set) var members: [MemberActivity] = []
    /// A revocation asked for, waiting for its confirmation: the device id (Kotlin's
    /// `confirmRevoke`; named apart here from the method that confirms it).
    private(set) var confirmingRevoke: String?
    private(set) var quarantine: [QuarantinedEnvelope] = []
    /// Done: what the purge of the quarantine removed.
    private(set) var purged: ErasureView?
    /// The policy as of the last sync (none set: nil) and the form that edits it.
    private(set) var policy: PolicyView?
    private(set) var policyForm = PolicyForm()
    /// The order number of the policy just set.
    private(set) var policySet: UInt64?
    private(set) var erasure = ErasureForm()
    /// The people an erasure may name, with their counts.
    private(set) var people: [ErasureSubject] = []
    private(set) var report: ReportView?
    private(set) var working = false
    private(set) var error: UiError?

    @ObservationIgnored private let vault: SenimVault
    @ObservationIgnored private let transport: SyncTransport

    init(vault: SenimVault, transport: SyncTransport) {
        self.vault = vault
        self.transport = transport
    }

    /// The member whose revocation waits for its confirmation.
    var revoking: MemberActivity? {
        confirmingRevoke.flatMap { d in members.first { $0.device == d } }
    }

    /// The members as this device knows them now.
    func refreshMembers() async {
        let vault = self.vault
        await perform { try await offMain { try vault.memberActivity() } } apply: { $0.members = $1 }
    }

    /// Syncs first (what members sent since reaches this device), then the members.
    func syncMembers() async {
        let vault = self.vault
        let transport = self.transport
        await perform { () async throws -> [MemberActivity] in
            _ = try await vault.sync(transport: transport)
            return try await offMain { try vault.memberActivity() }
        } apply: { $0.members = $1 }
    }

    func askRevoke(_ device: String) {
        confirmingRevoke = device
        error = nil
    }

    func cancelRevoke() {
        confirmingRevoke = nil
    }

    /// Revokes the device whose revocation was asked for; nil when none was. The device
    /// is taken at once, before the revocation runs (the Kotlin one returns its `Job`):
    /// the alert that confirmed it, dismissed after its button, cancels nothing.
    @discardableResult
    func confirmRevoke() -> Task<Void, Never>? {
        guard let device = confirmingRevoke else { return nil }
        confirmingRevoke = nil
        return Task { await self.revoke(device) }
    }

    private func revoke(_ device: String) async {
        let vault = self.vault
        let transport = self.transport
        await perform { () async throws -> [MemberActivity] in
            try await vault.revoke(device: device, transport: transport)
            return try await offMain { try vault.memberActivity() }
        } apply: { $0.members = $1 }
    }

    func refreshQuarantine() async {
        let vault = self.vault
        await perform { try await offMain { try vault.quarantine() } } apply: { model, q in
            model.quarantine = q
            model.purged = nil
        }
    }

    /// Lead: purges every quarantined envelope from the team (the core syncs first).
    func purgeQuarantine() async {
        let vault = self.vault
        let transport = self.transport
        await perform { () async throws -> (ErasureView, [QuarantinedEnvelope]) in
            let done = try await vault.purgeQuarantine(transport: transport)
            return (done, try await offMain { try vault.quarantine() })
        } apply: { model, result in
            model.purged = result.0
            model.quarantine = result.1
        }
    }

    func refreshPolicy() async {
        let vault = self.vault
        await perform { try await offMain { try vault.policy() } } apply: { model, p in
            model.policy = p
            model.policyForm = PolicyForm.of(p)
            model.policySet = nil
        }
    }

    func editPolicy(_ edit: (inout PolicyForm) -> Void) {
        edit(&policyForm)
        error = nil
        policySet = nil
    }

    /// Replaces the team's policy with the form's; a field that is not a whole number
    /// is shown as the failure, and nothing is sent.
    func savePolicy() async {
        let policy: PolicyView
        do {
            policy = try policyForm.policy()
        } catch {
            self.error = UiError(error)
            return
        }
        let vault = self.vault
        let transport = self.transport
        await perform { () async throws -> (UInt64, PolicyView?) in
            let order = try await vault.setPolicy(policy: policy, transport: transport)
            return (order, try await offMain { try vault.policy() })
        } apply: { model, result in
            model.policySet = result.0
            model.policy = result.1
            model.policyForm = PolicyForm.of(result.1)
        }
    }

    /// A new subject id: the count and the typed word start again.
    func setErasureSubject(_ id: String) {
        erasure = ErasureForm(subject: id)
        error = nil
    }

    /// Syncs, then counts what the erasure removes: the confirmation shows it.
    func checkErasure() async {
        guard erasure.canCheck else { return }
        let subject = erasure.subject.trimmingCharacters(in: .whitespacesAndNewlines)
        let vault = self.vault
        let transport = self.transport
        await perform { () async throws -> UInt64 in
            _ = try await vault.sync(transport: transport)
            return try await offMain { try vault.erasureCount(subject: subject) }
        } apply: { $0.erasure.count = $1 }
    }

    func typeErasure(_ text: String) {
        erasure.typed = text
    }

    func cancelErasure() {
        erasure = ErasureForm()
    }

    /// Erases, once the word is typed; anything else does nothing. The list of people
    /// is read again: the person erased is gone from it.
    func erase() async {
        guard erasure.confirmed else { return }
        let subject = erasure.subject.trimmingCharacters(in: .whitespacesAndNewlines)
        let vault = self.vault
        let transport = self.transport
        await perform { () async throws -> (ErasureView, [ErasureSubject]) in
            let done = try await vault.eraseSubject(subject: subject, transport: transport)
            return (done, try await offMain { try vault.erasureSubjects() })
        } apply: { model, result in
            model.erasure = ErasureForm(done: result.0)
            model.people = result.1
        }
    }

    /// The people this device holds, for the erasure to pick from; after a sync with
    /// the hub when `sync`.
    func refreshSubjects(sync: Bool = false) async {
        let vault = self.vault
        let transport = self.transport
        await perform { () async throws -> [ErasureSubject] in
            if sync { _ = try await vault.sync(transport: transport) }
            return try await offMain { try vault.erasureSubjects() }
        } apply: { $0.people = $1 }
    }

    /// Picks a person from the list: their id, then syncs and counts as
    /// `checkErasure` does.
    func pickSubject(_ id: String) async {
        setErasureSubject(id)
        await checkErasure()
    }

    /// The report over every record this device holds (a lead's: the team's), in `language`.
    func loadReport(language: String, threshold: UInt32 = reportDefaultThreshold()) async {
        let vault = self.vault
        await perform {
            try await vault.report(from: nil, to: nil, threshold: threshold, language: language)
        } apply: { $0.report = $1 }
    }

    /// Runs a call and applies its result, or shows its failure.
    private func perform<T>(_ call: () async throws -> T, apply: (LeadModel, T) -> Void) async {
        working = true
        error = nil
        do {
            let result = try await call()
            apply(self, result)
        } catch {
            self.error = UiError(error)
        }
        working = false
    }
}
