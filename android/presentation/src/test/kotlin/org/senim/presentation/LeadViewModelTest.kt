package org.senim.presentation

import java.time.Instant
import kotlinx.coroutines.ExperimentalCoroutinesApi
import kotlinx.coroutines.test.UnconfinedTestDispatcher
import kotlinx.coroutines.test.runTest
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertFalse
import org.junit.jupiter.api.Assertions.assertInstanceOf
import org.junit.jupiter.api.Assertions.assertNull
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test
import org.senim.core.Author
import org.senim.core.ErasureSubject
import org.senim.core.ErasureView
import org.senim.core.MemberActivity
import org.senim.core.PolicyView
import org.senim.core.QuarantinedEnvelope
import org.senim.core.RecordKind
import org.senim.core.RecordView
import org.senim.core.ReportView
import org.senim.core.RetentionRule
import org.senim.core.SenimException
import org.senim.core.TeamRecord
import org.senim.core.TeamRecordDetail
import org.senim.core.TeamRecordFilter
import org.senim.core.TeamRecordsPage
import org.senim.core.TeamRole

/** A lead's work as a fake: what was asked, in order, and a team of two. */
class FakeLeadWork : LeadWork {
    val calls = mutableListOf<String>()
    var members = listOf(
        MemberActivity("aa11", "Aigerim", TeamRole.LEAD, true, 3u, Instant.parse("2026-03-02T09:30:00Z")),
        MemberActivity("bb22", "Daniyar", TeamRole.WORKER, false, 1u, null),
    )
    var policy: PolicyView? = null
    var failure: SenimException? = null

    private fun call(name: String) {
        calls += name
        failure?.let { throw it }
    }

    override suspend fun syncTeam() = summary().also { call("sync") }
    override fun memberActivity() = members.also { call("members") }
    override suspend fun revoke(device: String) {
        call("revoke:$device")
        members = members.map { if (it.device == device) it.copy(role = null) else it }
    }
    override fun quarantine() = emptyList<QuarantinedEnvelope>().also { call("quarantine") }
    override suspend fun purgeQuarantine() = ErasureView(7u, 0u, 0u, 0u).also { call("purge") }
    override fun policy() = policy.also { call("policy") }
    override suspend fun setPolicy(policy: PolicyView): ULong {
        call("set-policy")
        this.policy = policy
        return 4u
    }
    override fun erasureCount(subject: String) = 3uL.also { call("count:$subject") }
    override suspend fun eraseSubject(subject: String) = ErasureView(5u, 3u, 2u, 0u).also { call("erase:$subject") }
    override suspend fun report(from: String?, to: String?, threshold: UInt, language: String): ReportView {
        call("report:$threshold:$language")
        return ReportView(null, null, threshold, 0u, emptyList(), emptyList(), emptyList(), emptyList(), "")
    }

    val filters = mutableListOf<TeamRecordFilter>()
    private val daniyar = Author("bb22", "Daniyar", false)

    fun row(id: String): TeamRecord = TeamRecord(
        RecordView(id, RecordKind.REFERRAL, Instant.EPOCH, Instant.EPOCH, "bb22", false, null, "{}", emptyList()),
        daniyar,
        null,
        true,
    )

    /** Two records, one a page: the second page follows the cursor `c1`. */
    override fun teamRecords(filter: TeamRecordFilter, limit: UInt, after: String?): TeamRecordsPage {
        call("records:${after ?: "first"}")
        filters += filter
        return when (after) {
            null -> TeamRecordsPage(listOf(row("r1")), "c1", 2u, emptyList())
            else -> TeamRecordsPage(listOf(row("r2")), null, 2u, listOf("bad"))
        }
    }
    override fun teamRecord(id: String) = TeamRecordDetail(row(id), emptyList(), emptyList()).also { call("record:$id") }
    var people = listOf(ErasureSubject("s1", "man in the blue cap", daniyar, Instant.EPOCH, 3u))
    override fun erasureSubjects() = people.also { call("people") }
}

@OptIn(ExperimentalCoroutinesApi::class)
class LeadViewModelTest {

    @Test
    fun `a revocation waits for its confirmation, and the members are read again after it`() = runTest {
        val port = FakeLeadWork()
        val vm = LeadViewModel(port, this, UnconfinedTestDispatcher(testScheduler))
        vm.syncMembers().join()
        assertEquals(listOf("sync", "members"), port.calls)
        assertEquals(2, vm.state.value.members.size)

        vm.askRevoke("bb22")
        assertEquals("bb22", vm.state.value.confirmRevoke)
        vm.cancelRevoke()
        assertNull(vm.confirmRevoke(), "nothing to confirm once cancelled")
        assertFalse(port.calls.any { it.startsWith("revoke") })

        vm.askRevoke("bb22")
        vm.confirmRevoke()!!.join()
        assertTrue("revoke:bb22" in port.calls)
        assertNull(vm.state.value.members.first { it.device == "bb22" }.role)
        assertNull(vm.state.value.confirmRevoke)
    }

