import SenimCore
import SwiftUI

/// A permanent demo banner: above every screen, locked or not, never dismissable (it has
/// no close action). `prominent` for the demo vault's, which matters most.
struct DemoBannerView: View {
    @Environment(\.words) private var words
    let text: String
    var prominent = false

    var body: some View {
        Text(text)
            .font(prominent ? .subheadline.bold() : .caption)
            .foregroundStyle(.white)
            .frame(maxWidth: .infinity, alignment: .leading)
            .padding(.horizontal, 12)
            .padding(.vertical, 6)
            .background(Color.purple)
    }
}

/// A failure's one worker-facing sentence (`UiError.sentence`, in the app's language), or
/// a sentence already said (the unlock screen's ticking countdown); nothing when there is none.
struct ErrorText: View {
    @Environment(\.words) private var words
    private let error: UiError?
    private let said: String?

    init(error: UiError?) {
        self.error = error
        said = nil
    }

    init(message: String?) {
        error = nil
        said = message
    }

    var body: some View {
        if let message = error.map({ words.say($0.sentence) }) ?? said {
            Text(message)
                .font(.callout)
                .foregroundStyle(.red)
                .padding(10)
                .frame(maxWidth: .infinity, alignment: .leading)
                .background(Color.red.opacity(0.1), in: RoundedRectangle(cornerRadius: 8))
        }
    }
}

/// A text of the screening content. Drafts (`needsReview`) are marked, and so is a
/// fallback to another language than the interview's.
struct LocalTextView: View {
    @Environment(\.words) private var words
    let text: LocalText
    var language: String?
    var font: Font = .body

    var body: some View {
        VStack(alignment: .leading, spacing: 2) {
            Text(text.text).font(font)
            let marks = [
                text.needsReview ? words.text("app-content-needs-review") : nil,
                language.flatMap {
                    $0 != text.language ? words.format("app-content-shown-in", ["language": Words.nativeName(text.language)]) : nil
                },
            ].compactMap { $0 }
            if !marks.isEmpty {
                Text(marks.joined(separator: " · ")).font(.caption2).italic().foregroundStyle(.secondary)
            }
        }
    }
}

/// A coloured label.
struct Tag: View {
    @Environment(\.words) private var words
    let text: String
    var color: Color = .secondary

    var body: some View {
        Text(text)
            .font(.caption.weight(.semibold))
            .foregroundStyle(.white)
            .padding(.horizontal, 8)
            .padding(.vertical, 2)
            .background(color, in: RoundedRectangle(cornerRadius: 6))
    }
}

/// A passcode field whose text is never the passcode: it shows one bullet per character
/// the model holds, and hands each character typed (and each one deleted) to the model
/// as it comes. The passcode thus lives only in the model's buffer, which it wipes,
/// never in a String of a view. (A SecureField would keep it in its binding.)
struct PasscodeField: View {
    @Environment(\.words) private var words
    let title: String
    let entered: Int
    let onType: @MainActor (Unicode.Scalar) -> Void
    let onErase: @MainActor () -> Void
    var onSubmit: @MainActor () -> Void = {}

    private static let bullet: Character = "\u{2022}"

    var body: some View {
        TextField(title, text: Binding(
            get: { String(repeating: Self.bullet, count: entered) },
            set: { new in
                let kept = new.filter { $0 == Self.bullet }.count
                for _ in 0..<max(0, entered - kept) { onErase() }
                for character in new where character != Self.bullet {
                    for scalar in character.unicodeScalars { onType(scalar) }
                }
            }
        ))
        .textFieldStyle(.roundedBorder)
        .textInputAutocapitalization(.never)
        .autocorrectionDisabled()
        .textContentType(.oneTimeCode)
        .privacySensitive()
        .submitLabel(.done)
        .onSubmit(onSubmit)
    }
}

extension Date {
    var short: String { formatted(date: .abbreviated, time: .shortened) }
}

/// The languages of the bundled form, by their own names (the core's catalog knows them).
func languageName(_ code: String) -> String {
    Words.nativeName(code)
}

func kindName(_ kind: RecordKind, _ words: Words) -> String {
    switch kind {
    case .subject: words.text("app-records-kind-subject")
    case .note: words.text("app-records-kind-note")
    case .interview: words.text("app-records-kind-interview")
    case .referral: words.text("app-records-kind-referral")
    case .consent: words.text("app-records-kind-consent")
    }
}

/// The strength of a passcode being chosen: a bar of the core's score (0 to 4), red
/// below the score a new passcode needs, and its one line of advice. Nothing while
/// nothing is typed (the Swift twin of the Android `PasscodeStrengthBar`).
struct PasscodeStrengthBar: View {
    @Environment(\.words) private var words
    let strength: PasscodeStrength?

    var body: some View {
        if let strength {
            let score = Int(strength.score)
            let enough = score >= Int(strength.minimumScore)
            VStack(alignment: .leading, spacing: 4) {
                ProgressView(value: Double(score + 1), total: 5)
                    .tint(enough ? Color.accentColor : Color.red)
                Text(words.text(Self.label(score)))
                    .font(.caption.bold())
                    .foregroundStyle(enough ? Color.primary : Color.red)
                if let adviceKey = strength.adviceKey {
                    Text(words.text(adviceKey)).font(.caption)
                }
            }
        }
    }

    /// The catalog key of a score's word.
    static func label(_ score: Int) -> String {
        switch score {
        case 0: return "app-strength-very-weak"
        case 1: return "app-strength-weak"
        case 2: return "app-strength-fair"
        case 3: return "app-strength-strong"
        default: return "app-strength-very-strong"
        }
    }
}
