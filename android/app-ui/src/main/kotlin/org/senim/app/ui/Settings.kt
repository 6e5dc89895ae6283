package org.senim.app.ui

import androidx.compose.foundation.layout.Arrangement
import androidx.compose.foundation.layout.Box
import androidx.compose.foundation.layout.Column
import androidx.compose.foundation.layout.Row
import androidx.compose.foundation.layout.fillMaxSize
import androidx.compose.foundation.layout.fillMaxWidth
import androidx.compose.foundation.layout.padding
import androidx.compose.foundation.layout.size
import androidx.compose.foundation.rememberScrollState
import androidx.compose.foundation.selection.selectable
import androidx.compose.foundation.selection.selectableGroup
import androidx.compose.foundation.verticalScroll
import androidx.compose.material3.Button
import androidx.compose.material3.ButtonDefaults
import androidx.compose.material3.CircularProgressIndicator
import androidx.compose.material3.DropdownMenu
import androidx.compose.material3.DropdownMenuItem
import androidx.compose.material3.ExperimentalMaterial3Api
import androidx.compose.material3.HorizontalDivider
import androidx.compose.material3.MaterialTheme
import androidx.compose.material3.OutlinedButton
import androidx.compose.material3.RadioButton
import androidx.compose.material3.Scaffold
import androidx.compose.material3.Text
import androidx.compose.material3.TextButton
import androidx.compose.material3.TopAppBar
import androidx.compose.runtime.Composable
import androidx.compose.runtime.getValue
import androidx.compose.runtime.mutableStateOf
import androidx.compose.runtime.remember
import androidx.compose.runtime.setValue
import androidx.compose.ui.Alignment
import androidx.compose.ui.Modifier
import androidx.compose.ui.semantics.Role
import androidx.compose.ui.text.input.ImeAction
import androidx.compose.ui.unit.dp
import androidx.lifecycle.compose.collectAsStateWithLifecycle
import org.senim.core.DuressChoice
import org.senim.presentation.DemoResetViewModel
import org.senim.presentation.CreateVaultViewModel
import org.senim.presentation.DuressState
import org.senim.presentation.DuressViewModel

/**
 * The records screen's app-bar menu: sync, team, the settings, and for a demo vault
 * "Reset the demo data…" (confirmed in [DemoResetDialogs]).
 */
@Composable
fun SessionMenu(
    demo: DemoResetViewModel,
    onSync: () -> Unit,
    onTeam: () -> Unit,
    onSettings: () -> Unit,
    onConfirmReset: () -> Unit,
) {
    val state by demo.state.collectAsStateWithLifecycle()
    var open by remember { mutableStateOf(false) }

    Box {
        if (state.working) {
            CircularProgressIndicator(Modifier.size(24.dp))
        } else {
            TextButton(onClick = { open = true }) { Text("⋮") }
        }
        DropdownMenu(expanded = open, onDismissRequest = { open = false }) {
            DropdownMenuItem(
                text = { Text("Sync") },
                onClick = {
                    open = false
                    onSync()
                },
            )
            DropdownMenuItem(
                text = { Text("Team") },
                onClick = {
                    open = false
                    onTeam()
                },
            )
            DropdownMenuItem(
                text = { Text("Settings") },
                onClick = {
                    open = false
                    onSettings()
                },
            )
            if (state.offered) {
                DropdownMenuItem(
                    text = { Text("Reset the demo data…") },
                    onClick = {
                        open = false
                        demo.ask()
                    },
                )
            }
        }
    }
    DemoResetDialogs(demo, onConfirm = onConfirmReset)
}

/**
 * The settings of an unlocked vault: the duress passcode (a real vault only) and the
 * panic wipe (also on the unlock screen, without the passcode).
 */
