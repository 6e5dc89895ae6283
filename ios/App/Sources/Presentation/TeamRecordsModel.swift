import Foundation
import Observation
import SenimCore

/// The filters of the team's records as the screen edits them (the Swift twin of the
/// Android `TeamRecordsForm`): the worker by device id, the kind, the level, the first
/// and last day as typed (`YYYY-MM-DD`, blank: open), open referrals only, conflicts
/// only. The core applies them.
struct TeamRecordsForm: Equatable {
    var worker: String?
    var kind: RecordKind?
    var level: RiskLevel?
    var from = ""
    var to = ""
    var openReferrals = false
    var conflicts = false

    var filter: TeamRecordFilter {
        func day(_ text: String) -> String? {
            let t = text.trimmingCharacters(in: .whitespaces)
            return t.isEmpty ? nil : t
        }
        return TeamRecordFilter(
            worker: worker, kind: kind, level: level, from: day(from), to: day(to),
            openReferrals: openReferrals, conflicts: conflicts
        )
    }
}

/// A lead's merged picture (the Swift twin of the Android `LeadViewModel`'s team
/// records): the first page under the filter and the members to filter by, the pages
/// after it, and one record opened with its conflicts and history. Lead-only calls: any
/// other device gets `membership`, shown as the error.
@MainActor
@Observable
final class TeamRecordsModel {
    static let page: UInt32 = 50

    var form = TeamRecordsForm()
    private(set) var records: [TeamRecord] = []
    /// How many records match in all; nil before the first page.
    private(set) var total: UInt64?
    private(set) var next: String?
    private(set) var damaged = 0
    /// The members, for the worker filter.
    private(set) var members: [MemberActivity] = []
    /// The record open, with its conflicts and history.
    private(set) var detail: TeamRecordDetail?
    private(set) var working = false
    private(set) var error: UiError?

    @ObservationIgnored private let vault: SenimVault
    @ObservationIgnored private let transport: SyncTransport

    init(vault: SenimVault, transport: SyncTransport) {
        self.vault = vault
        self.transport = transport
    }

    /// The first page under the form's filter, and the members; after a sync when `sync`.
    func load(sync: Bool = false) async {
        let (vault, transport, filter) = (self.vault, self.transport, form.filter)
        if sync {
            await perform { _ = try await vault.sync(transport: transport) } apply: { _, _ in }
            if error != nil { return }
        }
        await perform {
            try await offMain {
                (try vault.teamRecords(filter: filter, limit: Self.page, after: nil), try vault.memberActivity())
            }
        } apply: { model, result in
            let (page, members) = result
            model.records = page.records
            model.total = page.total
            model.next = page.next
            model.damaged = page.damaged.count
            model.members = members
        }
    }

    /// Changes the filter and loads the first page under it.
    func filter(_ edit: (inout TeamRecordsForm) -> Void) async {
        edit(&form)
        await load()
    }

    /// The next page, after those shown.
    func more() async {
        guard let after = next else { return }
        let (vault, filter) = (self.vault, form.filter)
        await perform {
            try await offMain { try vault.teamRecords(filter: filter, limit: Self.page, after: after) }
        } apply: { model, page in
            model.records += page.records
            model.total = page.total
            model.next = page.next
            model.damaged += page.damaged.count
        }
    }

    func open(id: String) async {
        let vault = self.vault
        await perform { try await offMain { try vault.teamRecord(id: id) } } apply: { $0.detail = $1 }
    }

    func close() { detail = nil }

    /// Runs a call and applies its result, or shows its failure.
    private func perform<T>(_ call: () async throws -> T, apply: (TeamRecordsModel, T) -> Void) async {
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
