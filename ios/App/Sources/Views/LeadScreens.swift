import Charts
import SenimCore
import SwiftUI

// The lead's screens (the SwiftUI twin of the Android `LeadScreens.kt`): members and
// when each was last heard from, the quarantine, the team's policy, a subject's erasure
// and the anonymised report, each one page reached from the team screen.

/// The rows of the team screen that open the lead's screens (the Android `LeadLinks`).
struct LeadLinks: View {
    @Environment(\.words) private var words
    let onOpen: (LeadPage) -> Void
    /// The team's merged records (a screen of its own, `TeamRecordsScreen`).
    var onTeamRecords: () -> Void = {}

    var body: some View {
        Section(words.text("app-lead-title")) {
            Button(words.text("app-lead-records-title"), action: onTeamRecords)
            ForEach(LeadPage.allCases, id: \.self) { page in
                Button(words.text(page.titleKey)) { onOpen(page) }
            }
        }
    }
}

extension LeadPage {
    /// The catalog key of the page's title.
    var titleKey: String {
        switch self {
        case .members: "app-lead-members-title"
        case .quarantine: "app-lead-quarantine-title"
        case .policy: "app-lead-policy-title"
        case .erase: "app-lead-erase-title"
        case .report: "app-lead-report-title"
        }
    }
}

/// One of the lead's pages. Opening it (or changing the app's language) reads what it
/// shows, as the Android screen's `LaunchedEffect(page, w.tag)`.
struct LeadScreen: View {
    @Environment(\.words) private var words
    let model: LeadModel
    let page: LeadPage
    let onBack: () -> Void

    /// What the page's first read depends on.
    private struct Load: Hashable {
        let page: LeadPage
        let language: String
    }

    private var language: String { words.locale?.tag ?? "en" }

    var body: some View {
        Form {
            if model.working { ProgressView() }
            ErrorText(error: model.error)
            switch page {
            case .members: LeadMembers(model: model)
            case .quarantine: LeadQuarantine(model: model)
            case .policy: LeadPolicy(model: model)
            case .erase: LeadErase(model: model)
            case .report: LeadReport(model: model)
            }
        }
        .navigationTitle(words.text(page.titleKey))
        .toolbar { ToolbarItem(placement: .cancellationAction) { Button(words.text("app-back"), action: onBack) } }
        .task(id: Load(page: page, language: language)) {
            switch page {
            case .members: await model.refreshMembers()
            case .quarantine: await model.refreshQuarantine()
            case .policy: await model.refreshPolicy()
            case .erase: await model.refreshSubjects()
            case .report: await model.loadReport(language: language)
            }
        }
    }
}

// MARK: - Members

private struct LeadMembers: View {
    @Environment(\.words) private var words
    let model: LeadModel

    var body: some View {
        Section {
            Text(words.text("app-lead-members-explained")).font(.footnote)
            Button(words.text("app-lead-members-sync")) { Task { await model.syncMembers() } }
                .disabled(model.working)
        }
        Section {
            ForEach(model.members, id: \.device) { member in
                MemberRow(member: member, enabled: !model.working) { model.askRevoke(member.device) }
            }
        }
        // Asked first; the alert's own dismissal after "Remove" finds nothing left to
        // cancel, as `confirmRevoke` takes the device at once.
        .alert(
            words.text("app-lead-revoke-title"),
            isPresented: Binding(get: { model.revoking != nil }, set: { if !$0 { model.cancelRevoke() } }),
            presenting: model.revoking
        ) { _ in
            Button(words.text("app-lead-revoke"), role: .destructive) { _ = model.confirmRevoke() }
            Button(words.text("app-cancel"), role: .cancel) { model.cancelRevoke() }
        } message: { member in
            Text(words.format("app-lead-revoke-confirm", ["name": member.name, "device": String(member.device.prefix(8))]))
        }
    }
}

private struct MemberRow: View {
    @Environment(\.words) private var words
    let member: MemberActivity
    let enabled: Bool
    let onRevoke: () -> Void

