package org.senim.app.ui

import androidx.compose.foundation.clickable
import androidx.compose.foundation.layout.Arrangement
import androidx.compose.foundation.layout.Box
import androidx.compose.foundation.layout.Column
import androidx.compose.foundation.layout.Row
import androidx.compose.foundation.layout.fillMaxSize
import androidx.compose.foundation.layout.fillMaxWidth
import androidx.compose.foundation.layout.padding
import androidx.compose.foundation.rememberScrollState
import androidx.compose.foundation.text.KeyboardOptions
import androidx.compose.foundation.verticalScroll
import androidx.compose.material3.AlertDialog
import androidx.compose.material3.Button
import androidx.compose.material3.Card
import androidx.compose.material3.CardDefaults
import androidx.compose.material3.Checkbox
import androidx.compose.material3.DropdownMenu
import androidx.compose.material3.DropdownMenuItem
import androidx.compose.material3.ExperimentalMaterial3Api
import androidx.compose.material3.LinearProgressIndicator
import androidx.compose.material3.MaterialTheme
import androidx.compose.material3.OutlinedButton
import androidx.compose.material3.OutlinedTextField
import androidx.compose.material3.RadioButton
import androidx.compose.material3.Scaffold
import androidx.compose.material3.Text
import androidx.compose.material3.TextButton
import androidx.compose.material3.TopAppBar
import androidx.compose.runtime.Composable
import androidx.compose.runtime.LaunchedEffect
import androidx.compose.runtime.getValue
import androidx.compose.runtime.mutableStateOf
import androidx.compose.runtime.remember
import androidx.compose.runtime.setValue
import androidx.compose.ui.Alignment
import androidx.compose.ui.Modifier
import androidx.compose.ui.text.font.FontWeight
import androidx.compose.ui.text.input.KeyboardType
import androidx.compose.ui.unit.dp
import androidx.lifecycle.compose.collectAsStateWithLifecycle
import org.senim.app.LocalWords
import org.senim.app.Words
import org.senim.core.AnswerValue
import org.senim.core.ConsentScope
import org.senim.core.LocalText
import org.senim.core.Question
import org.senim.core.QuestionKind
import org.senim.presentation.InterviewViewModel
import org.senim.presentation.WizardScreen

/**
 * The screening interview wizard: language, consent first, one question per screen
 * (back, skip, decline, stop, language switch), then the result with its explanation
 * and the recommended services. Every rule is the core's; this renders the wizard's
 * state and sends its events.
 *
 * The quick exit (the top bar's exit button, or the back gesture held) leaves at once
 * for [onQuickExit]'s neutral screen, keeping what was answered. Section titles, levels
 * and indicator names are never shown while the person answers: only the result,
 * which is for the worker, names them.
 */
