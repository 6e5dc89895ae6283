package org.senim.app.ui

import androidx.compose.foundation.clickable
import androidx.compose.foundation.layout.Arrangement
import androidx.compose.foundation.layout.Box
import androidx.compose.foundation.layout.Column
import androidx.compose.foundation.layout.ColumnScope
import androidx.compose.foundation.layout.FlowRow
import androidx.compose.foundation.layout.Row
import androidx.compose.foundation.layout.fillMaxWidth
import androidx.compose.foundation.layout.padding
import androidx.compose.foundation.selection.toggleable
import androidx.compose.material3.Button
import androidx.compose.material3.Card
import androidx.compose.material3.Checkbox
import androidx.compose.material3.DropdownMenu
import androidx.compose.material3.DropdownMenuItem
import androidx.compose.material3.MaterialTheme
import androidx.compose.material3.OutlinedButton
import androidx.compose.material3.OutlinedTextField
import androidx.compose.material3.Text
import androidx.compose.material3.TextButton
import androidx.compose.runtime.Composable
import androidx.compose.runtime.getValue
import androidx.compose.runtime.mutableStateOf
import androidx.compose.runtime.remember
import androidx.compose.runtime.setValue
import androidx.compose.ui.Alignment
import androidx.compose.ui.Modifier
import androidx.compose.ui.semantics.Role
import androidx.compose.ui.text.font.FontFamily
import androidx.compose.ui.text.font.FontWeight
import androidx.compose.ui.text.style.TextOverflow
import androidx.compose.ui.unit.dp
import androidx.lifecycle.compose.collectAsStateWithLifecycle
import org.json.JSONObject
import org.json.JSONTokener
import org.senim.app.LocalWords
import org.senim.app.Words
import org.senim.core.Author
import org.senim.core.ChangeKind
import org.senim.core.RecordKind
import org.senim.core.RiskLevel
import org.senim.core.TeamRecord
import org.senim.core.TeamRecordDetail
import org.senim.core.directoryServiceName
import org.senim.presentation.LeadViewModel
import org.senim.presentation.TeamRecordsForm

/** A device as the lead reads it: its call sign, or its id's start when this vault knows none. */
fun authorName(w: Words, a: Author): String = when {
    a.name.isNotEmpty() -> a.name
    a.thisDevice -> w.text("app-lead-records-you")
    else -> w.format("app-lead-records-device", "device" to a.device.take(8))
}


/**
 * The team's records: the filters (worker, kind, level, days, open referrals,
 * conflicts), which the core applies, then the list a page at a time; a record opened
 * shows its conflicts and its history instead.
 */
@Composable
fun ColumnScope.TeamRecords(model: LeadViewModel) {
    val state by model.state.collectAsStateWithLifecycle()
    val w = LocalWords.current
    val t = state.teamRecords
    val detail = t.detail
    SystemBackHandler(enabled = detail != null) { model.closeTeamRecord() }
    if (detail != null) {
        RecordDetail(detail, onBack = model::closeTeamRecord)
        return
    }
    Text(w.text("app-lead-records-explained"), style = MaterialTheme.typography.bodySmall)
    Button(onClick = { model.loadTeamRecords(sync = true) }, enabled = !state.working) { Text(w.text("app-lead-members-sync")) }
    Filters(model, t.form, state.working)
    t.total?.let {
        Text(w.format("app-lead-records-count", "count" to it), style = MaterialTheme.typography.titleSmall)
        if (it == 0uL) Text(w.text("app-lead-records-empty"), style = MaterialTheme.typography.bodyMedium)
    }
    if (t.damaged > 0) {
        Text(w.format("app-records-damaged", "count" to t.damaged), color = MaterialTheme.colorScheme.error, style = MaterialTheme.typography.bodySmall)
    }
    for (r in t.records) TeamRecordCard(r) { model.openTeamRecord(r.record.id) }
    if (t.next != null) {
        OutlinedButton(onClick = { model.moreTeamRecords() }, enabled = !state.working) { Text(w.text("app-lead-records-more")) }
    }
}

