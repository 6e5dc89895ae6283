package org.senim.app.ui

import androidx.compose.foundation.Canvas
import androidx.compose.foundation.layout.Arrangement
import androidx.compose.foundation.layout.Box
import androidx.compose.foundation.layout.Column
import androidx.compose.foundation.layout.ColumnScope
import androidx.compose.foundation.layout.Row
import androidx.compose.foundation.layout.fillMaxSize
import androidx.compose.foundation.layout.fillMaxWidth
import androidx.compose.foundation.layout.height
import androidx.compose.foundation.layout.padding
import androidx.compose.foundation.layout.size
import androidx.compose.foundation.layout.width
import androidx.compose.foundation.rememberScrollState
import androidx.compose.foundation.verticalScroll
import androidx.compose.material3.AlertDialog
import androidx.compose.material3.Button
import androidx.compose.material3.Card
import androidx.compose.material3.ExperimentalMaterial3Api
import androidx.compose.material3.LinearProgressIndicator
import androidx.compose.material3.MaterialTheme
import androidx.compose.material3.OutlinedButton
import androidx.compose.material3.OutlinedTextField
import androidx.compose.material3.Scaffold
import androidx.compose.material3.Text
import androidx.compose.material3.TextButton
import androidx.compose.material3.TopAppBar
import androidx.compose.runtime.Composable
import androidx.compose.runtime.LaunchedEffect
import androidx.compose.runtime.getValue
import androidx.compose.runtime.mutableStateOf
import androidx.compose.runtime.remember
import androidx.compose.runtime.setValue
import androidx.compose.ui.Alignment
import androidx.compose.ui.Modifier
import androidx.compose.ui.geometry.Offset
import androidx.compose.ui.geometry.Size
import androidx.compose.ui.graphics.Color
import androidx.compose.ui.graphics.PathEffect
import androidx.compose.ui.graphics.drawscope.Stroke
import androidx.compose.ui.text.font.FontFamily
import androidx.compose.ui.unit.dp
import androidx.lifecycle.compose.collectAsStateWithLifecycle
import org.senim.app.LeadPage
import org.senim.app.LocalWords
import org.senim.app.Words
import org.senim.core.LabelledCount
import org.senim.core.MemberActivity
import org.senim.core.MonthLevels
import org.senim.core.RecordKind
import org.senim.core.ReportCount
import org.senim.core.ReportView
import org.senim.core.TeamRole
import org.senim.presentation.LeadViewModel

/** The buttons of the team screen that open the lead's screens. */
@Composable
fun LeadLinks(onOpen: (LeadPage) -> Unit) {
    val w = LocalWords.current
    Text(w.text("app-lead-title"), style = MaterialTheme.typography.titleMedium)
    for (page in LeadPage.entries) {
        OutlinedButton(onClick = { onOpen(page) }, modifier = Modifier.fillMaxWidth()) { Text(w.text(pageTitle(page))) }
    }
}

private fun pageTitle(page: LeadPage): String = when (page) {
    LeadPage.Members -> "app-lead-members-title"
    LeadPage.Records -> "app-lead-records-title"
    LeadPage.Quarantine -> "app-lead-quarantine-title"
    LeadPage.Policy -> "app-lead-policy-title"
    LeadPage.Erase -> "app-lead-erase-title"
    LeadPage.Report -> "app-lead-report-title"
}

