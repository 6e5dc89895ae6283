import SenimCore
import SwiftUI

/// The result of an interview: the level as advice to refer for full identification
/// (never a finding), why (answer → indicator → dimension → level), the disclaimer, and
/// the services recommended for it, each with its reasons and a referral button.
struct AssessmentResultView: View {
    @Environment(\.words) private var words
    let assessment: AssessmentView
    let services: [ServiceView]
    let referred: [String: String]
    let language: String
    let onRefer: (_ service: String, _ reason: String) -> Void
    let onDone: () -> Void

    @State private var referring: ServiceView?
    @State private var reason = ""

    var body: some View {
        VStack(alignment: .leading, spacing: 12) {
            LevelCard(assessment: assessment, language: language)
            if assessment.urgentSafety {
                VStack(alignment: .leading, spacing: 4) {
                    Text(words.text("app-result-urgent-safety")).font(.headline)
                    if let emergency = assessment.emergency { LocalTextView(text: emergency, language: language) }
                }
                .foregroundStyle(.white)
                .padding()
                .frame(maxWidth: .infinity, alignment: .leading)
                .background(Color.red, in: RoundedRectangle(cornerRadius: 12))
            }
            if assessment.minor {
                Text(words.text("app-result-minor"))
                    .font(.headline).foregroundStyle(.red)
            }

            Text(words.text("app-result-why")).font(.headline)
            ForEach(Array(assessment.explanation.enumerated()), id: \.offset) { _, line in
                LocalTextView(text: line, language: language, font: .callout)
            }
            if !assessment.indicators.isEmpty {
                Text(words.text("app-result-indicators")).font(.headline)
                ForEach(assessment.indicators, id: \.id) { indicator in
                    VStack(alignment: .leading, spacing: 2) {
                        HStack {
                            Tag(text: indicator.strength, color: .indigo)
                            Text(indicator.dimension).font(.subheadline.weight(.semibold))
                        }
                        LocalTextView(text: indicator.explanation, language: language, font: .callout)
                        if indicator.needsReview {
                            Text(words.text("app-result-strength-review")).font(.caption2)
                        }
                    }
                }
            }
            if !assessment.needs.isEmpty {
                Text(words.format("app-result-needs", ["needs": assessment.needs.joined(separator: ", ")])).font(.callout)
            }
            LocalTextView(text: assessment.disclaimer, language: language, font: .footnote)

            Divider()
            Text(words.text("app-result-services")).font(.headline)
            if services.isEmpty { Text(words.text("app-result-no-service")) }
            ForEach(services, id: \.service) { service in
                ServiceCard(service: service, language: language, referred: referred[service.service] != nil) {
                    reason = service.reasons.first?.text ?? ""
                    referring = service
                }
            }
            HStack { Spacer(); Button(words.text("app-done"), action: onDone).buttonStyle(.borderedProminent) }
        }
        .alert(
            words.format("app-result-refer-to", ["service": referring?.name.text ?? ""]),
            isPresented: Binding(get: { referring != nil }, set: { if !$0 { referring = nil } }),
            presenting: referring
        ) { service in
            TextField(words.text("app-result-reason"), text: $reason)
            Button(words.text("app-result-refer")) { onRefer(service.service, reason.trimmingCharacters(in: .whitespaces)) }
            Button(words.text("app-cancel"), role: .cancel) {}
        } message: { _ in
            Text(words.text("app-result-refer-consent"))
        }
    }
}

private struct LevelCard: View {
    @Environment(\.words) private var words
    let assessment: AssessmentView
    let language: String

    private var style: (color: Color, label: String) {
        switch assessment.level {
        case .none: (.green, words.text("app-result-none"))
        case .monitor: (.orange, words.text("app-result-monitor"))
        case .possible: (.red, words.text("app-result-possible"))
        case .likely: (.red, words.text("app-result-likely"))
        }
    }

    /// The headline is the rule set's, in the interview's language; the label says the
    /// same in the app's. Shown only when they differ, so the worker reads it once.
    private var headlineInAppLanguage: Bool {
        guard let locale = words.locale else { return false }
        return [locale.tag, locale.shownIn].contains(assessment.headline.language)
    }

    var body: some View {
        VStack(alignment: .leading, spacing: 4) {
            if !headlineInAppLanguage {
                Text(style.label).font(.subheadline.weight(.semibold))
            }
            LocalTextView(text: assessment.headline, language: language, font: .title3.bold())
        }
        .foregroundStyle(.white)
        .padding()
        .frame(maxWidth: .infinity, alignment: .leading)
        .background(style.color, in: RoundedRectangle(cornerRadius: 12))
    }
}

private struct ServiceCard: View {
    @Environment(\.words) private var words
    let service: ServiceView
    let language: String
    let referred: Bool
    let onRefer: () -> Void
    @Environment(\.openURL) private var openURL

    var body: some View {
        VStack(alignment: .leading, spacing: 6) {
            HStack {
                if service.urgent { Tag(text: words.text("app-result-urgent"), color: .red) }
                Tag(text: service.kind.replacingOccurrences(of: "_", with: " "), color: .indigo)
            }
            LocalTextView(text: service.name, language: language, font: .headline)
            LocalTextView(text: service.description, language: language, font: .callout)
            ForEach(Array(service.reasons.enumerated()), id: \.offset) { _, reason in
                LocalTextView(text: reason, language: language, font: .caption)
            }
            if service.placeholder {
                if let text = service.placeholderText {
                    LocalTextView(text: text, language: language, font: .caption)
                } else {
                    Text(words.text("app-result-no-contact")).font(.caption)
                }
            }
            if service.needsReview {
                Text(words.text("app-result-entry-review")).font(.caption2)
            }
            HStack {
                if let phone = service.phone,
                   let url = URL(string: "tel:" + phone.filter { $0 == "+" || $0.isNumber }) {
                    Button(words.format("app-result-call", ["phone": phone])) { openURL(url) }.buttonStyle(.bordered)
                }
                Spacer()
                if referred {
                    Label(words.text("app-result-referred"), systemImage: "checkmark").foregroundStyle(.green)
                } else {
                    Button(words.text("app-result-refer"), action: onRefer).buttonStyle(.borderedProminent)
                }
            }
        }
        .padding()
        .background(Color.secondary.opacity(0.1), in: RoundedRectangle(cornerRadius: 12))
    }
}
