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
import org.senim.app.LocalWords
import org.senim.app.Words
import org.senim.presentation.SyncState
import org.senim.presentation.SyncStatus
import org.senim.presentation.SyncViewModel

/** Sync with the team's hub: now, what the last one did, and what went wrong. */
@OptIn(ExperimentalMaterial3Api::class)
@Composable
fun SyncScreen(model: SyncViewModel, onBack: () -> Unit, onTeam: () -> Unit) {
    val state by model.state.collectAsStateWithLifecycle()
    val w = LocalWords.current
    Scaffold(
        contentWindowInsets = NoInsets,
        topBar = {
            TopAppBar(title = { Text(w.text("app-sync-title")) }, windowInsets = NoInsets, navigationIcon = { BackTextButton(onBack) })
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
                w.text("app-sync-explained"),
                style = MaterialTheme.typography.bodyMedium,
            )
            state.lastSuccess?.let { Text(w.format("app-sync-last", "time" to it.short(w))) }
            // From three days before the policy's wipe, a warning; before that, the count.
            idleWipeWarning(w, state.idleWipeDaysLeft)?.let { ErrorText(it) }
                ?: state.idleWipeDaysLeft?.let { Text(w.format("app-sync-idle-wipe", "days" to it)) }
            when (val s = state.status) {
                SyncStatus.Idle -> Text(w.text("app-sync-idle"))
                SyncStatus.Syncing -> {
                    LinearProgressIndicator(modifier = Modifier.fillMaxWidth())
                    Text(w.text("app-sync-syncing"))
                }
                is SyncStatus.Done -> {
                    Text(w.format("app-sync-done", "sent" to s.sent, "received" to s.received, "merged" to s.merged))
                    if (s.purged > 0) Text(w.format("app-sync-purged", "count" to s.purged))
                    if (s.quarantined > 0) {
                        Text(w.format("app-sync-quarantined", "count" to s.quarantined), color = MaterialTheme.colorScheme.error)
                    }
                    if (s.waiting > 0) {
                        Text(w.format("app-sync-waiting", "count" to s.waiting))
                    }
                    if (s.rejected > 0) {
                        Text(
                            w.format("app-sync-rejected", "count" to s.rejected),
                            color = MaterialTheme.colorScheme.error,
                        )
                        s.rejectedPlaces.forEach {
                            Text(
                                w.format("app-sync-place", "device" to it.device, "seq" to it.seq.toString()),
                                style = MaterialTheme.typography.bodySmall,
                            )
                        }
                    }
                }
                is SyncStatus.Failed -> {
                    ErrorText(s.error)
                    if (s.error.teamProblem) {
                        TextButton(onClick = onTeam) { Text(w.text("app-sync-join-team")) }
                    }
                }
            }
            ButtonRow {
                Button(onClick = { model.sync() }, enabled = state.status != SyncStatus.Syncing) { Text(w.text("app-sync-now")) }
            }
        }
    }
}

/**
 * The warning above every screen from [SyncState.IDLE_WIPE_WARNING_DAYS] days before the
 * team's wipe for want of a sync; none before that, or when no such wipe applies.
 */
fun idleWipeWarning(w: Words, daysLeft: Int?): String? =
    daysLeft?.takeIf { it <= SyncState.IDLE_WIPE_WARNING_DAYS }?.let { w.format("app-sync-idle-warning", "days" to it) }
