package org.senim.app.ui

import androidx.compose.foundation.layout.Arrangement
import androidx.compose.foundation.layout.Column
import androidx.compose.foundation.layout.fillMaxSize
import androidx.compose.foundation.layout.fillMaxWidth
import androidx.compose.foundation.layout.padding
import androidx.compose.foundation.rememberScrollState
import androidx.compose.foundation.verticalScroll
import androidx.compose.material3.Button
import androidx.compose.material3.ExperimentalMaterial3Api
import androidx.compose.material3.LinearProgressIndicator
import androidx.compose.material3.MaterialTheme
import androidx.compose.material3.Scaffold
import androidx.compose.material3.Text
import androidx.compose.material3.TextButton
import androidx.compose.material3.TopAppBar
import androidx.compose.runtime.Composable
import androidx.compose.runtime.getValue
import androidx.compose.ui.Modifier
import androidx.compose.ui.unit.dp
import androidx.lifecycle.compose.collectAsStateWithLifecycle
import org.senim.presentation.SyncStatus
import org.senim.presentation.SyncViewModel

/** Sync with the team's hub: now, what the last one did, and what went wrong. */
@OptIn(ExperimentalMaterial3Api::class)
@Composable
fun SyncScreen(model: SyncViewModel, onBack: () -> Unit, onTeam: () -> Unit) {
    val state by model.state.collectAsStateWithLifecycle()
    Scaffold(
        contentWindowInsets = NoInsets,
        topBar = {
            TopAppBar(title = { Text("Sync") }, windowInsets = NoInsets, navigationIcon = { BackTextButton(onBack) })
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
            Text(
                "Your records travel to the team's hub end-to-end encrypted: the hub stores them " +
                    "and passes them on, but cannot read them.",
                style = MaterialTheme.typography.bodyMedium,
            )
            state.lastSuccess?.let { Text("Last sync: ${it.short()}") }
            // From three days before the policy's wipe, a warning; before that, the count.
            state.idleWipeWarning?.let { ErrorText(it) } ?: state.idleWipeText?.let { Text(it) }
            when (val s = state.status) {
                SyncStatus.Idle -> Text("Not synced since the app was unlocked.")
                SyncStatus.Syncing -> {
                    LinearProgressIndicator(modifier = Modifier.fillMaxWidth())
                    Text("Syncing… You can keep working.")
                }
                is SyncStatus.Done -> {
                    Text("Sent ${s.sent}, received ${s.received}, merged into ${s.merged} record(s).")
                    s.purgedText?.let { Text(it) }
                    s.quarantinedText?.let { Text(it, color = MaterialTheme.colorScheme.error) }
                    if (s.waiting > 0) {
                        Text("${s.waiting} change(s) wait for others that have not arrived yet; they apply on a later sync.")
                    }
                    if (s.rejected > 0) {
                        Text(
                            "${s.rejected} change(s) were refused (altered or forged) and not applied:",
                            color = MaterialTheme.colorScheme.error,
                        )
                        s.rejections.forEach { Text("• $it", style = MaterialTheme.typography.bodySmall) }
                    }
                }
                is SyncStatus.Failed -> {
                    ErrorText(s.error)
                    if (s.error.teamProblem) {
                        TextButton(onClick = onTeam) { Text("Join a team") }
                    }
                }
            }
            ButtonRow {
                Button(onClick = { model.sync() }, enabled = state.status != SyncStatus.Syncing) { Text("Sync now") }
            }
        }
    }
}
