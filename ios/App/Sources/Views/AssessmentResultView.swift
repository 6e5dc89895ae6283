import SenimCore
import SwiftUI

/// The result of an interview: the level as advice to refer for full identification
/// (never a finding), why (answer → indicator → dimension → level), the disclaimer, and
/// the services recommended for it, each with its reasons and a referral button.
struct AssessmentResultView: View {
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
                    Text("Urgent: the person's safety").font(.headline)
                    if let emergency = assessment.emergency { LocalTextView(text: emergency, language: language) }
                }
                .foregroundStyle(.white)
                .padding()
                .frame(maxWidth: .infinity, alignment: .leading)
                .background(Color.red, in: RoundedRectangle(cornerRadius: 12))
            }
            if assessment.minor {
                Text("The person may be a child: follow the child-protection procedure.")
                    .font(.headline).foregroundStyle(.red)
            }

            Text("Why").font(.headline)
            ForEach(Array(assessment.explanation.enumerated()), id: \.offset) { _, line in
                LocalTextView(text: line, language: language, font: .callout)
            }
            if !assessment.indicators.isEmpty {
                Text("Indicators raised").font(.headline)
                ForEach(assessment.indicators, id: \.id) { indicator in
                    VStack(alignment: .leading, spacing: 2) {
                        HStack {
                            Tag(text: indicator.strength, color: .indigo)
                            Text(indicator.dimension).font(.subheadline.weight(.semibold))
                        }
                        LocalTextView(text: indicator.explanation, language: language, font: .callout)
                        if indicator.needsReview {
                            Text("strength to be reviewed by your organisation").font(.caption2)
                        }
                    }
                }
            }
            if !assessment.needs.isEmpty {
                Text("Needs: \(assessment.needs.joined(separator: ", "))").font(.callout)
            }
            LocalTextView(text: assessment.disclaimer, language: language, font: .footnote)

            Divider()
            Text("Recommended services").font(.headline)
            if services.isEmpty { Text("No service matches this result.") }
            ForEach(services, id: \.service) { service in
                ServiceCard(service: service, language: language, referred: referred[service.service] != nil) {
                    reason = service.reasons.first?.text ?? ""
                    referring = service
                }
            }
            HStack { Spacer(); Button("Done", action: onDone).buttonStyle(.borderedProminent) }
        }
        .alert(
            "Refer to \(referring?.name.text ?? "")",
            isPresented: Binding(get: { referring != nil }, set: { if !$0 { referring = nil } }),
            presenting: referring
        ) { service in
            TextField("Reason", text: $reason)
            Button("Refer") { onRefer(service.service, reason.trimmingCharacters(in: .whitespaces)) }
            Button("Cancel", role: .cancel) {}
        } message: { _ in
            Text("Only with the person's agreement (their consent to referral is checked).")
        }
    }
}

private struct LevelCard: View {
    let assessment: AssessmentView
    let language: String

    private var style: (color: Color, label: String) {
        switch assessment.level {
        case .none: (.green, "No indicator raised")
        case .monitor: (.orange, "Some indicators: keep in touch")
        case .possible: (.red, "Possible trafficking: refer for full identification")
        case .likely: (.red, "Likely trafficking: refer urgently for full identification")
        }
    }

    var body: some View {
        VStack(alignment: .leading, spacing: 4) {
            Text(style.label).font(.subheadline.weight(.semibold))
            LocalTextView(text: assessment.headline, language: language, font: .title3.bold())
        }
        .foregroundStyle(.white)
        .padding()
        .frame(maxWidth: .infinity, alignment: .leading)
        .background(style.color, in: RoundedRectangle(cornerRadius: 12))
    }
}

private struct ServiceCard: View {
    let service: ServiceView
    let language: String
    let referred: Bool
    let onRefer: () -> Void
    @Environment(\.openURL) private var openURL

    var body: some View {
        VStack(alignment: .leading, spacing: 6) {
            HStack {
                if service.urgent { Tag(text: "urgent", color: .red) }
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
                    Text("No confirmed contact yet.").font(.caption)
                }
            }
            if service.needsReview {
                Text("entry to be reviewed by your organisation").font(.caption2)
            }
            HStack {
                if let phone = service.phone,
                   let url = URL(string: "tel:" + phone.filter { $0 == "+" || $0.isNumber }) {
                    Button("Call \(phone)") { openURL(url) }.buttonStyle(.bordered)
                }
                Spacer()
                if referred {
                    Label("Referred", systemImage: "checkmark").foregroundStyle(.green)
                } else {
                    Button("Refer", action: onRefer).buttonStyle(.borderedProminent)
                }
            }
        }
        .padding()
        .background(Color.secondary.opacity(0.1), in: RoundedRectangle(cornerRadius: 12))
    }
}