    var body: some View {
        VStack(alignment: .leading, spacing: 4) {
            Text(member.name.isEmpty ? words.text("app-lead-member-revoked-name") : member.name).font(.headline)
            Text(words.text(roleKey)).font(.caption.weight(.semibold)).foregroundStyle(.secondary)
            Text(member.device).font(.system(.caption, design: .monospaced)).textSelection(.enabled)
            Text(heard).font(.callout)
            if member.role != nil && !member.thisDevice {
                // Borderless: in a form's row, a bordered button would take the whole row's tap.
                Button(words.text("app-lead-revoke"), role: .destructive, action: onRevoke)
                    .buttonStyle(.borderless)
                    .disabled(!enabled)
            }
        }
    }

    private var roleKey: String {
        if member.role == nil { return "app-lead-member-revoked" }
        if member.thisDevice { return "app-lead-member-this-device" }
        return member.role == .lead ? "app-lead-member-lead" : "app-lead-member-worker"
    }

    private var heard: String {
        guard let time = member.lastHeard else {
            return words.text(member.thisDevice ? "app-lead-member-never-synced" : "app-lead-member-nothing-yet")
        }
        if member.thisDevice { return words.format("app-lead-member-own-sync", ["time": time.short]) }
        return words.format("app-lead-member-heard", ["time": time.short, "count": member.lastEnvelope])
    }
}

// MARK: - Quarantine

private struct LeadQuarantine: View {
    @Environment(\.words) private var words
    let model: LeadModel
    @State private var confirming = false

    var body: some View {
        Section {
            Text(words.text("app-lead-quarantine-explained")).font(.footnote)
            Text(words.format("app-lead-quarantine-count", ["count": model.quarantine.count])).font(.subheadline.bold())
        }
        if !model.quarantine.isEmpty {
            Section {
                ForEach(model.quarantine, id: \.self) { envelope in
                    VStack(alignment: .leading, spacing: 4) {
                        Text(words.format("app-lead-quarantine-place", ["device": String(envelope.device.prefix(8)), "seq": envelope.seq]))
                            .font(.system(.body, design: .monospaced))
                        // The reason in the worker's words; one a later version stored, as stored.
                        Text(envelope.reasonKey.map { words.text($0) } ?? envelope.reason)
                        if let found = envelope.found {
                            Text(words.format("app-lead-quarantine-found", ["time": found.short])).font(.footnote)
                        }
                    }
                }
            }
        }
        Section {
            if let purged = model.purged {
                Text(words.format("app-lead-quarantine-purged", ["count": purged.envelopes, "order": purged.order]))
            }
            if !model.quarantine.isEmpty {
                Button(words.text("app-lead-quarantine-purge"), role: .destructive) { confirming = true }
                    .disabled(model.working)
            }
        }
        .alert(words.text("app-lead-quarantine-purge"), isPresented: $confirming) {
            Button(words.text("app-lead-quarantine-purge-now"), role: .destructive) { Task { await model.purgeQuarantine() } }
            Button(words.text("app-cancel"), role: .cancel) {}
        } message: {
            Text(words.text("app-lead-quarantine-purge-confirm"))
        }
    }
}

// MARK: - Policy

private struct LeadPolicy: View {
    @Environment(\.words) private var words
    let model: LeadModel

    var body: some View {
        let form = model.policyForm
        Section {
            Text(words.text(model.policy == nil ? "app-lead-policy-none" : "app-lead-policy-explained")).font(.footnote)
        }
        Section(words.text("app-lead-policy-retention")) {
            ForEach(PolicyForm.kinds, id: \.self) { kind in
                NumberField(
                    label: words.format("app-lead-policy-keep", ["kind": kindName(kind, words)]),
                    text: Binding(get: { form.retention[kind] ?? "" }, set: { v in model.editPolicy { $0.retention[kind] = v } })
                )
            }
        }
        Section {
            NumberField(
                label: words.text("app-lead-policy-failures"),
                text: Binding(get: { form.wipeAfterFailures }, set: { v in model.editPolicy { $0.wipeAfterFailures = v } })
            )
            NumberField(
                label: words.text("app-lead-policy-days"),
                text: Binding(get: { form.wipeAfterDays }, set: { v in model.editPolicy { $0.wipeAfterDays = v } })
            )
        } header: {
            Text(words.text("app-lead-policy-wipe"))
        } footer: {
            Text(words.text("app-lead-policy-blank"))
        }
        Section {
            Button(words.text("app-lead-policy-save")) { Task { await model.savePolicy() } }
                .disabled(model.working)
            if let order = model.policySet {
                Text(words.format("app-lead-policy-set", ["order": order]))
            }
        }
    }
}

