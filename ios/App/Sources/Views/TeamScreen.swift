import SenimCore
import SwiftUI

/// Team enrolment. A new device shows its join request (QR code and text) to the lead,
/// then scans (or types) the lead's welcome, or creates a team of its own with the hub's
/// certificate pin. A lead scans a device's join request (with the team's history only
/// when switched on) and shows the welcome it gets back.
struct TeamScreen: View {
    @Bindable var model: TeamModel
    let onBack: () -> Void

    private enum Scanning: Identifiable {
        case welcome, request
        var id: Self { self }
    }

    @State private var scanning: Scanning?
    @State private var approveAsLead = false

    var body: some View {
        Form {
            if model.working { ProgressView() }
            ErrorText(error: model.error)
            if let team = model.team {
                Section(team.name) {
                    Text("Hub: \(team.hub)")
                    Text(roleText(team.role))
                    Text("\(team.members) device(s) · key epoch \(team.epoch)").font(.footnote)
                    Text("This device: \(team.device)").font(.system(.footnote, design: .monospaced))
                }
                if model.isLead {
                    Section("Add a device") {
                        Toggle("Add as a lead", isOn: $approveAsLead)
                        Toggle("With the team's history", isOn: $model.approveWithHistory)
                        Text(model.approveWithHistory ? TeamModel.withHistoryNote : "The new phone reads what the team writes from now on.")
                            .font(.footnote)
                        Button("Scan a join request") { scanning = .request }
                        if let welcome = model.approvedWelcome {
                            Text("Show this welcome to the new device:").font(.subheadline)
                            QRCodeView(text: welcome).frame(maxWidth: .infinity)
                            CodeText(code: welcome)
                            VerificationWords(prompt: "The new device must show these words:", words: try? welcomeVerification(welcome: welcome))
                        }
                    }
                }
            } else {
                Section("1. Show your join request to your team lead") {
                    if let request = model.joinRequest {
                        QRCodeView(text: request).frame(maxWidth: .infinity)
                        CodeText(code: request)
                        VerificationWords(prompt: "Your lead's screen must show these words:", words: try? joinRequestVerification(request: request))
                    } else {
                        TextField("Your name, as the team will see it", text: $model.deviceName)
                        Button("Show my join request") { Task { await model.showJoinRequest() } }
                            .disabled(!model.canRequest)
                    }
                }
                Section("2. Scan the welcome your lead shows you") {
                    Button("Scan the welcome") { scanning = .welcome }
                    TextField("…or type it", text: $model.welcome, axis: .vertical)
                        .textInputAutocapitalization(.never)
                        .autocorrectionDisabled()
                    VerificationWords(prompt: "Join only if your lead's screen shows these words:", words: try? welcomeVerification(welcome: model.welcome))
                    Button("Join the team") { Task { await model.join() } }.disabled(!model.canJoin)
                }
                Section("Or create a team and lead it") {
                    TextField("Team name", text: $model.newTeamName)
                    TextField("Your name, as the team will see it", text: $model.newTeamLeadName)
                    TextField("Hub address (https://…)", text: $model.newTeamHubUrl)
                        .textInputAutocapitalization(.never)
                        .autocorrectionDisabled()
                        .keyboardType(.URL)
                    TextField("The hub's certificate fingerprint (SHA-256)", text: $model.newTeamHubPin, axis: .vertical)
                        .font(.system(.footnote, design: .monospaced))
                        .textInputAutocapitalization(.never)
                        .autocorrectionDisabled()
                    Text(model.pinMissing
                        ? "Needed for an https:// hub: the fingerprint the hub printed when it started. Compare it with the hub's operator."
                        : "Every phone of the team will accept this certificate and no other.")
                        .font(.footnote)
                    TextField("Registration token, if the hub's operator gave you one", text: $model.newTeamRegistrationToken)
                        .font(.system(.footnote, design: .monospaced))
                        .textInputAutocapitalization(.never)
                        .autocorrectionDisabled()
                    Button("Create the team") { Task { await model.createTeam() } }.disabled(!model.canCreateTeam)
                }
            }
        }
        .navigationTitle("Team")
        .toolbar { ToolbarItem(placement: .cancellationAction) { Button("Back", action: onBack) } }
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
                .navigationTitle(purpose == .welcome ? "Scan the welcome" : "Scan a join request")
                .navigationBarTitleDisplayMode(.inline)
                .toolbar { ToolbarItem(placement: .cancellationAction) { Button("Cancel") { scanning = nil } } }
            }
        }
    }

    private func roleText(_ role: TeamRole?) -> String {
        switch role {
        case .lead: "You are a lead of this team."
        case .worker: "You are a member of this team."
        case nil: "This device was removed from the team: it no longer syncs."
        }
    }
}

/// A code as text, selectable, for reading it out or typing it when no camera works.
private struct CodeText: View {
    let code: String

    var body: some View {
        Text(code).font(.system(.caption, design: .monospaced)).textSelection(.enabled)
    }
}

/// A code's verification words (from the core), which the other device must show too:
/// a code swapped on the way shows other words. Nothing while the code is incomplete.
private struct VerificationWords: View {
    let prompt: String
    let words: String?

    var body: some View {
        if let words {
            Text(prompt).font(.subheadline)
            Text(words).font(.system(.title3, design: .monospaced))
        }
    }
}