@OptIn(ExperimentalMaterial3Api::class)
@Composable
fun InterviewScreen(model: InterviewViewModel, onClose: () -> Unit, onQuickExit: () -> Unit) {
    val state by model.state.collectAsStateWithLifecycle()
    val screen = state.screen
    var confirmStop by remember { mutableStateOf(false) }
    val w = LocalWords.current
    val inProgress = screen is WizardScreen.Consent || screen is WizardScreen.Asking || screen is WizardScreen.Review

    if (screen == WizardScreen.Exited) {
        // Nothing of the interview is drawn: the neutral screen replaces it at once.
        LaunchedEffect(Unit) { onQuickExit() }
        return
    }

    SystemBackHandler(
        onHeld = { model.quickExit() },
    ) {
        when {
            screen is WizardScreen.Asking && screen.canGoBack -> model.back()
            screen is WizardScreen.Review -> model.back()
            inProgress -> confirmStop = true
            else -> onClose()
        }
    }

    Scaffold(
        contentWindowInsets = NoInsets,
        topBar = {
            TopAppBar(
                title = { Text(w.text("app-interview-title")) },
                windowInsets = NoInsets,
                navigationIcon = {
                    TextButton(onClick = { if (inProgress) confirmStop = true else onClose() }) {
                        Text(w.text(if (inProgress) "app-interview-stop" else "app-close"))
                    }
                },
                actions = {
                    if (screen !is WizardScreen.Result && screen !is WizardScreen.Stopped && state.languages.size > 1) {
                        LanguageMenu(state.language, state.languages, state.languageNames, enabled = !state.working, onChoose = { model.chooseLanguage(it) })
                    }
                },
            )
        },
        bottomBar = {
            if (inProgress) {
                // Always on screen, and never disabled, not even while a call runs.
                Row(Modifier.fillMaxWidth().padding(horizontal = 16.dp, vertical = 8.dp), horizontalArrangement = Arrangement.End) {
                    OutlinedButton(onClick = { model.quickExit() }) { Text(w.text("app-interview-quick-exit")) }
                }
            }
        },
    ) { padding ->
        Column(
            Modifier
                .padding(padding)
                .fillMaxSize()
                .verticalScroll(rememberScrollState())
                .padding(16.dp),
            verticalArrangement = Arrangement.spacedBy(12.dp),
        ) {
            state.emergency?.let { Emergency(it, state.language, onDismiss = model::dismissEmergency) }
            ErrorText(state.error)
            when (screen) {
                WizardScreen.Loading -> Loading(Modifier.fillMaxWidth())
                is WizardScreen.Language -> LanguageStep(screen, state.languageNames, state.working, model)
                is WizardScreen.Consent -> ConsentStep(screen, state.language, state.working, model)
                is WizardScreen.Asking -> QuestionStep(screen, state.language, state.working, model)
                is WizardScreen.Review -> ReviewStep(screen, state.working, model)
                is WizardScreen.Result -> AssessmentResult(
                    screen = screen,
                    language = state.language,
                    working = state.working,
                    onRefer = { service, reason -> model.refer(service, reason) },
                    onDone = onClose,
                )
                WizardScreen.Stopped -> {
                    Text(w.text("app-interview-stopped"), style = MaterialTheme.typography.titleMedium)
                    Text(w.text("app-interview-stopped-kept"))
                    ButtonRow { Button(onClick = onClose) { Text(w.text("app-done")) } }
                }
            }
        }
    }

    if (confirmStop) {
        AlertDialog(
            onDismissRequest = { confirmStop = false },
            title = { Text(w.text("app-interview-stop-title")) },
            text = { Text(w.text("app-interview-stop-explained")) },
            confirmButton = {
                TextButton(onClick = { confirmStop = false; model.stop() }) { Text(w.text("app-interview-stop")) }
            },
            dismissButton = { TextButton(onClick = { confirmStop = false }) { Text(w.text("app-interview-continue")) } },
        )
    }
}

@Composable
private fun LanguageMenu(current: String, languages: List<String>, names: Map<String, String>, enabled: Boolean, onChoose: (String) -> Unit) {
    var open by remember { mutableStateOf(false) }
    Box {
        TextButton(onClick = { open = true }, enabled = enabled) { Text(current.uppercase()) }
        DropdownMenu(expanded = open, onDismissRequest = { open = false }) {
            languages.forEach { language ->
                DropdownMenuItem(
                    text = { Text(languageName(language, names)) },
                    onClick = { open = false; onChoose(language) },
                )
            }
        }
    }
}

/**
 * An interview language by its own name: the form's names (with the script where a
 * language has two, "Ўзбекча (кирилл)"), else the catalog's.
 */
fun languageName(code: String, names: Map<String, String> = emptyMap()): String = names[code] ?: Words.nativeName(code)

@Composable
private fun Emergency(text: LocalText, language: String, onDismiss: () -> Unit) {
    val w = LocalWords.current
    Card(colors = CardDefaults.cardColors(containerColor = SenimColors.Danger, contentColor = SenimColors.OnDanger)) {
        Column(Modifier.padding(16.dp), verticalArrangement = Arrangement.spacedBy(8.dp)) {
            Text(w.text("app-interview-danger"), style = MaterialTheme.typography.titleMedium, fontWeight = FontWeight.Bold)
            LocalTextView(text, language = language)
            TextButton(onClick = onDismiss) { Text(w.text("app-done"), color = SenimColors.OnDanger) }
        }
    }
}

@Composable
private fun LanguageStep(screen: WizardScreen.Language, names: Map<String, String>, working: Boolean, model: InterviewViewModel) {
    val w = LocalWords.current
    LocalTextView(screen.form.title, style = MaterialTheme.typography.titleLarge)
    Text(w.text("app-interview-language"))
    screen.form.languages.forEach { language ->
        Row(
            Modifier.fillMaxWidth().clickable { model.chooseLanguage(language) },
            verticalAlignment = Alignment.CenterVertically,
        ) {
            RadioButton(selected = screen.selected == language, onClick = { model.chooseLanguage(language) })
            Text(languageName(language, names))
        }
    }
    Text(w.text("app-interview-nothing-stored"), style = MaterialTheme.typography.bodySmall)
    ButtonRow { Button(onClick = { model.begin() }, enabled = !working) { Text(w.text("app-interview-begin")) } }
}