@OptIn(ExperimentalMaterial3Api::class)
@Composable
fun LeadScreen(model: LeadViewModel, page: LeadPage, onBack: () -> Unit) {
    val state by model.state.collectAsStateWithLifecycle()
    val w = LocalWords.current
    LaunchedEffect(page, w.tag) {
        when (page) {
            LeadPage.Members -> model.refreshMembers()
            LeadPage.Records -> model.loadTeamRecords()
            LeadPage.Quarantine -> model.refreshQuarantine()
            LeadPage.Policy -> model.refreshPolicy()
            LeadPage.Erase -> model.refreshSubjects()
            LeadPage.Report -> model.loadReport(w.tag)
        }
    }
    val scroll = rememberScrollState()
    // A record opened or the list again, an erasure checked or cancelled: from the top.
    LaunchedEffect(state.teamRecords.detail?.record?.record?.id, state.erasure.count) { scroll.scrollTo(0) }
    Scaffold(
        contentWindowInsets = NoInsets,
        topBar = {
            // An open record goes back to the list first.
            val back = { if (page == LeadPage.Records && state.teamRecords.detail != null) model.closeTeamRecord() else onBack() }
            TopAppBar(title = { Text(w.text(pageTitle(page))) }, windowInsets = NoInsets, navigationIcon = { BackTextButton(back) })
        },
    ) { padding ->
        Column(
            Modifier
                .padding(padding)
                .fillMaxSize()
                .verticalScroll(scroll)
                .padding(16.dp),
            verticalArrangement = Arrangement.spacedBy(12.dp),
        ) {
            if (state.working) LinearProgressIndicator(modifier = Modifier.fillMaxWidth())
            ErrorText(state.error)
            when (page) {
                LeadPage.Members -> Members(model)
                LeadPage.Records -> TeamRecords(model)
                LeadPage.Quarantine -> Quarantine(model)
                LeadPage.Policy -> Policy(model)
                LeadPage.Erase -> Erase(model)
                LeadPage.Report -> Report(model)
            }
        }
    }
}

@Composable
private fun ColumnScope.Members(model: LeadViewModel) {
    val state by model.state.collectAsStateWithLifecycle()
    val w = LocalWords.current
    Text(w.text("app-lead-members-explained"), style = MaterialTheme.typography.bodySmall)
    Button(onClick = { model.syncMembers() }, enabled = !state.working) { Text(w.text("app-lead-members-sync")) }
    for (m in state.members) MemberCard(m, enabled = !state.working, onRevoke = { model.askRevoke(m.device) })
    val revoking = state.confirmRevoke?.let { d -> state.members.firstOrNull { it.device == d } }
    if (revoking != null) {
        AlertDialog(
            onDismissRequest = model::cancelRevoke,
            title = { Text(w.text("app-lead-revoke-title")) },
            text = { Text(w.format("app-lead-revoke-confirm", "name" to revoking.name, "device" to revoking.device.take(8))) },
            confirmButton = {
                TextButton(onClick = { model.confirmRevoke() }) {
                    Text(w.text("app-lead-revoke"), color = MaterialTheme.colorScheme.error)
                }
            },
            dismissButton = { TextButton(onClick = model::cancelRevoke) { Text(w.text("app-cancel")) } },
        )
    }
}

@Composable
private fun MemberCard(m: MemberActivity, enabled: Boolean, onRevoke: () -> Unit) {
    val w = LocalWords.current
    Card(Modifier.fillMaxWidth()) {
        Column(Modifier.padding(12.dp), verticalArrangement = Arrangement.spacedBy(4.dp)) {
            Text(
                m.name.ifEmpty { w.text("app-lead-member-revoked-name") },
                style = MaterialTheme.typography.titleMedium,
            )
            Text(
                w.text(
                    when {
                        m.role == null -> "app-lead-member-revoked"
                        m.thisDevice -> "app-lead-member-this-device"
                        m.role == TeamRole.LEAD -> "app-lead-member-lead"
                        else -> "app-lead-member-worker"
                    },
                ),
                style = MaterialTheme.typography.labelMedium,
            )
            Text(m.device, style = MaterialTheme.typography.bodySmall, fontFamily = FontFamily.Monospace)
            val heard = m.lastHeard
            Text(
                when {
                    heard == null -> w.text(if (m.thisDevice) "app-lead-member-never-synced" else "app-lead-member-nothing-yet")
                    m.thisDevice -> w.format("app-lead-member-own-sync", "time" to heard.short(w))
                    else -> w.format("app-lead-member-heard", "time" to heard.short(w), "count" to m.lastEnvelope)
                },
                style = MaterialTheme.typography.bodyMedium,
            )
            if (m.role != null && !m.thisDevice) {
                TextButton(onClick = onRevoke, enabled = enabled) {
                    Text(w.text("app-lead-revoke"), color = MaterialTheme.colorScheme.error)
                }
            }
        }
    }
}