@OptIn(ExperimentalMaterial3Api::class)
@Composable
fun SettingsScreen(duress: DuressViewModel, onBack: () -> Unit, onDuress: () -> Unit, onPanicWipe: () -> Unit) {
    val state by duress.state.collectAsStateWithLifecycle()
    Scaffold(
        contentWindowInsets = NoInsets,
        topBar = {
            TopAppBar(title = { Text("Settings") }, windowInsets = NoInsets, navigationIcon = { BackTextButton(onBack) })
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
            if (state.offered) {
                Text("Duress passcode", style = MaterialTheme.typography.titleMedium)
                Text(
                    "A second passcode for when someone forces you to unlock the phone: it opens a harmless " +
                        "decoy instead of your records, and looks like any unlock.",
                    style = MaterialTheme.typography.bodyMedium,
                )
                OutlinedButton(onClick = onDuress) { Text("Set the duress passcode…") }
                HorizontalDivider()
            }
            Text("Emergency wipe", style = MaterialTheme.typography.titleMedium)
            Text(
                "Destroys this phone's vault at once and for good. The unlock screen offers it too, " +
                    "without the passcode.",
                style = MaterialTheme.typography.bodyMedium,
            )
            Button(
                onClick = onPanicWipe,
                colors = ButtonDefaults.buttonColors(
                    containerColor = MaterialTheme.colorScheme.error,
                    contentColor = MaterialTheme.colorScheme.onError,
                ),
            ) { Text("Wipe this phone's vault…") }
        }
    }
}

/**
 * Setting the duress passcode: the current passcode, the duress one twice, and what it
 * does. Every field hands its characters to the view model (never a String here).
 */
@OptIn(ExperimentalMaterial3Api::class)
@Composable
fun DuressScreen(model: DuressViewModel, onBack: () -> Unit) {
    val state by model.state.collectAsStateWithLifecycle()
    Scaffold(
        contentWindowInsets = NoInsets,
        topBar = {
            TopAppBar(title = { Text("Duress passcode") }, windowInsets = NoInsets, navigationIcon = { BackTextButton(onBack) })
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
            if (!state.offered) {
                Text("A demo vault has no duress passcode: its passcode is public.")
            } else {
                DuressForm(model, state)
            }
        }
    }
}

@Composable
private fun DuressForm(model: DuressViewModel, state: DuressState) {
    Column(verticalArrangement = Arrangement.spacedBy(12.dp)) {
        Text(
            "If someone forces you to unlock the phone, enter the duress passcode instead of yours: " +
                "Senim opens a decoy with a few harmless notes. Choose one you will remember under stress, " +
                "at least ${CreateVaultViewModel.MIN_PASSCODE_CHARS} characters, " +
                "different from your passcode.",
            style = MaterialTheme.typography.bodyMedium,
        )
        PasscodeField(
            entered = state.current,
            onType = model::typeCurrent,
            onErase = model::eraseCurrent,
            label = "Your passcode",
            enabled = !state.working,
            imeAction = ImeAction.Next,
        )
        PasscodeField(
            entered = state.duress,
            onType = model::typeDuress,
            onErase = model::eraseDuress,
            label = "Duress passcode",
            enabled = !state.working,
            imeAction = ImeAction.Next,
        )
        PasscodeField(
            entered = state.confirmed,
            onType = model::typeConfirmation,
            onErase = model::eraseConfirmation,
            label = "Duress passcode again",
            enabled = !state.working,
            onDone = { model.submit() },
        )
        Text("When the duress passcode is entered:", style = MaterialTheme.typography.titleSmall)
        Column(Modifier.selectableGroup(), verticalArrangement = Arrangement.spacedBy(8.dp)) {
            DuressChoice.entries.forEach { mode ->
                Row(
                    Modifier
                        .fillMaxWidth()
                        .selectable(
                            selected = state.mode == mode,
                            enabled = !state.working,
                            role = Role.RadioButton,
                            onClick = { model.choose(mode) },
                        ),
                    verticalAlignment = Alignment.Top,
                ) {
                    RadioButton(selected = state.mode == mode, onClick = null, enabled = !state.working)
                    Column(Modifier.padding(start = 8.dp)) {
                        Text(DuressViewModel.title(mode), style = MaterialTheme.typography.bodyLarge)
                        Text(DuressViewModel.explanation(mode), style = MaterialTheme.typography.bodySmall)
                    }
                }
            }
        }
        state.problem?.let { Text(it.message, color = MaterialTheme.colorScheme.error) }
        ErrorText(state.error)
        state.done?.let { mode ->
            Text(
                "The duress passcode is set. ${DuressViewModel.explanation(mode)}",
                style = MaterialTheme.typography.bodyMedium,
            )
        }
        ButtonRow {
            if (state.working) {
                CircularProgressIndicator(Modifier.size(24.dp))
            } else {
                Button(onClick = { model.submit() }, enabled = state.canSubmit) { Text("Set the duress passcode") }
            }
        }
    }
}