@Composable
private fun ConsentStep(screen: WizardScreen.Consent, language: String, working: Boolean, model: InterviewViewModel) {
    val w = LocalWords.current
    Text(w.text("app-interview-read-this"), style = MaterialTheme.typography.titleMedium)
    LocalTextView(screen.script.purpose, language = language)
    LocalTextView(screen.script.useOfInformation, language = language)
    LocalTextView(screen.script.rightToRefuse, language = language)
    LocalTextView(screen.script.rightToStop, language = language)
    Text(w.text("app-interview-agrees"), style = MaterialTheme.typography.titleSmall)
    ConsentScope.entries.forEach { scope ->
        Row(
            Modifier.fillMaxWidth().clickable { model.toggleScope(scope) },
            verticalAlignment = Alignment.CenterVertically,
        ) {
            Checkbox(checked = scope in screen.scopes, onCheckedChange = { model.toggleScope(scope) })
            Text(
                w.text(
                    when (scope) {
                        ConsentScope.SCREENING -> "app-interview-scope-screening"
                        ConsentScope.REFERRAL -> "app-interview-scope-referral"
                        ConsentScope.SHARING -> "app-interview-scope-sharing"
                    },
                ),
            )
        }
    }
    if (!screen.canContinue) {
        Text(w.text("app-interview-consent-needed"), color = MaterialTheme.colorScheme.error)
    }
    ButtonRow { Button(onClick = { model.giveConsent() }, enabled = screen.canContinue && !working) { Text(w.text("app-interview-record-consent")) } }
}

@Composable
private fun QuestionStep(screen: WizardScreen.Asking, language: String, working: Boolean, model: InterviewViewModel) {
    val q = screen.question
    val w = LocalWords.current
    val total = q.total.toInt().coerceAtLeast(1)
    LinearProgressIndicator(
        progress = { q.number.toFloat() / total },
        modifier = Modifier.fillMaxWidth(),
    )
    Text(w.format("app-interview-question", "number" to q.number, "total" to q.total), style = MaterialTheme.typography.labelMedium)
    LocalTextView(q.label, language = language, style = MaterialTheme.typography.titleLarge)
    q.help?.let { LocalTextView(it, language = language, style = MaterialTheme.typography.bodyMedium) }
    if (q.required) Text(w.text("app-interview-required"), style = MaterialTheme.typography.labelSmall)

    // The answer being composed, for this question in this language.
    AnswerInput(q, language, enabled = !working, onAnswer = { model.answer(it) })

    ButtonRow {
        TextButton(onClick = { model.back() }, enabled = screen.canGoBack && !working) { Text(w.text("app-back")) }
        if (screen.canSkip) TextButton(onClick = { model.skip() }, enabled = !working) { Text(w.text("app-interview-skip")) }
        OutlinedButton(onClick = { model.answer(AnswerValue.Declined) }, enabled = !working) { Text(w.text("app-interview-declines")) }
    }
}

