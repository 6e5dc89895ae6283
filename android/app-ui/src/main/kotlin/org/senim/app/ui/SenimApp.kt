package org.senim.app.ui

import androidx.compose.foundation.layout.Arrangement
import androidx.compose.foundation.layout.Box
import androidx.compose.foundation.layout.Column
import androidx.compose.foundation.layout.Row
import androidx.compose.foundation.layout.WindowInsets
import androidx.compose.foundation.layout.fillMaxSize
import androidx.compose.foundation.layout.fillMaxWidth
import androidx.compose.foundation.layout.padding
import androidx.compose.foundation.layout.safeDrawing
import androidx.compose.foundation.layout.windowInsetsPadding
import androidx.compose.foundation.rememberScrollState
import androidx.compose.foundation.verticalScroll
import androidx.compose.material3.AlertDialog
import androidx.compose.material3.Button
import androidx.compose.material3.CircularProgressIndicator
import androidx.compose.material3.HorizontalDivider
import androidx.compose.material3.MaterialTheme
import androidx.compose.material3.OutlinedButton
import androidx.compose.material3.Surface
import androidx.compose.material3.Text
import androidx.compose.material3.TextButton
import androidx.compose.runtime.Composable
import androidx.compose.runtime.CompositionLocalProvider
import androidx.compose.runtime.getValue
import androidx.compose.ui.Alignment
import androidx.compose.ui.Modifier
import androidx.compose.ui.text.input.ImeAction
import androidx.compose.ui.unit.dp
import androidx.lifecycle.compose.collectAsStateWithLifecycle
import org.senim.app.AppState
import org.senim.app.Destination
import org.senim.app.LocalWords
import org.senim.app.Phase
import org.senim.app.Session
import org.senim.presentation.CreateVaultViewModel
import org.senim.presentation.PanicWipeState
import org.senim.presentation.UiError
import org.senim.presentation.UnlockViewModel

/**
 * The root: the permanent banners above whatever the phase shows, so every screen has
 * them: the open vault's demo banner (a demo vault, locked or not) and the demo build's.
 * It pads for the system bars and the keyboard once; the screens inside use [NoInsets].
 * The platform gives its system back and its camera's QR scanner.
 */
@Composable
fun SenimApp(app: AppState, back: SystemBack, scanner: QrScanner) {
    val words by app.words.collectAsStateWithLifecycle()
    CompositionLocalProvider(LocalSystemBack provides back, LocalWords provides words) {
        Root(app, scanner)
    }
}

@Composable
private fun Root(app: AppState, scanner: QrScanner) {
    val phase by app.phase.collectAsStateWithLifecycle()
    val vaultBanner by app.vaultBanner.collectAsStateWithLifecycle()
    val panic by app.panic.collectAsStateWithLifecycle()
    Surface(modifier = Modifier.fillMaxSize()) {
        Column(Modifier.fillMaxSize().windowInsetsPadding(WindowInsets.safeDrawing)) {
            val w = LocalWords.current
            vaultBanner?.let { DemoBanner(w.text("app-demo-vault-banner"), prominent = true) }
            if (app.demoBuild) DemoBanner(w.text("app-demo-build-banner"))
            Box(Modifier.weight(1f)) {
                val wiping = panic?.let { model ->
                    val state by model.state.collectAsStateWithLifecycle()
                    state != PanicWipeState.Idle
                } ?: false
                // The panic wipe, once started, covers whatever the phase shows.
                val startPanic: () -> Unit = { panic?.start() }
                if (wiping) {
                    panic?.let { PanicWipeScreen(it) }
                } else {
                    when (val p = phase) {
                        Phase.Starting -> Loading()
                        is Phase.Create -> CreateVaultScreen(p.form, p.notice, onDismissNotice = app::dismissNotice)
                        is Phase.Locked -> UnlockScreen(p.unlock, onPanicWipe = startPanic)
                        is Phase.Unlocked -> SessionScreens(p.session, scanner, app, onPanicWipe = startPanic)
                        is Phase.Failed -> FailedScreen(p.error, onPanicWipe = startPanic)
                    }
                }
            }
        }
    }
}

/** The screens of an unlocked vault; system back returns to the records list. */
@Composable
fun SessionScreens(session: Session, scanner: QrScanner, app: AppState, onPanicWipe: () -> Unit) {
    val destination by session.destination.collectAsStateWithLifecycle()
    val sync by session.sync.state.collectAsStateWithLifecycle()
    Column(Modifier.fillMaxSize()) {
        // The team's wipe for want of a sync is near: said above every screen, with the
        // way to sync, until a sync moves it away.
        idleWipeWarning(LocalWords.current, sync.idleWipeDaysLeft)?.let { warning ->
            ErrorText(warning)
            if (destination != Destination.Sync) {
                TextButton(onClick = { session.go(Destination.Sync) }) { Text(LocalWords.current.text("app-sync-now")) }
            }
        }
        // After an upgrade from an earlier version, on the records list until dismissed.
        val advice by session.upgradeAdvice.collectAsStateWithLifecycle()
        if (advice && destination == Destination.Records) {
            UpgradeAdvice(
                onSettings = {
                    session.dismissUpgradeAdvice()
                    session.go(Destination.Settings)
                },
                onDismiss = session::dismissUpgradeAdvice,
            )
        }
        Box(Modifier.weight(1f)) { SessionScreen(session, destination, scanner, app, onPanicWipe) }
    }
}

