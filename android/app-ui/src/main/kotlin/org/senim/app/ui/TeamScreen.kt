package org.senim.app.ui

import androidx.compose.foundation.layout.Arrangement
import androidx.compose.foundation.layout.Column
import androidx.compose.foundation.layout.ColumnScope
import androidx.compose.foundation.layout.Row
import androidx.compose.foundation.layout.fillMaxSize
import androidx.compose.foundation.layout.fillMaxWidth
import androidx.compose.foundation.layout.padding
import androidx.compose.foundation.rememberScrollState
import androidx.compose.foundation.text.selection.SelectionContainer
import androidx.compose.foundation.verticalScroll
import androidx.compose.material3.Button
import androidx.compose.material3.ExperimentalMaterial3Api
import androidx.compose.material3.LinearProgressIndicator
import androidx.compose.material3.MaterialTheme
import androidx.compose.material3.OutlinedButton
import androidx.compose.material3.OutlinedTextField
import androidx.compose.material3.Scaffold
import androidx.compose.material3.Switch
import androidx.compose.material3.Text
import androidx.compose.material3.TopAppBar
import androidx.compose.runtime.Composable
import androidx.compose.runtime.getValue
import androidx.compose.runtime.mutableStateOf
import androidx.compose.runtime.remember
import androidx.compose.runtime.setValue
import androidx.compose.ui.Alignment
import androidx.compose.ui.Modifier
import androidx.compose.ui.text.font.FontFamily
import androidx.compose.ui.unit.dp
import androidx.lifecycle.compose.collectAsStateWithLifecycle
import org.senim.app.LeadPage
import org.senim.app.LocalWords
import org.senim.core.TeamRole
import org.senim.core.joinRequestVerification
import org.senim.core.welcomeVerification
import org.senim.presentation.TeamState
import org.senim.presentation.TeamViewModel

/**
 * Team enrolment. A new device shows its join request (QR code and text) to the lead,
 * then scans (or types) the lead's welcome, or creates a team of its own with the hub's
 * certificate pin. A lead scans a device's join request (with the team's history only
 * when switched on) and shows the welcome it gets back.
 */
@OptIn(ExperimentalMaterial3Api::class)
@Composable
fun TeamScreen(model: TeamViewModel, scanner: QrScanner, onBack: () -> Unit, onLead: (LeadPage) -> Unit = {}) {
    val state by model.state.collectAsStateWithLifecycle()
    val w = LocalWords.current

    val scanWelcome = scanner.rememberScan { text -> model.scanned(text) }
    var approveAsLead by remember { mutableStateOf(false) }
    val scanRequest = scanner.rememberScan { text ->
        model.approve(text, if (approveAsLead) TeamRole.LEAD else TeamRole.WORKER)
    }

    Scaffold(
        contentWindowInsets = NoInsets,
        topBar = {
            TopAppBar(title = { Text(w.text("app-team-title")) }, windowInsets = NoInsets, navigationIcon = { BackTextButton(onBack) })
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
            if (state.joined) {
                Joined(
                    state,
                    approveAsLead,
                    onAsLead = { approveAsLead = it },
                    onWithHistory = model::setApproveWithHistory,
                    onScanRequest = { scanRequest(w.text("app-team-scan-request-prompt")) },
                    onApprovePasted = { request -> model.approve(request, if (approveAsLead) TeamRole.LEAD else TeamRole.WORKER) },
                )
                if (state.isLead) LeadLinks(onLead)
            } else {
                Joining(state, model, onScanWelcome = { scanWelcome(w.text("app-team-scan-welcome-prompt")) })
                CreateTeam(state, model)
            }
        }
    }
}

