package org.senim.app.ui

import androidx.compose.foundation.layout.Arrangement
import androidx.compose.foundation.layout.ExperimentalLayoutApi
import androidx.compose.foundation.layout.FlowRow
import androidx.compose.foundation.layout.Column
import androidx.compose.foundation.layout.Row
import androidx.compose.foundation.layout.fillMaxWidth
import androidx.compose.foundation.layout.padding
import androidx.compose.material3.AlertDialog
import androidx.compose.material3.Button
import androidx.compose.material3.Card
import androidx.compose.material3.CardDefaults
import androidx.compose.material3.HorizontalDivider
import androidx.compose.material3.MaterialTheme
import androidx.compose.material3.OutlinedButton
import androidx.compose.material3.OutlinedTextField
import androidx.compose.material3.Text
import androidx.compose.material3.TextButton
import androidx.compose.runtime.Composable
import androidx.compose.runtime.getValue
import androidx.compose.runtime.mutableStateOf
import androidx.compose.runtime.remember
import androidx.compose.runtime.setValue
import androidx.compose.ui.Alignment
import androidx.compose.ui.Modifier
import androidx.compose.ui.platform.LocalUriHandler
import androidx.compose.ui.text.font.FontWeight
import androidx.compose.ui.unit.dp
import org.senim.app.LocalWords
import org.senim.core.AssessmentView
import org.senim.core.RiskLevel
import org.senim.core.ServiceView
import org.senim.presentation.WizardScreen

/**
 * The result of an interview: the level as advice to refer for full identification
 * (never a finding), why (answer → indicator → dimension → level), the disclaimer, and
 * the services recommended for it, each with its reasons and a referral button.
 */
@Composable
fun AssessmentResult(
    screen: WizardScreen.Result,
    language: String,
    working: Boolean,
    onRefer: (service: String, reason: String) -> Unit,
    onDone: () -> Unit,
) {
    val a = screen.assessment
    var referring by remember { mutableStateOf<ServiceView?>(null) }
    val w = LocalWords.current

    LevelCard(a, language)
    if (a.urgentSafety) {
        Card(colors = CardDefaults.cardColors(containerColor = SenimColors.Danger, contentColor = SenimColors.OnDanger)) {
            Column(Modifier.padding(16.dp), verticalArrangement = Arrangement.spacedBy(4.dp)) {
                Text(w.text("app-result-urgent-safety"), fontWeight = FontWeight.Bold)
                a.emergency?.let { LocalTextView(it, language = language) }
            }
        }
    }
    if (a.minor) {
        Text(
            w.text("app-result-minor"),
            color = MaterialTheme.colorScheme.error,
            fontWeight = FontWeight.Bold,
        )
    }

    Text(w.text("app-result-why"), style = MaterialTheme.typography.titleMedium)
    a.explanation.forEach { LocalTextView(it, language = language, style = MaterialTheme.typography.bodyMedium) }

    if (a.indicators.isNotEmpty()) {
        Text(w.text("app-result-indicators"), style = MaterialTheme.typography.titleMedium)
        a.indicators.forEach { i ->
            Column {
                Row(horizontalArrangement = Arrangement.spacedBy(8.dp), verticalAlignment = Alignment.CenterVertically) {
                    Tag(i.strength, MaterialTheme.colorScheme.secondaryContainer, MaterialTheme.colorScheme.onSecondaryContainer)
                    Text(i.dimension, style = MaterialTheme.typography.labelLarge)
                }
                LocalTextView(i.explanation, language = language, style = MaterialTheme.typography.bodyMedium)
                if (i.needsReview) {
                    Text(w.text("app-result-strength-review"), style = MaterialTheme.typography.labelSmall)
                }
            }
        }
    }
    if (a.needs.isNotEmpty()) {
        Text(w.format("app-result-needs", "needs" to a.needs.joinToString(", ")), style = MaterialTheme.typography.bodyMedium)
    }
    LocalTextView(a.disclaimer, language = language, style = MaterialTheme.typography.bodySmall)

    HorizontalDivider()
    Text(w.text("app-result-services"), style = MaterialTheme.typography.titleMedium)
    if (screen.services.isEmpty()) Text(w.text("app-result-no-service"))
    screen.services.forEach { s ->
        ServiceCard(
            service = s,
            language = language,
            referral = screen.referred[s.service],
            working = working,
            onRefer = { referring = s },
        )
    }
    ButtonRow { Button(onClick = onDone) { Text(w.text("app-done")) } }

    referring?.let { s ->
        ReferDialog(
            service = s,
            onDismiss = { referring = null },
            onConfirm = { reason ->
                referring = null
                onRefer(s.service, reason)
            },
        )
    }
}

