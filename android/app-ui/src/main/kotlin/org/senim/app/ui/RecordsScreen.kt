package org.senim.app.ui

import androidx.compose.foundation.clickable
import androidx.compose.foundation.layout.Arrangement
import androidx.compose.foundation.layout.Column
import androidx.compose.foundation.layout.PaddingValues
import androidx.compose.foundation.layout.Row
import androidx.compose.foundation.layout.fillMaxSize
import androidx.compose.foundation.layout.fillMaxWidth
import androidx.compose.foundation.layout.padding
import androidx.compose.foundation.lazy.LazyColumn
import androidx.compose.foundation.lazy.items
import androidx.compose.foundation.lazy.rememberLazyListState
import androidx.compose.foundation.rememberScrollState
import androidx.compose.foundation.verticalScroll
import androidx.compose.material3.AlertDialog
import androidx.compose.material3.ExperimentalMaterial3Api
import androidx.compose.material3.ExtendedFloatingActionButton
import androidx.compose.material3.HorizontalDivider
import androidx.compose.material3.LinearProgressIndicator
import androidx.compose.material3.MaterialTheme
import androidx.compose.material3.OutlinedTextField
import androidx.compose.material3.Scaffold
import androidx.compose.material3.Text
import androidx.compose.material3.TextButton
import androidx.compose.material3.TopAppBar
import androidx.compose.runtime.Composable
import androidx.compose.runtime.LaunchedEffect
import androidx.compose.runtime.derivedStateOf
import androidx.compose.runtime.getValue
import androidx.compose.runtime.mutableStateOf
import androidx.compose.runtime.remember
import androidx.compose.runtime.setValue
import androidx.compose.ui.Modifier
import androidx.compose.ui.text.font.FontFamily
import androidx.compose.ui.text.style.TextOverflow
import androidx.compose.ui.unit.dp
import androidx.lifecycle.compose.collectAsStateWithLifecycle
import org.senim.app.LocalWords
import org.senim.app.Words
import org.senim.core.RecordKind
import org.senim.core.RecordView
import org.senim.presentation.RecordsViewModel

/**
 * Every record newest first, or the notes matching a search; new note, interview, sync,
 * team, and the app bar's [menu] (the settings, and the demo reset for a demo vault).
 */
