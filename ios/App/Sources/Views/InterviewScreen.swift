import SenimCore
import SwiftUI

/// The screening interview wizard: language, consent first, one question per screen
/// (back, skip, decline, stop, language switch), then the result with its explanation
/// and the recommended services. Every rule is the core's; this renders the wizard's
/// state and sends its events. The quick exit (the bar at the bottom) leaves at once
/// for `onQuickExit`'s neutral screen, keeping what was answered; section titles, levels
/// and indicator names are never shown while the person answers.
struct InterviewScreen: View {
    @Environment(\.words) private var words
    let wizard: InterviewWizard
    let onClose: () -> Void
    let onQuickExit: () -> Void
    @State private var confirmStop = false

    var body: some View {
        if wizard.screen == .exited {
            // Nothing of the interview is drawn: the neutral screen replaces it at once.
            Color.clear.onAppear { onQuickExit() }
        } else {
            wizardBody
        }
    }

    private var wizardBody: some View {
        ScrollView {
            VStack(alignment: .leading, spacing: 12) {
                if let emergency = wizard.emergency {
                    EmergencyCard(text: emergency, language: wizard.language) { wizard.dismissEmergency() }
                }
                ErrorText(error: wizard.error)
                content
            }
            .padding()
            .disabled(wizard.working)
        }
        .safeAreaInset(edge: .bottom) {
            if wizard.screen.inProgress {
                // Always on screen, and never disabled, not even while a call runs.
                HStack {
                    Spacer()
                    Button(words.text("app-interview-quick-exit")) { Task { await wizard.quickExit() } }
                        .buttonStyle(.bordered)
                }
                .padding()
            }
        }
        .navigationTitle(words.text("app-interview-title"))
        .navigationBarBackButtonHidden()
        .toolbar {
            ToolbarItem(placement: .cancellationAction) {
                Button(wizard.screen.inProgress ? words.text("app-interview-stop") : words.text("app-close")) {
                    if wizard.screen.inProgress { confirmStop = true } else { onClose() }
                }
            }
            if wizard.screen.inProgress && wizard.languages.count > 1 {
                ToolbarItem(placement: .primaryAction) {
                    Menu(wizard.language.uppercased()) {
                        ForEach(wizard.languages, id: \.self) { language in
                            Button(wizard.languageNames[language] ?? languageName(language)) { Task { await wizard.chooseLanguage(language) } }
                        }
                    }
                }
            }
        }
        .confirmationDialog(words.text("app-interview-stop-title"), isPresented: $confirmStop, titleVisibility: .visible) {
            Button(words.text("app-interview-stop"), role: .destructive) { Task { await wizard.stop() } }
            Button(words.text("app-interview-continue"), role: .cancel) {}
        } message: {
            Text(words.text("app-interview-stop-explained"))
        }
    }

