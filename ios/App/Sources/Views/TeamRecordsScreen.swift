import SenimCore
import SwiftUI

/// A device as the lead reads it: its call sign, or its id's start when the vault knows none.
func authorName(_ a: Author, _ words: Words) -> String {
    if !a.name.isEmpty { return a.name }
    if a.thisDevice { return words.text("app-lead-records-you") }
    return words.format("app-lead-records-device", ["device": String(a.device.prefix(8))])
}

func levelName(_ level: RiskLevel, _ words: Words) -> String {
    switch level {
    case .none: words.text("app-lead-level-none")
    case .monitor: words.text("app-lead-level-monitor")
    case .possible: words.text("app-lead-level-possible")
    case .likely: words.text("app-lead-level-likely")
    }
}

/// The lead's merged picture (the SwiftUI twin of the Android `TeamRecords` page): the
/// filters the core applies, the records a page at a time with their count, and a record
/// opened with each conflicting value and its author's name, and its history.
struct TeamRecordsScreen: View {
    @Environment(\.words) private var words
    @Bindable var model: TeamRecordsModel
    let onBack: () -> Void

    var body: some View {
        Form {
            if model.working { ProgressView() }
            ErrorText(error: model.error)
            if let detail = model.detail {
                RecordDetail(detail: detail)
                Button(words.text("app-lead-record-back")) { model.close() }
            } else {
                Section {
                    Text(words.text("app-lead-records-explained")).font(.footnote)
                    Button(words.text("app-lead-members-sync")) { Task { await model.load(sync: true) } }
                        .disabled(model.working)
                }
                filters
                if let total = model.total {
                    Section(words.format("app-lead-records-count", ["count": total])) {
                        if total == 0 { Text(words.text("app-lead-records-empty")) }
                        if model.damaged > 0 {
                            Text(words.format("app-records-damaged", ["count": model.damaged])).foregroundStyle(.red)
                        }
                        ForEach(model.records, id: \.record.id) { r in
                            Button { Task { await model.open(id: r.record.id) } } label: { RecordRow(record: r) }
                        }
                        if model.next != nil {
                            Button(words.text("app-lead-records-more")) { Task { await model.more() } }
                                .disabled(model.working)
                        }
                    }
                }
            }
        }
        .navigationTitle(words.text("app-lead-records-title"))
        .toolbar {
            ToolbarItem(placement: .cancellationAction) {
                Button(words.text("app-back")) { if model.detail != nil { model.close() } else { onBack() } }
            }
        }
        .task { await model.load() }
    }

    private var filters: some View {
        Section {
            Picker(words.text("app-lead-records-worker"), selection: filterBinding(\.worker)) {
                Text(words.text("app-lead-records-any-worker")).tag(String?.none)
                ForEach(model.members, id: \.device) { m in
                    Text(authorName(Author(device: m.device, name: m.name, thisDevice: m.thisDevice), words))
                        .tag(String?.some(m.device))
                }
            }
            Picker(words.text("app-lead-records-kind"), selection: filterBinding(\.kind)) {
                Text(words.text("app-lead-records-any-kind")).tag(RecordKind?.none)
                ForEach([RecordKind.subject, .note, .interview, .referral, .consent], id: \.self) { k in
                    Text(kindName(k, words)).tag(RecordKind?.some(k))
                }
            }
            Picker(words.text("app-lead-records-level"), selection: filterBinding(\.level)) {
                Text(words.text("app-lead-records-any-level")).tag(RiskLevel?.none)
                ForEach([RiskLevel.none, .monitor, .possible, .likely], id: \.self) { l in
                    Text(levelName(l, words)).tag(RiskLevel?.some(l))
                }
            }
            TextField(words.text("app-lead-records-from"), text: $model.form.from, prompt: Text(words.text("app-lead-records-day-format")))
            TextField(words.text("app-lead-records-to"), text: $model.form.to, prompt: Text(words.text("app-lead-records-day-format")))
            Toggle(words.text("app-lead-records-open-referrals"), isOn: filterBinding(\.openReferrals))
            Toggle(words.text("app-lead-records-conflicts"), isOn: filterBinding(\.conflicts))
            Button(words.text("app-lead-records-apply")) { Task { await model.load() } }
                .disabled(model.working)
            Button(words.text("app-lead-records-clear")) { Task { await model.filter { $0 = TeamRecordsForm() } } }
                .disabled(model.working)
        }
    }

    /// A filter that loads the first page again as soon as it changes.
    private func filterBinding<T>(_ path: WritableKeyPath<TeamRecordsForm, T>) -> Binding<T> {
        Binding(
            get: { model.form[keyPath: path] },
            set: { value in Task { await model.filter { $0[keyPath: path] = value } } }
        )
    }
}