@Composable
private fun Filters(model: LeadViewModel, form: TeamRecordsForm, working: Boolean) {
    val w = LocalWords.current
    val state by model.state.collectAsStateWithLifecycle()
    val apply = { edit: (TeamRecordsForm) -> TeamRecordsForm -> model.filterTeamRecords(edit) }
    FlowRow(horizontalArrangement = Arrangement.spacedBy(12.dp), verticalArrangement = Arrangement.spacedBy(8.dp)) {
        val workers = state.members.map { it.device to it.name.ifEmpty { w.format("app-lead-records-device", "device" to it.device.take(8)) } }
        Choice(
            label = w.text("app-lead-records-worker"),
            current = workers.firstOrNull { it.first == form.worker }?.second ?: w.text("app-lead-records-any-worker"),
            options = listOf<Pair<String?, String>>(null to w.text("app-lead-records-any-worker")) + workers,
        ) { d -> apply { it.copy(worker = d) } }
        Choice(
            label = w.text("app-lead-records-kind"),
            current = form.kind?.let { kindName(w, it) } ?: w.text("app-lead-records-any-kind"),
            options = listOf<Pair<RecordKind?, String>>(null to w.text("app-lead-records-any-kind")) + RecordKind.entries.map { it to kindName(w, it) },
        ) { k -> apply { it.copy(kind = k) } }
        Choice(
            label = w.text("app-lead-records-level"),
            current = form.level?.let { levelName(w, it) } ?: w.text("app-lead-records-any-level"),
            options = listOf<Pair<RiskLevel?, String>>(null to w.text("app-lead-records-any-level")) + RiskLevel.entries.map { it to levelName(w, it) },
        ) { l -> apply { it.copy(level = l) } }
    }
    Row(horizontalArrangement = Arrangement.spacedBy(8.dp)) {
        OutlinedTextField(
            value = form.from,
            onValueChange = { v -> model.editTeamFilter { it.copy(from = v) } },
            label = { Text(w.text("app-lead-records-from")) },
            placeholder = { Text(w.text("app-lead-records-day-format")) },
            singleLine = true,
            modifier = Modifier.weight(1f),
        )
        OutlinedTextField(
            value = form.to,
            onValueChange = { v -> model.editTeamFilter { it.copy(to = v) } },
            label = { Text(w.text("app-lead-records-to")) },
            placeholder = { Text(w.text("app-lead-records-day-format")) },
            singleLine = true,
            modifier = Modifier.weight(1f),
        )
    }
    FlowRow(horizontalArrangement = Arrangement.spacedBy(12.dp), verticalArrangement = Arrangement.spacedBy(4.dp)) {
        Toggle(w.text("app-lead-records-open-referrals"), form.openReferrals) { v -> apply { it.copy(openReferrals = v) } }
        Toggle(w.text("app-lead-records-conflicts"), form.conflicts) { v -> apply { it.copy(conflicts = v) } }
    }
    ButtonRow {
        TextButton(onClick = { apply { TeamRecordsForm() } }, enabled = !working) { Text(w.text("app-lead-records-clear")) }
        Button(onClick = { model.loadTeamRecords() }, enabled = !working) { Text(w.text("app-lead-records-apply")) }
    }
}

/** A labelled choice among `options` (the first: any), in a menu under a button. */
@Composable
private fun <T> Choice(label: String, current: String, options: List<Pair<T, String>>, onPick: (T) -> Unit) {
    var open by remember { mutableStateOf(false) }
    Column(verticalArrangement = Arrangement.spacedBy(2.dp)) {
        Text(label, style = MaterialTheme.typography.labelMedium)
        Box {
            OutlinedButton(onClick = { open = true }) { Text(current, maxLines = 1, overflow = TextOverflow.Ellipsis) }
            DropdownMenu(expanded = open, onDismissRequest = { open = false }) {
                for ((value, name) in options) {
                    DropdownMenuItem(text = { Text(name) }, onClick = {
                        open = false
                        onPick(value)
                    })
                }
            }
        }
    }
}

@Composable
private fun Toggle(label: String, checked: Boolean, onChange: (Boolean) -> Unit) {
    Row(
        Modifier.toggleable(value = checked, role = Role.Checkbox, onValueChange = onChange),
        verticalAlignment = Alignment.CenterVertically,
    ) {
        Checkbox(checked = checked, onCheckedChange = null)
        Text(label, style = MaterialTheme.typography.bodyMedium)
    }
}

/**
 * A referral's service as the lead reads it: its name in the referral directory, in the
 * app's language; its id when the directory has no such service (a referral written
 * against another directory) or cannot be read.
 */
fun serviceName(w: Words, service: String): String =
    runCatching { directoryServiceName(service, w.tag) }.getOrNull()?.text ?: service

/** What a record is about, in a line: a note's text, a person's alias, a referral's service and status. */
private fun headline(w: Words, r: TeamRecord): String? {
    r.record.note?.let { return it.text }
    val body = runCatching { JSONObject(r.record.bodyJson).optJSONObject("body") }.getOrNull() ?: return null
    return when (r.record.kind) {
        RecordKind.SUBJECT -> body.optString("alias").ifEmpty { null }
        RecordKind.REFERRAL -> listOfNotNull(
            body.optString("service").ifEmpty { null }?.let { serviceName(w, it) },
            statusName(w, body.optString("status")),
        ).joinToString(" · ").ifEmpty { null }
        RecordKind.INTERVIEW -> r.level?.let { levelName(w, it) }
        else -> null
    }
}

private fun statusName(w: Words, status: String): String? = statusKey(status)?.let(w::text)