/// A number typed in a field, its label above it (the label stays once something is
/// typed, as the Android outlined field's does).
private struct NumberField: View {
    @Environment(\.words) private var words
    let label: String
    @Binding var text: String

    var body: some View {
        VStack(alignment: .leading, spacing: 2) {
            Text(label).font(.caption).foregroundStyle(.secondary)
            TextField(label, text: $text)
                .keyboardType(.numberPad)
        }
    }
}

// MARK: - Erasure

private struct LeadErase: View {
    @Environment(\.words) private var words
    let model: LeadModel

    var body: some View {
        let erasure = model.erasure
        Section {
            Text(words.text("app-lead-erase-explained")).font(.footnote)
        }
        if let count = erasure.count {
            // Checked: the person, what goes, and the typed word; the list comes back on cancel.
            Section {
                let subject = erasure.subject.trimmingCharacters(in: .whitespacesAndNewlines)
                if let person = model.people.first(where: { $0.id == subject }) {
                    Text(person.alias).font(.headline)
                }
                Text(subject).font(.system(.footnote, design: .monospaced))
                Text(words.format("app-lead-erase-count", ["count": count])).font(.headline).foregroundStyle(.red)
                Text(words.format("app-wipe-type", ["word": LeadModel.eraseWord])).font(.subheadline)
                TextField(LeadModel.eraseWord, text: Binding(get: { erasure.typed }, set: { model.typeErasure($0) }))
                    .textInputAutocapitalization(.characters)
                    .autocorrectionDisabled()
                Button(words.text("app-lead-erase-now"), role: .destructive) { Task { await model.erase() } }
                    .disabled(!erasure.confirmed || model.working)
                Button(words.text("app-cancel")) { model.cancelErasure() }
            }
        } else {
            Section(words.text("app-lead-erase-pick")) {
                Button(words.text("app-lead-members-sync")) { Task { await model.refreshSubjects(sync: true) } }
                    .disabled(model.working)
                if model.people.isEmpty && !model.working {
                    Text(words.text("app-lead-erase-people-empty")).font(.footnote)
                }
                ForEach(model.people, id: \.id) { person in
                    PersonRow(person: person, working: model.working) { Task { await model.pickSubject(person.id) } }
                }
            }
            Section(words.text("app-lead-erase-or-type")) {
                TextField(
                    words.text("app-lead-erase-subject"),
                    text: Binding(get: { erasure.subject }, set: { model.setErasureSubject($0) })
                )
                .font(.system(.footnote, design: .monospaced))
                .textInputAutocapitalization(.never)
                .autocorrectionDisabled()
                Button(words.text("app-lead-erase-check")) { Task { await model.checkErasure() } }
                    .disabled(!erasure.canCheck || model.working)
            }
        }
        if let done = erasure.done {
            Section {
                Text(words.format("app-lead-erase-done", ["count": done.records, "order": done.order]))
            }
        }
    }
}

/// A person of the erasure's list: their alias, how many records an erasure removes,
/// who recorded them and when, and the button that picks them.
private struct PersonRow: View {
    @Environment(\.words) private var words
    let person: ErasureSubject
    let working: Bool
    let onPick: () -> Void

    var body: some View {
        HStack {
            VStack(alignment: .leading, spacing: 2) {
                Text(person.alias).font(.subheadline.bold())
                Text(words.format("app-lead-erase-person", [
                    "count": person.records,
                    "name": authorName(person.recordedBy, words),
                    "time": person.recordedAt.short,
                ])).font(.footnote)
            }
            Spacer()
            Button(words.text("app-lead-erase-choose"), action: onPick)
                .buttonStyle(.bordered)
                .disabled(working)
        }
    }
}

