package org.senim.app.ui

import androidx.compose.foundation.layout.Arrangement
import androidx.compose.foundation.layout.Box
import androidx.compose.foundation.layout.Column
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
    CompositionLocalProvider(LocalSystemBack provides back) {
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
            vaultBanner?.let { DemoBanner(it.text, prominent = true) }
            app.buildBanner?.let { DemoBanner(it) }
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
                        is Phase.Unlocked -> SessionScreens(p.session, scanner, onPanicWipe = startPanic)
                        is Phase.Failed -> FailedScreen(p.error, onPanicWipe = startPanic)
                    }
                }
            }
        }
    }
}

/** The screens of an unlocked vault; system back returns to the records list. */
@Composable
fun SessionScreens(session: Session, scanner: QrScanner, onPanicWipe: () -> Unit) {
    val destination by session.destination.collectAsStateWithLifecycle()
    val sync by session.sync.state.collectAsStateWithLifecycle()
    Column(Modifier.fillMaxSize()) {
        // The team's wipe for want of a sync is near: said above every screen, with the
        // way to sync, until a sync moves it away.
        sync.idleWipeWarning?.let { warning ->
            ErrorText(warning)
            if (destination != Destination.Sync) {
                TextButton(onClick = { session.go(Destination.Sync) }) { Text("Sync now") }
            }
        }
        Box(Modifier.weight(1f)) { SessionScreen(session, destination, scanner, onPanicWipe) }
    }
}

@Composable
private fun SessionScreen(session: Session, destination: Destination, scanner: QrScanner, onPanicWipe: () -> Unit) {
    if (destination == Destination.Duress) {
        SystemBackHandler { session.go(Destination.Settings) }
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
                    onSettings = { session.go(Destination.Settings) },
                    onConfirmReset = session::resetDemo,
                )
            },
        )
        is Destination.Note -> NoteEditorScreen(session.editor, onClose = session::home)
        Destination.Interview -> {
            val interview by session.interview.collectAsStateWithLifecycle()
            interview?.let { InterviewScreen(it, onClose = session::home) } ?: Loading()
        }
        Destination.Sync -> SyncScreen(session.sync, onBack = session::home, onTeam = { session.go(Destination.Team) })
        Destination.Team -> TeamScreen(session.team, scanner, onBack = session::home)
        Destination.Settings -> SettingsScreen(
            session.duress,
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
    CenteredForm {
        Text("Senim", style = MaterialTheme.typography.headlineMedium)
        Text("Enter your passcode to unlock.", style = MaterialTheme.typography.bodyLarge)
        PasscodeField(
            entered = state.entered,
            onType = model::type,
            onErase = model::erase,
            label = "Passcode",
            enabled = !state.working,
            onDone = { model.submit() },
        )
        state.attemptsNote?.let { Text(it, style = MaterialTheme.typography.bodySmall) }
        // The error's sentence, or while unlocking is paused "Try again in 0:42", ticking.
        ErrorText(state.message)
        if (state.working) {
            CircularProgressIndicator()
        } else {
            Button(onClick = { model.submit() }, enabled = state.canSubmit, modifier = Modifier.fillMaxWidth()) {
                Text("Unlock")
            }
            if (state.canUnlockDemo) {
                Text(
                    "This is a demo vault for training: its passcode is the public one, senim-demo.",
                    style = MaterialTheme.typography.bodySmall,
                )
                OutlinedButton(onClick = { model.unlockDemo() }, modifier = Modifier.fillMaxWidth()) {
                    Text("Open the demo vault")
                }
            }
        }
        // Out of the way of the unlock button, and confirmed by a typed word.
        TextButton(onClick = onPanicWipe, enabled = !state.working) {
            Text("Emergency wipe…", color = MaterialTheme.colorScheme.error)
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
    if (notice != null) {
        AlertDialog(
            onDismissRequest = onDismissNotice,
            title = { Text("This phone's vault was wiped") },
            text = { Text(notice.message) },
            confirmButton = { TextButton(onClick = onDismissNotice) { Text("OK") } },
        )
    }
    CenteredForm {
        Text("Welcome to Senim", style = MaterialTheme.typography.headlineMedium)
        Text(
            "Choose a passcode of at least ${CreateVaultViewModel.MIN_PASSCODE_CHARS} characters. " +
                "Everything you record is encrypted with it and with a key kept in this phone's " +
                "secure hardware. Nobody can recover a forgotten passcode.",
            style = MaterialTheme.typography.bodyMedium,
        )
        PasscodeField(
            entered = state.entered,
            onType = form::type,
            onErase = form::erase,
            label = "New passcode",
            enabled = !state.working,
            imeAction = ImeAction.Next,
        )
        PasscodeStrengthBar(state.strength)
        PasscodeField(
            entered = state.confirmed,
            onType = form::typeConfirmation,
            onErase = form::eraseConfirmation,
            label = "Passcode again",
            enabled = !state.working,
            onDone = { form.submit() },
        )
        if (state.tooShort) {
            Text(
                "The passcode needs at least ${CreateVaultViewModel.MIN_PASSCODE_CHARS} characters: enter it again.",
                color = MaterialTheme.colorScheme.error,
            )
        }
        if (state.mismatch) {
            Text("The two passcodes differ: enter them again.", color = MaterialTheme.colorScheme.error)
        }
        ErrorText(state.error)
        if (state.working) {
            CircularProgressIndicator()
            Text(
                if (state.creatingDemo) "Creating the demo vault with synthetic cases…" else "Creating the vault…",
                style = MaterialTheme.typography.bodySmall,
            )
        } else {
            Button(onClick = { form.submit() }, enabled = state.canSubmit, modifier = Modifier.fillMaxWidth()) {
                Text("Create vault")
            }
            HorizontalDivider()
            Text("Training?", style = MaterialTheme.typography.titleMedium)
            Text(
                "A demo vault is filled with synthetic cases, never real people, and needs no passcode " +
                    "of yours (it opens with the public one, senim-demo). It shows a DEMO banner on every " +
                    "screen and can never sync with a real team. Never record a real person in it. This phone " +
                    "then holds the demo vault: to record real cases on it later, clear the app's data.",
                style = MaterialTheme.typography.bodySmall,
            )
            OutlinedButton(onClick = { form.createDemo() }, enabled = state.canCreateDemo, modifier = Modifier.fillMaxWidth()) {
                Text("Create a demo vault for training")
            }
        }
    }
}

/** The vault does not open; it can still be wiped, by its directory. */
@Composable
fun FailedScreen(error: UiError, onPanicWipe: () -> Unit) {
    CenteredForm {
        Text("The vault cannot be opened", style = MaterialTheme.typography.headlineSmall)
        ErrorText(error)
        Text(
            "Nothing was changed. Ask your team lead: the records synced to the hub are safe, " +
                "and this phone can join the team again.",
            style = MaterialTheme.typography.bodyMedium,
        )
        TextButton(onClick = onPanicWipe) {
            Text("Emergency wipe…", color = MaterialTheme.colorScheme.error)
        }
    }
}
