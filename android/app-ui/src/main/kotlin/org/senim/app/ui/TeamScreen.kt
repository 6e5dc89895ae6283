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
fun TeamScreen(model: TeamViewModel, scanner: QrScanner, onBack: () -> Unit) {
    val state by model.state.collectAsStateWithLifecycle()

    val scanWelcome = scanner.rememberScan { text -> model.scanned(text) }
    var approveAsLead by remember { mutableStateOf(false) }
    val scanRequest = scanner.rememberScan { text ->
        model.approve(text, if (approveAsLead) TeamRole.LEAD else TeamRole.WORKER)
    }

    Scaffold(
        contentWindowInsets = NoInsets,
        topBar = {
            TopAppBar(title = { Text("Team") }, windowInsets = NoInsets, navigationIcon = { BackTextButton(onBack) })
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
                    onScanRequest = { scanRequest("Scan the new device's join request") },
                )
            } else {
                Joining(state, model, onScanWelcome = { scanWelcome("Scan the welcome on your lead's phone") })
                CreateTeam(state, model)
            }
        }
    }
}

@Composable
private fun ColumnScope.Joining(state: TeamState, model: TeamViewModel, onScanWelcome: () -> Unit) {
    Text("1. Show your join request to your team lead", style = MaterialTheme.typography.titleMedium)
    val request = state.joinRequest
    if (request == null) {
        OutlinedTextField(
            value = state.deviceName,
            onValueChange = model::setDeviceName,
            label = { Text("Your name, as the team will see it") },
            singleLine = true,
            modifier = Modifier.fillMaxWidth(),
        )
        Button(onClick = { model.showJoinRequest() }, enabled = state.canRequest) { Text("Show my join request") }
    } else {
        QrCode(request, modifier = Modifier.align(Alignment.CenterHorizontally))
        CodeText(request)
        VerificationWords("Your lead's screen must show these words:", runCatching { joinRequestVerification(request) }.getOrNull())
    }

    Text("2. Scan the welcome your lead shows you", style = MaterialTheme.typography.titleMedium)
    OutlinedButton(onClick = onScanWelcome, enabled = !state.working) { Text("Scan the welcome") }
    OutlinedTextField(
        value = state.welcome,
        onValueChange = model::setWelcome,
        label = { Text("…or type it") },
        modifier = Modifier.fillMaxWidth(),
    )
    VerificationWords("Join only if your lead's screen shows these words:", runCatching { welcomeVerification(state.welcome) }.getOrNull())
    Button(onClick = { model.join() }, enabled = state.canJoin) { Text("Join the team") }
}

/**
 * Or this phone leads a new team: its name, the lead's name, the hub's address and, for
 * an `https://` hub, the certificate fingerprint its operator read from `senim hub serve
 * --tls` (every member's phone will accept that certificate and no other).
 */
@Composable
private fun ColumnScope.CreateTeam(state: TeamState, model: TeamViewModel) {
    val form = state.newTeam
    Text("Or create a team and lead it", style = MaterialTheme.typography.titleMedium)
    OutlinedTextField(
        value = form.name,
        onValueChange = { v -> model.editNewTeam { it.copy(name = v) } },
        label = { Text("Team name") },
        singleLine = true,
        modifier = Modifier.fillMaxWidth(),
    )
    OutlinedTextField(
        value = form.leadName,
        onValueChange = { v -> model.editNewTeam { it.copy(leadName = v) } },
        label = { Text("Your name, as the team will see it") },
        singleLine = true,
        modifier = Modifier.fillMaxWidth(),
    )
    OutlinedTextField(
        value = form.hubUrl,
        onValueChange = { v -> model.editNewTeam { it.copy(hubUrl = v) } },
        label = { Text("Hub address (https://…)") },
        singleLine = true,
        modifier = Modifier.fillMaxWidth(),
    )
    OutlinedTextField(
        value = form.hubPin,
        onValueChange = { v -> model.editNewTeam { it.copy(hubPin = v) } },
        label = { Text("The hub's certificate fingerprint (SHA-256)") },
        supportingText = {
            Text(
                if (form.pinMissing) {
                    "Needed for an https:// hub: the fingerprint the hub printed when it started. Compare it with the hub's operator."
                } else {
                    "Every phone of the team will accept this certificate and no other."
                },
            )
        },
        textStyle = MaterialTheme.typography.bodySmall.copy(fontFamily = FontFamily.Monospace),
        modifier = Modifier.fillMaxWidth(),
    )
    OutlinedTextField(
        value = form.registrationToken,
        onValueChange = { v -> model.editNewTeam { it.copy(registrationToken = v) } },
        label = { Text("Registration token, if the hub's operator gave you one") },
        singleLine = true,
        textStyle = MaterialTheme.typography.bodySmall.copy(fontFamily = FontFamily.Monospace),
        modifier = Modifier.fillMaxWidth(),
    )
    Button(onClick = { model.createTeam() }, enabled = state.canCreateTeam) { Text("Create the team") }
}

@Composable
private fun ColumnScope.Joined(
    state: TeamState,
    asLead: Boolean,
    onAsLead: (Boolean) -> Unit,
    onWithHistory: (Boolean) -> Unit,
    onScanRequest: () -> Unit,
) {
    val team = state.team ?: return
    Text(team.name, style = MaterialTheme.typography.titleLarge)
    Text("Hub: ${team.hub}")
    Text(
        when (team.role) {
            TeamRole.LEAD -> "You are a lead of this team."
            TeamRole.WORKER -> "You are a member of this team."
            null -> "This device was removed from the team: it no longer syncs."
        },
    )
    Text("${team.members} device(s) · key epoch ${team.epoch}", style = MaterialTheme.typography.bodySmall)
    Text("This device: ${team.device}", style = MaterialTheme.typography.bodySmall, fontFamily = FontFamily.Monospace)

    if (state.isLead) {
        Text("Add a device", style = MaterialTheme.typography.titleMedium)
        Row(verticalAlignment = Alignment.CenterVertically, horizontalArrangement = Arrangement.spacedBy(8.dp)) {
            Switch(checked = asLead, onCheckedChange = onAsLead)
            Text(if (asLead) "as a lead" else "as a worker")
        }
        Row(verticalAlignment = Alignment.CenterVertically, horizontalArrangement = Arrangement.spacedBy(8.dp)) {
            Switch(checked = state.approveWithHistory, onCheckedChange = onWithHistory)
            Text("with the team's history")
        }
        Text(
            if (state.approveWithHistory) TeamState.WITH_HISTORY_NOTE else "The new phone reads what the team writes from now on.",
            style = MaterialTheme.typography.bodySmall,
        )
        Button(onClick = onScanRequest, enabled = !state.working) { Text("Scan a join request") }
        state.approvedWelcome?.let { welcome ->
            Text("Show this welcome to the new device:", style = MaterialTheme.typography.titleSmall)
            QrCode(welcome, modifier = Modifier.align(Alignment.CenterHorizontally))
            CodeText(welcome)
            VerificationWords("The new device must show these words:", runCatching { welcomeVerification(welcome) }.getOrNull())
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
