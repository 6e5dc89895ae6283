import Foundation
import Observation
import SenimCore

/// Team enrolment (the Swift twin of the Android `TeamViewModel`). A new device shows
/// its join request (text and QR code) to the lead, then types or scans the lead's
/// welcome. A lead scans a device's request and shows the welcome it gets back.
@MainActor
@Observable
final class TeamModel {
    /// The team, once joined.
    private(set) var team: TeamView?
    var deviceName = ""
    /// This device's join request: show it as text and as a QR code.
    private(set) var joinRequest: String?
    /// The welcome being typed (or the one scanned).
    var welcome = ""
    /// Lead: the welcome for the device just approved, to show as a QR code.
    private(set) var approvedWelcome: String?
    private(set) var working = false
    /// invalidInput for a mistyped or damaged code (its checksum fails), membership ...
    private(set) var error: UiError?

    var joined: Bool { team != nil }
    var isLead: Bool { team?.role == .lead }
    var canRequest: Bool { !joined && !deviceName.trimmingCharacters(in: .whitespaces).isEmpty && !working }
    var canJoin: Bool { !joined && !welcome.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty && !working }

    @ObservationIgnored private let vault: SenimVault
    @ObservationIgnored private let transport: SyncTransport

    init(vault: SenimVault, transport: SyncTransport) {
        self.vault = vault
        self.transport = transport
    }

    func refresh() async {
        let vault = self.vault
        await perform { try await offMain { try vault.team() } } apply: { $0.team = $1 }
    }

    /// Makes this device's join request for the lead.
    func showJoinRequest() async {
        guard canRequest else { return }
        let name = deviceName.trimmingCharacters(in: .whitespaces)
        let vault = self.vault
        await perform { try await offMain { try vault.joinRequest(name: name) } } apply: { $0.joinRequest = $1 }
    }

    /// A QR code was scanned: join with it at once.
    func scanned(_ text: String) async {
        welcome = text
        await join()
    }

    func join() async {
        guard canJoin else { return }
        let code = welcome.trimmingCharacters(in: .whitespacesAndNewlines)
        let vault = self.vault
        await perform { try await offMain { try vault.join(welcome: code) } } apply: { model, team in
            model.team = team
            model.welcome = ""
            model.joinRequest = nil
        }
    }

    /// Lead: admits the device whose request was scanned or typed.
    func approve(request: String, role: TeamRole = .worker) async {
        let request = request.trimmingCharacters(in: .whitespacesAndNewlines)
        guard isLead, !working, !request.isEmpty else { return }
        approvedWelcome = nil
        let vault = self.vault
        let transport = self.transport
        await perform { () async throws -> (String, TeamView?) in
            let welcome = try await vault.approve(request: request, role: role, transport: transport)
            let team = try await offMain { try vault.team() }
            return (welcome, team)
        } apply: { model, result in
            model.approvedWelcome = result.0
            model.team = result.1
        }
    }

    /// Runs a call and applies its result, or shows its failure.
    private func perform<T>(_ call: () async throws -> T, apply: (TeamModel, T) -> Void) async {
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