// MARK: - Report

// Computed, not stored: no global state for Swift 6's concurrency checking to weigh.

/// The level colours of the report's charts, from none to likely (the Android ones).
private var levelColors: [Color] {
    [rgb(0x9E9E9E), rgb(0x4E88C7), rgb(0xE0A030), rgb(0xC8402E)]
}

private var barColor: Color { rgb(0x3D7A5C) }

private var levelKeys: [String] {
    ["app-lead-level-none", "app-lead-level-monitor", "app-lead-level-possible", "app-lead-level-likely"]
}

/// A hidden count's mark.
private var dashed: StrokeStyle { StrokeStyle(lineWidth: 2, dash: [6, 6]) }

private func rgb(_ hex: UInt32) -> Color {
    Color(
        red: Double((hex >> 16) & 0xFF) / 255,
        green: Double((hex >> 8) & 0xFF) / 255,
        blue: Double(hex & 0xFF) / 255
    )
}

private func levels(_ m: MonthLevels) -> [ReportCount] {
    [m.none, m.monitor, m.possible, m.likely]
}

/// What a month's visible counts add up to (a hidden one counts for nothing).
private func shownTotal(_ m: MonthLevels) -> Int {
    levels(m).reduce(0) { $0 + Int(clamping: $1.value ?? 0) }
}

/// A count as the lead reads it: the number, or "hidden" where it is suppressed.
private func countText(_ words: Words, _ count: ReportCount) -> String {
    count.value.map { String($0) } ?? words.text("app-lead-report-hidden")
}

private func statusKey(_ status: String) -> String? {
    switch status {
    case "proposed": "app-lead-status-proposed"
    case "accepted": "app-lead-status-accepted"
    case "declined": "app-lead-status-declined"
    case "completed": "app-lead-status-completed"
    case "cancelled": "app-lead-status-cancelled"
    default: nil
    }
}

private struct LeadReport: View {
    @Environment(\.words) private var words
    let model: LeadModel

    var body: some View {
        if let report = model.report {
            Section {
                Text(words.format("app-lead-report-threshold", ["count": report.threshold])).font(.footnote)
                if report.unreadable > 0 {
                    Text(words.format("app-lead-report-unreadable", ["count": report.unreadable])).foregroundStyle(.red)
                }
            }
            Section(words.text("app-lead-report-levels")) {
                if report.levelsByMonth.isEmpty {
                    Text(words.text("app-lead-report-empty")).font(.footnote)
                } else if report.levelsByMonth.allSatisfy({ m in levels(m).allSatisfy { $0.value == 0 } }) {
                    Text(words.text("app-lead-report-no-interviews")).font(.footnote)
                } else {
                    LevelsChart(months: report.levelsByMonth)
                    LevelsLegend()
                    // The same counts in words, a month a line (a hidden one said as hidden).
                    ForEach(report.levelsByMonth, id: \.month) { m in
                        Text(words.format("app-lead-report-month", [
                            "month": m.month,
                            "none": countText(words, m.none),
                            "monitor": countText(words, m.monitor),
                            "possible": countText(words, m.possible),
                            "likely": countText(words, m.likely),
                        ]))
                        .font(.footnote)
                    }
                }
            }
            Section(words.text("app-lead-report-referrals")) {
                CountBars(rows: report.referralsByStatus, title: words.text("app-lead-report-referrals")) { row in statusKey(row.label).map { words.text($0) } ?? row.label }
            }
            Section {
                CountBars(rows: report.notesByPlace, title: words.text("app-lead-report-places")) { row in row.notRecorded ? words.text("app-lead-report-no-place") : row.label }
            } header: {
                Text(words.text("app-lead-report-places"))
            } footer: {
                Text(words.text("app-lead-report-hidden-explained"))
            }
        }
    }
}

/// Assessed interviews by level, one stacked bar a month (Swift Charts). Where Compose
/// outlines a month with a hidden count by a dashed box above its bar, Swift Charts has
/// no stroked bar: a dashed rule rises from the bar's top to the chart's instead.
private struct LevelsChart: View {
    @Environment(\.words) private var words
    let months: [MonthLevels]

