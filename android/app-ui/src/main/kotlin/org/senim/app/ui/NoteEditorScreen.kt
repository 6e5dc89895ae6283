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
import org.senim.presentation.NoteEditorViewModel

/** A new note or an existing one: text, place, tags. The core validates on save. */
@OptIn(ExperimentalMaterial3Api::class, ExperimentalLayoutApi::class)
@Composable
fun NoteEditorScreen(model: NoteEditorViewModel, onClose: () -> Unit) {
    val state by model.state.collectAsStateWithLifecycle()
    // The tag being typed. Plain `remember`, never `rememberSaveable`: saved instance
    // state may be written to disk by the system, and nothing typed here may be.
    var tag by remember { mutableStateOf("") }

    Scaffold(
        contentWindowInsets = NoInsets,
        topBar = {
            TopAppBar(
                title = { Text(if (state.id == null) "New note" else "Note") },
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
                label = { Text("What happened") },
                isError = state.invalidField == "text",
                modifier = Modifier.fillMaxWidth().heightIn(min = 160.dp),
            )
            OutlinedTextField(
                value = state.place,
                onValueChange = model::setPlace,
                label = { Text("Place (a label, not an address)") },
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
                    label = { Text("Tag") },
                    isError = state.invalidField == "tags",
                    singleLine = true,
                    keyboardOptions = KeyboardOptions(imeAction = ImeAction.Done),
                    keyboardActions = KeyboardActions(onDone = { model.addTag(tag); tag = "" }),
                    modifier = Modifier.weight(1f),
                )
                TextButton(onClick = { model.addTag(tag); tag = "" }, enabled = tag.isNotBlank()) { Text("Add") }
            }
            state.at?.let { Text("Contact: ${it.short()}", style = MaterialTheme.typography.bodySmall) }
            state.validation?.let { Text(it, color = MaterialTheme.colorScheme.error) }
            ErrorText(state.error)
            if (state.saved) {
                Text(
                    if (state.changed.isEmpty() && state.id != null) "Saved." else "Saved (${state.changed.joinToString(", ").ifEmpty { "new note" }}).",
                    style = MaterialTheme.typography.bodySmall,
                )
            }
            ButtonRow {
                TextButton(onClick = onClose) { Text("Close") }
                Button(onClick = { model.save() }, enabled = state.canSave) {
                    Text(if (state.saving) "Saving…" else "Save")
                }
            }
        }
    }
}
