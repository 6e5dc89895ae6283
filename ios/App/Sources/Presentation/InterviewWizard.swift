import Foundation
import Observation
import SenimCore

/// The screen the interview wizard shows (the Swift twin of the Android `WizardScreen`).
enum WizardScreen: Equatable {
    case loading
    /// The language to interview in; nothing is stored yet.
    case language(form: FormSummary, selected: String)
    /// The consent script, read to the person; screening consent is needed to go on.
    case consent(script: ConsentScript, scopes: Set<ConsentScope>)
    /// One question per screen.
    case asking(question: Question, progress: InterviewProgress)
    /// Past the last question: finish, or go back. Required questions still open are listed.
    case review(progress: InterviewProgress, missingRequired: [String])
    /// The assessment with its explanation, and the services recommended for it;
    /// `referred` maps a service id to its referral's id.
    case result(assessment: AssessmentView, services: [ServiceView], referred: [String: String])
    /// The person stopped the interview; what was answered is kept.
    case stopped
    /// Left with the quick exit: a neutral screen at once; what was answered is kept,
    /// nothing after is accepted.
    case exited

    var inProgress: Bool {
        switch self {
        case .consent, .asking, .review: true
        default: false
        }
    }
}

extension Question {
    var canGoBack: Bool { number > 1 }
    /// Required questions cannot be skipped; the person can still decline them.
    var canSkip: Bool { !required }
}

/// The screening interview wizard: language, consent first, one question per screen
/// with back and skip, then the result and the services (the Swift twin of the Android
/// `InterviewViewModel`). Skip logic, consent rules and scoring are the core's; this
/// follows what the interview says is current.
@MainActor
@Observable
final class InterviewWizard {
    private(set) var screen: WizardScreen = .loading
    /// The interview language, and the languages the form runs in.
    private(set) var language = ""
    private(set) var languages: [String] = []
    /// The languages' own names, with their script where a language has two
    /// ("Ўзбекча (кирилл)"); a tag missing here is shown by the catalog's name.
    private(set) var languageNames: [String: String] = [:]
    /// An answer showed immediate danger: show these steps before anything else.
    private(set) var emergency: LocalText?
    private(set) var working = false
    private(set) var error: UiError?

    static let allScopes: [ConsentScope] = [.screening, .referral, .sharing]

    @ObservationIgnored private let vault: SenimVault
    /// Who records the consent (this device).
    @ObservationIgnored private let recordedBy: String
    @ObservationIgnored private let formId: String?
    @ObservationIgnored private let subject: String?
    @ObservationIgnored private let region: String?
    /// A practice against this training scenario (a demo vault only): the interview
    /// starts on the scenario's form version, anonymous.
    @ObservationIgnored private let practice: String?
    @ObservationIgnored private var interview: Interview?
    /// Set by `quickExit`: nothing the interview does after changes the screen.
    @ObservationIgnored private var exited = false

    init(vault: SenimVault, recordedBy: String, formId: String? = nil, subject: String? = nil, region: String? = nil, practice: String? = nil) {
        self.vault = vault
        self.recordedBy = recordedBy
        self.formId = formId
        self.subject = subject
        self.region = region
        self.practice = practice
    }

    /// The stored interview's id; nil before consent.
    var storedId: String? { interview?.id() }

    /// Loads the form and shows the language picker.
    func load() async {
        let vault = self.vault
        let formId = self.formId
        await act {
            let forms = try await offMain { try vault.forms() }
            guard let form = formId == nil ? forms.first : forms.first(where: { $0.id == formId }) else {
                throw SenimError.Content(what: "form", problem: .missing, reason: "no such form in this build")
            }
            // Names only: without them the tags are shown.
            let names = (try? interviewLanguages(formId: form.id)) ?? []
            return { wizard in
                wizard.screen = .language(form: form, selected: form.defaultLanguage)
                wizard.language = form.defaultLanguage
                wizard.languages = form.languages
                wizard.languageNames = Dictionary(names.map { ($0.tag, $0.nativeName) }, uniquingKeysWith: { first, _ in first })
            }
        }
    }

    /// Picks the language: on the picker before the interview starts, or at any point
    /// of it (the answers stay; the screen shows again in the new language).
    func chooseLanguage(_ choice: String) async {
        if case let .language(form, _) = screen {
            guard form.languages.contains(choice) else { return }
            screen = .language(form: form, selected: choice)
            language = choice
            return
        }
        guard let interview, screen.inProgress else { return }
        let from = screen
        await act {
            let next = try await offMain { () throws -> (WizardScreen, String) in
                try interview.setLanguage(language: choice)
                return (try Self.render(interview, from: from), interview.language())
            }
            return { wizard in
                wizard.screen = next.0
                wizard.language = next.1
            }
        }
    }

    /// Starts the interview in the chosen language and shows the consent script.
    func begin() async {
        guard case let .language(form, selected) = screen else { return }
        let vault = self.vault
        let subject = self.subject
        let practice = self.practice
        await act {
            let started = try await offMain {
                if let practice {
                    return try vault.startPractice(scenario: practice, language: selected)
                }
                return try vault.startInterview(formId: form.id, language: selected, subject: subject)
            }
            let (script, language, languages) = (started.consentScript(), started.language(), started.languages())
            return { wizard in
                wizard.interview = started
                wizard.screen = .consent(script: script, scopes: [.screening])
                wizard.language = language
                wizard.languages = languages
            }
        }
    }

