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
import androidx.compose.ui.semantics.contentDescription
import androidx.compose.ui.semantics.semantics
import androidx.compose.ui.text.input.ImeAction
import androidx.compose.ui.unit.dp
import androidx.lifecycle.compose.collectAsStateWithLifecycle
import org.senim.app.AppState
import org.senim.app.LocalWords
import org.senim.app.Words
import org.senim.core.DuressChoice
import org.senim.presentation.CreateVaultViewModel
import org.senim.presentation.DemoResetViewModel
import org.senim.presentation.DuressProblem
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
    onTraining: () -> Unit,
    onSettings: () -> Unit,
    onConfirmReset: () -> Unit,
) {
    val state by demo.state.collectAsStateWithLifecycle()
    var open by remember { mutableStateOf(false) }
    val w = LocalWords.current

    Box {
        if (state.working) {
            CircularProgressIndicator(Modifier.size(24.dp))
        } else {
            TextButton(onClick = { open = true }, modifier = Modifier.semantics { contentDescription = w.text("app-menu") }) { Text("⋮") }
        }
        DropdownMenu(expanded = open, onDismissRequest = { open = false }) {
            DropdownMenuItem(
                text = { Text(w.text("app-menu-sync")) },
                onClick = {
                    open = false
                    onSync()
                },
            )
            DropdownMenuItem(
                text = { Text(w.text("app-menu-team")) },
                onClick = {
                    open = false
                    onTeam()
                },
            )
            DropdownMenuItem(
                text = { Text(w.text("app-menu-training")) },
                onClick = {
                    open = false
                    onTraining()
                },
            )
            DropdownMenuItem(
                text = { Text(w.text("app-settings-title")) },
                onClick = {
                    open = false
                    onSettings()
                },
            )
            if (state.offered) {
                DropdownMenuItem(
                    text = { Text(w.text("app-menu-reset-demo")) },
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
 * The settings of an unlocked vault: the app's language, the duress passcode (a real
 * vault only) and the panic wipe (also on the unlock screen, without the passcode).
 */
@OptIn(ExperimentalMaterial3Api::class)
@Composable
fun SettingsScreen(
    duress: DuressViewModel,
    language: AppState,
    onBack: () -> Unit,
    onDuress: () -> Unit,
    onPanicWipe: () -> Unit,
) {
    val state by duress.state.collectAsStateWithLifecycle()
    val w = LocalWords.current
    Scaffold(
        contentWindowInsets = NoInsets,
        topBar = {
            TopAppBar(title = { Text(w.text("app-settings-title")) }, windowInsets = NoInsets, navigationIcon = { BackTextButton(onBack) })
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
            LanguagePicker(language)
            HorizontalDivider()
            if (state.offered) {
                Text(w.text("app-settings-duress-title"), style = MaterialTheme.typography.titleMedium)
                Text(
                    w.text("app-settings-duress-explained"),
                    style = MaterialTheme.typography.bodyMedium,
                )
                OutlinedButton(onClick = onDuress) { Text(w.text("app-settings-duress-button")) }
                HorizontalDivider()
            }
            Text(w.text("app-settings-wipe-title"), style = MaterialTheme.typography.titleMedium)
            Text(
                w.text("app-settings-wipe-explained"),
                style = MaterialTheme.typography.bodyMedium,
            )
            Button(
                onClick = onPanicWipe,
                colors = ButtonDefaults.buttonColors(
                    containerColor = MaterialTheme.colorScheme.error,
                    contentColor = MaterialTheme.colorScheme.onError,
                ),
            ) { Text(w.text("app-settings-wipe-button")) }
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
    val w = LocalWords.current
    Scaffold(
        contentWindowInsets = NoInsets,
        topBar = {
            TopAppBar(title = { Text(w.text("app-duress-title")) }, windowInsets = NoInsets, navigationIcon = { BackTextButton(onBack) })
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
                Text(w.text("app-duress-demo"))
            } else {
                DuressForm(model, state)
            }
        }
    }
}

@Composable
private fun DuressForm(model: DuressViewModel, state: DuressState) {
    val w = LocalWords.current
    Column(verticalArrangement = Arrangement.spacedBy(12.dp)) {
        Text(
            w.format("app-duress-explained", "count" to CreateVaultViewModel.MIN_PASSCODE_CHARS),
            style = MaterialTheme.typography.bodyMedium,
        )
        PasscodeField(
            entered = state.current,
            onType = model::typeCurrent,
            onErase = model::eraseCurrent,
            label = w.text("app-duress-current"),
            enabled = !state.working,
            imeAction = ImeAction.Next,
        )
        PasscodeField(
            entered = state.duress,
            onType = model::typeDuress,
            onErase = model::eraseDuress,
            label = w.text("app-duress-passcode"),
            enabled = !state.working,
            imeAction = ImeAction.Next,
        )
        PasscodeField(
            entered = state.confirmed,
            onType = model::typeConfirmation,
            onErase = model::eraseConfirmation,
            label = w.text("app-duress-again"),
            enabled = !state.working,
            onDone = { model.submit() },
        )
        Text(w.text("app-duress-when"), style = MaterialTheme.typography.titleSmall)
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
                        Text(w.text(duressTitle(mode)), style = MaterialTheme.typography.bodyLarge)
                        Text(w.text(duressExplanation(mode)), style = MaterialTheme.typography.bodySmall)
                    }
                }
            }
        }
        state.problem?.let { Text(w.format(duressProblem(it), "count" to CreateVaultViewModel.MIN_PASSCODE_CHARS), color = MaterialTheme.colorScheme.error) }
        ErrorText(state.error)
        state.done?.let { mode ->
            Text(
                w.text("app-duress-done") + " " + w.text(duressExplanation(mode)),
                style = MaterialTheme.typography.bodyMedium,
            )
        }
        ButtonRow {
            if (state.working) {
                CircularProgressIndicator(Modifier.size(24.dp))
            } else {
                Button(onClick = { model.submit() }, enabled = state.canSubmit) { Text(w.text("app-duress-submit")) }
            }
        }
    }
}

private fun duressTitle(mode: DuressChoice): String = when (mode) {
    DuressChoice.DESTROY -> "app-duress-destroy"
    DuressChoice.HIDE -> "app-duress-hide"
}

private fun duressExplanation(mode: DuressChoice): String = when (mode) {
    DuressChoice.DESTROY -> "app-duress-destroy-explained"
    DuressChoice.HIDE -> "app-duress-hide-explained"
}

private fun duressProblem(problem: DuressProblem): String = when (problem) {
    DuressProblem.TOO_SHORT -> "app-duress-too-short"
    DuressProblem.MISMATCH -> "app-duress-mismatch"
    DuressProblem.SAME_AS_PASSCODE -> "app-duress-same"
}

/**
 * The app's language: as on the phone (the default), or one the worker picks, kept for
 * the next start. A language not yet translated says it is shown in Russian; Kazakh says
 * its text awaits a native speaker's review. The interview's language is chosen apart.
 */
@Composable
private fun LanguagePicker(app: AppState) {
    val w = LocalWords.current
    val chosen by app.appLanguage.collectAsStateWithLifecycle()
    Text(w.text("app-settings-language"), style = MaterialTheme.typography.titleMedium)
    Text(w.text("app-settings-language-explained"), style = MaterialTheme.typography.bodySmall)
    Column(Modifier.selectableGroup()) {
        LanguageRow(w.text("app-settings-language-system"), selected = chosen == null) { app.chooseLanguage(null) }
        Words.languages().forEach { info ->
            LanguageRow(info.nativeName, selected = chosen == info.tag) { app.chooseLanguage(info.tag) }
        }
    }
    val shown = w.locale
    if (!shown.complete) {
        Text(w.format("app-settings-language-fallback", "language" to shown.nativeName), style = MaterialTheme.typography.bodySmall)
    }
    if (shown.needsReview) Text(w.text("app-settings-language-review"), style = MaterialTheme.typography.bodySmall)
}

@Composable
private fun LanguageRow(name: String, selected: Boolean, onClick: () -> Unit) {
    Row(
        Modifier
            .fillMaxWidth()
            .selectable(selected = selected, role = Role.RadioButton, onClick = onClick)
            .padding(vertical = 4.dp),
        verticalAlignment = Alignment.CenterVertically,
    ) {
        RadioButton(selected = selected, onClick = null)
        Text(name, modifier = Modifier.padding(start = 8.dp))
    }
}
