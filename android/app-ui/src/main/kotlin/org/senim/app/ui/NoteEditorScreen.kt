package org.senim.app.ui

import androidx.compose.foundation.layout.Arrangement
import androidx.compose.foundation.layout.Column
import androidx.compose.foundation.layout.ExperimentalLayoutApi
import androidx.compose.foundation.layout.FlowRow
import androidx.compose.foundation.layout.Row
import androidx.compose.foundation.layout.fillMaxSize
import androidx.compose.foundation.layout.fillMaxWidth
import androidx.compose.foundation.layout.heightIn
import androidx.compose.foundation.layout.padding
import androidx.compose.foundation.rememberScrollState
import androidx.compose.foundation.text.KeyboardActions
import androidx.compose.foundation.text.KeyboardOptions
import androidx.compose.foundation.verticalScroll
import androidx.compose.material3.Button
import androidx.compose.material3.ExperimentalMaterial3Api
import androidx.compose.material3.InputChip
import androidx.compose.material3.MaterialTheme
import androidx.compose.material3.OutlinedTextField
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
import androidx.compose.ui.text.input.ImeAction
import androidx.compose.ui.unit.dp
import androidx.lifecycle.compose.collectAsStateWithLifecycle
import org.senim.app.LocalWords
import org.senim.app.Words
import org.senim.presentation.NoteEditorViewModel

/** A new note or an existing one: text, place, tags. The core validates on save. */
@OptIn(ExperimentalMaterial3Api::class, ExperimentalLayoutApi::class)
@Composable
fun NoteEditorScreen(model: NoteEditorViewModel, onClose: () -> Unit) {
    val state by model.state.collectAsStateWithLifecycle()
    val w = LocalWords.current
    // The tag being typed. Plain `remember`, never `rememberSaveable`: saved instance
    // state may be written to disk by the system, and nothing typed here may be.
    var tag by remember { mutableStateOf("") }

    Scaffold(
        contentWindowInsets = NoInsets,
        topBar = {
            TopAppBar(
                title = { Text(w.text(if (state.id == null) "app-note-new" else "app-note-title")) },
                windowInsets = NoInsets,
                navigationIcon = { BackTextButton(onClose) },
            )
        },
    ) { padding ->
        if (state.loading) {
            Loading(Modifier.padding(padding))
            return@Scaffold
        }
        Column(
            Modifier
                .padding(padding)
                .fillMaxSize()
                .verticalScroll(rememberScrollState())
                .padding(16.dp),
            verticalArrangement = Arrangement.spacedBy(12.dp),
        ) {
            OutlinedTextField(
                value = state.text,
                onValueChange = model::setText,
                label = { Text(w.text("app-note-text")) },
                isError = state.invalidField == "text",
                modifier = Modifier.fillMaxWidth().heightIn(min = 160.dp),
            )
            OutlinedTextField(
                value = state.place,
                onValueChange = model::setPlace,
                label = { Text(w.text("app-note-place")) },
                isError = state.invalidField == "place",
                singleLine = true,
                modifier = Modifier.fillMaxWidth(),
            )
            FlowRow(horizontalArrangement = Arrangement.spacedBy(8.dp)) {
                state.tags.forEach { t ->
                    InputChip(
                        selected = false,
                        onClick = { model.removeTag(t) },
                        label = { Text("#$t  ✕") },
                    )
                }
            }
            Row(verticalAlignment = Alignment.CenterVertically, horizontalArrangement = Arrangement.spacedBy(8.dp)) {
                OutlinedTextField(
                    value = tag,
                    onValueChange = { tag = it },
                    label = { Text(w.text("app-note-tag")) },
                    isError = state.invalidField == "tags",
                    singleLine = true,
                    keyboardOptions = KeyboardOptions(imeAction = ImeAction.Done),
                    keyboardActions = KeyboardActions(onDone = { model.addTag(tag); tag = "" }),
                    modifier = Modifier.weight(1f),
                )
                TextButton(onClick = { model.addTag(tag); tag = "" }, enabled = tag.isNotBlank()) { Text(w.text("app-note-add-tag")) }
            }
            state.at?.let { Text(w.format("app-note-contact", "time" to it.short(w)), style = MaterialTheme.typography.bodySmall) }
            state.validationSentence?.let { Text(w.say(it), color = MaterialTheme.colorScheme.error) }
            ErrorText(state.error)
            if (state.saved) {
                Text(
                    when {
                        state.changed.isEmpty() && state.id != null -> w.text("app-note-saved")
                        state.changed.isEmpty() -> w.text("app-note-saved-new")
                        else -> w.format("app-note-saved-fields", "fields" to state.changed.joinToString(", ") { fieldName(w, it) })
                    },
                    style = MaterialTheme.typography.bodySmall,
                )
            }
            ButtonRow {
                TextButton(onClick = onClose) { Text(w.text("app-close")) }
                Button(onClick = { model.save() }, enabled = state.canSave) {
                    Text(w.text(if (state.saving) "app-note-saving" else "app-note-save"))
                }
            }
        }
    }
}

/**
 * A field as the core names it (a note's `text`, `place`, `tags`, `at`; a referral's
 * `status`, a person's `alias`), in the worker's words; any other as the core names it.
 */
fun fieldName(w: Words, field: String): String = when (field) {
    "text" -> w.text("app-note-field-text")
    "place" -> w.text("app-note-field-place")
    "tags" -> w.text("app-note-field-tags")
    "at" -> w.text("app-note-field-at")
    "status" -> w.text("app-lead-field-status")
    "alias" -> w.text("app-lead-field-alias")
    else -> field
}