@Composable
private fun SessionScreen(session: Session, destination: Destination, scanner: QrScanner, app: AppState, onPanicWipe: () -> Unit) {
    if (destination == Destination.Duress) {
        SystemBackHandler { session.go(Destination.Settings) }
    } else if (destination is Destination.Lead) {
        SystemBackHandler { session.go(Destination.Team) }
    } else if (destination == Destination.Training) {
        // Back from a scenario or a result to the list, then home.
        SystemBackHandler { if (!session.training.back()) session.home() }
    } else if (destination != Destination.Records && destination != Destination.Interview) {
        SystemBackHandler { session.home() }
    }
    when (destination) {
        Destination.Records -> RecordsScreen(
            model = session.records,
            onOpenNote = { id -> session.go(Destination.Note(id)) },
            onNewNote = { session.go(Destination.Note(null)) },
            onInterview = { session.go(Destination.Interview) },
            menu = {
                SessionMenu(
                    session.demo,
                    onSync = { session.go(Destination.Sync) },
                    onTeam = { session.go(Destination.Team) },
                    onTraining = { session.go(Destination.Training) },
                    onSettings = { session.go(Destination.Settings) },
                    onConfirmReset = session::resetDemo,
                )
            },
        )
        is Destination.Note -> NoteEditorScreen(session.editor, onClose = session::home)
        Destination.Interview -> {
            val interview by session.interview.collectAsStateWithLifecycle()
            interview?.let { InterviewScreen(it, onClose = session::home, onQuickExit = { session.go(Destination.Note(null)) }) } ?: Loading()
        }
        Destination.Sync -> SyncScreen(session.sync, onBack = session::home, onTeam = { session.go(Destination.Team) })
        Destination.Team -> TeamScreen(session.team, scanner, onBack = session::home, onLead = { session.go(Destination.Lead(it)) })
        Destination.Training -> {
            val demo by session.demo.state.collectAsStateWithLifecycle()
            TrainingScreen(session.training, demo = demo.offered, onBack = session::home, onQuickExit = { session.go(Destination.Note(null)) })
        }
        is Destination.Lead -> LeadScreen(session.lead, destination.page, onBack = { session.go(Destination.Team) })
        Destination.Settings -> SettingsScreen(
            session.duress,
            language = app,
            onBack = session::home,
            onDuress = { session.go(Destination.Duress) },
            onPanicWipe = onPanicWipe,
        )
        Destination.Duress -> DuressScreen(session.duress, onBack = { session.go(Destination.Settings) })
    }
}

@Composable
private fun CenteredForm(content: @Composable () -> Unit) {
    Column(
        modifier = Modifier
            .fillMaxSize()
            .verticalScroll(rememberScrollState())
            .padding(24.dp),
        verticalArrangement = Arrangement.spacedBy(16.dp, Alignment.CenterVertically),
        horizontalAlignment = Alignment.CenterHorizontally,
    ) { content() }
}

/**
 * The unlock screen; [onPanicWipe] starts the panic wipe, which needs no passcode (the
 * root then shows its confirmation).
 */
@Composable
fun UnlockScreen(model: UnlockViewModel, onPanicWipe: () -> Unit) {
    val state by model.state.collectAsStateWithLifecycle()
    val w = LocalWords.current
    CenteredForm {
        Text(w.text("app-name"), style = MaterialTheme.typography.headlineMedium)
        Text(w.text("app-unlock-prompt"), style = MaterialTheme.typography.bodyLarge)
        PasscodeField(
            entered = state.entered,
            onType = model::type,
            onErase = model::erase,
            label = w.text("app-unlock-passcode"),
            enabled = !state.working,
            onDone = { model.submit() },
        )
        state.attemptsSentence?.let { Text(w.say(it), style = MaterialTheme.typography.bodySmall) }
        // The error's sentence, or while unlocking is paused "Try again in 0:42", ticking.
        ErrorText(state.messageSentence?.let(w::say))
        if (state.working) {
            CircularProgressIndicator()
            // The first unlock of a vault from an earlier version upgrades it, once.
            state.upgradeSentence?.let { Text(w.say(it), style = MaterialTheme.typography.bodyMedium) }
        } else {
            Button(onClick = { model.submit() }, enabled = state.canSubmit, modifier = Modifier.fillMaxWidth()) {
                Text(w.text("app-unlock-button"))
            }
            if (state.canUnlockDemo) {
                Text(
                    w.text("app-unlock-demo-note"),
                    style = MaterialTheme.typography.bodySmall,
                )
                OutlinedButton(onClick = { model.unlockDemo() }, modifier = Modifier.fillMaxWidth()) {
                    Text(w.text("app-unlock-open-demo"))
                }
            }
        }
        // Out of the way of the unlock button, and confirmed by a typed word.
        TextButton(onClick = onPanicWipe, enabled = !state.working) {
            Text(w.text("app-emergency-wipe"), color = MaterialTheme.colorScheme.error)
        }
    }
}

