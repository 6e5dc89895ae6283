import Foundation
import Observation
import SenimCore

/// Training (the Swift twin of the Android `TrainingViewModel`): the scenarios with the
/// level each key scores, one scenario's persona and script with its key (hidden until
/// asked for), a practice interview against it (the interview wizard, anonymous, in a
/// demo vault only) and its comparison with the key once the wizard closes.
@MainActor
@Observable
final class TrainingModel {
    private(set) var scenarios: [ScenarioSummary] = []
    private(set) var open: ScenarioView?
    private(set) var showKey = false
    private(set) var practice: InterviewWizard?
    private(set) var result: TrainingResult?
    private(set) var working = false
    private(set) var error: UiError?

    @ObservationIgnored private let vault: SenimVault
    @ObservationIgnored private let recordedBy: String

    init(vault: SenimVault, recordedBy: String) {
        self.vault = vault
        self.recordedBy = recordedBy
    }

    /// The scenarios in `language`.
    func load(language: String) async {
        await act {
            let list = try await offMain { try trainingScenarios(language: language) }
            return { model in model.scenarios = list }
        }
    }

    /// Opens a scenario in `language`, its key hidden (kept as it was for the same one).
    func open(id: String, language: String) async {
        await act {
            let view = try await offMain { try trainingScenario(id: id, language: language) }
            return { model in
                model.showKey = model.open?.summary.id == id && model.showKey
                model.open = view
                model.result = nil
            }
        }
    }

    func toggleKey() {
        showKey.toggle()
    }

    /// Starts a practice interview against the open scenario.
    func practise() {
        guard let scenario = open else { return }
        let wizard = InterviewWizard(vault: vault, recordedBy: recordedBy, formId: scenario.summary.form, practice: scenario.summary.id)
        practice = wizard
        result = nil
        Task { await wizard.load() }
    }

    /// The practice was closed: compared with the key when it was stored (after consent).
    func closePractice(language: String) async {
        guard let scenario = open, let wizard = practice else { return }
        practice = nil
        guard let id = wizard.storedId else { return }
        let vault = self.vault
        await act {
            let r = try await offMain { try vault.trainingCheck(scenario: scenario.summary.id, interview: id, language: language) }
            return { model in model.result = r }
        }
    }

    /// The quick exit left the practice: dropped without a comparison, so that nothing
    /// of it shows when training is opened again.
    func dropPractice() {
        practice = nil
    }

    /// Back one step (the result, then the scenario); false when there is none.
    func back() -> Bool {
        if practice != nil { return false }
        if result != nil {
            result = nil
            return true
        }
        if open != nil {
            open = nil
            showKey = false
            return true
        }
        return false
    }

    private func act(_ work: () async throws -> (TrainingModel) -> Void) async {
        working = true
        error = nil
        do {
            let apply = try await work()
            apply(self)
        } catch {
            self.error = UiError(error)
        }
        working = false
    }
}