@Composable
private fun ColumnScope.Quarantine(model: LeadViewModel) {
    val state by model.state.collectAsStateWithLifecycle()
    val w = LocalWords.current
    var confirming by remember { mutableStateOf(false) }
    Text(w.text("app-lead-quarantine-explained"), style = MaterialTheme.typography.bodySmall)
    Text(w.format("app-lead-quarantine-count", "count" to state.quarantine.size), style = MaterialTheme.typography.titleSmall)
    for (q in state.quarantine) {
        Card(Modifier.fillMaxWidth()) {
            Column(Modifier.padding(12.dp), verticalArrangement = Arrangement.spacedBy(4.dp)) {
                Text(w.format("app-lead-quarantine-place", "device" to q.device.take(8), "seq" to q.seq), fontFamily = FontFamily.Monospace)
                // The reason in the worker's words; one a later version stored, as stored.
                Text(q.reasonKey?.let(w::text) ?: q.reason, style = MaterialTheme.typography.bodyMedium)
                q.found?.let { Text(w.format("app-lead-quarantine-found", "time" to it.short(w)), style = MaterialTheme.typography.bodySmall) }
            }
        }
    }
    state.purged?.let { Text(w.format("app-lead-quarantine-purged", "count" to it.envelopes, "order" to it.order)) }
    if (state.quarantine.isNotEmpty()) {
        OutlinedButton(onClick = { confirming = true }, enabled = !state.working) { Text(w.text("app-lead-quarantine-purge")) }
    }
    if (confirming) {
        AlertDialog(
            onDismissRequest = { confirming = false },
            title = { Text(w.text("app-lead-quarantine-purge")) },
            text = { Text(w.text("app-lead-quarantine-purge-confirm")) },
            confirmButton = {
                TextButton(onClick = {
                    confirming = false
                    model.purgeQuarantine()
                }) { Text(w.text("app-lead-quarantine-purge-now"), color = MaterialTheme.colorScheme.error) }
            },
            dismissButton = { TextButton(onClick = { confirming = false }) { Text(w.text("app-cancel")) } },
        )
    }
}

private fun kindKey(kind: RecordKind): String = when (kind) {
    RecordKind.SUBJECT -> "app-records-kind-subject"
    RecordKind.NOTE -> "app-records-kind-note"
    RecordKind.INTERVIEW -> "app-records-kind-interview"
    RecordKind.REFERRAL -> "app-records-kind-referral"
    RecordKind.CONSENT -> "app-records-kind-consent"
}

@Composable
private fun ColumnScope.Policy(model: LeadViewModel) {
    val state by model.state.collectAsStateWithLifecycle()
    val w = LocalWords.current
    val form = state.policyForm
    Text(w.text(if (state.policy == null) "app-lead-policy-none" else "app-lead-policy-explained"), style = MaterialTheme.typography.bodySmall)
    Text(w.text("app-lead-policy-retention"), style = MaterialTheme.typography.titleSmall)
    for (kind in RecordKind.entries) {
        OutlinedTextField(
            value = form.retention[kind] ?: "",
            onValueChange = { v -> model.editPolicy { it.copy(retention = it.retention + (kind to v)) } },
            label = { Text(w.format("app-lead-policy-keep", "kind" to w.text(kindKey(kind)))) },
            singleLine = true,
            modifier = Modifier.fillMaxWidth(),
        )
    }
    Text(w.text("app-lead-policy-wipe"), style = MaterialTheme.typography.titleSmall)
    OutlinedTextField(
        value = form.wipeAfterFailures,
        onValueChange = { v -> model.editPolicy { it.copy(wipeAfterFailures = v) } },
        label = { Text(w.text("app-lead-policy-failures")) },
        singleLine = true,
        modifier = Modifier.fillMaxWidth(),
    )
    OutlinedTextField(
        value = form.wipeAfterDays,
        onValueChange = { v -> model.editPolicy { it.copy(wipeAfterDays = v) } },
        label = { Text(w.text("app-lead-policy-days")) },
        singleLine = true,
        modifier = Modifier.fillMaxWidth(),
    )
    Text(w.text("app-lead-policy-blank"), style = MaterialTheme.typography.bodySmall)
    Button(onClick = { model.savePolicy() }, enabled = !state.working) { Text(w.text("app-lead-policy-save")) }
    state.policySet?.let { Text(w.format("app-lead-policy-set", "order" to it), style = MaterialTheme.typography.bodyMedium) }
}