/**
 * First run. `notice`: the team's policy wiped the vault at an unlock (Wiped), said once
 * in a dialog; after a panic wipe there is none.
 */
@Composable
fun CreateVaultScreen(form: CreateVaultViewModel, notice: UiError?, onDismissNotice: () -> Unit) {
    val state by form.state.collectAsStateWithLifecycle()
    val w = LocalWords.current
    val desktop = LocalDeviceKind.current == DeviceKind.DESKTOP
    if (notice != null) {
        AlertDialog(
            onDismissRequest = onDismissNotice,
            title = { Text(w.text("app-create-wiped-title")) },
            text = { Text(w.say(notice.sentence)) },
            confirmButton = { TextButton(onClick = onDismissNotice) { Text(w.text("app-ok")) } },
        )
    }
    CenteredForm {
        Text(w.text("app-create-welcome"), style = MaterialTheme.typography.headlineMedium)
        Text(
            w.format(if (desktop) "desktop-create-intro" else "app-create-intro", "count" to CreateVaultViewModel.MIN_PASSCODE_CHARS),
            style = MaterialTheme.typography.bodyMedium,
        )
        PasscodeField(
            entered = state.entered,
            onType = form::type,
            onErase = form::erase,
            label = w.text("app-create-new-passcode"),
            enabled = !state.working,
            imeAction = ImeAction.Next,
        )
        PasscodeStrengthBar(state.strength)
        PasscodeField(
            entered = state.confirmed,
            onType = form::typeConfirmation,
            onErase = form::eraseConfirmation,
            label = w.text("app-create-passcode-again"),
            enabled = !state.working,
            onDone = { form.submit() },
        )
        if (state.tooShort) {
            Text(
                w.format("app-create-too-short", "count" to CreateVaultViewModel.MIN_PASSCODE_CHARS),
                color = MaterialTheme.colorScheme.error,
            )
        }
        if (state.mismatch) {
            Text(w.text("app-create-mismatch"), color = MaterialTheme.colorScheme.error)
        }
        ErrorText(state.error)
        if (state.working) {
            CircularProgressIndicator()
            Text(
                w.text(if (state.creatingDemo) "app-create-creating-demo" else "app-create-creating"),
                style = MaterialTheme.typography.bodySmall,
            )
        } else {
            Button(onClick = { form.submit() }, enabled = state.canSubmit, modifier = Modifier.fillMaxWidth()) {
                Text(w.text("app-create-button"))
            }
            HorizontalDivider()
            Text(w.text("app-create-training"), style = MaterialTheme.typography.titleMedium)
            Text(
                w.format(if (desktop) "desktop-create-demo-explained" else "app-create-demo-explained", "platform" to "android"),
                style = MaterialTheme.typography.bodySmall,
            )
            OutlinedButton(onClick = { form.createDemo() }, enabled = state.canCreateDemo, modifier = Modifier.fillMaxWidth()) {
                Text(w.text("app-create-demo-button"))
            }
        }
    }
}

/** The vault does not open; it can still be wiped, by its directory. */
@Composable
fun FailedScreen(error: UiError, onPanicWipe: () -> Unit) {
    val w = LocalWords.current
    CenteredForm {
        Text(w.text("app-failed-title"), style = MaterialTheme.typography.headlineSmall)
        ErrorText(error)
        Text(
            w.text("app-failed-explained"),
            style = MaterialTheme.typography.bodyMedium,
        )
        TextButton(onClick = onPanicWipe) {
            Text(w.text("app-emergency-wipe"), color = MaterialTheme.colorScheme.error)
        }
    }
}

/**
 * Said once after the vault was upgraded from an earlier version: set the duress
 * passcode again, if there is one. The same words for every upgraded vault.
 */
@Composable
private fun UpgradeAdvice(onSettings: () -> Unit, onDismiss: () -> Unit) {
    val w = LocalWords.current
    Surface(color = MaterialTheme.colorScheme.secondaryContainer, modifier = Modifier.fillMaxWidth()) {
        Column(Modifier.padding(horizontal = 16.dp, vertical = 8.dp)) {
            Text(w.text("app-upgrade-duress-advice"), style = MaterialTheme.typography.bodyMedium)
            Row(Modifier.fillMaxWidth(), horizontalArrangement = Arrangement.End) {
                TextButton(onClick = onDismiss) { Text(w.text("app-upgrade-duress-dismiss")) }
                TextButton(onClick = onSettings) { Text(w.text("app-upgrade-duress-settings")) }
            }
        }
    }
}
