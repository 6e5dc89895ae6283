package org.senim.app

import androidx.compose.runtime.ProvidableCompositionLocal
import androidx.compose.runtime.staticCompositionLocalOf
import org.senim.core.L10nArg
import org.senim.core.LocaleInfo
import org.senim.core.LocalizationException
import org.senim.core.Localizer
import org.senim.core.negotiateLocale
import org.senim.core.supportedLocales
import org.senim.presentation.Sentence

/**
 * The worker's words in the app's language, from the core's catalog (core/l10n,
 * `app.ftl`; keys `app-…`). One per language, made by [AppController] when the language
 * is chosen; the screens read it through [LocalWords].
 *
 * A key the catalog lacks is a defect that `scripts/check-screen-literals` catches
 * before a build (every `app-` key the screens name must be in the English catalog), so
 * at run time such a key shows as itself instead of failing the screen.
 */
class Words(private val localizer: Localizer) {
    /** The language asked for, its native name, and the one it is shown in (ru for uz, ky, tg). */
    val locale: LocaleInfo = localizer.locale()

    /** The language's tag: `en`, `ru`, `kk`, `uz`, `ky` or `tg`. */
    val tag: String get() = locale.tag

    /** The message `key`, which takes no variables. */
    fun text(key: String): String = try {
        localizer.text(key)
    } catch (_: LocalizationException) {
        key
    }

    /**
     * The message `key` with its variables: numbers (which choose the plural form) or
     * texts. `words.format("app-records-damaged", "count" to 3)`.
     */
    fun format(key: String, vararg args: Pair<String, Any>): String = try {
        localizer.format(key, args.associate { (name, value) -> name to arg(value) })
    } catch (_: LocalizationException) {
        key
    }

    /** A sentence of the presentation layer (a failure, a count), its inner sentences said first. */
    fun say(sentence: Sentence): String =
        format(sentence.key, *sentence.args.map { (name, value) -> name to (if (value is Sentence) say(value) else value) }.toTypedArray())

    private fun arg(value: Any): L10nArg = when (value) {
        is Int -> L10nArg.Number(value.toDouble())
        is Long -> L10nArg.Number(value.toDouble())
        is UInt -> L10nArg.Number(value.toDouble())
        is ULong -> L10nArg.Number(value.toDouble())
        is UShort -> L10nArg.Number(value.toDouble())
        is Double -> L10nArg.Number(value)
        else -> L10nArg.Text(value.toString())
    }

    companion object {
        /** The words of the language `tag` (`en`, `ru`, `kk`, `uz`, `ky`, `tg`); English for a tag Senim does not know. */
        fun of(tag: String): Words = Words(
            try {
                Localizer(tag)
            } catch (_: LocalizationException) {
                Localizer("en")
            },
        )

        /** The words for the phone's languages, most wanted first (`ru-RU`, `kk-KZ`, …). */
        fun negotiated(preferred: List<String>): Words = of(negotiateLocale(preferred))

        /** Every language the app can be shown in, complete ones first. */
        fun languages(): List<LocaleInfo> = supportedLocales()

        /** A language's name in itself ("Қазақша"); the code itself for one Senim does not know. */
        fun nativeName(tag: String): String = languages().firstOrNull { it.tag == tag }?.nativeName ?: tag
    }
}

/** The app's words, provided by [org.senim.app.ui.SenimApp] from [AppState.words]. */
val LocalWords: ProvidableCompositionLocal<Words> = staticCompositionLocalOf { Words.of("en") }

/**
 * Where the app's language, once the worker chose one, is kept across starts: a small
 * preference outside the vault (it must be read before the unlock screen). Android keeps
 * it in the app's shared preferences; the JVM's tests in a file.
 */
interface LanguagePreference {
    /** The tag the worker chose; none: as on the phone. */
    fun load(): String?

    /** Keeps `tag`; none goes back to the phone's languages. */
    fun save(tag: String?)
}