@Composable
private fun ColumnScope.Erase(model: LeadViewModel) {
    val state by model.state.collectAsStateWithLifecycle()
    val w = LocalWords.current
    val e = state.erasure
    Text(w.text("app-lead-erase-explained"), style = MaterialTheme.typography.bodySmall)
    e.done?.let {
        Text(w.format("app-lead-erase-done", "count" to it.records, "order" to it.order), style = MaterialTheme.typography.bodyMedium)
    }
    val count = e.count
    if (count != null) {
        // Checked: the person, what goes, and the typed word; the list comes back on cancel.
        state.people.firstOrNull { it.id == e.subject.trim() }?.let { Text(it.alias, style = MaterialTheme.typography.titleMedium) }
        Text(e.subject.trim(), style = MaterialTheme.typography.bodySmall, fontFamily = FontFamily.Monospace)
        Text(w.format("app-lead-erase-count", "count" to count), style = MaterialTheme.typography.titleMedium, color = MaterialTheme.colorScheme.error)
        Text(w.format("app-wipe-type", "word" to LeadViewModel.ERASE_WORD), style = MaterialTheme.typography.titleSmall)
        OutlinedTextField(
            value = e.typed,
            onValueChange = model::typeErasure,
            label = { Text(LeadViewModel.ERASE_WORD) },
            singleLine = true,
            modifier = Modifier.fillMaxWidth(),
        )
        ButtonRow {
            TextButton(onClick = model::cancelErasure) { Text(w.text("app-cancel")) }
            Button(onClick = { model.erase() }, enabled = e.confirmed && !state.working) { Text(w.text("app-lead-erase-now")) }
        }
        return
    }
    Text(w.text("app-lead-erase-pick"), style = MaterialTheme.typography.titleSmall)
    Button(onClick = { model.refreshSubjects(sync = true) }, enabled = !state.working) { Text(w.text("app-lead-members-sync")) }
    if (state.people.isEmpty() && !state.working) Text(w.text("app-lead-erase-people-empty"), style = MaterialTheme.typography.bodySmall)
    for (p in state.people) {
        Card(Modifier.fillMaxWidth()) {
            Row(Modifier.padding(12.dp), verticalAlignment = Alignment.CenterVertically, horizontalArrangement = Arrangement.spacedBy(8.dp)) {
                Column(Modifier.weight(1f), verticalArrangement = Arrangement.spacedBy(2.dp)) {
                    Text(p.alias, style = MaterialTheme.typography.titleSmall)
                    Text(
                        w.format("app-lead-erase-person", "count" to p.records, "name" to authorName(w, p.recordedBy), "time" to p.recordedAt.short(w)),
                        style = MaterialTheme.typography.bodySmall,
                    )
                }
                OutlinedButton(onClick = { model.pickSubject(p.id) }, enabled = !state.working) { Text(w.text("app-lead-erase-choose")) }
            }
        }
    }
    Text(w.text("app-lead-erase-or-type"), style = MaterialTheme.typography.titleSmall)
    OutlinedTextField(
        value = e.subject,
        onValueChange = model::setErasureSubject,
        label = { Text(w.text("app-lead-erase-subject")) },
        singleLine = true,
        textStyle = MaterialTheme.typography.bodySmall.copy(fontFamily = FontFamily.Monospace),
        modifier = Modifier.fillMaxWidth(),
    )
    Button(onClick = { model.checkErasure() }, enabled = e.canCheck && !state.working) { Text(w.text("app-lead-erase-check")) }
}

/** The colours of the report's charts (the screen's and the exported pictures'). */
object ReportColors {
    /** The levels, from none to likely. */
    val levels = listOf(Color(0xFF9E9E9E), Color(0xFF4E88C7), Color(0xFFE0A030), Color(0xFFC8402E))
    val bar = Color(0xFF3D7A5C)
}

/** The catalog keys of the levels' names, from none to likely. */
val LEVEL_KEYS = listOf("app-lead-level-none", "app-lead-level-monitor", "app-lead-level-possible", "app-lead-level-likely")

