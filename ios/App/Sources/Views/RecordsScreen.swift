import SenimCore
import SwiftUI

/// Every record newest first, or the notes matching a search; new note, interview,
/// sync, team, and a menu with the settings (and for a demo vault the demo reset).
struct RecordsScreen: View {
    @Environment(\.words) private var words
    let session: Session
    @State private var detail: RecordView?

    private var model: RecordsModel { session.records }

    var body: some View {
        List {
            if model.loading { ProgressView().frame(maxWidth: .infinity) }
            if let error = model.error { ErrorText(error: error) }
            if model.damaged > 0 {
                Text(words.format("app-records-damaged", ["count": model.damaged]))
                    .font(.footnote).foregroundStyle(.red)
            }
            if model.records.isEmpty && !model.loading && model.error == nil {
                Text(model.searching ? words.text("app-records-no-match") : words.text("app-records-empty")).foregroundStyle(.secondary)
            }
            ForEach(model.records, id: \.id) { record in
                Button {
                    if record.kind == .note { session.go(.note(id: record.id)) } else { detail = record }
                } label: {
                    RecordRow(record: record)
                }
                .buttonStyle(.plain)
                .onAppear {
                    if record.id == model.records.last?.id { model.loadMore() }
                }
            }
        }
        .listStyle(.plain)
        .searchable(text: Binding(get: { model.query }, set: { model.queryChanged($0) }), prompt: words.text("app-records-search"))
        .navigationTitle(words.text("app-records-title"))
        .toolbar {
            ToolbarItemGroup(placement: .topBarTrailing) {
                Button(words.text("app-records-interview")) { session.go(.interview) }
                Button(words.text("app-menu-sync")) { session.go(.sync) }
                Button(words.text("app-menu-team")) { session.go(.team) }
                // The settings; for a demo vault only, the reset, confirmed first.
                Menu {
                    Button(words.text("app-menu-training")) { session.go(.training) }
                    Button(words.text("app-settings-title")) { session.go(.settings) }
                    if session.demo.offered {
                        Button(words.text("app-menu-reset-demo"), role: .destructive) { session.demo.ask() }
                    }
                } label: {
                    if session.demo.working { ProgressView() } else { Image(systemName: "ellipsis.circle") }
                }
                .accessibilityLabel(words.text("app-menu"))
                .disabled(session.demo.working)
            }
            ToolbarItem(placement: .bottomBar) {
                Button(words.text("app-records-new-note")) { session.go(.note(id: nil)) }.buttonStyle(.borderedProminent)
            }
        }
        .refreshable { model.refresh() }
        .sheet(item: Binding(get: { detail.map(DetailItem.init) }, set: { detail = $0?.record })) { item in
            RecordDetail(record: item.record)
        }
        // A demo vault only: the reset's confirmation, then what it put back (or why not).
        .alert(
            words.text("app-demo-reset-title"),
            isPresented: Binding(get: { session.demo.confirming }, set: { if !$0 { session.demo.cancel() } })
        ) {
            Button(words.text("app-demo-reset-confirm"), role: .destructive) { Task { await session.resetDemo() } }
            Button(words.text("app-cancel"), role: .cancel) { session.demo.cancel() }
        } message: {
            Text(words.text("app-demo-reset-explained"))
        }
        .alert(
            Text(session.demo.error == nil ? words.text("app-demo-reset-done") : words.text("app-demo-reset-failed")),
            isPresented: Binding(get: { session.demo.done != nil || session.demo.error != nil }, set: { if !$0 { session.demo.dismiss() } })
        ) {
            Button(words.text("app-ok")) { session.demo.dismiss() }
        } message: {
            if let done = session.demo.done {
                Text(words.format("app-demo-reset-records", ["records": done.records, "subjects": done.subjects, "notes": done.notes, "interviews": done.interviews, "referrals": done.referrals]) + " " + words.format("app-demo-reset-levels", ["none": done.levelNone, "monitor": done.levelMonitor, "possible": done.levelPossible, "likely": done.levelLikely]))
            } else if let error = session.demo.error {
                Text(words.say(error.sentence))
            }
        }
    }
}

private struct DetailItem: Identifiable {
    let record: RecordView
    var id: String { record.id }
}

private struct RecordRow: View {
    @Environment(\.words) private var words
    let record: RecordView

    var body: some View {
        VStack(alignment: .leading, spacing: 4) {
            HStack {
                Text(kindName(record.kind, words)).font(.subheadline.weight(.semibold))
                Text(record.updatedAt.short).font(.caption).foregroundStyle(.secondary)
            }
            if let note = record.note {
                Text(note.text).lineLimit(2).font(.callout)
                let extra = [note.place, note.tags.isEmpty ? nil : note.tags.map { "#\($0)" }.joined(separator: ", ")].compactMap { $0 }
                if !extra.isEmpty {
                    Text(extra.joined(separator: " · ")).font(.caption)
                }
            }
            ConflictsLine(record: record)
        }
        .frame(maxWidth: .infinity, alignment: .leading)
        .contentShape(Rectangle())
    }
}

/// Concurrent edits the sync could not merge: both values are kept, the worker decides.
private struct ConflictsLine: View {
    @Environment(\.words) private var words
    let record: RecordView

    var body: some View {
        if !record.conflicts.isEmpty {
            Text(words.format("app-records-conflicts", ["fields": record.conflicts.map { words.format("app-records-conflict-field", ["field": $0.field, "count": $0.values.count]) }.joined(separator: ", ")]))
                .font(.caption).foregroundStyle(.red)
        }
    }
}

/// A record that is not a note: its kind, dates, conflicts and body.
private struct RecordDetail: View {
    @Environment(\.words) private var words
    let record: RecordView
    @Environment(\.dismiss) private var dismiss

    var body: some View {
        NavigationStack {
            ScrollView {
                VStack(alignment: .leading, spacing: 8) {
                    Text(words.format("app-records-dates", ["created": record.createdAt.short, "updated": record.updatedAt.short])).font(.footnote)
                    ConflictsLine(record: record)
                    Text(prettyJson(record.bodyJson)).font(.system(.caption, design: .monospaced)).textSelection(.enabled)
                }
                .padding()
            }
            .navigationTitle(kindName(record.kind, words))
            .toolbar { Button(words.text("app-close")) { dismiss() } }
        }
    }

    private func prettyJson(_ json: String) -> String {
        guard let data = json.data(using: .utf8),
              let object = try? JSONSerialization.jsonObject(with: data),
              let pretty = try? JSONSerialization.data(withJSONObject: object, options: [.prettyPrinted, .sortedKeys]),
              let text = String(data: pretty, encoding: .utf8) else { return json }
        return text
    }
}