@Composable
private fun ColumnScope.Joining(state: TeamState, model: TeamViewModel, onScanWelcome: () -> Unit) {
    val w = LocalWords.current
    Text(w.text("app-team-step-request"), style = MaterialTheme.typography.titleMedium)
    val request = state.joinRequest
    if (request == null) {
        OutlinedTextField(
            value = state.deviceName,
            onValueChange = model::setDeviceName,
            label = { Text(w.text("app-team-your-name")) },
            singleLine = true,
            modifier = Modifier.fillMaxWidth(),
        )
        Button(onClick = { model.showJoinRequest() }, enabled = state.canRequest) { Text(w.text("app-team-show-request")) }
    } else {
        QrCode(request, modifier = Modifier.align(Alignment.CenterHorizontally))
        CodeText(request)
        VerificationWords(w.text("app-team-lead-words"), runCatching { joinRequestVerification(request) }.getOrNull())
    }

    Text(w.text("app-team-step-welcome"), style = MaterialTheme.typography.titleMedium)
    OutlinedButton(onClick = onScanWelcome, enabled = !state.working) { Text(w.text("app-team-scan-welcome")) }
    OutlinedTextField(
        value = state.welcome,
        onValueChange = model::setWelcome,
        label = { Text(w.text("app-team-type-welcome")) },
        modifier = Modifier.fillMaxWidth(),
    )
    VerificationWords(w.text("app-team-join-words"), runCatching { welcomeVerification(state.welcome) }.getOrNull())
    Button(onClick = { model.join() }, enabled = state.canJoin) { Text(w.text("app-team-join")) }
}

/**
 * Or this phone leads a new team: its name, the lead's name, the hub's address and, for
 * an `https://` hub, the certificate fingerprint its operator read from `senim hub serve
 * --tls` (every member's phone will accept that certificate and no other).
 */
@Composable
private fun ColumnScope.CreateTeam(state: TeamState, model: TeamViewModel) {
    val form = state.newTeam
    val w = LocalWords.current
    Text(w.text("app-team-create-title"), style = MaterialTheme.typography.titleMedium)
    OutlinedTextField(
        value = form.name,
        onValueChange = { v -> model.editNewTeam { it.copy(name = v) } },
        label = { Text(w.text("app-team-name")) },
        singleLine = true,
        modifier = Modifier.fillMaxWidth(),
    )
    OutlinedTextField(
        value = form.leadName,
        onValueChange = { v -> model.editNewTeam { it.copy(leadName = v) } },
        label = { Text(w.text("app-team-your-name")) },
        singleLine = true,
        modifier = Modifier.fillMaxWidth(),
    )
    OutlinedTextField(
        value = form.hubUrl,
        onValueChange = { v -> model.editNewTeam { it.copy(hubUrl = v) } },
        label = { Text(w.text("app-team-hub-url")) },
        singleLine = true,
        modifier = Modifier.fillMaxWidth(),
    )
    OutlinedTextField(
        value = form.hubPin,
        onValueChange = { v -> model.editNewTeam { it.copy(hubPin = v) } },
        label = { Text(w.text("app-team-hub-pin")) },
        supportingText = {
            Text(w.text(if (form.pinMissing) "app-team-pin-missing" else "app-team-pin-explained"))
        },
        textStyle = MaterialTheme.typography.bodySmall.copy(fontFamily = FontFamily.Monospace),
        modifier = Modifier.fillMaxWidth(),
    )
    OutlinedTextField(
        value = form.registrationToken,
        onValueChange = { v -> model.editNewTeam { it.copy(registrationToken = v) } },
        label = { Text(w.text("app-team-token")) },
        singleLine = true,
        textStyle = MaterialTheme.typography.bodySmall.copy(fontFamily = FontFamily.Monospace),
        modifier = Modifier.fillMaxWidth(),
    )
    Button(onClick = { model.createTeam() }, enabled = state.canCreateTeam) { Text(w.text("app-team-create")) }
}