@Composable
private fun ColumnScope.Report(model: LeadViewModel) {
    val state by model.state.collectAsStateWithLifecycle()
    val w = LocalWords.current
    val report = state.report ?: return
    Text(w.format("app-lead-report-threshold", "count" to report.threshold), style = MaterialTheme.typography.bodySmall)
    if (report.unreadable > 0uL) Text(w.format("app-lead-report-unreadable", "count" to report.unreadable), color = MaterialTheme.colorScheme.error)
    LocalReportExport.current?.let { ExportButtons(it, report) }
    ReportCharts(report)
}

/** Save as CSV, SVG or PNG, and what became of the last one. */
@Composable
private fun ExportButtons(export: ReportExport, report: ReportView) {
    val w = LocalWords.current
    var said by remember { mutableStateOf<String?>(null) }
    var failed by remember { mutableStateOf(false) }
    Text(w.text("app-lead-report-export"), style = MaterialTheme.typography.titleMedium)
    ButtonRow {
        for (format in ReportFormat.entries) {
            OutlinedButton(onClick = {
                runCatching { export.export(report, format, w) }
                    .onSuccess { file ->
                        failed = false
                        said = file?.let { w.format("app-lead-report-saved", "file" to it) }
                    }
                    .onFailure {
                        failed = true
                        said = w.text("app-lead-report-not-saved")
                    }
            }) { Text(w.text("app-lead-report-save-" + format.extension)) }
        }
    }
    said?.let { Text(it, style = MaterialTheme.typography.bodySmall, color = if (failed) MaterialTheme.colorScheme.error else Color.Unspecified) }
}

/**
 * The report's charts and their words: levels by month (with the month's counts in
 * words), referrals by status, notes by place. The screen shows them; the desktop app
 * draws the same composable into the PNG it exports.
 */
@Composable
fun ReportCharts(report: ReportView) {
    val w = LocalWords.current
    Column(verticalArrangement = Arrangement.spacedBy(12.dp)) {
        Text(w.text("app-lead-report-levels"), style = MaterialTheme.typography.titleMedium)
        val levels = { m: MonthLevels -> listOf(m.none, m.monitor, m.possible, m.likely) }
        if (report.levelsByMonth.isEmpty()) {
            Text(w.text("app-lead-report-empty"), style = MaterialTheme.typography.bodySmall)
        } else if (report.levelsByMonth.all { m -> levels(m).all { it.value == 0uL } }) {
            Text(w.text("app-lead-report-no-interviews"), style = MaterialTheme.typography.bodySmall)
        } else {
            LevelsChart(report.levelsByMonth)
            Legend(w)
            // The same counts in words, a month a line (a hidden one said as hidden).
            for (m in report.levelsByMonth) {
                Text(
                    w.format(
                        "app-lead-report-month",
                        "month" to m.month,
                        "none" to countText(w, m.none),
                        "monitor" to countText(w, m.monitor),
                        "possible" to countText(w, m.possible),
                        "likely" to countText(w, m.likely),
                    ),
                    style = MaterialTheme.typography.bodySmall,
                )
            }
        }

        Text(w.text("app-lead-report-referrals"), style = MaterialTheme.typography.titleMedium)
        Bars(report.referralsByStatus) { statusLabel(w, it) }

        Text(w.text("app-lead-report-places"), style = MaterialTheme.typography.titleMedium)
        Bars(report.notesByPlace) { placeLabel(w, it) }
        Text(w.text("app-lead-report-hidden-explained"), style = MaterialTheme.typography.bodySmall)
    }
}

/** A referral status in words (one a later version added, as it is). */
fun statusLabel(w: Words, row: LabelledCount): String = statusKey(row.label)?.let(w::text) ?: row.label

/** A place as recorded, or "no place given". */
fun placeLabel(w: Words, row: LabelledCount): String = if (row.notRecorded) w.text("app-lead-report-no-place") else row.label

internal fun statusKey(status: String): String? = when (status) {
    "proposed" -> "app-lead-status-proposed"
    "accepted" -> "app-lead-status-accepted"
    "declined" -> "app-lead-status-declined"
    "completed" -> "app-lead-status-completed"
    "cancelled" -> "app-lead-status-cancelled"
    else -> null
}

