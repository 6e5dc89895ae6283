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
import org.senim.app.LocalWords
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
    val w = LocalWords.current

    if (state.confirming) {
        AlertDialog(
            onDismissRequest = model::cancel,
            title = { Text(w.text("app-demo-reset-title")) },
            text = {
                Text(w.text("app-demo-reset-explained"))
            },
            confirmButton = { TextButton(onClick = onConfirm) { Text(w.text("app-demo-reset-confirm")) } },
            dismissButton = { TextButton(onClick = model::cancel) { Text(w.text("app-cancel")) } },
        )
    }

    // What the reset put back, or why it failed, until the worker dismisses it.
    val done = state.done
    val error = state.error
    if (done != null || error != null) {
        AlertDialog(
            onDismissRequest = model::dismiss,
            title = { Text(w.text(if (error == null) "app-demo-reset-done" else "app-demo-reset-failed")) },
            text = {
                Column(verticalArrangement = Arrangement.spacedBy(8.dp)) {
                    if (done != null) {
                        Text(
                            w.format(
                                "app-demo-reset-records",
                                "records" to done.records,
                                "subjects" to done.subjects,
                                "notes" to done.notes,
                                "interviews" to done.interviews,
                                "referrals" to done.referrals,
                            ),
                        )
                        Text(
                            w.format(
                                "app-demo-reset-levels",
                                "none" to done.levelNone,
                                "monitor" to done.levelMonitor,
                                "possible" to done.levelPossible,
                                "likely" to done.levelLikely,
                            ),
                            style = MaterialTheme.typography.bodySmall,
                        )
                    }
                    ErrorText(error)
                }
            },
            confirmButton = { TextButton(onClick = model::dismiss) { Text(w.text("app-ok")) } },
        )
    }
}
