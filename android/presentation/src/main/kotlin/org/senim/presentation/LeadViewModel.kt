package org.senim.presentation

import kotlinx.coroutines.CoroutineDispatcher
import kotlinx.coroutines.CoroutineScope
import kotlinx.coroutines.Job
import kotlinx.coroutines.flow.MutableStateFlow
import kotlinx.coroutines.flow.StateFlow
import kotlinx.coroutines.flow.asStateFlow
import kotlinx.coroutines.flow.update
import kotlinx.coroutines.launch
import kotlinx.coroutines.withContext
import org.senim.core.ErasureSubject
import org.senim.core.ErasureView
import org.senim.core.MemberActivity
import org.senim.core.PolicyView
import org.senim.core.QuarantinedEnvelope
import org.senim.core.RecordKind
import org.senim.core.ReportView
import org.senim.core.RetentionRule
import org.senim.core.RiskLevel
import org.senim.core.SenimException
import org.senim.core.TeamRecord
import org.senim.core.TeamRecordDetail
import org.senim.core.TeamRecordFilter

/**
 * The policy as a form: one text per field, days per kind of record (blank: not
 * kept for a set time, or no wipe). Saving replaces the team's policy whole.
 */
data class PolicyForm(
    val retention: Map<RecordKind, String> = emptyMap(),
    val wipeAfterFailures: String = "",
    val wipeAfterDays: String = "",
) {
    /** The policy the form sets; InvalidInput naming the field that is not a number. */
    fun policy(): PolicyView {
        fun number(field: String, text: String): UInt? {
            val t = text.trim()
            if (t.isEmpty()) return null
            return t.toUIntOrNull() ?: throw SenimException.InvalidInput(field, "not a whole number")
        }
        return PolicyView(
            retention = RecordKind.entries.mapNotNull { kind ->
                number("retention", retention[kind] ?: "")?.let { RetentionRule(kind, it) }
            },
            wipeAfterFailedUnlocks = number("wipe after failures", wipeAfterFailures),
            wipeAfterDaysWithoutSync = number("wipe after days", wipeAfterDays),
        )
    }

    companion object {
        fun of(policy: PolicyView?): PolicyForm = PolicyForm(
            retention = policy?.retention.orEmpty().associate { it.kind to it.days.toString() },
            wipeAfterFailures = policy?.wipeAfterFailedUnlocks?.toString() ?: "",
            wipeAfterDays = policy?.wipeAfterDaysWithoutSync?.toString() ?: "",
        )
    }
}

/** The erasure of one subject: its id, then the count it removes, then the typed word. */
data class ErasureForm(
    val subject: String = "",
    /** Records the erasure removes (after a sync), once checked: the confirmation shows it. */
    val count: ULong? = null,
    /** What is typed in the confirmation field. */
    val typed: String = "",
    /** Done: what the order removed. */
    val done: ErasureView? = null,
) {
    val canCheck: Boolean get() = subject.isNotBlank() && count == null
    val confirmed: Boolean get() = count != null && LeadViewModel.erasureConfirmed(typed)
}

/**
 * The filters of the team's records as the screen edits them: the worker by device id,
 * the kind, the level, the first and last day as typed (`YYYY-MM-DD`, blank: open),
 * open referrals only, conflicts only. The core applies them.
 */
data class TeamRecordsForm(
    val worker: String? = null,
    val kind: RecordKind? = null,
    val level: RiskLevel? = null,
    val from: String = "",
    val to: String = "",
    val openReferrals: Boolean = false,
    val conflicts: Boolean = false,
) {
    fun filter(): TeamRecordFilter = TeamRecordFilter(
        worker = worker,
        kind = kind,
        level = level,
        from = from.trim().ifEmpty { null },
        to = to.trim().ifEmpty { null },
        openReferrals = openReferrals,
        conflicts = conflicts,
    )
}

/** The team's records: the filter, the pages loaded so far, how many match, and the record open. */
data class TeamRecordsState(
    val form: TeamRecordsForm = TeamRecordsForm(),
    val records: List<TeamRecord> = emptyList(),
    /** How many records match in all; null before the first page. */
    val total: ULong? = null,
    val next: String? = null,
    val damaged: Int = 0,
    /** The record open, with its conflicts and history. */
    val detail: TeamRecordDetail? = null,
)