    @Test
    fun `the policy form reads the policy, refuses what is not a number, and saves the whole policy`() = runTest {
        val port = FakeLeadWork()
        port.policy = PolicyView(listOf(RetentionRule(RecordKind.REFERRAL, 365u)), null, 30u)
        val vm = LeadViewModel(port, this, UnconfinedTestDispatcher(testScheduler))
        vm.refreshPolicy().join()
        val form = vm.state.value.policyForm
        assertEquals("365", form.retention[RecordKind.REFERRAL])
        assertEquals(("" to "30"), form.wipeAfterFailures to form.wipeAfterDays)

        vm.editPolicy { it.copy(wipeAfterFailures = "ten") }
        assertNull(vm.savePolicy(), "not sent")
        assertInstanceOf(SenimException.InvalidInput::class.java, vm.state.value.error?.failure)
        assertFalse("set-policy" in port.calls)

        vm.editPolicy { it.copy(wipeAfterFailures = " 10 ", retention = it.retention + (RecordKind.NOTE to "90")) }
        assertNull(vm.state.value.error, "editing clears the error")
        vm.savePolicy()!!.join()
        assertEquals(4uL, vm.state.value.policySet)
        assertEquals(
            PolicyView(
                listOf(RetentionRule(RecordKind.NOTE, 90u), RetentionRule(RecordKind.REFERRAL, 365u)),
                10u,
                30u,
            ),
            port.policy,
        )
    }

    @Test
    fun `an erasure is counted after a sync and runs only once the word is typed`() = runTest {
        val port = FakeLeadWork()
        val vm = LeadViewModel(port, this, UnconfinedTestDispatcher(testScheduler))
        assertNull(vm.checkErasure(), "no subject yet")
        vm.setErasureSubject(" s1 ")
        vm.checkErasure()!!.join()
        assertEquals(listOf("sync", "count:s1"), port.calls)
        assertEquals(3uL, vm.state.value.erasure.count)

        vm.typeErasure("eras")
        assertNull(vm.erase())
        vm.typeErasure(" erase ")
        vm.erase()!!.join()
        assertTrue("erase:s1" in port.calls)
        assertEquals(3uL, vm.state.value.erasure.done?.records)
        assertEquals("", vm.state.value.erasure.subject, "the form is cleared")
    }

    @Test
    fun `the team's records load under the form's filter a page at a time, and one opens`() = runTest {
        val port = FakeLeadWork()
        val vm = LeadViewModel(port, this, UnconfinedTestDispatcher(testScheduler))
        vm.editTeamFilter { it.copy(from = " 2026-03-01 ", to = "  ") }
        assertTrue(port.calls.isEmpty(), "typing a day loads nothing")
        vm.filterTeamRecords { it.copy(kind = RecordKind.REFERRAL, conflicts = true) }.join()
        assertEquals(TeamRecordFilter(null, RecordKind.REFERRAL, null, "2026-03-01", null, false, true), port.filters.last())
        assertEquals(listOf("records:first", "members"), port.calls)
        val t = vm.state.value.teamRecords
        assertEquals(listOf("r1"), t.records.map { it.record.id })
        assertEquals(2uL, t.total)
        assertEquals(2, vm.state.value.members.size, "the workers to filter by")

        vm.moreTeamRecords()!!.join()
        assertEquals("records:c1", port.calls.last())
        assertEquals(listOf("r1", "r2"), vm.state.value.teamRecords.records.map { it.record.id })
        assertEquals(1, vm.state.value.teamRecords.damaged)
        assertNull(vm.moreTeamRecords(), "no page after the last")

        vm.openTeamRecord("r2").join()
        assertEquals("r2", vm.state.value.teamRecords.detail?.record?.record?.id)
        vm.closeTeamRecord()
        assertNull(vm.state.value.teamRecords.detail)

        vm.loadTeamRecords(sync = true).join()
        assertEquals(listOf("sync", "records:first", "members"), port.calls.takeLast(3))
        assertEquals(listOf("r1"), vm.state.value.teamRecords.records.map { it.record.id }, "a new first page")
    }

    @Test
    fun `a person picked from the list is counted after a sync, and the list is read again after the erasure`() = runTest {
        val port = FakeLeadWork()
        val vm = LeadViewModel(port, this, UnconfinedTestDispatcher(testScheduler))
        vm.refreshSubjects(sync = true).join()
        assertEquals("man in the blue cap", vm.state.value.people.single().alias)
        vm.pickSubject("s1")!!.join()
        assertEquals(listOf("sync", "people", "sync", "count:s1"), port.calls)
        assertEquals("s1", vm.state.value.erasure.subject)
        assertEquals(3uL, vm.state.value.erasure.count)
        vm.typeErasure("ERASE")
        port.people = emptyList()
        vm.erase()!!.join()
        assertEquals(listOf("erase:s1", "people"), port.calls.takeLast(2))
        assertTrue(vm.state.value.people.isEmpty())
    }

    @Test
    fun `a refusal of the core shows as the error and ends the work`() = runTest {
        val port = FakeLeadWork()
        port.failure = SenimException.Membership("only a lead of the team may do this")
        val vm = LeadViewModel(port, this, UnconfinedTestDispatcher(testScheduler))
        vm.loadReport("ru", 5u).join()
        assertFalse(vm.state.value.working)
        assertInstanceOf(SenimException.Membership::class.java, vm.state.value.error?.failure)
        assertNull(vm.state.value.report)
        port.failure = null
        vm.loadReport("ru", 5u).join()
        assertEquals("report:5:ru", port.calls.last())
        assertNull(vm.state.value.error)
        assertEquals(5u, vm.state.value.report?.threshold)
    }
}