@Composable
private fun ColumnScope.Joined(
    state: TeamState,
    asLead: Boolean,
    onAsLead: (Boolean) -> Unit,
    onWithHistory: (Boolean) -> Unit,
    onScanRequest: () -> Unit,
    onApprovePasted: (String) -> Unit,
) {
    val team = state.team ?: return
    val w = LocalWords.current
    Text(team.name, style = MaterialTheme.typography.titleLarge)
    Text(w.format("app-team-hub", "hub" to team.hub))
    Text(
        w.text(
            when (team.role) {
                TeamRole.LEAD -> "app-team-role-lead"
                TeamRole.WORKER -> "app-team-role-worker"
                null -> "app-team-removed"
            },
        ),
    )
    Text(w.format("app-team-members", "count" to team.members, "epoch" to team.epoch), style = MaterialTheme.typography.bodySmall)
    Text(w.format("app-team-this-device", "device" to team.device), style = MaterialTheme.typography.bodySmall, fontFamily = FontFamily.Monospace)

    if (state.isLead) {
        Text(w.text("app-team-add-device"), style = MaterialTheme.typography.titleMedium)
        Row(verticalAlignment = Alignment.CenterVertically, horizontalArrangement = Arrangement.spacedBy(8.dp)) {
            Switch(checked = asLead, onCheckedChange = onAsLead)
            Text(w.text(if (asLead) "app-team-as-lead" else "app-team-as-worker"))
        }
        Row(verticalAlignment = Alignment.CenterVertically, horizontalArrangement = Arrangement.spacedBy(8.dp)) {
            Switch(checked = state.approveWithHistory, onCheckedChange = onWithHistory)
            Text(w.text("app-team-with-history"))
        }
        Text(
            w.text(if (state.approveWithHistory) "app-team-with-history-note" else "app-team-without-history-note"),
            style = MaterialTheme.typography.bodySmall,
        )
        Button(onClick = onScanRequest, enabled = !state.working) { Text(w.text("app-team-scan-request")) }
        // Or the request pasted (a laptop without a camera): its words are shown before
        // approving, for the lead to compare with the new device's screen.
        var pasted by remember { mutableStateOf("") }
        OutlinedTextField(
            value = pasted,
            onValueChange = { pasted = it },
            label = { Text(w.text("app-team-paste-request")) },
            textStyle = MaterialTheme.typography.bodySmall.copy(fontFamily = FontFamily.Monospace),
            modifier = Modifier.fillMaxWidth(),
        )
        val requestWords = pasted.takeIf { it.isNotBlank() }?.let { runCatching { joinRequestVerification(it) }.getOrNull() }
        if (pasted.isNotBlank() && requestWords == null) {
            Text(w.text("app-team-request-unreadable"), color = MaterialTheme.colorScheme.error, style = MaterialTheme.typography.bodySmall)
        }
        VerificationWords(w.text("app-team-request-words"), requestWords)
        Button(
            onClick = {
                onApprovePasted(pasted)
                pasted = ""
            },
            enabled = requestWords != null && !state.working,
        ) { Text(w.text("app-team-approve-pasted")) }
        state.approvedWelcome?.let { welcome ->
            Text(w.text("app-team-show-welcome"), style = MaterialTheme.typography.titleSmall)
            QrCode(welcome, modifier = Modifier.align(Alignment.CenterHorizontally))
            CodeText(welcome)
            VerificationWords(w.text("app-team-new-device-words"), runCatching { welcomeVerification(welcome) }.getOrNull())
        }
    }
}

/**
 * A code's verification words (from the core), which the other device must show too: a
 * code swapped on the way shows other words. Nothing while the code is incomplete.
 */
@Composable
private fun VerificationWords(prompt: String, words: String?) {
    if (words == null) return
    Text(prompt, style = MaterialTheme.typography.titleSmall)
    Text(words, style = MaterialTheme.typography.headlineSmall, fontFamily = FontFamily.Monospace)
}

/** A code as text, selectable, for reading it out or typing it when no camera works. */
@Composable
private fun CodeText(code: String) {
    SelectionContainer {
        Text(code, fontFamily = FontFamily.Monospace, style = MaterialTheme.typography.bodySmall)
    }
}
