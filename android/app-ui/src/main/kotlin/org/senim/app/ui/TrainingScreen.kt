package org.senim.app.ui

import androidx.compose.foundation.clickable
import androidx.compose.foundation.layout.Arrangement
import androidx.compose.foundation.layout.Column
import androidx.compose.foundation.layout.ColumnScope
import androidx.compose.foundation.layout.fillMaxSize
import androidx.compose.foundation.layout.fillMaxWidth
import androidx.compose.foundation.layout.padding
import androidx.compose.foundation.rememberScrollState
import androidx.compose.foundation.verticalScroll
import androidx.compose.material3.Button
import androidx.compose.material3.Card
import androidx.compose.material3.ExperimentalMaterial3Api
import androidx.compose.material3.HorizontalDivider
import androidx.compose.material3.LinearProgressIndicator
import androidx.compose.material3.MaterialTheme
import androidx.compose.material3.OutlinedButton
import androidx.compose.material3.Scaffold
import androidx.compose.material3.Text
import androidx.compose.material3.TopAppBar
import androidx.compose.runtime.Composable
import androidx.compose.runtime.LaunchedEffect
import androidx.compose.runtime.getValue
import androidx.compose.ui.Modifier
import androidx.compose.ui.unit.dp
import androidx.lifecycle.compose.collectAsStateWithLifecycle
import org.senim.app.LocalWords
import org.senim.app.Words
import org.senim.core.FindingKind
import org.senim.core.RiskLevel
import org.senim.core.ScenarioSummary
import org.senim.core.ScenarioView
import org.senim.core.TrainingFinding
import org.senim.core.TrainingResult
import org.senim.presentation.TrainingViewModel

/** A level's name (the report's words for the four levels), for training and the team's records. */
fun levelName(w: Words, level: RiskLevel): String = w.text(
    when (level) {
        RiskLevel.NONE -> "app-lead-level-none"
        RiskLevel.MONITOR -> "app-lead-level-monitor"
        RiskLevel.POSSIBLE -> "app-lead-level-possible"
        RiskLevel.LIKELY -> "app-lead-level-likely"
    },
)

/**
 * Training: the scenarios with the level each key scores; a scenario's persona and
 * script, its key behind a toggle (a trainee reading along sees none); a practice
 * interview against it (the interview wizard, in a demo vault only); and the practice
 * compared with the key, each difference with its points and why it matters.
 */
@OptIn(ExperimentalMaterial3Api::class)
@Composable
fun TrainingScreen(model: TrainingViewModel, demo: Boolean, onBack: () -> Unit, onQuickExit: () -> Unit) {
    val state by model.state.collectAsStateWithLifecycle()
    val w = LocalWords.current
    LaunchedEffect(w.tag) {
        model.load(w.tag)
        model.state.value.open?.let { model.open(it.summary.id, w.tag) }
    }
    val practice = state.practice
    if (practice != null) {
        InterviewScreen(
            practice,
            onClose = { model.closePractice(w.tag) },
            onQuickExit = {
                model.dropPractice()
                onQuickExit()
            },
        )
        return
    }
    val title = when {
        state.result != null -> "app-training-result-title"
        else -> "app-training-title"
    }
    Scaffold(
        contentWindowInsets = NoInsets,
        topBar = {
            TopAppBar(
                title = { Text(w.text(title)) },
                windowInsets = NoInsets,
                navigationIcon = { BackTextButton { if (!model.back()) onBack() } },
            )
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
            if (state.working) LinearProgressIndicator(modifier = Modifier.fillMaxWidth())
            ErrorText(state.error)
            val open = state.open
            val result = state.result
            when {
                result != null && open != null -> Result(result, open, onAgain = { model.practise() })
                open != null -> Scenario(open, state.showKey, demo, onToggleKey = model::toggleKey, onPractise = { model.practise() })
                else -> Scenarios(state.scenarios, onOpen = { model.open(it, w.tag) })
            }
        }
    }
}

@Composable
private fun ColumnScope.Scenarios(list: List<ScenarioSummary>, onOpen: (String) -> Unit) {
    val w = LocalWords.current
    Text(w.text("app-training-explained"), style = MaterialTheme.typography.bodySmall)
    for (s in list) {
        Card(Modifier.fillMaxWidth().clickable { onOpen(s.id) }) {
            Column(Modifier.padding(12.dp), verticalArrangement = Arrangement.spacedBy(4.dp)) {
                Text(s.title, style = MaterialTheme.typography.titleMedium)
                Text(persona(w, s), style = MaterialTheme.typography.labelMedium)
                Text(s.summary, style = MaterialTheme.typography.bodySmall)
                Text(
                    w.format("app-training-key-level", "level" to levelName(w, s.level), "count" to s.indicators),
                    style = MaterialTheme.typography.labelMedium,
                )
            }
        }
    }
}

private fun persona(w: Words, s: ScenarioSummary): String =
    w.format("app-training-persona", "alias" to s.alias, "nationality" to s.nationality, "age" to s.ageBand.replace('_', '–'))