    var body: some View {
        let names = levelKeys.map { words.text($0) }
        // The axes' names, which VoiceOver reads.
        let month = words.text("app-lead-report-axis-month")
        let count = words.text("app-lead-report-axis-count")
        let level = words.text("app-lead-report-axis-level")
        let highest = max(1, months.map(shownTotal).max() ?? 0)
        let ends = months.count > 1 ? [months[0].month, months[months.count - 1].month] : [months[0].month]
        Chart {
            ForEach(months, id: \.month) { m in
                let counts = levels(m)
                ForEach(0..<counts.count, id: \.self) { i in
                    if let v = counts[i].value, v > 0 {
                        BarMark(x: .value(month, m.month), y: .value(count, Int(clamping: v)), width: .ratio(0.6))
                            .foregroundStyle(by: .value(level, names[i]))
                    }
                }
                if counts.contains(where: { $0.suppressed }) {
                    RuleMark(x: .value(month, m.month), yStart: .value(count, shownTotal(m)), yEnd: .value(count, highest))
                        .foregroundStyle(Color.secondary)
                        .lineStyle(dashed)
                }
            }
        }
        .chartForegroundStyleScale(domain: names, range: levelColors)
        // The legend is drawn below in the catalog's words, with the dashed line's meaning.
        .chartLegend(.hidden)
        .chartYScale(domain: 0...highest)
        // Only the first and the last month named, as on Android.
        .chartXAxis { AxisMarks(values: ends) }
        .frame(height: 160)
    }
}

private struct LevelsLegend: View {
    @Environment(\.words) private var words

    var body: some View {
        VStack(alignment: .leading, spacing: 2) {
            ForEach(levelKeys.indices, id: \.self) { i in
                HStack(spacing: 6) {
                    Rectangle().fill(levelColors[i]).frame(width: 12, height: 12)
                    Text(words.text(levelKeys[i])).font(.caption)
                }
            }
            // Android's words speak of a dashed outline; here the mark is a dashed line.
            Text(words.text("app-lead-report-dashed-line")).font(.caption2)
        }
    }
}

/// One bar a row, its count at its end, or "hidden" where the count is suppressed (a
/// dashed rule across the chart then, the twin of the Compose dashed box). Rows are
/// told apart by position, so two labels alike stay two bars.
private struct CountBars: View {
    @Environment(\.words) private var words
    let rows: [LabelledCount]
    /// The rows' axis name, which VoiceOver reads: the section's title.
    let title: String
    let label: (LabelledCount) -> String

    var body: some View {
        if !rows.isEmpty {
            let highest = max(1, rows.compactMap { $0.count.value.map { Int(clamping: $0) } }.max() ?? 0)
            let count = words.text("app-lead-report-axis-count")
            Chart {
                ForEach(rows.indices, id: \.self) { i in
                    let row = rows[i]
                    if let v = row.count.value {
                        BarMark(x: .value(count, Int(clamping: v)), y: .value(title, String(i)), height: .ratio(0.5))
                            .foregroundStyle(barColor)
                            .annotation(position: .trailing) { Text(countText(words, row.count)).font(.caption) }
                    } else {
                        RuleMark(xStart: .value(count, 0), xEnd: .value(count, highest), y: .value(title, String(i)))
                            .foregroundStyle(Color.secondary)
                            .lineStyle(dashed)
                            .annotation(position: .trailing) { Text(countText(words, row.count)).font(.caption) }
                    }
                }
            }
            // Room at the end for the counts written beside the bars.
            .chartXScale(domain: 0...(highest + highest / 4 + 1))
            .chartXAxis(.hidden)
            .chartYAxis {
                AxisMarks(position: .leading) { value in
                    AxisValueLabel {
                        if let s = value.as(String.self), let i = Int(s), rows.indices.contains(i) {
                            Text(label(rows[i])).font(.caption)
                        }
                    }
                }
            }
            .frame(height: CGFloat(rows.count) * 36 + 12)
        }
    }
}