    @ViewBuilder
    private var content: some View {
        switch wizard.screen {
        case .loading:
            ProgressView().frame(maxWidth: .infinity)
        case let .language(form, selected):
            LocalTextView(text: form.title, font: .title2)
            Text(words.text("app-interview-language"))
            ForEach(form.languages, id: \.self) { language in
                Button {
                    Task { await wizard.chooseLanguage(language) }
                } label: {
                    Label(wizard.languageNames[language] ?? languageName(language), systemImage: selected == language ? "largecircle.fill.circle" : "circle")
                }
            }
            Text(words.text("app-interview-nothing-stored")).font(.footnote)
            Button(words.text("app-interview-begin")) { Task { await wizard.begin() } }.buttonStyle(.borderedProminent)
        case let .consent(script, scopes):
            Text(words.text("app-interview-read-this")).font(.headline)
            LocalTextView(text: script.purpose, language: wizard.language)
            LocalTextView(text: script.useOfInformation, language: wizard.language)
            LocalTextView(text: script.rightToRefuse, language: wizard.language)
            LocalTextView(text: script.rightToStop, language: wizard.language)
            Text(words.text("app-interview-agrees")).font(.subheadline.weight(.semibold))
            ForEach(InterviewWizard.allScopes, id: \.self) { scope in
                Toggle(scopeLabel(scope), isOn: Binding(
                    get: { scopes.contains(scope) },
                    set: { _ in wizard.toggle(scope) }
                ))
            }
            if !scopes.contains(.screening) {
                Text(words.text("app-interview-consent-needed")).foregroundStyle(.red)
            }
            Button(words.text("app-interview-record-consent")) { Task { await wizard.giveConsent() } }
                .buttonStyle(.borderedProminent)
                .disabled(!scopes.contains(.screening))
        case let .asking(question, _):
            QuestionStep(question: question, language: wizard.language, wizard: wizard)
        case let .review(progress, missing):
            Text(words.text("app-interview-end")).font(.title2)
            Text(words.format("app-interview-progress", ["answered": progress.answered, "visible": progress.visible, "skipped": progress.skipped]))
            if !missing.isEmpty {
                Text(words.format("app-interview-missing", ["questions": missing.joined(separator: ", ")]))
                    .foregroundStyle(.red)
            }
            HStack {
                Button(words.text("app-back")) { Task { await wizard.back() } }
                Spacer()
                Button(words.text("app-interview-see-result")) { Task { await wizard.finish() } }
                    .buttonStyle(.borderedProminent)
                    .disabled(!missing.isEmpty)
            }
        case let .result(assessment, services, referred):
            AssessmentResultView(
                assessment: assessment,
                services: services,
                referred: referred,
                language: wizard.language,
                onRefer: { service, reason in Task { await wizard.refer(service: service, reason: reason) } },
                onDone: onClose
            )
        case .stopped:
            Text(words.text("app-interview-stopped")).font(.headline)
            Text(words.text("app-interview-stopped-kept"))
            Button(words.text("app-done"), action: onClose).buttonStyle(.borderedProminent)
        case .exited:
            EmptyView()
        }
    }

    private func scopeLabel(_ scope: ConsentScope) -> String {
        switch scope {
        case .screening: words.text("app-interview-scope-screening")
        case .referral: words.text("app-interview-scope-referral")
        case .sharing: words.text("app-interview-scope-sharing")
        }
    }
}

private struct EmergencyCard: View {
    @Environment(\.words) private var words
    let text: LocalText
    let language: String
    let onDismiss: () -> Void

    var body: some View {
        VStack(alignment: .leading, spacing: 8) {
            Text(words.text("app-interview-danger")).font(.headline)
            LocalTextView(text: text, language: language)
            Button(words.text("app-done"), action: onDismiss).buttonStyle(.bordered).tint(.white)
        }
        .foregroundStyle(.white)
        .padding()
        .frame(maxWidth: .infinity, alignment: .leading)
        .background(Color.red, in: RoundedRectangle(cornerRadius: 12))
    }
}

/// One question, its input by kind, and back / skip / decline.
private struct QuestionStep: View {
    @Environment(\.words) private var words
    let question: Question
    let language: String
    let wizard: InterviewWizard

    var body: some View {
        ProgressView(value: Double(question.number), total: Double(max(question.total, 1)))
        Text(words.format("app-interview-question", ["number": question.number, "total": question.total])).font(.caption)
        LocalTextView(text: question.label, language: language, font: .title3.weight(.semibold))
        if let help = question.help { LocalTextView(text: help, language: language, font: .callout) }
        if question.required { Text(words.text("app-interview-required")).font(.caption2) }

        AnswerInput(question: question, language: language) { value in
            Task { await wizard.answer(value) }
        }
        .id("\(question.id)/\(language)")

        HStack {
            Button(words.text("app-back")) { Task { await wizard.back() } }.disabled(!question.canGoBack)
            if question.canSkip { Button(words.text("app-interview-skip")) { Task { await wizard.skip() } } }
            Spacer()
            Button(words.text("app-interview-declines")) { Task { await wizard.answer(.declined) } }.buttonStyle(.bordered)
        }
    }
}

