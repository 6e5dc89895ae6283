import Foundation
import SenimCore
import SwiftUI

/// The worker's words in the app's language, from the core's catalog (core/l10n,
/// `app.ftl`; keys `app-…`), the same keys the Android screens read. One per language,
/// made by `AppModel` when the language is chosen; the views read it from the
/// environment (`@Environment(\.words)`).
///
/// A key the catalog lacks is a defect `scripts/check-screen-literals` catches before a
/// build, so at run time such a key shows as itself instead of failing the screen.
struct Words {
    private let localizer: Localizer?

    init(tag: String) {
        localizer = (try? Localizer(tag: tag)) ?? (try? Localizer(tag: "en"))
    }

    /// The language's tag (`en`, `ru`, `kk`, `uz`, `ky`, `tg`), and the one it is shown in.
    var locale: LocaleInfo? { localizer?.locale() }

    /// The language's tag: `en`, `ru`, `kk`, `uz`, `ky` or `tg`.
    var tag: String { locale?.tag ?? "en" }

    /// The message `key`, which takes no variables.
    func text(_ key: String) -> String {
        (try? localizer?.text(key: key)) ?? key
    }

    /// The message `key` with its variables: numbers (which choose the plural form) or
    /// texts. `words.format("app-records-damaged", ["count": 3])`.
    func format(_ key: String, _ args: [String: Any]) -> String {
        var values: [String: L10nArg] = [:]
        for (name, value) in args {
            values[name] = Words.arg(value)
        }
        return (try? localizer?.format(key: key, args: values)) ?? key
    }

    /// A sentence of the presentation models (a failure), its inner sentences said first.
    func say(_ sentence: Sentence) -> String {
        var values: [String: L10nArg] = [:]
        for (name, value) in sentence.args {
            switch value {
            case let .number(n): values[name] = .number(value: n)
            case let .text(t): values[name] = .text(value: t)
            case let .sentence(inner): values[name] = .text(value: say(inner))
            }
        }
        return (try? localizer?.format(key: sentence.key, args: values)) ?? sentence.key
    }

    private static func arg(_ value: Any) -> L10nArg {
        switch value {
        case let n as Int: return .number(value: Double(n))
        case let n as Int32: return .number(value: Double(n))
        case let n as Int64: return .number(value: Double(n))
        case let n as UInt: return .number(value: Double(n))
        case let n as UInt16: return .number(value: Double(n))
        case let n as UInt32: return .number(value: Double(n))
        case let n as UInt64: return .number(value: Double(n))
        case let n as Double: return .number(value: n)
        default: return .text(value: String(describing: value))
        }
    }

    /// The words for the phone's languages, most wanted first.
    static func negotiated(_ preferred: [String]) -> Words {
        Words(tag: negotiateLocale(preferred: preferred))
    }

    /// A language's name in itself ("Қазақша"); the code itself for one Senim does not know.
    static func nativeName(_ tag: String) -> String {
        supportedLocales().first { $0.tag == tag }?.nativeName ?? tag
    }
}

private struct WordsKey: EnvironmentKey {
    static let defaultValue = Words(tag: "en")
}

extension EnvironmentValues {
    /// The app's words, set by `RootView` from `AppModel.words`.
    var words: Words {
        get { self[WordsKey.self] }
        set { self[WordsKey.self] = newValue }
    }
}
