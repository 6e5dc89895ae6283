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
import org.senim.core.SenimException
import org.senim.core.SyncPlace
import org.senim.core.TeamRole
import org.senim.core.TeamView

@OptIn(ExperimentalCoroutinesApi::class)
class SyncViewModelTest {
    private val t0 = Instant.parse("2026-03-02T09:30:00Z")

    @Test
    fun `idle, syncing, done with the counts, failed with the kind, and done again`() = runTest {
        val syncer = FakeSyncer()
        var clock = t0
        val vm = SyncViewModel(syncer, this, UnconfinedTestDispatcher(testScheduler)) { clock }
        assertEquals(SyncStatus.Idle, vm.state.value.status)

        val first = vm.sync()!!
        testScheduler.runCurrent()
        assertEquals(SyncStatus.Syncing, vm.state.value.status)
        assertNull(vm.sync(), "a second tap while syncing does nothing")
        assertEquals(1, syncer.calls)
        syncer.pending!!.complete(summary(sent = 2, received = 5, merged = 3))
        first.join()
        assertEquals(SyncStatus.Done(2, 5, 3, 0, emptyList(), 0, t0), vm.state.value.status)
        assertEquals(t0, vm.state.value.lastSuccess)

        clock = t0.plusSeconds(60)
        val second = vm.sync()!!
        testScheduler.runCurrent()
        syncer.pending!!.completeExceptionally(SenimException.Unreachable("the hub could not be reached"))
        second.join()
        val failure = vm.state.value.status as SyncStatus.Failed
        assertInstanceOf(SenimException.Unreachable::class.java, failure.error?.failure)
        assertTrue(failure.error.retryable)
        assertEquals(t0, vm.state.value.lastSuccess, "the last success stays")

        val third = vm.sync()!!
        testScheduler.runCurrent()
        syncer.pending!!.complete(
            summary(
                received = 1,
                rejected = 1,
                rejections = listOf("device ab12 seq 4: bad signature"),
                rejectedPlaces = listOf(SyncPlace("ab12", 4u)),
            ),
        )
        third.join()
        val done = vm.state.value.status as SyncStatus.Done
        assertEquals(1, done.rejected)
        assertEquals(listOf(SyncPlace("ab12", 4u)), done.rejectedPlaces)
        assertEquals(clock, vm.state.value.lastSuccess)
        assertNull(done.purgedText, "nothing purged, nothing said")
    }

    @Test
    fun `records removed by the team's orders are counted in the status`() = runTest {
        val syncer = FakeSyncer()
        val vm = SyncViewModel(syncer, this, UnconfinedTestDispatcher(testScheduler)) { t0 }
        val job = vm.sync()!!
        testScheduler.runCurrent()
        syncer.pending!!.complete(summary(received = 3, orders = 2, purged = 4))
        job.join()
        val done = vm.state.value.status as SyncStatus.Done
        assertEquals(4, done.purged)
        assertEquals("4 records removed by the team's orders.", done.purgedText)
        assertEquals("1 record removed by the team's orders.", done.copy(purged = 1).purgedText)
    }

    @Test
    fun `envelopes held in quarantine are counted in the status and the sync still succeeds`() = runTest {
        val syncer = FakeSyncer()
        val vm = SyncViewModel(syncer, this, UnconfinedTestDispatcher(testScheduler)) { t0 }
        val job = vm.sync()!!
        testScheduler.runCurrent()
        syncer.pending!!.complete(summary(received = 4, quarantinedPlaces = listOf("device ab12 seq 7: junk", "device ab12 seq 8: junk")))
        job.join()
        val done = vm.state.value.status as SyncStatus.Done
        assertEquals(2, done.quarantined)
        assertEquals(
            "2 change(s) from the team could not be applied and are held apart; tell your lead.",
            done.quarantinedText,
        )
        assertNull(done.copy(quarantined = 0).quarantinedText, "nothing held apart, nothing said")
        assertEquals(t0, vm.state.value.lastSuccess)
    }
}

@OptIn(ExperimentalCoroutinesApi::class)
class IdleWipeStatusTest {
    private val t0 = Instant.parse("2026-03-02T09:30:00Z")

    @Test
    fun `the status shows the days left before the idle wipe, read before any sync`() = runTest {
        val syncer = FakeSyncer().apply { daysLeft = 10 }
        val vm = SyncViewModel(syncer, this, UnconfinedTestDispatcher(testScheduler)) { t0 }
        vm.refresh().join()
        assertEquals(10, vm.state.value.idleWipeDaysLeft)
        assertEquals("Team policy: this phone wipes itself in 10 days without a sync.", vm.state.value.idleWipeText)
        assertNull(vm.state.value.idleWipeWarning, "no warning more than three days before")
    }

