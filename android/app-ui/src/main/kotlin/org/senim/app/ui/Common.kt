package org.senim.app.ui

import androidx.compose.foundation.background
import androidx.compose.foundation.layout.Arrangement
import androidx.compose.foundation.layout.Box
import androidx.compose.foundation.layout.Column
import androidx.compose.foundation.layout.Row
import androidx.compose.foundation.layout.fillMaxSize
import androidx.compose.foundation.layout.fillMaxWidth
import androidx.compose.foundation.layout.padding
import androidx.compose.foundation.text.KeyboardActions
import androidx.compose.foundation.text.KeyboardOptions
import androidx.compose.material3.CircularProgressIndicator
import androidx.compose.material3.LinearProgressIndicator
import androidx.compose.material3.LocalContentColor
import androidx.compose.material3.MaterialTheme
import androidx.compose.material3.OutlinedTextField
import androidx.compose.material3.Surface
import androidx.compose.material3.Text
import androidx.compose.material3.TextButton
import androidx.compose.runtime.Composable
import androidx.compose.ui.Alignment
import androidx.compose.ui.Modifier
import androidx.compose.ui.graphics.Color
import androidx.compose.ui.text.TextRange
import androidx.compose.ui.text.font.FontStyle
import androidx.compose.ui.text.font.FontWeight
import androidx.compose.ui.text.input.ImeAction
import androidx.compose.ui.text.input.KeyboardType
import androidx.compose.ui.text.input.TextFieldValue
import androidx.compose.ui.unit.dp
import java.time.Instant
import java.time.ZoneId
import java.time.format.DateTimeFormatter
import java.time.format.FormatStyle
import java.util.Locale
import org.senim.app.LocalWords
import org.senim.app.Words
import org.senim.core.LocalText
import org.senim.core.PasscodeStrength
import org.senim.presentation.UiError

/**
 * A permanent demo banner: above every screen, locked or not, never dismissable (it has
 * no close action). `prominent` for the demo vault's, which matters most.
 */
@Composable
fun DemoBanner(text: String, prominent: Boolean = false) {
    Surface(color = SenimColors.Demo, contentColor = SenimColors.OnDemo, modifier = Modifier.fillMaxWidth()) {
        Text(
            text,
            style = if (prominent) MaterialTheme.typography.titleSmall else MaterialTheme.typography.labelMedium,
            fontWeight = if (prominent) FontWeight.Bold else null,
            modifier = Modifier.padding(horizontal = 12.dp, vertical = 6.dp),
        )
    }
}

/** A failure's one worker-facing sentence ([UiError.sentence]), in the app's language; nothing when there is none. */
@Composable
fun ErrorText(error: UiError?, modifier: Modifier = Modifier) = ErrorText(error?.let { LocalWords.current.say(it.sentence) }, modifier)

/** A failure's sentence as a view model phrased it (the unlock screen's ticking countdown). */
@Composable
fun ErrorText(message: String?, modifier: Modifier = Modifier) {
    if (message == null) return
    Surface(
        color = MaterialTheme.colorScheme.errorContainer,
        contentColor = MaterialTheme.colorScheme.onErrorContainer,
        shape = MaterialTheme.shapes.small,
        modifier = modifier.fillMaxWidth(),
    ) {
        Text(message, modifier = Modifier.padding(12.dp), style = MaterialTheme.typography.bodyMedium)
    }
}

/**
 * A text of the screening content. Drafts (`needsReview`) are marked, and so is a
 * fallback to another language than the interview's.
 */
@Composable
fun LocalTextView(
    text: LocalText,
    modifier: Modifier = Modifier,
    language: String? = null,
    style: androidx.compose.ui.text.TextStyle = MaterialTheme.typography.bodyLarge,
    fontWeight: FontWeight? = null,
) {
    val w = LocalWords.current
    Column(modifier) {
        Text(text.text, style = style, fontWeight = fontWeight)
        val marks = buildList {
            if (text.needsReview) add(w.text("app-content-needs-review"))
            if (language != null && text.language != language) {
                add(w.format("app-content-shown-in", "language" to Words.nativeName(text.language)))
            }
        }
        if (marks.isNotEmpty()) {
            Text(
                marks.joinToString(" · "),
                style = MaterialTheme.typography.labelSmall,
                fontStyle = FontStyle.Italic,
                // The text's own colour, a little lighter: legible on the result's red
                // banner as on the page (a fixed grey vanished on red).
                color = LocalContentColor.current.copy(alpha = 0.8f),
            )
        }
    }
}

