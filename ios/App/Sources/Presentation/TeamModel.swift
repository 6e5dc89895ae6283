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
    /// Lead: the next approval gives the new device the team's history too (every
    /// earlier key, `withHistoryNote`). Off by default, and off again after each one.
    var approveWithHistory = false
    /// A new team: its name, the lead's name in it, the hub's address and, for an
    /// `https://` hub, its certificate pin (the fingerprint `senim hub serve --tls` printed).
    var newTeamName = ""
    var newTeamLeadName = ""
    var newTeamHubUrl = ""
    var newTeamHubPin = ""
    /// The one-use token a hub that registers teams by token asks for; empty: none.
    var newTeamRegistrationToken = ""

    /// What approving with history gives away, in one line beside the switch.
    static let withHistoryNote =
        "The new phone can also read everything the team wrote before it joined, including what was written before any phone was removed."
    private(set) var working = false
    /// invalidInput for a mistyped or damaged code (its checksum fails), membership ...
    private(set) var error: UiError?

    var joined: Bool { team != nil }
    var isLead: Bool { team?.role == .lead }
    var canRequest: Bool { !joined && !deviceName.trimmingCharacters(in: .whitespaces).isEmpty && !working }
    var canJoin: Bool { !joined && !welcome.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty && !working }
    /// An `https://` address without its pin: the phones could not check the hub.
    var pinMissing: Bool {
        newTeamHubUrl.trimmingCharacters(in: .whitespaces).lowercased().hasPrefix("https://")
            && newTeamHubPin.trimmingCharacters(in: .whitespaces).isEmpty
    }
    var canCreateTeam: Bool {
        !joined && !working && !pinMissing
            && ![newTeamName, newTeamLeadName, newTeamHubUrl].contains { $0.trimmingCharacters(in: .whitespaces).isEmpty }
    }

    @ObservationIgnored private let vault: SenimVault
    @ObservationIgnored private let transport: SyncTransport
    /// Carries the creation of a team, before the vault keeps its hub's pin: pinned to the one typed.
    @ObservationIgnored private let creationTransport: (String?) -> SyncTransport

    init(vault: SenimVault, transport: SyncTransport, creationTransport: ((String?) -> SyncTransport)? = nil) {
        self.vault = vault
        self.transport = transport
        self.creationTransport = creationTransport ?? { _ in transport }
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

    /// Lead: admits the device whose request was scanned or typed, with the team's
    /// history when `approveWithHistory` is on (then off again).
    func approve(request: String, role: TeamRole = .worker) async {
        let request = request.trimmingCharacters(in: .whitespacesAndNewlines)
        guard isLead, !working, !request.isEmpty else { return }
        approvedWelcome = nil
        let vault = self.vault
        let transport = self.transport
        let withHistory = approveWithHistory
        await perform { () async throws -> (String, TeamView?) in
            let welcome = try await vault.approve(
                request: request, role: role, transport: transport, withHistory: withHistory)
            let team = try await offMain { try vault.team() }
            return (welcome, team)
        } apply: { model, result in
            model.approvedWelcome = result.0
            model.team = result.1
            model.approveWithHistory = false
        }
    }

    /// Creates the team on its hub, this phone its lead, with the hub's certificate pin
    /// (required for an `https://` hub). A malformed pin is invalidInput ("certificate
    /// pin") before anything is sent.
    func createTeam() async {
        guard canCreateTeam else { return }
        let name = newTeamName.trimmingCharacters(in: .whitespaces)
        let lead = newTeamLeadName.trimmingCharacters(in: .whitespaces)
        let url = newTeamHubUrl.trimmingCharacters(in: .whitespaces)
        let typed = newTeamHubPin.trimmingCharacters(in: .whitespaces)
        let pin: String? = typed.isEmpty ? nil : typed
        let typedToken = newTeamRegistrationToken.trimmingCharacters(in: .whitespacesAndNewlines)
        let token: String? = typedToken.isEmpty ? nil : typedToken
        let vault = self.vault
        let transport = creationTransport(pin)
        await perform {
            try await vault.createTeam(
                name: name, leadName: lead, hubUrl: url, transport: transport, hubPin: pin, registrationToken: token)
        } apply: { model, team in
            model.team = team
            model.newTeamName = ""
            model.newTeamLeadName = ""
            model.newTeamHubUrl = ""
            model.newTeamHubPin = ""
            model.newTeamRegistrationToken = ""
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