    @Test
    fun `a sync brings the new count from its summary`() = runTest {
        val syncer = FakeSyncer().apply { daysLeft = 2 }
        val vm = SyncViewModel(syncer, this, UnconfinedTestDispatcher(testScheduler)) { t0 }
        vm.refresh().join()
        val job = vm.sync()!!
        testScheduler.runCurrent()
        syncer.pending!!.complete(summary(received = 1, idleWipeDaysLeft = 14))
        job.join()
        assertEquals(14, vm.state.value.idleWipeDaysLeft)
        assertNull(vm.state.value.idleWipeWarning)
    }

    @Test
    fun `from three days before, and while syncs fail, the status warns`() = runTest {
        val syncer = FakeSyncer().apply { daysLeft = 4 }
        val vm = SyncViewModel(syncer, this, UnconfinedTestDispatcher(testScheduler)) { t0 }
        vm.refresh().join()
        assertNull(vm.state.value.idleWipeWarning)

        // The hub stays out of reach while the days run out: the failure reads them again.
        syncer.daysLeft = 3
        val job = vm.sync()!!
        testScheduler.runCurrent()
        syncer.pending!!.completeExceptionally(SenimException.Unreachable("the hub could not be reached"))
        job.join()
        assertInstanceOf(SyncStatus.Failed::class.java, vm.state.value.status)
        assertEquals(3, vm.state.value.idleWipeDaysLeft)
        assertEquals(
            "This phone wipes itself unless it syncs with the hub within 3 days. Sync now.",
            vm.state.value.idleWipeWarning,
        )
        assertEquals(
            "This phone wipes itself unless it syncs with the hub within 1 day. Sync now.",
            vm.state.value.copy(idleWipeDaysLeft = 1).idleWipeWarning,
        )
        assertEquals(
            "This phone wipes itself today unless it syncs with the hub. Sync now.",
            vm.state.value.copy(idleWipeDaysLeft = 0).idleWipeWarning,
        )
    }

    @Test
    fun `no policy, or a lead's phone - nothing said`() = runTest {
        val syncer = FakeSyncer()
        val vm = SyncViewModel(syncer, this, UnconfinedTestDispatcher(testScheduler)) { t0 }
        vm.refresh().join()
        assertNull(vm.state.value.idleWipeDaysLeft)
        assertNull(vm.state.value.idleWipeText)
        assertNull(vm.state.value.idleWipeWarning)
    }
}

@OptIn(ExperimentalCoroutinesApi::class)
class TeamViewModelTest {
    @Test
    fun `a new device shows its join request, then joins with a scanned welcome`() = runTest {
        val enrolment = FakeEnrolment()
        val vm = TeamViewModel(enrolment, this, UnconfinedTestDispatcher(testScheduler))
        vm.refresh().join()
        assertFalse(vm.state.value.joined)
        assertNull(vm.showJoinRequest(), "a device name comes first")

        vm.setDeviceName(" Daniyar ")
        vm.showJoinRequest()!!.join()
        assertEquals("SNJR1-DANIYAR-CHECK", vm.state.value.joinRequest)

        vm.scanned("not a welcome")!!.join()
        assertInstanceOf(SenimException.InvalidInput::class.java, vm.state.value.error?.failure)
        assertFalse(vm.state.value.joined)

        vm.setWelcome("SNWL1-DANIYAR-CHECK\n")
        assertNull(vm.state.value.error)
        vm.join()!!.join()
        assertTrue(vm.state.value.joined)
        assertEquals(TeamRole.WORKER, vm.state.value.team?.role)
        assertNull(vm.state.value.joinRequest, "the request is no longer shown")
        assertFalse(vm.state.value.isLead)
        assertNull(vm.approve("SNJR1-X"), "a worker cannot approve")
    }

