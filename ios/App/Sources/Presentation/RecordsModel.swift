import Foundation
import Observation
import SenimCore

/// The records screen: every record newest first, or the notes matching a search (the
/// Swift twin of the Android `RecordsViewModel`).
@MainActor
@Observable
final class RecordsModel {
    private(set) var query = ""
    private(set) var records: [RecordView] = []
    /// Where the next page starts; none when everything is shown.
    private(set) var next: String?
    /// Records that failed to decrypt (altered or damaged): say so, never hide it.
    private(set) var damaged = 0
    private(set) var loading = false
    /// invalidInput for a query without a word, locked when the vault locked underneath.
    private(set) var error: UiError?

    var searching: Bool { !query.trimmingCharacters(in: .whitespaces).isEmpty }
    var canLoadMore: Bool { next != nil && !loading }

    @ObservationIgnored private let vault: SenimVault
    @ObservationIgnored private let pageSize: UInt32
    /// How long typing must pause before the search runs.
    @ObservationIgnored private let debounce: Duration
    @ObservationIgnored private var loadingTask: Task<Void, Never>?

    init(vault: SenimVault, pageSize: UInt32 = 50, debounce: Duration = .milliseconds(300)) {
        self.vault = vault
        self.pageSize = pageSize
        self.debounce = debounce
    }

    /// Loads the first page again (after an edit, a sync, an unlock).
    func refresh() { load(query: query, after: nil, wait: nil) }

    /// The search field changed: search once typing pauses; an empty field lists everything.
    func queryChanged(_ text: String) {
        query = text
        load(query: text, after: nil, wait: debounce)
    }

    /// The list reached its end: append the next page.
    func loadMore() {
        guard canLoadMore else { return }
        load(query: query, after: next, wait: nil)
    }

    func cancel() { loadingTask?.cancel() }

    private func load(query: String, after: String?, wait: Duration?) {
        // A newer request replaces any older one still waiting or running.
        loadingTask?.cancel()
        let vault = self.vault
        let limit = pageSize
        loadingTask = Task {
            if let wait {
                try? await Task.sleep(for: wait)
                if Task.isCancelled { return }
            }
            loading = true
            error = nil
            do {
                let text = query.trimmingCharacters(in: .whitespaces)
                let page = try await offMain { () throws -> RecordPageView in
                    if text.isEmpty {
                        return try vault.records(kind: nil, includeDeleted: false, limit: limit, after: after)
                    }
                    return try vault.search(text: text, limit: limit, after: after)
                }
                if Task.isCancelled { return }
                records = after == nil ? page.records : records + page.records
                next = page.next
                damaged = after == nil ? page.damaged.count : damaged + page.damaged.count
                loading = false
            } catch {
                if Task.isCancelled { return }
                loading = false
                self.error = UiError(error)
                if after == nil {
                    records = []
                    next = nil
                }
            }
        }
    }
}