    /// Ticks or unticks what the person agrees to.
    func toggle(_ scope: ConsentScope) {
        guard case let .consent(script, scopes) = screen else { return }
        var next = scopes
        if next.contains(scope) { next.remove(scope) } else { next.insert(scope) }
        screen = .consent(script: script, scopes: next)
        error = nil
    }

    /// Records the consent given and shows the first question.
    func giveConsent() async {
        guard case let .consent(_, scopes) = screen, scopes.contains(.screening), let interview else { return }
        let from = screen
        let recordedBy = self.recordedBy
        let given = Self.allScopes.filter { scopes.contains($0) }
        await act {
            let next = try await offMain { () throws -> WizardScreen in
                _ = try interview.recordConsent(scopes: given, recordedBy: recordedBy)
                return try Self.render(interview, from: from)
            }
            return { $0.screen = next }
        }
    }

    func answer(_ value: AnswerValue) async {
        guard case .asking = screen, let interview else { return }
        let from = screen
        await act {
            let (outcome, next) = try await offMain { () throws -> (AnswerResult, WizardScreen) in
                let outcome = try interview.answer(answer: value)
                return (outcome, try Self.render(interview, from: from))
            }
            return { wizard in
                wizard.screen = next
                if outcome.danger { wizard.emergency = outcome.emergency ?? wizard.emergency }
            }
        }
    }

    func skip() async {
        guard case let .asking(question, _) = screen, question.canSkip, let interview else { return }
        let from = screen
        await act {
            let next = try await offMain { () throws -> WizardScreen in
                try interview.skip()
                return try Self.render(interview, from: from)
            }
            return { $0.screen = next }
        }
    }

    /// The previous question (from the review: the last one).
    func back() async {
        guard let interview else { return }
        switch screen {
        case let .asking(question, _) where question.canGoBack: break
        case .review: break
        default: return
        }
        let from = screen
        await act {
            let next = try await offMain { () throws -> WizardScreen in
                _ = interview.back()
                return try Self.render(interview, from: from)
            }
            return { $0.screen = next }
        }
    }

    /// Scores the interview and shows the result with the recommended services.
    func finish() async {
        guard case let .review(_, missing) = screen, missing.isEmpty, let interview else { return }
        let region = self.region
        await act {
            let (assessment, services) = try await offMain { () throws -> (AssessmentView, [ServiceView]) in
                let assessment = try interview.finish()
                return (assessment, try interview.recommend(region: region))
            }
            return { $0.screen = .result(assessment: assessment, services: services, referred: [:]) }
        }
    }

    /// Refers the person to a recommended service (needs their consent to referral).
    func refer(service: String, reason: String) async {
        guard case let .result(_, _, referred) = screen, referred[service] == nil, let interview else { return }
        await act {
            let referral = try await offMain { try interview.refer(service: service, reason: reason) }
            return { wizard in
                if case let .result(assessment, services, current) = wizard.screen {
                    var updated = current
                    updated[service] = referral
                    wizard.screen = .result(assessment: assessment, services: services, referred: updated)
                }
            }
        }
    }

    /// The person wants to stop: the answers so far are kept.
    func stop() async {
        switch screen {
        case .result, .stopped, .exited: return
        default: break
        }
        guard let interview, interview.hasConsent() else {
            // Nothing was stored: there is nothing to stop.
            screen = .stopped
            return
        }
        await act {
            try await offMain { try interview.stop() }
            return { $0.screen = .stopped }
        }
    }

    /// Quick exit (the button): the screen is `.exited` at once, even while a call
    /// runs; the interview is then closed off the main actor, keeping what was answered.
    /// A failure to mark it stopped is not shown: the person must see nothing of the
    /// interview, and it stays in progress, its answers kept.
    func quickExit() async {
        guard !exited else { return }
        exited = true
        screen = .exited
        emergency = nil
        error = nil
        guard let interview else { return }
        _ = try? await offMain { try interview.quickExit() }
    }

    func dismissEmergency() { emergency = nil }

    /// The screen for where the interview now is.
    private nonisolated static func render(_ interview: Interview, from: WizardScreen) throws -> WizardScreen {
        if !interview.hasConsent() {
            let scopes: Set<ConsentScope>
            if case let .consent(_, s) = from { scopes = s } else { scopes = [.screening] }
            return .consent(script: interview.consentScript(), scopes: scopes)
        }
        guard let question = interview.current() else {
            return .review(progress: interview.progress(), missingRequired: interview.missingRequired())
        }
        return .asking(question: question, progress: interview.progress())
    }

    /// Runs the interview's blocking calls off the main actor, one action at a time,
    /// then applies the change they produced.
    private func act(_ work: () async throws -> (InterviewWizard) -> Void) async {
        guard !exited, !working else { return }
        working = true
        error = nil
        do {
            let change = try await work()
            if !exited { change(self) }
        } catch {
            if !exited { self.error = UiError(error) }
        }
        working = false
    }
}
