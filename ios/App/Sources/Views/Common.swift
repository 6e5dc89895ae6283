import SenimCore
import SwiftUI

/// The permanent demo banner: above every screen, locked or not, never dismissable.
struct DemoBanner: View {
    let text: String

    var body: some View {
        Text(text)
            .font(.caption)
            .foregroundStyle(.white)
            .frame(maxWidth: .infinity, alignment: .leading)
            .padding(.horizontal, 12)
            .padding(.vertical, 6)
            .background(Color.purple)
    }
}

extension UiError {
    /// What a failure means for the worker, then the core's reason (never personal data).
    var message: String {
        let what: String
        switch kind {
        case .wrongPasscode: what = "Wrong passcode."
        case .tooManyAttempts: what = "Too many wrong passcodes: wait before trying again."
        case .locked: what = "The vault is locked."
        case .noVault: what = "There is no vault on this phone."
        case .vaultExists: what = "A vault already exists on this phone."
        case .damaged: what = "Some data was altered or damaged."
        case .notFound: what = "Not found."
        case .invalidInput: what = "Please check what you entered."
        case .content: what = "The screening content is missing or invalid."
        case .consent: what = "The person's consent does not cover this."
        case .interview: what = "The interview cannot do this now."
        case .membership: what = "Team membership problem."
        case .envelope: what = "The hub sent data that was refused (altered or forged)."
        case .`protocol`: what = "The hub answered something unexpected."
        case .unreachable: what = "The hub could not be reached. Nothing is lost: sync again later."
        case .hubRefused: what = "The hub refused the request."
        case .keyStore: what = "This phone's key store failed."
        case .storage: what = "The phone's storage failed."
        case .`internal`: what = "Something went wrong."
        }
        return "\(what) (\(reason))"
    }
}

struct ErrorText: View {
    let error: UiError?

    var body: some View {
        if let error {
            Text(error.message)
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
    let text: LocalText
    var language: String?
    var font: Font = .body

    var body: some View {
        VStack(alignment: .leading, spacing: 2) {
            Text(text.text).font(font)
            let marks = [
                text.needsReview ? "translation to be reviewed" : nil,
                language.flatMap { $0 != text.language ? "shown in \(text.language)" : nil },
            ].compactMap { $0 }
            if !marks.isEmpty {
                Text(marks.joined(separator: " · ")).font(.caption2).italic().foregroundStyle(.secondary)
            }
        }
    }
}

/// A coloured label.
struct Tag: View {
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

/// The languages of the bundled form, by their own names.
func languageName(_ code: String) -> String {
    switch code {
    case "en": "English"
    case "ru": "Русский"
    case "kk": "Қазақша"
    case "uz": "Oʻzbekcha"
    case "ky": "Кыргызча"
    case "tg": "Тоҷикӣ"
    default: code
    }
}

func kindName(_ kind: RecordKind) -> String {
    switch kind {
    case .subject: "Person"
    case .note: "Note"
    case .interview: "Interview"
    case .referral: "Referral"
    case .consent: "Consent"
    }
}