/// The answer being composed for one question (reset when the question or the
/// language changes, through the view's identity).
private struct AnswerInput: View {
    @Environment(\.words) private var words
    let question: Question
    let language: String
    let onAnswer: (AnswerValue) -> Void

    @State private var chosen: String?
    @State private var chosenSet: Set<String> = []
    @State private var text = ""
    @State private var prepared = false

    var body: some View {
        VStack(alignment: .leading, spacing: 8) {
            switch question.kind {
            case .yesNo:
                HStack {
                    choice(words.text("app-interview-yes"), .yes)
                    choice(words.text("app-interview-no"), .no)
                    choice(words.text("app-interview-dont-know"), .unknown)
                }
            case .singleChoice:
                ForEach(question.options, id: \.id) { option in
                    Button {
                        chosen = option.id
                    } label: {
                        HStack(alignment: .top) {
                            Image(systemName: chosen == option.id ? "largecircle.fill.circle" : "circle")
                            LocalTextView(text: option.label, language: language)
                        }
                    }
                    .buttonStyle(.plain)
                }
                next(enabled: chosen != nil) { chosen.map { AnswerValue.choice(option: $0) } }
            case .multipleChoice:
                ForEach(question.options, id: \.id) { option in
                    Button {
                        if chosenSet.contains(option.id) { chosenSet.remove(option.id) } else { chosenSet.insert(option.id) }
                    } label: {
                        HStack(alignment: .top) {
                            Image(systemName: chosenSet.contains(option.id) ? "checkmark.square.fill" : "square")
                            LocalTextView(text: option.label, language: language)
                        }
                    }
                    .buttonStyle(.plain)
                }
                // Keep the form's order of options.
                next(enabled: true) { AnswerValue.choices(options: question.options.map(\.id).filter { chosenSet.contains($0) }) }
            case .text:
                TextField(words.text("app-interview-answer"), text: $text, axis: .vertical).textFieldStyle(.roundedBorder)
                next(enabled: !text.trimmingCharacters(in: .whitespaces).isEmpty) {
                    .text(text: text.trimmingCharacters(in: .whitespaces))
                }
            case .integer:
                TextField(words.text("app-interview-number"), text: $text).keyboardType(.numberPad).textFieldStyle(.roundedBorder)
                let value = Int64(text.trimmingCharacters(in: .whitespaces))
                next(enabled: value != nil) { value.map { AnswerValue.integer(value: $0) } }
            case .date:
                TextField(words.text("app-interview-date-format"), text: $text).keyboardType(.numbersAndPunctuation).textFieldStyle(.roundedBorder)
                // The core checks the date and says so when it is not one.
                next(enabled: !text.isEmpty) { .date(iso: text.trimmingCharacters(in: .whitespaces)) }
            case .country:
                TextField(words.text("app-interview-country"), text: Binding(
                    get: { text },
                    set: { text = String($0.uppercased().prefix(2)) }
                ))
                .textInputAutocapitalization(.characters)
                .textFieldStyle(.roundedBorder)
                next(enabled: text.count == 2) { .country(code: text) }
            }
        }
        .onAppear(perform: prepare)
    }

    private func choice(_ label: String, _ value: AnswerValue) -> some View {
        Group {
            if question.answer == value {
                Button(label) { onAnswer(value) }.buttonStyle(.borderedProminent)
            } else {
                Button(label) { onAnswer(value) }.buttonStyle(.bordered)
            }
        }
    }

    private func next(enabled: Bool, _ value: @escaping () -> AnswerValue?) -> some View {
        HStack {
            Spacer()
            Button(words.text("app-next")) { if let v = value() { onAnswer(v) } }
                .buttonStyle(.borderedProminent)
                .disabled(!enabled)
        }
    }

    /// Shows the answer already given when the worker comes back to a question.
    private func prepare() {
        guard !prepared else { return }
        prepared = true
        switch question.answer {
        case let .choice(option): chosen = option
        case let .choices(options): chosenSet = Set(options)
        case let .text(value): text = value
        case let .integer(value): text = String(value)
        case let .date(iso): text = iso
        case let .country(code): text = code
        default: break
        }
    }
}