@Composable
private fun LevelCard(a: AssessmentView, language: String) {
    val (background, foreground, key) = when (a.level) {
        RiskLevel.NONE -> Triple(SenimColors.Calm, SenimColors.OnCalm, "app-result-none")
        RiskLevel.MONITOR -> Triple(SenimColors.Warning, SenimColors.OnWarning, "app-result-monitor")
        RiskLevel.POSSIBLE -> Triple(SenimColors.Danger, SenimColors.OnDanger, "app-result-possible")
        RiskLevel.LIKELY -> Triple(SenimColors.Danger, SenimColors.OnDanger, "app-result-likely")
    }
    val words = LocalWords.current
    // The headline is the rule set's, in the interview's language; the label says the
    // same in the app's. Shown only when they differ, so the worker reads it once.
    val headlineInAppLanguage = a.headline.language in setOf(words.tag, words.locale.shownIn)
    Card(colors = CardDefaults.cardColors(containerColor = background, contentColor = foreground)) {
        Column(Modifier.padding(16.dp).fillMaxWidth(), verticalArrangement = Arrangement.spacedBy(4.dp)) {
            if (!headlineInAppLanguage) Text(words.text(key), style = MaterialTheme.typography.labelLarge)
            LocalTextView(a.headline, language = language, style = MaterialTheme.typography.titleLarge, fontWeight = FontWeight.Bold)
        }
    }
}

@OptIn(ExperimentalLayoutApi::class)
@Composable
private fun ServiceCard(service: ServiceView, language: String, referral: String?, working: Boolean, onRefer: () -> Unit) {
    val uri = LocalUriHandler.current
    val w = LocalWords.current
    Card(Modifier.fillMaxWidth()) {
        Column(Modifier.padding(16.dp), verticalArrangement = Arrangement.spacedBy(6.dp)) {
            Row(horizontalArrangement = Arrangement.spacedBy(8.dp), verticalAlignment = Alignment.CenterVertically) {
                if (service.urgent) Tag(w.text("app-result-urgent"), SenimColors.Danger, SenimColors.OnDanger)
                Tag(service.kind.replace('_', ' '), MaterialTheme.colorScheme.secondaryContainer, MaterialTheme.colorScheme.onSecondaryContainer)
            }
            LocalTextView(service.name, language = language, style = MaterialTheme.typography.titleMedium)
            LocalTextView(service.description, language = language, style = MaterialTheme.typography.bodyMedium)
            service.reasons.forEach {
                LocalTextView(it, language = language, style = MaterialTheme.typography.bodySmall)
            }
            if (service.placeholder) {
                val text = service.placeholderText
                if (text != null) {
                    LocalTextView(text, language = language, style = MaterialTheme.typography.bodySmall)
                } else {
                    Text(w.text("app-result-no-contact"), style = MaterialTheme.typography.bodySmall)
                }
            }
            if (service.needsReview) {
                Text(w.text("app-result-entry-review"), style = MaterialTheme.typography.labelSmall)
            }
            // The call and the referral side by side, or one under the other where the
            // app's language makes them too wide for the phone.
            FlowRow(
                horizontalArrangement = Arrangement.spacedBy(8.dp),
                verticalArrangement = Arrangement.spacedBy(4.dp),
                itemVerticalAlignment = Alignment.CenterVertically,
            ) {
                service.phone?.let { phone ->
                    OutlinedButton(onClick = { uri.openUri("tel:" + phone.filter { it == '+' || it.isDigit() }) }) { Text(w.format("app-result-call", "phone" to phone)) }
                }
                if (referral != null) {
                    Text(w.text("app-result-referred"), color = SenimColors.Calm, fontWeight = FontWeight.Bold)
                } else {
                    Button(onClick = onRefer, enabled = !working) { Text(w.text("app-result-refer")) }
                }
            }
        }
    }
}

/** The referral's reason, stored with it (encrypted); prefilled from the recommendation. */
@Composable
private fun ReferDialog(service: ServiceView, onDismiss: () -> Unit, onConfirm: (String) -> Unit) {
    var reason by remember(service.service) { mutableStateOf(service.reasons.firstOrNull()?.text ?: "") }
    val w = LocalWords.current
    AlertDialog(
        onDismissRequest = onDismiss,
        title = { Text(w.format("app-result-refer-to", "service" to service.name.text)) },
        text = {
            Column(verticalArrangement = Arrangement.spacedBy(8.dp)) {
                Text(w.text("app-result-refer-consent"))
                OutlinedTextField(value = reason, onValueChange = { reason = it }, label = { Text(w.text("app-result-reason")) })
            }
        },
        confirmButton = { TextButton(onClick = { onConfirm(reason.trim()) }) { Text(w.text("app-result-refer")) } },
        dismissButton = { TextButton(onClick = onDismiss) { Text(w.text("app-cancel")) } },
    )
}
