import SenimCore
import SwiftUI

/// Every record newest first, or the notes matching a search; new note, interview,
/// sync, team, and a menu with the settings (and for a demo vault the demo reset).
struct RecordsScreen: View {
    let session: Session
    @State private var detail: RecordView?

    private var model: RecordsModel { session.records }

    var body: some View {
        List {
            if model.loading { ProgressView().frame(maxWidth: .infinity) }
            if let error = model.error { ErrorText(error: error) }
            if model.damaged > 0 {
                Text("\(model.damaged) record(s) could not be decrypted: they were altered or damaged.")
                    .font(.footnote).foregroundStyle(.red)
            }
            if model.records.isEmpty && !model.loading && model.error == nil {
                Text(model.searching ? "No note matches." : "No records yet.").foregroundStyle(.secondary)
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
        .searchable(text: Binding(get: { model.query }, set: { model.queryChanged($0) }), prompt: "Search notes")
        .navigationTitle("Records")
        .toolbar {
            ToolbarItemGroup(placement: .topBarTrailing) {
                Button("Interview") { session.go(.interview) }
                Button("Sync") { session.go(.sync) }
                Button("Team") { session.go(.team) }
                // The settings; for a demo vault only, the reset, confirmed first.
                Menu {
                    Button("Settings") { session.go(.settings) }
                    if session.demo.offered {
                        Button("Reset the demo data…", role: .destructive) { session.demo.ask() }
                    }
                } label: {
                    if session.demo.working { ProgressView() } else { Image(systemName: "ellipsis.circle") }
                }
                .accessibilityLabel("More")
                .disabled(session.demo.working)
            }
            ToolbarItem(placement: .bottomBar) {
                Button("New note") { session.go(.note(id: nil)) }.buttonStyle(.borderedProminent)
            }
        }
        .refreshable { model.refresh() }
        .sheet(item: Binding(get: { detail.map(DetailItem.init) }, set: { detail = $0?.record })) { item in
            RecordDetail(record: item.record)
        }
        // A demo vault only: the reset's confirmation, then what it put back (or why not).
        .alert(
            "Reset the demo vault?",
            isPresented: Binding(get: { session.demo.confirming }, set: { if !$0 { session.demo.cancel() } })
        ) {
            Button("Reset", role: .destructive) { Task { await session.resetDemo() } }
            Button("Cancel", role: .cancel) { session.demo.cancel() }
        } message: {
            Text("Everything added since it was created (notes, interviews, referrals, a team joined) is erased, and the original synthetic cases come back. Use it between training sessions.")
        }
        .alert(
            Text(session.demo.error == nil ? "Demo data reset" : "The demo was not reset"),
            isPresented: Binding(get: { session.demo.done != nil || session.demo.error != nil }, set: { if !$0 { session.demo.dismiss() } })
        ) {
            Button("OK") { session.demo.dismiss() }
        } message: {
            if let done = session.demo.done {
                Text("\(done.records) synthetic records are back: \(done.subjects) people, \(done.notes) notes, \(done.interviews) interviews, \(done.referrals) referrals. Levels: \(done.levelNone) none, \(done.levelMonitor) monitor, \(done.levelPossible) possible, \(done.levelLikely) likely.")
            } else if let error = session.demo.error {
                Text(error.message)
            }
        }
    }
}

private struct DetailItem: Identifiable {
    let record: RecordView
    var id: String { record.id }
}

private struct RecordRow: View {
    let record: RecordView

    var body: some View {
        VStack(alignment: .leading, spacing: 4) {
            HStack {
                Text(kindName(record.kind)).font(.subheadline.weight(.semibold))
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
    let record: RecordView

    var body: some View {
        if !record.conflicts.isEmpty {
            Text("Conflicting edits: " + record.conflicts.map { "\($0.field) (\($0.values.count) values)" }.joined(separator: ", "))
                .font(.caption).foregroundStyle(.red)
        }
    }
}

/// A record that is not a note: its kind, dates, conflicts and body.
private struct RecordDetail: View {
    let record: RecordView
    @Environment(\.dismiss) private var dismiss

    var body: some View {
        NavigationStack {
            ScrollView {
                VStack(alignment: .leading, spacing: 8) {
                    Text("Created \(record.createdAt.short) · updated \(record.updatedAt.short)").font(.footnote)
                    ConflictsLine(record: record)
                    Text(prettyJson(record.bodyJson)).font(.system(.caption, design: .monospaced)).textSelection(.enabled)
                }
                .padding()
            }
            .navigationTitle(kindName(record.kind))
            .toolbar { Button("Close") { dismiss() } }
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
