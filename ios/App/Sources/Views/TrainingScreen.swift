import SenimCore
import SwiftUI

/// A level's name (the report's words for the four levels).
func levelName(_ words: Words, _ level: RiskLevel) -> String {
    switch level {
    case .none: return words.text("app-lead-level-none")
    case .monitor: return words.text("app-lead-level-monitor")
    case .possible: return words.text("app-lead-level-possible")
    case .likely: return words.text("app-lead-level-likely")
    }
}

/// Training (the Swift twin of the Android `TrainingScreen`): the scenarios, a scenario
/// with its key behind a toggle, a practice interview (demo vaults only) and its
/// comparison with the key.
struct TrainingScreen: View {
    @Environment(\.words) private var words
    let model: TrainingModel
    let demo: Bool
    let onBack: () -> Void
    let onQuickExit: () -> Void

    var body: some View {
        if let wizard = model.practice {
            InterviewScreen(
                wizard: wizard,
                onClose: { Task { await model.closePractice(language: words.tag) } },
                onQuickExit: {
                    model.dropPractice()
                    onQuickExit()
                }
            )
        } else {
            List {
                if model.working { ProgressView() }
                if let error = model.error { ErrorText(error: error) }
                if let result = model.result, let open = model.open {
                    resultSection(result, open)
                } else if let open = model.open {
                    scenarioSection(open)
                } else {
                    Text(words.text("app-training-explained")).font(.callout)
                    ForEach(model.scenarios, id: \.id) { s in
                        Button {
                            Task { await model.open(id: s.id, language: words.tag) }
                        } label: {
                            VStack(alignment: .leading, spacing: 4) {
                                Text(s.title).font(.headline)
                                Text(persona(s)).font(.caption)
                                Text(s.summary).font(.callout)
                                Text(words.format("app-training-key-level", ["level": levelName(words, s.level), "count": s.indicators])).font(.caption)
                            }
                        }
                        .buttonStyle(.plain)
                    }
                }
            }
            .navigationTitle(words.text(model.result == nil ? "app-training-title" : "app-training-result-title"))
            .toolbar {
                ToolbarItem(placement: .cancellationAction) {
                    Button(words.text("app-back")) { if !model.back() { onBack() } }
                }
            }
            .task(id: words.tag) {
                await model.load(language: words.tag)
                if let open = model.open { await model.open(id: open.summary.id, language: words.tag) }
            }
        }
    }

    private func persona(_ s: ScenarioSummary) -> String {
        words.format("app-training-persona", ["alias": s.alias, "nationality": s.nationality, "age": s.ageBand.replacingOccurrences(of: "_", with: "–")])
    }

    private func strength(_ s: String?) -> String {
        switch s {
        case "strong": return words.text("app-training-strength-strong")
        case "medium": return words.text("app-training-strength-medium")
        case "weak": return words.text("app-training-strength-weak")
        default: return s ?? ""
        }
    }

    @ViewBuilder
    private func scenarioSection(_ s: ScenarioView) -> some View {
        Text(s.summary.title).font(.title3)
        Text(words.text("app-training-fictional")).font(.caption).foregroundStyle(.red)
        Text(persona(s.summary)).font(.subheadline)
        Text(s.summary.summary)
        Section(words.text("app-training-where-met")) { Text(s.whereMet) }
        Section(words.text("app-training-situation")) { Text(s.situation) }
        Section(words.text("app-training-background")) { Text(s.background) }
        if demo {
            Button(words.text("app-training-practise")) { model.practise() }
        } else {
            Text(words.text("app-training-practise-demo-only")).font(.caption)
        }
        Button(words.text(model.showKey ? "app-training-hide-key" : "app-training-show-key")) { model.toggleKey() }
        if model.showKey {
            Section(words.text("app-training-key")) {
                Text(words.format("app-training-key-level-named", ["name": s.levelName]))
                let indicators = s.keyIndicators.map { "\($0.id) (\(strength($0.strength)))" }.joined(separator: ", ")
                Text(words.format("app-training-key-indicators", ["indicators": indicators.isEmpty ? words.text("app-training-none") : indicators])).font(.caption)
                let danger = s.danger.joined(separator: ", ")
                Text(words.format("app-training-danger", ["questions": danger.isEmpty ? words.text("app-training-none") : danger])).font(.caption)
            }
        }
        Section(words.text("app-training-script")) {
            ForEach(Array(s.script.filter { $0.onKeyPath }.enumerated()), id: \.element.question) { i, line in
                VStack(alignment: .leading, spacing: 2) {
                    Text("\(i + 1). \(line.label)").font(.subheadline)
                    Text(words.format("app-training-says", ["text": line.says]))
                    if model.showKey, let expected = line.expected {
                        Text(words.format("app-training-expected", ["answer": expected])).font(.caption).foregroundStyle(.tint)
                    }
                }
            }
        }
        let offPath = s.script.filter { !$0.onKeyPath }
        if !offPath.isEmpty {
            Section(words.text("app-training-off-path")) {
                ForEach(offPath, id: \.question) { line in
                    VStack(alignment: .leading, spacing: 2) {
                        Text(line.label).font(.caption)
                        Text(words.format("app-training-says", ["text": line.says])).font(.caption)
                    }
                }
            }
        }
    }

    @ViewBuilder
    private func resultSection(_ r: TrainingResult, _ s: ScenarioView) -> some View {
        Text(s.summary.title).font(.subheadline)
        Text(words.format("app-training-score", ["score": r.score])).font(.title2)
        Text(words.format("app-training-level", ["level": levelName(words, r.level), "key": levelName(words, r.expectedLevel), "points": r.levelPenalty]))
        if let explanation = r.levelExplanation { Text(explanation).font(.caption) }
        if r.perfect { Text(words.text("app-training-perfect")) }
        ForEach(Array(r.findings.enumerated()), id: \.offset) { _, f in
            VStack(alignment: .leading, spacing: 4) {
                Text(finding(f)).font(.subheadline)
                Text(words.format("app-training-points", ["count": f.penalty])).font(.caption).foregroundStyle(.red)
                Text(f.explanation).font(.caption)
            }
        }
        if !r.answersOffKey.isEmpty {
            Text(words.format("app-training-off-key", ["questions": r.answersOffKey.joined(separator: ", ")])).font(.caption)
        }
        Button(words.text("app-training-again")) { model.practise() }
    }

    private func finding(_ f: TrainingFinding) -> String {
        switch f.kind {
        case .dangerMissed:
            return words.format("app-training-finding-danger", ["about": f.about])
        case .indicatorMissed:
            return words.format("app-training-finding-missed", ["about": f.about, "strength": strength(f.expected), "dimension": f.given ?? ""])
        case .indicatorNotInKey:
            return words.format("app-training-finding-extra", ["about": f.about, "strength": strength(f.expected), "dimension": f.given ?? ""])
        case .answerDiffers:
            return words.format("app-training-finding-answer", ["about": f.about, "expected": f.expected ?? "", "given": f.given ?? ""])
        case .questionMissed:
            let why: String
            switch f.given {
            case "skipped": why = words.text("app-training-miss-skipped")
            case "not_asked": why = words.text("app-training-miss-not-asked")
            default: why = words.text("app-training-miss-unanswered")
            }
            return words.format("app-training-finding-question", ["about": f.about, "expected": f.expected ?? "", "why": why])
        }
    }
}
