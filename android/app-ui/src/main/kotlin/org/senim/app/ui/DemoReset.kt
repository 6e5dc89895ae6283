package org.senim.app.ui

import androidx.compose.foundation.layout.Arrangement
import androidx.compose.foundation.layout.Column
import androidx.compose.material3.AlertDialog
import androidx.compose.material3.MaterialTheme
import androidx.compose.material3.Text
import androidx.compose.material3.TextButton
import androidx.compose.runtime.Composable
import androidx.compose.runtime.getValue
import androidx.compose.ui.unit.dp
import androidx.lifecycle.compose.collectAsStateWithLifecycle
import org.senim.presentation.DemoResetViewModel

/**
 * The demo reset's dialogs: the confirmation (after "Reset the demo data…" in the
 * [SessionMenu]), then what was put back. Nothing at all for a real vault (the view
 * model offers no reset).
 */
@Composable
fun DemoResetDialogs(model: DemoResetViewModel, onConfirm: () -> Unit) {
    val state by model.state.collectAsStateWithLifecycle()
    if (!state.offered) return

    if (state.confirming) {
        AlertDialog(
            onDismissRequest = model::cancel,
            title = { Text("Reset the demo vault?") },
            text = {
                Text(
                    "Everything added since it was created (notes, interviews, referrals, a team joined) " +
                        "is erased, and the original synthetic cases come back. Use it between training sessions.",
                )
            },
            confirmButton = { TextButton(onClick = onConfirm) { Text("Reset") } },
            dismissButton = { TextButton(onClick = model::cancel) { Text("Cancel") } },
        )
    }

    // What the reset put back, or why it failed, until the worker dismisses it.
    val done = state.done
    val error = state.error
    if (done != null || error != null) {
        AlertDialog(
            onDismissRequest = model::dismiss,
            title = { Text(if (error == null) "Demo data reset" else "The demo was not reset") },
            text = {
                Column(verticalArrangement = Arrangement.spacedBy(8.dp)) {
                    if (done != null) {
                        Text(
                            "${done.records} synthetic records are back: ${done.subjects} people, ${done.notes} notes, " +
                                "${done.interviews} interviews, ${done.referrals} referrals.",
                        )
                        Text(
                            "Levels: ${done.levelNone} none, ${done.levelMonitor} monitor, " +
                                "${done.levelPossible} possible, ${done.levelLikely} likely.",
                            style = MaterialTheme.typography.bodySmall,
                        )
                    }
                    ErrorText(error)
                }
            },
            confirmButton = { TextButton(onClick = model::dismiss) { Text("OK") } },
        )
    }
}