data class LeadState(
    val members: List<MemberActivity> = emptyList(),
    /** A revocation asked for, waiting for its confirmation: the device id. */
    val confirmRevoke: String? = null,
    val quarantine: List<QuarantinedEnvelope> = emptyList(),
    /** Done: what the purge of the quarantine removed. */
    val purged: ErasureView? = null,
    /** The policy as of the last sync (none set: null) and the form that edits it. */
    val policy: PolicyView? = null,
    val policyForm: PolicyForm = PolicyForm(),
    /** The order number of the policy just set. */
    val policySet: ULong? = null,
    val erasure: ErasureForm = ErasureForm(),
    /** The people an erasure may name, with their counts. */
    val people: List<ErasureSubject> = emptyList(),
    val teamRecords: TeamRecordsState = TeamRecordsState(),
    val report: ReportView? = null,
    val working: Boolean = false,
    val error: UiError? = null,
)

/**
 * A lead's screens: the members and when each was last heard from (revoke, confirmed
 * first), the quarantine (purged, confirmed first), the team's policy (read and set),
 * the erasure of a subject (the count shown, then a typed word), and the anonymised
 * report. Each action syncs where the core needs the team's latest state.
 */
class LeadViewModel(
    private val port: LeadWork,
    private val scope: CoroutineScope,
    private val io: CoroutineDispatcher,
) {
    companion object {
        /** Typed to confirm an erasure; any case (as the panic wipe's word, never translated). */
        const val ERASE_WORD = "ERASE"

        /** Records a page of the team's records holds. */
        const val PAGE: UInt = 50u

        fun erasureConfirmed(typed: String): Boolean = typed.trim().equals(ERASE_WORD, ignoreCase = true)
    }

    private val _state = MutableStateFlow(LeadState())
    val state: StateFlow<LeadState> = _state.asStateFlow()

    /** The members as this device knows them now. */
    fun refreshMembers(): Job = perform({ port.memberActivity() }) { s, m -> s.copy(members = m) }

    /** Syncs first (what members sent since reaches this device), then the members. */
    fun syncMembers(): Job = perform({
        port.syncTeam()
        port.memberActivity()
    }) { s, m -> s.copy(members = m) }

    fun askRevoke(device: String) = _state.update { it.copy(confirmRevoke = device, error = null) }
    fun cancelRevoke() = _state.update { it.copy(confirmRevoke = null) }

    /** Revokes the device whose revocation was asked for. */
    fun confirmRevoke(): Job? {
        val device = _state.value.confirmRevoke ?: return null
        _state.update { it.copy(confirmRevoke = null) }
        return perform({
            port.revoke(device)
            port.memberActivity()
        }) { s, m -> s.copy(members = m) }
    }

    fun refreshQuarantine(): Job = perform({ port.quarantine() }) { s, q -> s.copy(quarantine = q, purged = null) }

    /** Lead: purges every quarantined envelope from the team (the core syncs first). */
    fun purgeQuarantine(): Job = perform({
        val done = port.purgeQuarantine()
        done to port.quarantine()
    }) { s, (done, q) -> s.copy(purged = done, quarantine = q) }

    fun refreshPolicy(): Job = perform({ port.policy() }) { s, p ->
        s.copy(policy = p, policyForm = PolicyForm.of(p), policySet = null)
    }

    fun editPolicy(edit: (PolicyForm) -> PolicyForm) =
        _state.update { it.copy(policyForm = edit(it.policyForm), error = null, policySet = null) }

    /** Replaces the team's policy with the form's. */
    fun savePolicy(): Job? {
        val policy = try {
            _state.value.policyForm.policy()
        } catch (e: SenimException) {
            _state.update { it.copy(error = UiError.of(e)) }
            return null
        }
        return perform({
            val order = port.setPolicy(policy)
            order to port.policy()
        }) { s, (order, p) -> s.copy(policySet = order, policy = p, policyForm = PolicyForm.of(p)) }
    }

    fun setErasureSubject(id: String) = _state.update { it.copy(erasure = ErasureForm(subject = id), error = null) }

    /** Syncs, then counts what the erasure removes: the confirmation shows it. */
    fun checkErasure(): Job? {
        val e = _state.value.erasure
        if (!e.canCheck) return null
        val subject = e.subject.trim()
        return perform({
            port.syncTeam()
            port.erasureCount(subject)
        }) { s, n -> s.copy(erasure = s.erasure.copy(count = n)) }
    }

    fun typeErasure(text: String) = _state.update { it.copy(erasure = it.erasure.copy(typed = text)) }

    fun cancelErasure() = _state.update { it.copy(erasure = ErasureForm()) }

    /** Erases, once the word is typed; anything else does nothing. */
    fun erase(): Job? {
        val e = _state.value.erasure
        if (!e.confirmed) return null
        val subject = e.subject.trim()
        return perform({
            port.eraseSubject(subject) to port.erasureSubjects()
        }) { s, (done, people) -> s.copy(erasure = ErasureForm(done = done), people = people) }
    }

    /** The people this device holds, for the erasure to pick from; after a sync with the hub when `sync`. */
    fun refreshSubjects(sync: Boolean = false): Job = perform({
        if (sync) port.syncTeam()
        port.erasureSubjects()
    }) { s, p -> s.copy(people = p) }

    /** Picks a person from the list: their id, then syncs and counts as [checkErasure] does. */
    fun pickSubject(id: String): Job? {
        setErasureSubject(id)
        return checkErasure()
    }

    /**
     * The first page of the team's records under the form's filter, and the members for
     * the worker filter; after a sync with the hub when `sync`.
     */
    fun loadTeamRecords(sync: Boolean = false): Job {
        val filter = _state.value.teamRecords.form.filter()
        return perform({
            if (sync) port.syncTeam()
            port.teamRecords(filter, PAGE, null) to port.memberActivity()
        }) { s, (page, members) ->
            s.copy(
                members = members,
                teamRecords = s.teamRecords.copy(
                    records = page.records,
                    total = page.total,
                    next = page.next,
                    damaged = page.damaged.size,
                ),
            )
        }
    }

    /** The next page, after those shown. */
    fun moreTeamRecords(): Job? {
        val t = _state.value.teamRecords
        val after = t.next ?: return null
        val filter = t.form.filter()
        return perform({ port.teamRecords(filter, PAGE, after) }) { s, page ->
            s.copy(
                teamRecords = s.teamRecords.copy(
                    records = s.teamRecords.records + page.records,
                    total = page.total,
                    next = page.next,
                    damaged = s.teamRecords.damaged + page.damaged.size,
                ),
            )
        }
    }

    /** Changes the filter; the screen loads again ([loadTeamRecords]) when it is to apply. */
    fun editTeamFilter(edit: (TeamRecordsForm) -> TeamRecordsForm) =
        _state.update { it.copy(teamRecords = it.teamRecords.copy(form = edit(it.teamRecords.form)), error = null) }

    /** Changes the filter and loads the first page under it. */
    fun filterTeamRecords(edit: (TeamRecordsForm) -> TeamRecordsForm): Job {
        editTeamFilter(edit)
        return loadTeamRecords()
    }

    fun openTeamRecord(id: String): Job = perform({ port.teamRecord(id) }) { s, d ->
        s.copy(teamRecords = s.teamRecords.copy(detail = d))
    }

    fun closeTeamRecord() = _state.update { it.copy(teamRecords = it.teamRecords.copy(detail = null)) }

    /** The report over every record this device holds (a lead's: the team's), in `language`. */
    fun loadReport(language: String, threshold: UInt = org.senim.core.reportDefaultThreshold()): Job =
        perform({ port.report(null, null, threshold, language) }) { s, r -> s.copy(report = r) }

    /** Runs a call on `io` and applies its result, or shows its failure. */
    private fun <T> perform(call: suspend () -> T, apply: (LeadState, T) -> LeadState): Job {
        _state.update { it.copy(working = true, error = null) }
        return scope.launch {
            try {
                val result = withContext(io) { call() }
                _state.update { apply(it, result).copy(working = false) }
            } catch (e: Exception) {
                val error = UiError.of(e)
                _state.update { it.copy(working = false, error = error) }
            }
        }
    }
}