@Composable
fun Loading(modifier: Modifier = Modifier) {
    Box(modifier.fillMaxSize(), contentAlignment = Alignment.Center) {
        CircularProgressIndicator()
    }
}

/** A coloured label. */
@Composable
fun Tag(text: String, background: Color, foreground: Color, modifier: Modifier = Modifier) {
    Text(
        text,
        color = foreground,
        style = MaterialTheme.typography.labelMedium,
        modifier = modifier
            .background(background, MaterialTheme.shapes.small)
            .padding(horizontal = 8.dp, vertical = 2.dp),
    )
}

/**
 * A passcode field whose text is never the passcode: it shows one bullet per character
 * the view model holds, and hands each character typed to [onType] (and each one
 * deleted to [onErase]) as it comes. The passcode thus lives only in the view model's
 * char buffer, which it wipes, never in a String of the UI.
 */
@Composable
fun PasscodeField(
    entered: Int,
    onType: (Char) -> Unit,
    onErase: () -> Unit,
    label: String,
    enabled: Boolean = true,
    imeAction: ImeAction = ImeAction.Done,
    onDone: () -> Unit = {},
    modifier: Modifier = Modifier,
) {
    val shown = BULLET.toString().repeat(entered)
    OutlinedTextField(
        value = TextFieldValue(shown, selection = TextRange(shown.length)),
        onValueChange = { new ->
            val kept = new.text.count { it == BULLET }
            repeat((entered - kept).coerceAtLeast(0)) { onErase() }
            new.text.filter { it != BULLET }.forEach(onType)
        },
        label = { Text(label) },
        enabled = enabled,
        singleLine = true,
        keyboardOptions = KeyboardOptions(
            keyboardType = KeyboardType.Password,
            autoCorrectEnabled = false,
            imeAction = imeAction,
        ),
        keyboardActions = KeyboardActions(onDone = { onDone() }, onNext = { onDone() }),
        modifier = modifier.fillMaxWidth(),
    )
}

private const val BULLET = '\u2022'

private val dateTime = DateTimeFormatter.ofLocalizedDateTime(FormatStyle.SHORT)

/** A short date and time in the app's language (uz, ky and tg: as their words, in Russian). */
fun Instant.short(words: Words): String =
    dateTime.withLocale(Locale.forLanguageTag(words.locale.shownIn)).withZone(ZoneId.systemDefault()).format(this)

/** A row of buttons at the foot of a screen, spread out. */
@Composable
fun ButtonRow(modifier: Modifier = Modifier, content: @Composable () -> Unit) {
    Row(
        modifier = modifier.fillMaxWidth().padding(vertical = 8.dp),
        horizontalArrangement = Arrangement.spacedBy(8.dp, Alignment.End),
        verticalAlignment = Alignment.CenterVertically,
    ) { content() }
}

@Composable
fun BackTextButton(onBack: () -> Unit) {
    TextButton(onClick = onBack) { Text(LocalWords.current.text("app-back")) }
}

/**
 * The strength of a passcode being chosen: a bar of the core's score (0 to 4), red
 * below the score a new passcode needs, and its one line of advice. Nothing while
 * nothing is typed.
 */
@Composable
fun PasscodeStrengthBar(strength: PasscodeStrength?, modifier: Modifier = Modifier) {
    if (strength == null) return
    val score = strength.score.toInt()
    val enough = score >= strength.minimumScore.toInt()
    val color = if (enough) MaterialTheme.colorScheme.primary else MaterialTheme.colorScheme.error
    Column(modifier = modifier.fillMaxWidth(), verticalArrangement = Arrangement.spacedBy(4.dp)) {
        LinearProgressIndicator(
            progress = { (score + 1) / 5f },
            color = color,
            modifier = Modifier.fillMaxWidth(),
        )
        Text(
            LocalWords.current.text(
                when (score) {
                    0 -> "app-strength-very-weak"
                    1 -> "app-strength-weak"
                    2 -> "app-strength-fair"
                    3 -> "app-strength-strong"
                    else -> "app-strength-very-strong"
                },
            ),
            color = color,
            style = MaterialTheme.typography.labelMedium,
        )
        strength.adviceKey?.let { Text(LocalWords.current.text(it), style = MaterialTheme.typography.bodySmall) }
    }
}
