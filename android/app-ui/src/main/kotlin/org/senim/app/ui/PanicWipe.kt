package org.senim.app.ui

import androidx.compose.foundation.layout.Arrangement
import androidx.compose.foundation.layout.Column
import androidx.compose.foundation.layout.fillMaxSize
import androidx.compose.foundation.layout.fillMaxWidth
import androidx.compose.foundation.layout.padding
import androidx.compose.foundation.rememberScrollState
import androidx.compose.foundation.text.KeyboardActions
import androidx.compose.foundation.text.KeyboardOptions
import androidx.compose.foundation.verticalScroll
import androidx.compose.material3.Button
import androidx.compose.material3.ButtonDefaults
import androidx.compose.material3.CircularProgressIndicator
import androidx.compose.material3.MaterialTheme
import androidx.compose.material3.OutlinedButton
import androidx.compose.material3.OutlinedTextField
import androidx.compose.material3.Text
import androidx.compose.runtime.Composable
import androidx.compose.runtime.getValue
import androidx.compose.ui.Alignment
import androidx.compose.ui.Modifier
import androidx.compose.ui.text.input.ImeAction
import androidx.compose.ui.text.input.KeyboardCapitalization
import androidx.compose.ui.unit.dp
import androidx.lifecycle.compose.collectAsStateWithLifecycle
import org.senim.app.LocalWords
import org.senim.app.Words
import org.senim.core.SenimException
import org.senim.presentation.PanicWipeState
import org.senim.presentation.PanicWipeViewModel

/**
 * The panic wipe, drawn by the root over whatever the phase shows while the view model
 * is not idle: the typed word, the wipe, and a wipe that did not finish. Once done the
 * app shows the first-run screen at once, saying nothing of the wipe.
 */
@Composable
fun PanicWipeScreen(model: PanicWipeViewModel) {
    val state by model.state.collectAsStateWithLifecycle()
    val w = LocalWords.current
    SystemBackHandler(enabled = state is PanicWipeState.Confirming) { model.cancel() }
    Column(
        modifier = Modifier
            .fillMaxSize()
            .verticalScroll(rememberScrollState())
            .padding(24.dp),
        verticalArrangement = Arrangement.spacedBy(16.dp, Alignment.CenterVertically),
        horizontalAlignment = Alignment.CenterHorizontally,
    ) {
        when (val s = state) {
            PanicWipeState.Idle -> Unit
            is PanicWipeState.Confirming -> ConfirmWipe(model, s)
            PanicWipeState.Wiping -> {
                CircularProgressIndicator()
                Text(w.text("app-wipe-wiping"), style = MaterialTheme.typography.bodyLarge)
            }
            // The app moves on to the first-run screen at once.
            is PanicWipeState.Done -> CircularProgressIndicator()
            is PanicWipeState.Failed -> {
                Text(w.text("app-wipe-failed"), style = MaterialTheme.typography.headlineSmall)
                // One sentence: the core's WipeIncomplete says whether the keys are gone.
                Text(wipeFailure(w, s), style = MaterialTheme.typography.bodyLarge)
                WipeButton(w.text("app-wipe-retry")) { model.retry() }
            }
        }
    }
}

@Composable
private fun ConfirmWipe(model: PanicWipeViewModel, s: PanicWipeState.Confirming) {
    val w = LocalWords.current
    Text(w.text("app-wipe-title"), style = MaterialTheme.typography.headlineSmall)
    Text(
        w.text("app-wipe-explained"),
        style = MaterialTheme.typography.bodyMedium,
    )
    Text(w.format("app-wipe-type", "word" to PanicWipeViewModel.CONFIRMATION_WORD), style = MaterialTheme.typography.titleMedium)
    // The word is no secret: a plain field (still nothing saved to instance state).
    OutlinedTextField(
        value = s.typed,
        onValueChange = model::type,
        singleLine = true,
        label = { Text(PanicWipeViewModel.CONFIRMATION_WORD) },
        keyboardOptions = KeyboardOptions(
            capitalization = KeyboardCapitalization.Characters,
            autoCorrectEnabled = false,
            imeAction = ImeAction.Done,
        ),
        keyboardActions = KeyboardActions(onDone = { model.confirm() }),
        modifier = Modifier.fillMaxWidth(),
    )
    WipeButton(w.text("app-wipe-now"), enabled = s.canConfirm) { model.confirm() }
    OutlinedButton(onClick = model::cancel, modifier = Modifier.fillMaxWidth()) { Text(w.text("app-cancel")) }
}

@Composable
private fun WipeButton(text: String, enabled: Boolean = true, onClick: () -> Unit) {
    Button(
        onClick = onClick,
        enabled = enabled,
        colors = ButtonDefaults.buttonColors(
            containerColor = MaterialTheme.colorScheme.error,
            contentColor = MaterialTheme.colorScheme.onError,
        ),
        modifier = Modifier.fillMaxWidth(),
    ) { Text(text) }
}

/**
 * [PanicWipeState.Failed.summary] in the app's language: the core's `WipeIncomplete` in
 * its own sentence (keys gone, or maybe readable); any other failure says the data may
 * still be readable, then what failed.
 */
private fun wipeFailure(w: Words, s: PanicWipeState.Failed): String =
    if (s.error.failure is SenimException.WipeIncomplete) {
        w.say(s.error.sentence)
    } else {
        w.text("app-error-wipe-incomplete") + " " + w.say(s.error.sentence)
    }
