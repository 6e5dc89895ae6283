import Foundation
import Observation
import SenimCore

/// The permanent demo banner: shown above every screen (the unlock screen included)
/// while the open vault is a demo vault. It has no close action and nothing in the state
/// dismisses it: only a vault that is not a demo has none. From `UnlockModel.banner`,
/// whose model lives as long as the open vault. (The Swift twin of the Android
/// `DemoBanner`.)
struct DemoBanner: Equatable, Sendable {
    let text: String

    /// Over a demo vault (the core's `isDemo`).
    static let demoVault = DemoBanner(text: "DEMO — synthetic training data")
}

/// Resetting a demo vault to its seeded state, from the session's menu (the Swift twin of
/// the Android `DemoResetViewModel`). Offered only for a demo vault, and only after a
/// confirmation: everything added since (notes, interviews, a team joined) is erased.
@MainActor
@Observable
final class DemoResetModel {
    /// The vault is a demo: show the action. Never for a real vault.
    private(set) var offered = false
    /// The confirmation is showing.
    private(set) var confirming = false
    private(set) var working = false
    /// What the last reset put back (counts by kind and level), to say so.
    private(set) var done: DemoContents?
    /// locked (the vault locked underneath), demo (not a demo vault), storage ...
    private(set) var error: UiError?

    @ObservationIgnored private let vault: SenimVault

    init(vault: SenimVault) {
        self.vault = vault
    }

    /// Reads whether the vault is a demo (the action is offered only then).
    func refresh() async {
        let vault = self.vault
        do {
            offered = try await offMain { vault.isDemo() }
            if !offered { confirming = false }
        } catch {
            self.error = UiError(error)
        }
    }

    /// The worker chose "Reset the demo data": ask first. Nothing for a real vault.
    @discardableResult
    func ask() -> Bool {
        guard offered, !working else { return false }
        confirming = true
        done = nil
        error = nil
        return true
    }

    func cancel() {
        confirming = false
    }

    /// The worker read the outcome (what was put back, or why not).
    func dismiss() {
        done = nil
        error = nil
    }

    /// Confirmed: back to the seeded state. Only after `ask()`.
    func confirm() async {
        guard offered, confirming, !working else { return }
        confirming = false
        working = true
        error = nil
        do {
            // Async in the core: it runs on the core's own worker thread.
            done = try await vault.resetDemo()
        } catch {
            self.error = UiError(error)
        }
        working = false
    }
}