@Composable
private fun TeamRecordCard(r: TeamRecord, onOpen: () -> Unit) {
    val w = LocalWords.current
    Card(Modifier.fillMaxWidth().clickable(onClick = onOpen)) {
        Column(Modifier.padding(12.dp), verticalArrangement = Arrangement.spacedBy(4.dp)) {
            FlowRow(horizontalArrangement = Arrangement.spacedBy(8.dp), verticalArrangement = Arrangement.spacedBy(4.dp)) {
                Text(kindName(w, r.record.kind), style = MaterialTheme.typography.labelLarge)
                Text(
                    w.format("app-lead-records-by", "name" to authorName(w, r.author), "time" to (r.record.note?.at ?: r.record.createdAt).short(w)),
                    style = MaterialTheme.typography.labelMedium,
                )
                if (r.record.conflicts.isNotEmpty()) {
                    Tag(w.text("app-lead-records-conflict"), MaterialTheme.colorScheme.errorContainer, MaterialTheme.colorScheme.onErrorContainer)
                }
                if (r.openReferral) {
                    Tag(w.text("app-lead-records-open-referral"), MaterialTheme.colorScheme.secondaryContainer, MaterialTheme.colorScheme.onSecondaryContainer)
                }
            }
            headline(w, r)?.let { Text(it, maxLines = 2, overflow = TextOverflow.Ellipsis, style = MaterialTheme.typography.bodyMedium) }
            r.record.note?.place?.let { Text(it, style = MaterialTheme.typography.bodySmall) }
        }
    }
}

/** A value as JSON, as a person reads it: text without its quotes. */
private fun shown(json: String): String = runCatching {
    when (val v = JSONTokener(json).nextValue()) {
        is String -> v
        else -> v.toString()
    }
}.getOrDefault(json)

@Composable
private fun ColumnScope.RecordDetail(d: TeamRecordDetail, onBack: () -> Unit) {
    val w = LocalWords.current
    val r = d.record
    Text(kindName(w, r.record.kind), style = MaterialTheme.typography.titleMedium)
    Text(
        w.format("app-lead-records-by", "name" to authorName(w, r.author), "time" to r.record.createdAt.short(w)),
        style = MaterialTheme.typography.labelMedium,
    )
    headline(w, r)?.let { Text(it, style = MaterialTheme.typography.bodyLarge) }
    if (d.conflicts.isNotEmpty()) {
        Text(w.text("app-lead-record-conflicts"), style = MaterialTheme.typography.titleSmall, color = MaterialTheme.colorScheme.error)
        Text(w.text("app-lead-record-conflicts-explained"), style = MaterialTheme.typography.bodySmall)
        for (c in d.conflicts) {
            Card(Modifier.fillMaxWidth()) {
                Column(Modifier.padding(12.dp), verticalArrangement = Arrangement.spacedBy(4.dp)) {
                    Text(w.format("app-lead-record-field", "field" to fieldName(w, c.field)), style = MaterialTheme.typography.labelLarge)
                    for (v in c.values) {
                        // The value the record reads now is marked, in words and in weight.
                        FlowRow(
                            horizontalArrangement = Arrangement.spacedBy(8.dp),
                            verticalArrangement = Arrangement.spacedBy(2.dp),
                        ) {
                            Text(
                                w.format("app-lead-record-value", "name" to authorName(w, v.author), "value" to shown(v.valueJson)),
                                style = MaterialTheme.typography.bodyMedium,
                                fontWeight = if (v.current) FontWeight.SemiBold else null,
                            )
                            if (v.current) {
                                Tag(w.text("app-lead-record-value-current"), MaterialTheme.colorScheme.primaryContainer, MaterialTheme.colorScheme.onPrimaryContainer)
                            }
                        }
                    }
                }
            }
        }
    }
    Text(w.text("app-lead-record-history"), style = MaterialTheme.typography.titleSmall)
    for (h in d.history) {
        val name = authorName(w, h.author)
        val time = h.at.short(w)
        Text(
            when (h.kind) {
                ChangeKind.CREATE -> w.format("app-lead-record-created", "time" to time, "name" to name)
                ChangeKind.EDIT -> w.format("app-lead-record-edited", "time" to time, "name" to name, "fields" to h.fields.joinToString(", ") { fieldName(w, it) })
                ChangeKind.DELETE -> w.format("app-lead-record-deleted", "time" to time, "name" to name)
                ChangeKind.OTHER -> w.format("app-lead-record-changed", "time" to time, "name" to name)
            },
            style = MaterialTheme.typography.bodySmall,
        )
    }
    Text(w.text("app-lead-record-body"), style = MaterialTheme.typography.titleSmall)
    Text(
        runCatching { JSONObject(r.record.bodyJson).toString(2) }.getOrDefault(r.record.bodyJson),
        fontFamily = FontFamily.Monospace,
        style = MaterialTheme.typography.bodySmall,
    )
    OutlinedButton(onClick = onBack) { Text(w.text("app-lead-record-back")) }
}