@Composable
private fun ColumnScope.Scenario(s: ScenarioView, showKey: Boolean, demo: Boolean, onToggleKey: () -> Unit, onPractise: () -> Unit) {
    val w = LocalWords.current
    Text(s.summary.title, style = MaterialTheme.typography.titleLarge)
    Text(w.text("app-training-fictional"), style = MaterialTheme.typography.labelMedium, color = MaterialTheme.colorScheme.error)
    Text(persona(w, s.summary), style = MaterialTheme.typography.titleSmall)
    Text(s.summary.summary, style = MaterialTheme.typography.bodyMedium)
    for ((key, text) in listOf("app-training-where-met" to s.whereMet, "app-training-situation" to s.situation, "app-training-background" to s.background)) {
        Text(w.text(key), style = MaterialTheme.typography.titleSmall)
        Text(text, style = MaterialTheme.typography.bodyMedium)
    }
    if (demo) {
        Button(onClick = onPractise, modifier = Modifier.fillMaxWidth()) { Text(w.text("app-training-practise")) }
    } else {
        Text(w.text("app-training-practise-demo-only"), style = MaterialTheme.typography.bodySmall)
    }
    OutlinedButton(onClick = onToggleKey, modifier = Modifier.fillMaxWidth()) {
        Text(w.text(if (showKey) "app-training-hide-key" else "app-training-show-key"))
    }
    if (showKey) {
        Card(Modifier.fillMaxWidth()) {
            Column(Modifier.padding(12.dp), verticalArrangement = Arrangement.spacedBy(4.dp)) {
                Text(w.text("app-training-key"), style = MaterialTheme.typography.titleMedium)
                Text(w.format("app-training-key-level-named", "name" to s.levelName))
                Text(
                    w.format(
                        "app-training-key-indicators",
                        "indicators" to s.keyIndicators.joinToString(", ") { "${it.id} (${strengthWord(w, it.strength)})" }.ifEmpty { w.text("app-training-none") },
                    ),
                    style = MaterialTheme.typography.bodySmall,
                )
                Text(
                    w.format("app-training-danger", "questions" to s.danger.joinToString(", ").ifEmpty { w.text("app-training-none") }),
                    style = MaterialTheme.typography.bodySmall,
                )
            }
        }
    }
    HorizontalDivider()
    Text(w.text("app-training-script"), style = MaterialTheme.typography.titleMedium)
    val (onPath, offPath) = s.script.partition { it.onKeyPath }
    for ((i, line) in onPath.withIndex()) {
        Column(verticalArrangement = Arrangement.spacedBy(2.dp)) {
            Text("${i + 1}. ${line.label}", style = MaterialTheme.typography.titleSmall)
            Text(w.format("app-training-says", "text" to line.says), style = MaterialTheme.typography.bodyMedium)
            if (showKey) line.expected?.let { Text(w.format("app-training-expected", "answer" to it), style = MaterialTheme.typography.bodySmall, color = MaterialTheme.colorScheme.primary) }
        }
    }
    if (offPath.isNotEmpty()) {
        Text(w.text("app-training-off-path"), style = MaterialTheme.typography.titleSmall)
        for (line in offPath) {
            Text(line.label, style = MaterialTheme.typography.bodySmall)
            Text(w.format("app-training-says", "text" to line.says), style = MaterialTheme.typography.bodySmall)
        }
    }
}

@Composable
private fun ColumnScope.Result(r: TrainingResult, s: ScenarioView, onAgain: () -> Unit) {
    val w = LocalWords.current
    Text(s.summary.title, style = MaterialTheme.typography.titleSmall)
    Text(w.format("app-training-score", "score" to r.score), style = MaterialTheme.typography.headlineSmall)
    Text(
        w.format("app-training-level", "level" to levelName(w, r.level), "key" to levelName(w, r.expectedLevel), "points" to r.levelPenalty),
        style = MaterialTheme.typography.bodyMedium,
    )
    r.levelExplanation?.let { Text(it, style = MaterialTheme.typography.bodySmall) }
    if (r.perfect) Text(w.text("app-training-perfect"), style = MaterialTheme.typography.bodyMedium)
    for (f in r.findings) Finding(w, f)
    if (r.answersOffKey.isNotEmpty()) {
        Text(w.format("app-training-off-key", "questions" to r.answersOffKey.joinToString(", ")), style = MaterialTheme.typography.bodySmall)
    }
    Button(onClick = onAgain, modifier = Modifier.fillMaxWidth()) { Text(w.text("app-training-again")) }
}

@Composable
private fun Finding(w: Words, f: TrainingFinding) {
    val said = when (f.kind) {
        FindingKind.DANGER_MISSED -> w.format("app-training-finding-danger", "about" to f.about)
        FindingKind.INDICATOR_MISSED, FindingKind.INDICATOR_NOT_IN_KEY -> w.format(
            if (f.kind == FindingKind.INDICATOR_MISSED) "app-training-finding-missed" else "app-training-finding-extra",
            "about" to f.about,
            "strength" to strengthWord(w, f.expected),
            "dimension" to (f.given ?: ""),
        )
        FindingKind.ANSWER_DIFFERS -> w.format("app-training-finding-answer", "about" to f.about, "expected" to (f.expected ?: ""), "given" to (f.given ?: ""))
        FindingKind.QUESTION_MISSED -> w.format(
            "app-training-finding-question",
            "about" to f.about,
            "expected" to (f.expected ?: ""),
            "why" to w.text(missKey(f.given)),
        )
    }
    Card(Modifier.fillMaxWidth()) {
        Column(Modifier.padding(12.dp), verticalArrangement = Arrangement.spacedBy(4.dp)) {
            Text(said, style = MaterialTheme.typography.titleSmall)
            Text(w.format("app-training-points", "count" to f.penalty), style = MaterialTheme.typography.labelMedium, color = MaterialTheme.colorScheme.error)
            Text(f.explanation, style = MaterialTheme.typography.bodySmall)
        }
    }
}

/** An indicator's strength in words (one a later version added, as it is). */
private fun strengthWord(w: Words, strength: String?): String = when (strength) {
    "strong" -> w.text("app-training-strength-strong")
    "medium" -> w.text("app-training-strength-medium")
    "weak" -> w.text("app-training-strength-weak")
    else -> strength ?: ""
}

private fun missKey(reason: String?): String = when (reason) {
    "skipped" -> "app-training-miss-skipped"
    "not_asked" -> "app-training-miss-not-asked"
    else -> "app-training-miss-unanswered"
}