@Composable
private fun AnswerInput(q: Question, language: String, enabled: Boolean, onAnswer: (AnswerValue) -> Unit) {
    val w = LocalWords.current
    when (q.kind) {
        QuestionKind.YES_NO -> {
            val given = q.answer
            Row(horizontalArrangement = Arrangement.spacedBy(8.dp)) {
                ChoiceButton(w.text("app-interview-yes"), given == AnswerValue.Yes, enabled) { onAnswer(AnswerValue.Yes) }
                ChoiceButton(w.text("app-interview-no"), given == AnswerValue.No, enabled) { onAnswer(AnswerValue.No) }
                ChoiceButton(w.text("app-interview-dont-know"), given == AnswerValue.Unknown, enabled) { onAnswer(AnswerValue.Unknown) }
            }
        }
        QuestionKind.SINGLE_CHOICE -> {
            var chosen by remember(q.id, language) { mutableStateOf((q.answer as? AnswerValue.Choice)?.option) }
            q.options.forEach { option ->
                Row(
                    Modifier.fillMaxWidth().clickable(enabled = enabled) { chosen = option.id },
                    verticalAlignment = Alignment.CenterVertically,
                ) {
                    RadioButton(selected = chosen == option.id, onClick = { chosen = option.id }, enabled = enabled)
                    LocalTextView(option.label, language = language)
                }
            }
            NextButton(enabled && chosen != null) { chosen?.let { onAnswer(AnswerValue.Choice(it)) } }
        }
        QuestionKind.MULTIPLE_CHOICE -> {
            var chosen by remember(q.id, language) {
                mutableStateOf((q.answer as? AnswerValue.Choices)?.options?.toSet() ?: emptySet())
            }
            q.options.forEach { option ->
                val toggle = { chosen = if (option.id in chosen) chosen - option.id else chosen + option.id }
                Row(
                    Modifier.fillMaxWidth().clickable(enabled = enabled, onClick = toggle),
                    verticalAlignment = Alignment.CenterVertically,
                ) {
                    Checkbox(checked = option.id in chosen, onCheckedChange = { toggle() }, enabled = enabled)
                    LocalTextView(option.label, language = language)
                }
            }
            // Keep the form's order of options.
            NextButton(enabled) { onAnswer(AnswerValue.Choices(q.options.map { it.id }.filter { it in chosen })) }
        }
        QuestionKind.TEXT -> {
            var text by remember(q.id) { mutableStateOf((q.answer as? AnswerValue.Text)?.text ?: "") }
            OutlinedTextField(value = text, onValueChange = { text = it }, enabled = enabled, modifier = Modifier.fillMaxWidth())
            NextButton(enabled && text.isNotBlank()) { onAnswer(AnswerValue.Text(text.trim())) }
        }
        QuestionKind.INTEGER -> {
            var text by remember(q.id) { mutableStateOf((q.answer as? AnswerValue.Integer)?.value?.toString() ?: "") }
            val value = text.trim().toLongOrNull()
            OutlinedTextField(
                value = text,
                onValueChange = { text = it },
                enabled = enabled,
                singleLine = true,
                keyboardOptions = KeyboardOptions(keyboardType = KeyboardType.Number),
                isError = text.isNotBlank() && value == null,
                modifier = Modifier.fillMaxWidth(),
            )
            NextButton(enabled && value != null) { value?.let { onAnswer(AnswerValue.Integer(it)) } }
        }
        QuestionKind.DATE -> {
            var text by remember(q.id) { mutableStateOf((q.answer as? AnswerValue.Date)?.iso ?: "") }
            OutlinedTextField(
                value = text,
                onValueChange = { text = it },
                label = { Text(w.text("app-interview-date-format")) },
                enabled = enabled,
                singleLine = true,
                keyboardOptions = KeyboardOptions(keyboardType = KeyboardType.Number),
                modifier = Modifier.fillMaxWidth(),
            )
            // The core checks the date and says so when it is not one.
            NextButton(enabled && text.isNotBlank()) { onAnswer(AnswerValue.Date(text.trim())) }
        }
        QuestionKind.COUNTRY -> {
            var text by remember(q.id) { mutableStateOf((q.answer as? AnswerValue.Country)?.code ?: "") }
            OutlinedTextField(
                value = text,
                onValueChange = { text = it.uppercase().take(2) },
                label = { Text(w.text("app-interview-country")) },
                enabled = enabled,
                singleLine = true,
                modifier = Modifier.fillMaxWidth(),
            )
            NextButton(enabled && text.length == 2) { onAnswer(AnswerValue.Country(text)) }
        }
    }
}

@Composable
private fun ChoiceButton(label: String, selected: Boolean, enabled: Boolean, onClick: () -> Unit) {
    if (selected) {
        Button(onClick = onClick, enabled = enabled) { Text(label) }
    } else {
        OutlinedButton(onClick = onClick, enabled = enabled) { Text(label) }
    }
}

@Composable
private fun NextButton(enabled: Boolean, onClick: () -> Unit) {
    ButtonRow { Button(onClick = onClick, enabled = enabled) { Text(LocalWords.current.text("app-next")) } }
}

@Composable
private fun ReviewStep(screen: WizardScreen.Review, working: Boolean, model: InterviewViewModel) {
    val w = LocalWords.current
    Text(w.text("app-interview-end"), style = MaterialTheme.typography.titleLarge)
    val p = screen.progress
    Text(w.format("app-interview-progress", "answered" to p.answered, "visible" to p.visible, "skipped" to p.skipped))
    if (screen.missingRequired.isNotEmpty()) {
        Text(
            w.format("app-interview-missing", "questions" to screen.missingRequired.joinToString(", ")),
            color = MaterialTheme.colorScheme.error,
        )
    }
    ButtonRow {
        TextButton(onClick = { model.back() }, enabled = !working) { Text(w.text("app-back")) }
        Button(onClick = { model.finish() }, enabled = screen.canFinish && !working) { Text(w.text("app-interview-see-result")) }
    }
}