/// A line of a referral's status in the lead's words; nil for one this build does not know.
private func statusName(_ status: String, _ words: Words) -> String? {
    switch status {
    case "proposed": words.text("app-lead-status-proposed")
    case "accepted": words.text("app-lead-status-accepted")
    case "declined": words.text("app-lead-status-declined")
    case "completed": words.text("app-lead-status-completed")
    case "cancelled": words.text("app-lead-status-cancelled")
    default: nil
    }
}

/// A referral's service as the lead reads it: its name in the referral directory, in
/// the app's language; its id when the directory has no such service (a referral written
/// against another directory) or cannot be read.
func serviceName(_ service: String, _ words: Words) -> String {
    ((try? directoryServiceName(service: service, language: words.tag)) ?? nil)?.text ?? service
}

/// What a record is about, in a line: a note's text, a person's alias, a referral's service and status.
private func headline(_ r: TeamRecord, _ words: Words) -> String? {
    if let note = r.record.note { return note.text }
    guard let data = r.record.bodyJson.data(using: .utf8),
          let json = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
          let body = json["body"] as? [String: Any]
    else { return nil }
    switch r.record.kind {
    case .subject:
        return body["alias"] as? String
    case .referral:
        let service = (body["service"] as? String).map { serviceName($0, words) }
        let parts = [service, (body["status"] as? String).flatMap { statusName($0, words) }].compactMap { $0 }
        return parts.isEmpty ? nil : parts.joined(separator: " · ")
    case .interview:
        return r.level.map { levelName($0, words) }
    default:
        return nil
    }
}

private struct RecordRow: View {
    @Environment(\.words) private var words
    let record: TeamRecord

    var body: some View {
        VStack(alignment: .leading, spacing: 4) {
            HStack {
                Text(kindName(record.record.kind, words)).font(.headline)
                Text(words.format("app-lead-records-by", [
                    "name": authorName(record.author, words),
                    "time": (record.record.note?.at ?? record.record.createdAt).short,
                ])).font(.caption)
            }
            if !record.record.conflicts.isEmpty {
                Text(words.text("app-lead-records-conflict")).font(.caption).foregroundStyle(.red)
            }
            if record.openReferral {
                Text(words.text("app-lead-records-open-referral")).font(.caption)
            }
            if let line = headline(record, words) { Text(line).lineLimit(2) }
        }
    }
}

/// A value as JSON, as a person reads it: text without its quotes.
private func shown(_ json: String) -> String {
    guard let data = json.data(using: .utf8),
          let value = try? JSONSerialization.jsonObject(with: data, options: .fragmentsAllowed)
    else { return json }
    return (value as? String) ?? json
}

private struct RecordDetail: View {
    @Environment(\.words) private var words
    let detail: TeamRecordDetail

    var body: some View {
        let r = detail.record
        Section(kindName(r.record.kind, words)) {
            Text(words.format("app-lead-records-by", ["name": authorName(r.author, words), "time": r.record.createdAt.short]))
                .font(.caption)
            if let line = headline(r, words) { Text(line) }
        }
        if !detail.conflicts.isEmpty {
            Section(words.text("app-lead-record-conflicts")) {
                Text(words.text("app-lead-record-conflicts-explained")).font(.footnote)
                ForEach(detail.conflicts, id: \.field) { c in
                    VStack(alignment: .leading, spacing: 4) {
                        Text(words.format("app-lead-record-field", ["field": fieldName(c.field, words)])).font(.headline)
                        ForEach(Array(c.values.enumerated()), id: \.offset) { _, v in
                            VStack(alignment: .leading, spacing: 2) {
                                Text(words.format("app-lead-record-value", ["name": authorName(v.author, words), "value": shown(v.valueJson)]))
                                    .fontWeight(v.current ? .semibold : .regular)
                                if v.current {
                                    Tag(text: words.text("app-lead-record-value-current"), color: .green)
                                }
                            }
                        }
                    }
                }
            }
        }
        Section(words.text("app-lead-record-history")) {
            ForEach(Array(detail.history.enumerated()), id: \.offset) { _, h in
                Text(change(h)).font(.footnote)
            }
        }
        Section(words.text("app-lead-record-body")) {
            Text(r.record.bodyJson).font(.system(.footnote, design: .monospaced))
        }
    }

    private func change(_ h: RecordChange) -> String {
        let name = authorName(h.author, words)
        let time = h.at.short
        switch h.kind {
        case .create: return words.format("app-lead-record-created", ["time": time, "name": name])
        case .edit:
            let fields = h.fields.map { fieldName($0, words) }.joined(separator: ", ")
            return words.format("app-lead-record-edited", ["time": time, "name": name, "fields": fields])
        case .delete: return words.format("app-lead-record-deleted", ["time": time, "name": name])
        case .other: return words.format("app-lead-record-changed", ["time": time, "name": name])
        }
    }
}