    @Test
    fun `a lead approves a scanned request and shows the welcome`() = runTest {
        val enrolment = FakeEnrolment().apply {
            team = TeamView("t1", "Almaty outreach", "http://hub", "d1", TeamRole.LEAD, 1u, 1u)
        }
        val vm = TeamViewModel(enrolment, this, UnconfinedTestDispatcher(testScheduler))
        vm.refresh().join()
        assertTrue(vm.state.value.isLead)

        vm.approve("garbage")!!.join()
        assertInstanceOf(SenimException.InvalidInput::class.java, vm.state.value.error?.failure)
        vm.approve(" SNJR1-AIDANA-CHECK ")!!.join()
        assertEquals("SNWL1-AIDANA-CHECK", vm.state.value.approvedWelcome)
        assertEquals(2u, vm.state.value.team?.members)
        assertEquals(listOf("SNJR1-AIDANA-CHECK"), enrolment.approved)
    }

    @Test
    fun `approving with the team's history is off by default, on when chosen, then off again`() = runTest {
        val enrolment = FakeEnrolment().apply {
            team = TeamView("t1", "Almaty outreach", "http://hub", "d1", TeamRole.LEAD, 1u, 1u)
        }
        val vm = TeamViewModel(enrolment, this, UnconfinedTestDispatcher(testScheduler))
        vm.refresh().join()
        assertFalse(vm.state.value.approveWithHistory)

        vm.approve("SNJR1-AIDANA-CHECK")!!.join()
        vm.setApproveWithHistory(true)
        vm.approve("SNJR1-DANIYAR-CHECK")!!.join()
        vm.approve("SNJR1-ERLAN-CHECK")!!.join()
        assertEquals(listOf(false, true, false), enrolment.withHistory)
        assertFalse(vm.state.value.approveWithHistory, "the next approval is without history again")
        assertTrue(TeamState.WITH_HISTORY_NOTE.contains("before it joined"))
    }

    @Test
    fun `a team on an https hub is created only with the hub's certificate pin`() = runTest {
        val enrolment = FakeEnrolment()
        val vm = TeamViewModel(enrolment, this, UnconfinedTestDispatcher(testScheduler))
        vm.refresh().join()
        vm.editNewTeam { it.copy(name = "Almaty outreach", leadName = "Aigerim", hubUrl = "https://hub.example.org:8443") }
        assertTrue(vm.state.value.newTeam.pinMissing)
        assertFalse(vm.state.value.canCreateTeam)
        assertNull(vm.createTeam(), "no pin, no team")

        vm.editNewTeam { it.copy(hubPin = "AB:CD") }
        vm.createTeam()!!.join()
        val error = vm.state.value.error?.failure as SenimException.InvalidInput
        assertEquals("certificate pin", error.field)
        assertFalse(vm.state.value.joined)

        val pin = (1..32).joinToString(":") { "%02X".format(it) }
        vm.editNewTeam { it.copy(hubPin = " $pin ") }
        assertNull(vm.state.value.error, "editing clears the error")
        vm.createTeam()!!.join()
        assertTrue(vm.state.value.isLead)
        assertEquals(listOf<String?>(pin), enrolment.createdWithPin)
        assertEquals(pin, vm.state.value.team?.hubPin)
        assertEquals(NewTeam(), vm.state.value.newTeam, "the form is cleared")
    }

    @Test
    fun `a team on a plain http hub on this device needs no pin`() = runTest {
        val enrolment = FakeEnrolment()
        val vm = TeamViewModel(enrolment, this, UnconfinedTestDispatcher(testScheduler))
        vm.editNewTeam { it.copy(name = "Training", leadName = "Trainer", hubUrl = "http://127.0.0.1:8080") }
        assertTrue(vm.state.value.canCreateTeam)
        vm.createTeam()!!.join()
        assertEquals(listOf<String?>(null), enrolment.createdWithPin)
        assertTrue(vm.state.value.isLead)
    }

    @Test
    fun `the hub's registration token goes with the creation, trimmed, and none when left blank`() = runTest {
        val enrolment = FakeEnrolment()
        val vm = TeamViewModel(enrolment, this, UnconfinedTestDispatcher(testScheduler))
        vm.editNewTeam { it.copy(name = "Training", leadName = "Trainer", hubUrl = "http://127.0.0.1:8080", registrationToken = " ab12cd \n") }
        vm.createTeam()!!.join()
        assertEquals(listOf<String?>("ab12cd"), enrolment.createdWithToken)

        val blank = FakeEnrolment()
        val other = TeamViewModel(blank, this, UnconfinedTestDispatcher(testScheduler))
        other.editNewTeam { it.copy(name = "Training", leadName = "Trainer", hubUrl = "http://127.0.0.1:8080", registrationToken = "  ") }
        other.createTeam()!!.join()
        assertEquals(listOf<String?>(null), blank.createdWithToken)
    }
}
