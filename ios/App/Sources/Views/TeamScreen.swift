import SenimCore
import SwiftUI

/// Team enrolment. A new device shows its join request (QR code and text) to the lead,
/// then scans (or types) the lead's welcome, or creates a team of its own with the hub's
/// certificate pin. A lead scans a device's join request, or pastes it and compares its
/// words first (with the team's history only when switched on), shows the welcome it
/// gets back, and opens the lead's screens.
struct TeamScreen: View {
    @Environment(\.words) private var words
    @Bindable var model: TeamModel
    let onBack: () -> Void
    /// Opens one of the lead's screens (offered to a lead only).
    var onLead: (LeadPage) -> Void = { _ in }
    /// A lead's merged picture.
    var onTeamRecords: () -> Void = {}

    private enum Scanning: Identifiable {
        case welcome, request
        var id: Self { self }
    }

    @State private var scanning: Scanning?
    @State private var approveAsLead = false
    /// A join request pasted (no camera, or a code sent as text).
    @State private var pasted = ""

    var body: some View {
        Form {
            if model.working { ProgressView() }
            ErrorText(error: model.error)
            if let team = model.team {
                Section(team.name) {
                    Text(words.format("app-team-hub", ["hub": team.hub]))
                    Text(roleText(team.role))
                    Text(words.format("app-team-members", ["count": team.members, "epoch": team.epoch])).font(.footnote)
                    Text(words.format("app-team-this-device", ["device": team.device])).font(.system(.footnote, design: .monospaced))
                }
                if model.isLead {
                    Section(words.text("app-team-add-device")) {
                        Toggle(words.text("app-team-add-as-lead"), isOn: $approveAsLead)
                        Toggle(words.text("app-team-with-history"), isOn: $model.approveWithHistory)
                        Text(words.text(model.approveWithHistory ? "app-team-with-history-note" : "app-team-without-history-note"))
                            .font(.footnote)
                        Button(words.text("app-team-scan-request")) { scanning = .request }
                            .disabled(model.working)
                    }
                    // Or the request pasted: its words are shown before approving, for the
                    // lead to compare with the new device's screen.
                    Section {
                        TextField(words.text("app-team-paste-request"), text: $pasted, axis: .vertical)
                            .font(.system(.footnote, design: .monospaced))
                            .textInputAutocapitalization(.never)
                            .autocorrectionDisabled()
                        let requestWords = pastedWords
                        if !pastedBlank && requestWords == nil {
                            Text(words.text("app-team-request-unreadable")).font(.footnote).foregroundStyle(.red)
                        }
                        VerificationWords(prompt: words.text("app-team-request-words"), words: requestWords)
                        Button(words.text("app-team-approve-pasted")) {
                            let request = pasted
                            pasted = ""
                            Task { await model.approve(request: request, role: approveAsLead ? .lead : .worker) }
                        }
                        .disabled(requestWords == nil || model.working)
                        if let welcome = model.approvedWelcome {
                            Text(words.text("app-team-show-welcome")).font(.subheadline)
                            QRCodeView(text: welcome).frame(maxWidth: .infinity)
                            CodeText(code: welcome)
                            VerificationWords(prompt: words.text("app-team-new-device-words"), words: try? welcomeVerification(welcome: welcome))
                        }
                    }
                    LeadLinks(onOpen: onLead, onTeamRecords: onTeamRecords)
                }
            } else {
                Section(words.text("app-team-step-request")) {
                    if let request = model.joinRequest {
                        QRCodeView(text: request).frame(maxWidth: .infinity)
                        CodeText(code: request)
                        VerificationWords(prompt: words.text("app-team-lead-words"), words: try? joinRequestVerification(request: request))
                    } else {
                        TextField(words.text("app-team-your-name"), text: $model.deviceName)
                        Button(words.text("app-team-show-request")) { Task { await model.showJoinRequest() } }
                            .disabled(!model.canRequest)
                    }
                }
                Section(words.text("app-team-step-welcome")) {
                    Button(words.text("app-team-scan-welcome")) { scanning = .welcome }
                    TextField(words.text("app-team-type-welcome"), text: $model.welcome, axis: .vertical)
                        .textInputAutocapitalization(.never)
                        .autocorrectionDisabled()
                    VerificationWords(prompt: words.text("app-team-join-words"), words: try? welcomeVerification(welcome: model.welcome))
                    Button(words.text("app-team-join")) { Task { await model.join() } }.disabled(!model.canJoin)
                }
                Section(words.text("app-team-create-title")) {
                    TextField(words.text("app-team-name"), text: $model.newTeamName)
                    TextField(words.text("app-team-your-name"), text: $model.newTeamLeadName)
                    TextField(words.text("app-team-hub-url"), text: $model.newTeamHubUrl)
                        .textInputAutocapitalization(.never)
                        .autocorrectionDisabled()
                        .keyboardType(.URL)
                    TextField(words.text("app-team-hub-pin"), text: $model.newTeamHubPin, axis: .vertical)
                        .font(.system(.footnote, design: .monospaced))
                        .textInputAutocapitalization(.never)
                        .autocorrectionDisabled()
                    Text(model.pinMissing
                        ? words.text("app-team-pin-missing")
                        : words.text("app-team-pin-explained"))
                        .font(.footnote)
                    TextField(words.text("app-team-token"), text: $model.newTeamRegistrationToken)
                        .font(.system(.footnote, design: .monospaced))
                        .textInputAutocapitalization(.never)
                        .autocorrectionDisabled()
                    Button(words.text("app-team-create")) { Task { await model.createTeam() } }.disabled(!model.canCreateTeam)
                }
            }
        }
        .navigationTitle(words.text("app-menu-team"))
        .toolbar { ToolbarItem(placement: .cancellationAction) { Button(words.text("app-back"), action: onBack) } }
        .sheet(item: $scanning) { purpose in
            NavigationStack {
                QRScannerView { code in
                    scanning = nil
                    Task {
                        switch purpose {
                        case .welcome: await model.scanned(code)
                        case .request: await model.approve(request: code, role: approveAsLead ? .lead : .worker)
                        }
                    }
                }
                .ignoresSafeArea()
                .navigationTitle(purpose == .welcome ? words.text("app-team-scan-welcome") : words.text("app-team-scan-request"))
                .navigationBarTitleDisplayMode(.inline)
                .toolbar { ToolbarItem(placement: .cancellationAction) { Button(words.text("app-cancel")) { scanning = nil } } }
            }
        }
    }

    private var pastedBlank: Bool { pasted.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty }

    /// The pasted request's verification words; nil while it is blank or not a whole request.
    private var pastedWords: String? {
        if pastedBlank { return nil }
        return try? joinRequestVerification(request: pasted)
    }

    private func roleText(_ role: TeamRole?) -> String {
        switch role {
        case .lead: words.text("app-team-role-lead")
        case .worker: words.text("app-team-role-worker")
        case nil: words.text("app-team-removed")
        }
    }
}

/// A code as text, selectable, for reading it out or typing it when no camera works.
private struct CodeText: View {
    @Environment(\.words) private var words
    let code: String

    var body: some View {
        Text(code).font(.system(.caption, design: .monospaced)).textSelection(.enabled)
    }
}

/// A code's verification words (from the core), which the other device must show too:
/// a code swapped on the way shows other words. Nothing while the code is incomplete.
private struct VerificationWords: View {
    @Environment(\.words) private var words
    let prompt: String
    let words: String?

    var body: some View {
        if let words {
            Text(prompt).font(.subheadline)
            Text(words).font(.system(.title3, design: .monospaced))
        }
    }
}