/** Assessed interviews by level, one stacked bar a month; a month with a hidden count is drawn dashed. */
@Composable
private fun LevelsChart(months: List<MonthLevels>) {
    val outline = MaterialTheme.colorScheme.outline
    val levels = { m: MonthLevels -> listOf(m.none, m.monitor, m.possible, m.likely) }
    val highest = months.maxOf { m -> levels(m).sumOf { it.value ?: 0uL } }.coerceAtLeast(1uL).toFloat()
    Canvas(Modifier.fillMaxWidth().height(160.dp)) {
        val slot = size.width / months.size
        val barWidth = slot * 0.6f
        drawLine(outline, Offset(0f, size.height), Offset(size.width, size.height), strokeWidth = 2f)
        months.forEachIndexed { i, m ->
            val x = i * slot + (slot - barWidth) / 2
            var top = size.height
            val counts = levels(m)
            counts.forEachIndexed { level, c ->
                val v = c.value ?: 0uL
                if (v > 0uL) {
                    val h = v.toFloat() / highest * (size.height - 8f)
                    top -= h
                    drawRect(ReportColors.levels[level], Offset(x, top), Size(barWidth, h))
                }
            }
            if (counts.any { it.suppressed }) {
                drawRect(
                    outline,
                    Offset(x, 4f),
                    Size(barWidth, (top - 4f).coerceAtLeast(0f)),
                    style = Stroke(width = 2f, pathEffect = PathEffect.dashPathEffect(floatArrayOf(6f, 6f))),
                )
            }
        }
    }
    Row(Modifier.fillMaxWidth(), horizontalArrangement = Arrangement.SpaceBetween) {
        Text(months.first().month, style = MaterialTheme.typography.labelSmall)
        if (months.size > 1) Text(months.last().month, style = MaterialTheme.typography.labelSmall)
    }
}

@Composable
private fun Legend(w: Words) {
    Column(verticalArrangement = Arrangement.spacedBy(2.dp)) {
        LEVEL_KEYS.forEachIndexed { i, key ->
            Row(verticalAlignment = Alignment.CenterVertically, horizontalArrangement = Arrangement.spacedBy(6.dp)) {
                Canvas(Modifier.size(12.dp)) { drawRect(ReportColors.levels[i]) }
                Text(w.text(key), style = MaterialTheme.typography.labelMedium)
            }
        }
        Text(w.text("app-lead-report-dashed"), style = MaterialTheme.typography.labelSmall)
    }
}

/** One bar a row, its count beside it, or "hidden" where the count is suppressed. */
@Composable
private fun Bars(rows: List<LabelledCount>, label: (LabelledCount) -> String) {
    val w = LocalWords.current
    val highest = rows.maxOfOrNull { it.count.value ?: 0uL }?.coerceAtLeast(1uL)?.toFloat() ?: 1f
    val outline = MaterialTheme.colorScheme.outline
    Column(verticalArrangement = Arrangement.spacedBy(6.dp)) {
        for (row in rows) {
            Text(label(row), style = MaterialTheme.typography.bodyMedium)
            Row(verticalAlignment = Alignment.CenterVertically, horizontalArrangement = Arrangement.spacedBy(8.dp)) {
                Box(Modifier.weight(1f)) {
                    Canvas(Modifier.fillMaxWidth().height(14.dp)) {
                        val v = row.count.value
                        if (v != null) {
                            drawRect(ReportColors.bar, Offset.Zero, Size(size.width * (v.toFloat() / highest), size.height))
                        } else {
                            drawRect(
                                outline,
                                Offset.Zero,
                                Size(size.width, size.height),
                                style = Stroke(width = 2f, pathEffect = PathEffect.dashPathEffect(floatArrayOf(6f, 6f))),
                            )
                        }
                    }
                }
                Text(countText(w, row.count), style = MaterialTheme.typography.labelMedium, modifier = Modifier.width(72.dp))
            }
        }
    }
}

/** A count, or "hidden" where it is suppressed. */
fun countText(w: Words, c: ReportCount): String = c.value?.toString() ?: w.text("app-lead-report-hidden")