@OptIn(ExperimentalMaterial3Api::class)
@Composable
fun RecordsScreen(
    model: RecordsViewModel,
    onOpenNote: (String) -> Unit,
    onNewNote: () -> Unit,
    onInterview: () -> Unit,
    menu: @Composable () -> Unit = {},
) {
    val state by model.state.collectAsStateWithLifecycle()
    val w = LocalWords.current
    val list = rememberLazyListState()
    var detail by remember { mutableStateOf<RecordView?>(null) }

    // Load the next page when the last row comes into view.
    val atEnd by remember {
        derivedStateOf {
            val last = list.layoutInfo.visibleItemsInfo.lastOrNull()?.index ?: -1
            last >= list.layoutInfo.totalItemsCount - 1
        }
    }
    LaunchedEffect(atEnd, state.canLoadMore) {
        if (atEnd && state.canLoadMore) model.loadMore()
    }

    Scaffold(
        contentWindowInsets = NoInsets,
        topBar = {
            TopAppBar(
                title = { Text(w.text("app-records-title")) },
                windowInsets = NoInsets,
                actions = {
                    // One action beside the title at a phone's width in every language; sync,
                    // team and settings are in the menu.
                    TextButton(onClick = onInterview) { Text(w.text("app-records-interview")) }
                    menu()
                },
            )
        },
        floatingActionButton = {
            ExtendedFloatingActionButton(onClick = onNewNote) { Text(w.text("app-records-new-note")) }
        },
    ) { padding ->
        Column(Modifier.padding(padding).fillMaxSize()) {
            OutlinedTextField(
                value = state.query,
                onValueChange = { model.onQueryChanged(it) },
                label = { Text(w.text("app-records-search")) },
                singleLine = true,
                modifier = Modifier.fillMaxWidth().padding(horizontal = 16.dp, vertical = 8.dp),
            )
            if (state.loading) LinearProgressIndicator(modifier = Modifier.fillMaxWidth())
            ErrorText(state.error, Modifier.padding(horizontal = 16.dp))
            if (state.damaged > 0) {
                Text(
                    w.format("app-records-damaged", "count" to state.damaged),
                    color = MaterialTheme.colorScheme.error,
                    style = MaterialTheme.typography.bodySmall,
                    modifier = Modifier.padding(horizontal = 16.dp),
                )
            }
            if (state.records.isEmpty() && !state.loading && state.error == null) {
                Text(
                    w.text(if (state.searching) "app-records-no-match" else "app-records-empty"),
                    modifier = Modifier.padding(16.dp),
                    style = MaterialTheme.typography.bodyMedium,
                )
            }
            LazyColumn(
                state = list,
                contentPadding = PaddingValues(bottom = 88.dp),
                modifier = Modifier.fillMaxSize(),
            ) {
                items(state.records, key = { it.id }) { record ->
                    RecordRow(record) {
                        if (record.kind == RecordKind.NOTE) onOpenNote(record.id) else detail = record
                    }
                    HorizontalDivider()
                }
            }
        }
    }

    detail?.let { record ->
        AlertDialog(
            onDismissRequest = { detail = null },
            confirmButton = { TextButton(onClick = { detail = null }) { Text(w.text("app-close")) } },
            title = { Text(kindName(w, record.kind)) },
            text = {
                Column(Modifier.verticalScroll(rememberScrollState()), verticalArrangement = Arrangement.spacedBy(8.dp)) {
                    Text(w.format("app-records-dates", "created" to record.createdAt.short(w), "updated" to record.updatedAt.short(w)))
                    ConflictsLine(record)
                    Text(prettyJson(record.bodyJson), fontFamily = FontFamily.Monospace, style = MaterialTheme.typography.bodySmall)
                }
            },
        )
    }
}

@Composable
private fun RecordRow(record: RecordView, onClick: () -> Unit) {
    val w = LocalWords.current
    Column(
        Modifier
            .fillMaxWidth()
            .clickable(onClick = onClick)
            .padding(horizontal = 16.dp, vertical = 12.dp),
    ) {
        Row(horizontalArrangement = Arrangement.spacedBy(8.dp)) {
            Text(kindName(w, record.kind), style = MaterialTheme.typography.labelLarge)
            Text(record.updatedAt.short(w), style = MaterialTheme.typography.labelMedium)
        }
        val note = record.note
        if (note != null) {
            Text(note.text, maxLines = 2, overflow = TextOverflow.Ellipsis, style = MaterialTheme.typography.bodyMedium)
            val extra = listOfNotNull(note.place, note.tags.takeIf { it.isNotEmpty() }?.joinToString(", ") { "#$it" })
            if (extra.isNotEmpty()) {
                Text(extra.joinToString(" · "), style = MaterialTheme.typography.bodySmall)
            }
        }
        ConflictsLine(record)
    }
}

/** Concurrent edits the sync could not merge: both values are kept, the worker decides. */
@Composable
private fun ConflictsLine(record: RecordView) {
    if (record.conflicts.isEmpty()) return
    val w = LocalWords.current
    Text(
        w.format(
            "app-records-conflicts",
            "fields" to record.conflicts.joinToString(", ") {
                w.format("app-records-conflict-field", "field" to it.field, "count" to it.values.size)
            },
        ),
        color = MaterialTheme.colorScheme.error,
        style = MaterialTheme.typography.bodySmall,
    )
}

fun kindName(w: Words, kind: RecordKind): String = w.text(
    when (kind) {
        RecordKind.SUBJECT -> "app-records-kind-subject"
        RecordKind.NOTE -> "app-records-kind-note"
        RecordKind.INTERVIEW -> "app-records-kind-interview"
        RecordKind.REFERRAL -> "app-records-kind-referral"
        RecordKind.CONSENT -> "app-records-kind-consent"
    },
)

/** The record's body for the detail dialog, indented when it parses. */
private fun prettyJson(json: String): String =
    runCatching { org.json.JSONObject(json).toString(2) }.getOrDefault(json)
